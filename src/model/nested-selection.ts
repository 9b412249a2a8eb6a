/**
 * Nested selection of the model family (issue 15): for every outer left-out data set, each
 * candidate is scored by its mean inner leave-one-dataset-out AUC over the *remaining* sets
 * only, and the best is tested on the left-out set. The outer AUCs of those choices are the
 * procedure's honest transfer figure; the candidate with the best LODO mean over all sets
 * is the one the procedure picks for shipping.
 *
 * A candidate is a list of members whose raw probabilities are averaged (one member: a
 * single model). A model trained without sets {d, e} serves the inner fold (outer d, inner
 * e) and the inner fold (outer e, inner d), so the work is one fit per member for each
 * pair and each single set left out. Members are fitted on a per-cell subsample
 * (`maxAccountsPerCell`) to keep the budget small.
 */
import type { Fold } from './cross-validate.js';
import { auc } from './metrics.js';
import type { MlpHyperParameters } from './mlp.js';
import { bothClassSets, variantOutOfFold, type AccountTable, type FamilySelector, type ProtocolSettings, type VariantSpec } from './protocol.js';
import type { FeatureSet } from './training-data.js';

export interface MemberSpec {
  kind: 'mlp' | 'logistic';
  /** Changes from the configured network hyper-parameters (`ModelConfig.mlp`). */
  mlp?: Partial<MlpHyperParameters>;
  /** 'selected': the per-fold backward family selection; 'all': every account family. */
  families: 'selected' | 'all';
  /** Added to the fit seed (ensembles of seeds). */
  seedOffset?: number;
}

export interface Candidate {
  name: string;
  description: string;
  members: MemberSpec[];
}

/**
 * Fixed before any figure of this protocol was seen: the network (shipped until this
 * selection picked otherwise), the regularised network that the card's one-change
 * measurements favoured out of domain (L2 0.01), an
 * ensemble of two such networks from different seeds, the logistic baseline on the
 * selected families and on every account family (the forest's profile features included),
 * and the network averaged with the logistic model. All use set-balanced weights.
 */
export const NETWORK: Candidate = { name: 'network', description: 'the network (32-16, L2 0.001), selected families', members: [{ kind: 'mlp', families: 'selected' }] };
export const LOGISTIC: Candidate = { name: 'logistic', description: 'logistic regression, selected families', members: [{ kind: 'logistic', families: 'selected' }] };

export const DEFAULT_CANDIDATES: Candidate[] = [
  NETWORK,
  { name: 'network-l2', description: 'the network with L2 0.01, selected families', members: [{ kind: 'mlp', mlp: { l2: 0.01 }, families: 'selected' }] },
  {
    name: 'network-l2-ensemble',
    description: 'two L2-0.01 networks from seeds s and s+1, probabilities averaged',
    members: [
      { kind: 'mlp', mlp: { l2: 0.01 }, families: 'selected' },
      { kind: 'mlp', mlp: { l2: 0.01 }, families: 'selected', seedOffset: 1 },
    ],
  },
  LOGISTIC,
  {
    name: 'logistic-all-families',
    description: 'logistic regression on every account family (profile flags, description length, screen-name likelihood included)',
    members: [{ kind: 'logistic', families: 'all' }],
  },
  {
    name: 'network+logistic',
    description: 'the network and the logistic model (selected families), probabilities averaged',
    members: [
      { kind: 'mlp', families: 'selected' },
      { kind: 'logistic', families: 'selected' },
    ],
  },
];

export interface NestedFold {
  /** The outer left-out set. */
  leftOut: string;
  /** Inner LODO AUC per candidate and inner set (trained without the outer and the inner set). */
  innerAuc: Record<string, Record<string, number>>;
  innerMean: Record<string, number>;
  chosen: string;
  /** The chosen candidate, trained on every set but `leftOut`, tested on it. */
  outerAuc: number;
}

export interface NestedSelectionResult {
  rule: string;
  maxAccountsPerCell: number;
  sets: string[];
  candidates: { name: string; description: string; outerAuc: Record<string, number>; outerMean: number }[];
  folds: NestedFold[];
  procedure: { outerAuc: Record<string, number>; mean: number };
  /** The candidate with the best LODO mean over all sets (the inner rule applied to every set). */
  chosen: string;
  /** What `train` shipped, and why when it is not `chosen`. */
  shipped: string;
  shippedWhy: string;
}

/** The protocol variant that fits one member (its overrides of the settings' hyper-parameters). */
function memberVariant(s: ProtocolSettings, m: MemberSpec, protocol: string, features: FeatureSet, maxAccountsPerCell?: number): VariantSpec {
  return {
    protocol,
    kind: m.kind,
    features,
    ...(maxAccountsPerCell !== undefined ? { maxAccountsPerCell } : {}),
    ...(m.mlp ? { mlp: { ...s.mlp, ...m.mlp } } : {}),
    ...(m.families === 'all' ? { fixedExclusion: [] } : {}),
  };
}

/**
 * Out-of-fold account scores of a candidate on `folds`: each member's scores (protocol.ts,
 * seeded with the member's offset), averaged — the figures of the family as it ships.
 */
