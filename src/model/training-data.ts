/**
 * From labeled accounts to model matrices, fold by fold. Everything fitted — the
 * screen-name bigram table, the vectoriser's scaling — is fitted on the training accounts
 * of the fold only, so that no statistic of a test account reaches the model.
 *
 * Rows come from `buildTrainingRows` (the features' own code): one profile row per account
 * (timing missing) plus timing windows for the accounts with a labeled timeline.
 */
import { fitBigramModel, type BigramModel } from '../features/screen-name-likelihood.js';
import { fitVectorizer, MISSING_SUFFIX, type Vectorizer } from '../features/vectorize.js';
import { featureDef } from '../features/registry.js';
import { familyOfInput } from './feature-families.js';
import { buildTrainingRows } from '../labeled/training-rows.js';
import type { LabeledAccount, LabeledTimeline } from '../labeled/types.js';
import { createRandom } from '../util/random.js';
import { takeColumns, type Matrix } from './matrix.js';
import { rowWeights, type WeightScheme } from './weights.js';

/** Which features reach the model (the ablation compares the two). */
export type FeatureSet = 'account+timing' | 'account';

export interface RowOptions {
  seed: number;
  features: FeatureSet;
  weightScheme: WeightScheme;
  /** Timing windows per account with a timeline. */
  windowsPerAccount: number;
  /** At most this many training accounts per data set × class (seeded subsample; for speed). */
  maxAccountsPerCell: number;
  /** Feature families left out of the model (see feature-families.ts). */
  excludeFamilies: readonly string[];
}

export interface FittedInputs {
  bigrams: BigramModel;
  vectorizer: Vectorizer;
  /** Positions, in the vectoriser's output, of the columns the model takes. */
  columns: number[];
  inputNames: string[];
}

export interface TrainingMatrix extends FittedInputs {
  X: Matrix;
  y: Uint8Array;
  weights: Float32Array;
  groups: string[];
  /** Timing rows among the training rows, per data set. */
  timingRows: Record<string, number>;
}

const key = (dataset: string, id: string): string => `${dataset}\u0000${id}`;

/** The model's columns among the vectoriser's inputs for a feature set. */
export function selectColumns(inputNames: readonly string[], features: FeatureSet, excludeFamilies: readonly string[] = []): number[] {
  const out: number[] = [];
  inputNames.forEach((name, j) => {
    const base = name.endsWith(MISSING_SUFFIX) ? name.slice(0, -MISSING_SUFFIX.length) : name;
    if (features === 'account' && featureDef(base).group !== 'account') return;
    if (excludeFamilies.includes(familyOfInput(name))) return;
    out.push(j);
  });
  return out;
}

/** A seeded subsample of at most `max` accounts per data set × label, in the original order. */
export function capPerCell(accounts: readonly LabeledAccount[], max: number, seed: number): LabeledAccount[] {
  if (!Number.isFinite(max)) return [...accounts];
  const cells = new Map<string, number[]>();
  accounts.forEach((a, i) => {
    const k = `${a.dataset}|${a.label}`;
    const list = cells.get(k) ?? [];
    list.push(i);
    cells.set(k, list);
  });
  const keep = new Uint8Array(accounts.length);
  const rng = createRandom(seed);
  for (const k of [...cells.keys()].sort()) {
    const list = cells.get(k) as number[];
    const chosen = list.length <= max ? list : rng.sample(list, max);
    for (const i of chosen) keep[i] = 1;
  }
  return accounts.filter((_, i) => keep[i] === 1);
}

export function prepareTraining(
  accounts: readonly LabeledAccount[],
  timelines: ReadonlyMap<string, LabeledTimeline>,
  o: RowOptions,
): TrainingMatrix {
  const chosen = capPerCell(accounts, o.maxAccountsPerCell, o.seed ^ 0x5eed);
  const bigrams = fitBigramModel(chosen.flatMap((a) => (a.author.screenName === undefined ? [] : [a.author.screenName])));
  const rows = buildTrainingRows(chosen, onlyFor(chosen, timelines, o.features), {
    seed: o.seed,
    bigrams,
    windowsPerAccount: o.windowsPerAccount,
  });
  if (rows.raw.length === 0) throw new Error('no training rows');
  const vectorizer = fitVectorizer(rows.raw);
  const columns = selectColumns(vectorizer.inputNames, o.features, o.excludeFamilies);
  const full: Matrix = { rows: rows.raw.length, cols: vectorizer.inputNames.length, data: vectorizer.transformMany(rows.raw) };
  const timingRows: Record<string, number> = {};
  rows.hasTiming.forEach((t, i) => {
    if (t === 1) timingRows[rows.dataset[i]] = (timingRows[rows.dataset[i]] ?? 0) + 1;
  });
  return {
    bigrams,
    vectorizer,
    columns,
    inputNames: columns.map((j) => vectorizer.inputNames[j]),
    X: takeColumns(full, columns),
    y: rows.label,
    weights: rowWeights(rows.label, rows.dataset, o.weightScheme, rows.weight),
    groups: rows.dataset,
    timingRows,
  };
}

/** Timelines are only joined when the model uses timing (saves building windows otherwise). */
function onlyFor(
  accounts: readonly LabeledAccount[],
  timelines: ReadonlyMap<string, LabeledTimeline>,
  features: FeatureSet,
): ReadonlyMap<string, LabeledTimeline> {
  if (features === 'account') return new Map();
  const ids = new Set(accounts.map((a) => a.id));
  return new Map([...timelines].filter(([id]) => ids.has(id)));
}

/**
 * Test rows for accounts, with the fitted inputs of a training fold. An account with a
 * timeline is represented by its timing windows (what scoring a corpus sees), any other
 * account by its profile row; `owner[r]` is the account (index into `accounts`) of row r.
 */
export function prepareTest(
  accounts: readonly LabeledAccount[],
  timelines: ReadonlyMap<string, LabeledTimeline>,
  fitted: FittedInputs,
  o: Pick<RowOptions, 'seed' | 'features' | 'windowsPerAccount'>,
): { X: Matrix; owner: Int32Array } {
  const rows = buildTrainingRows(accounts, onlyFor(accounts, timelines, o.features), {
    seed: o.seed,
    bigrams: fitted.bigrams,
    windowsPerAccount: o.windowsPerAccount,
  });
  const index = new Map<string, number>();
  accounts.forEach((a, i) => index.set(key(a.dataset, a.id), i));
  const timed = new Set<string>();
  rows.hasTiming.forEach((t, r) => {
    if (t === 1) timed.add(key(rows.dataset[r], rows.accountId[r]));
  });
  const picked: number[] = [];
  const owner: number[] = [];
  rows.raw.forEach((_, r) => {
    const k = key(rows.dataset[r], rows.accountId[r]);
    const i = index.get(k);
    if (i === undefined) return;
    if (timed.has(k) && rows.hasTiming[r] === 0) return;
    picked.push(r);
    owner.push(i);
  });
  const v = fitted.vectorizer;
  const full: Matrix = {
    rows: picked.length,
    cols: v.inputNames.length,
    data: v.transformMany(picked.map((r) => rows.raw[r])),
  };
  return { X: takeColumns(full, fitted.columns), owner: Int32Array.from(owner) };
}

/**
 * Ids that two sets label differently cannot be trusted either way (4 in the public
 * data): they are left out of training, evaluation and the held-out list alike.
 */
export function dropConflictingLabels(accounts: readonly LabeledAccount[]): { kept: LabeledAccount[]; dropped: number } {
  const labels = new Map<string, Set<string>>();
  for (const a of accounts) labels.set(a.id, (labels.get(a.id) ?? new Set<string>()).add(a.label));
  const kept = accounts.filter((a) => (labels.get(a.id) as Set<string>).size === 1);
  return { kept, dropped: accounts.length - kept.length };
}