export async function candidateOutOfFold(
  s: ProtocolSettings,
  selector: FamilySelector,
  c: Candidate,
  protocol: 'lodo' | 'kfold',
  features: FeatureSet,
  folds: readonly Fold[],
  t: AccountTable,
  log: (line: string) => void,
): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for (const m of c.members) {
    parts.push(await variantOutOfFold({ ...s, seed: s.seed + (m.seedOffset ?? 0) }, selector, memberVariant(s, m, protocol, features), folds, t, log));
  }
  if (parts.length === 1) return parts[0];
  return Float32Array.from(parts[0], (_, i) => mean(parts.map((p) => p[i])));
}

const mean = (xs: number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const memberKey = (m: MemberSpec): string => JSON.stringify([m.kind, m.mlp ?? {}, m.families, m.seedOffset ?? 0]);

/** Argmax with ties to the earlier candidate (the simpler, listed first). */
function best(scores: Record<string, number>, order: readonly string[]): string {
  let pick = order[0];
  for (const c of order) if (scores[c] > scores[pick] || !Number.isFinite(scores[pick])) pick = c;
  return pick;
}

/**
 * Runs the nested protocol on the training accounts `t` (at least three sets with both
 * classes; otherwise undefined).
 */
export async function nestedSelection(
  s: ProtocolSettings,
  selector: FamilySelector,
  t: AccountTable,
  candidates: readonly Candidate[],
  maxAccountsPerCell: number,
  log: (line: string) => void,
): Promise<Omit<NestedSelectionResult, 'shipped' | 'shippedWhy'> | undefined> {
  const sets = bothClassSets(t);
  if (sets.length < 3 || candidates.length === 0) return undefined;
  // One split per single set and per pair of sets left out; the model of a split tests every set it left out.
  const splits: string[][] = [...sets.map((d) => [d]), ...sets.flatMap((d, i) => sets.slice(i + 1).map((e) => [d, e]))];
  const folds: Fold[] = splits.map((out) => ({
    name: out.join('+'),
    train: Int32Array.from(t.dataset.flatMap((g, i) => (out.includes(g) ? [] : [i]))),
    test: Int32Array.from(t.dataset.flatMap((g, i) => (out.includes(g) ? [i] : []))),
  }));
  const members = new Map<string, Float32Array[]>(); // member → scores of each split (over t's rows)
  for (const m of candidates.flatMap((c) => c.members)) {
    const key = memberKey(m);
    if (members.has(key)) continue;
    const variant = memberVariant(s, m, 'lodo', 'account', maxAccountsPerCell);
    const seeded: ProtocolSettings = { ...s, seed: s.seed + (m.seedOffset ?? 0) };
    const perSplit: Float32Array[] = [];
    // One fold at a time: each split's scores are kept apart (a row is tested by several splits).
    for (const fold of folds) perSplit.push(await variantOutOfFold(seeded, selector, variant, [fold], t, (line) => log(`nested ${line}`)));
    members.set(key, perSplit);
  }
  const aucOn = (c: Candidate, split: number, set: string): number => {
    const scores = c.members.map((m) => (members.get(memberKey(m)) as Float32Array[])[split]);
    const rows = t.dataset.flatMap((g, i) => (g === set ? [i] : []));
    return auc(
      rows.map((i) => t.label[i]),
      rows.map((i) => mean(scores.map((p) => p[i]))),
    );
  };
  const splitOf = (out: string[]): number => splits.findIndex((x) => x.length === out.length && out.every((d) => x.includes(d)));
  const names = candidates.map((c) => c.name);
  const outer = Object.fromEntries(candidates.map((c) => [c.name, Object.fromEntries(sets.map((d) => [d, aucOn(c, splitOf([d]), d)]))])) as Record<string, Record<string, number>>;
  const nestedFolds: NestedFold[] = sets.map((d) => {
    const inner = sets.filter((e) => e !== d);
    const innerAuc = Object.fromEntries(candidates.map((c) => [c.name, Object.fromEntries(inner.map((e) => [e, aucOn(c, splitOf([d, e]), e)]))])) as Record<string, Record<string, number>>;
    const innerMean = Object.fromEntries(names.map((n) => [n, mean(Object.values(innerAuc[n]))]));
    const chosen = best(innerMean, names);
    return { leftOut: d, innerAuc, innerMean, chosen, outerAuc: outer[chosen][d] };
  });
  const outerMean = Object.fromEntries(names.map((n) => [n, mean(Object.values(outer[n]))]));
  return {
    rule: 'for each outer left-out set, the candidate with the best mean inner leave-one-dataset-out AUC over the remaining sets with both classes (ties: the earlier candidate); shipped: the same rule over all sets',
    maxAccountsPerCell,
    sets,
    candidates: candidates.map((c) => ({ name: c.name, description: c.description, outerAuc: outer[c.name], outerMean: outerMean[c.name] })),
    folds: nestedFolds,
    procedure: { outerAuc: Object.fromEntries(nestedFolds.map((f) => [f.leftOut, f.outerAuc])), mean: mean(nestedFolds.map((f) => f.outerAuc)) },
    chosen: best(outerMean, names),
  };
}
