/**
 * A replicate variance for the model-assisted share when the predictions come from a model
 * fitted to the same labels: the delete-one jackknife over the sampled accounts that are not
 * take-all, the model refitted in every replicate (Quenouille–Tukey; for survey designs Rust &
 * Rao 1996, Stat. Methods Med. Res. 5(3); Kott 2001, J. Off. Stat. 17(4)). The design variance
 * of model-assisted.ts treats the predictions as fixed; the jackknife also counts how far the
 * refitted model, and with it Σ_U w·f, moves with each label — the export model's own
 * estimation error, which grows in weight as the predictions sharpen.
 *
 * The finite population correction enters each unit's replicate factor (a deleted unit keeps
 * 1 − √(1 − π) of its weight, the others gain √(1 − π)/(n − 1)), so that with fixed predictions
 * the jackknife reproduces a fixed-size πps variance with the factors (1 − π_i), as Rosén's does:
 * an account drawn with π near 1 would be in almost every sample and moves the estimate little.
 * Take-all accounts (π = 1) are in every replicate unchanged.
 */
import {
  DEFAULT_MODEL_ASSISTED,
  estimateLabeledShare,
  estimateLabelsOnlyShare,
  type DomainPopulation,
  type LabeledFlagCode,
  type LabeledShareEstimate,
  type ModelAssistedOptions,
  type SampledAccount,
} from './model-assisted.js';

export interface JackknifeDesign {
  /** Positions in the sample of the units that replicates delete (π < 1). */
  units: number[];
}

/** The replicate units of a sample: every sampled account that is not take-all. */
export function jackknifeDesign(sample: readonly SampledAccount[]): JackknifeDesign {
  return { units: sample.flatMap((s, j) => (s.inclusionProbability < 1 ? [j] : [])) };
}

/**
 * Replicate r's factor for every sampled account (in the sample's order): 1 for take-all,
 * 1 − √(1 − π) for the deleted unit, 1 + √(1 − π)/(n − 1) for the other n − 1 units.
 */
export function jackknifeFactors(sample: readonly SampledAccount[], design: JackknifeDesign, r: number): Float64Array {
  const n = design.units.length;
  const factors = new Float64Array(sample.length).fill(1);
  if (n < 2) return factors;
  for (const j of design.units) factors[j] = 1 + Math.sqrt(1 - sample[j].inclusionProbability) / (n - 1);
  const deleted = design.units[r];
  factors[deleted] = 1 - Math.sqrt(1 - sample[deleted].inclusionProbability);
  return factors;
}

/** The delete-one jackknife's standard error over n replicate values: √((n − 1)/n · Σ (θ_r − θ̄)²). */
export function jackknifeStandardError(replicates: ArrayLike<number>): number {
  const n = replicates.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let r = 0; r < n; r++) mean += replicates[r] / n;
  let s = 0;
  for (let r = 0; r < n; r++) s += (replicates[r] - mean) ** 2;
  return Math.sqrt(((n - 1) / n) * s);
}

/**
 * Every replicate's share as a line in λ — share_r(λ) = a_r + λ·b_r, with
 * a_r = Σ_s a_j w_j y_j/π_j / Σ_U w and b_r = (Σ_U w f − Σ_s a_j w_j f_j/π_j) / Σ_U w —
 * so that λ can be chosen, and its choice replicated, after the (costly) refits.
 */
export interface ReplicateLines {
  a: Float64Array;
  b: Float64Array;
}

/**
 * One replicate's line (see ReplicateLines) for the difference estimator with replicate factors
 * on the sampled terms. Labels other than bot and human take the prediction as their label, as
 * the estimator's point estimate does.
 */
export function replicateLine(pop: DomainPopulation, sample: readonly SampledAccount[], factors: ArrayLike<number>): { a: number; b: number } {
  let total = 0;
  let modelTotal = 0;
  for (let i = 0; i < pop.weights.length; i++) {
    total += pop.weights[i];
    modelTotal += pop.weights[i] * pop.predictions[i];
  }
  let ht = 0;
  let htModel = 0;
  sample.forEach((s, j) => {
    const w = pop.weights[s.index];
    if (w <= 0) return;
    const f = pop.predictions[s.index];
    const y = s.label === 'bot' ? 1 : s.label === 'human' ? 0 : f;
    ht += (factors[j] * w * y) / s.inclusionProbability;
    htModel += (factors[j] * w * f) / s.inclusionProbability;
  });
  return total > 0 ? { a: ht / total, b: (modelTotal - htModel) / total } : { a: Number.NaN, b: Number.NaN };
}

/** (n − 1)/n · Σ (x_r − x̄)(y_r − ȳ) over the replicates, leaving out replicate `skip` (−1: none). */
function jackknifeCovariance(x: ArrayLike<number>, y: ArrayLike<number>, skip = -1): number {
  const n = x.length - (skip >= 0 ? 1 : 0);
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let r = 0; r < x.length; r++) {
    if (r === skip) continue;
    mx += x[r] / n;
    my += y[r] / n;
  }
  let s = 0;
  for (let r = 0; r < x.length; r++) if (r !== skip) s += (x[r] - mx) * (y[r] - my);
  return ((n - 1) / n) * s;
}

/** The λ ∈ [0, 1] that minimises the jackknife variance of a + λ·b (0 where b does not vary). */
function varianceMinimisingLambda(lines: ReplicateLines, skip = -1): number {
  const vbb = jackknifeCovariance(lines.b, lines.b, skip);
  if (!(vbb > 0)) return 0;
  return Math.min(1, Math.max(0, -jackknifeCovariance(lines.a, lines.b, skip) / vbb));
}

export interface TunedOnReplicates {
  /** λ chosen on all the replicates: the point estimate's. */
  lambda: number;
  /**
   * The jackknife standard error of a_r + λ_(r)·b_r, λ_(r) chosen again without replicate r: the
   * choice of λ moves with the labels, and that variability is counted.
   */
  standardError: number;
}

/**
 * Power tuning on the refitted jackknife (PPI++'s λ, Angelopoulos, Duchi & Zrnic 2023, with the
 * variance that counts the export model's own fitting error): the λ that minimises the
 * jackknife variance of the share. λ = 0 is labels only, so the tuned variance is never above
 * the jackknife's of labels alone. λ is itself estimated from the labels: each replicate's λ is
 * chosen again on the other replicates, so the standard error holds the choice's variability.
 */
export function tuneOnReplicates(lines: ReplicateLines): TunedOnReplicates {
  const n = lines.a.length;
  const lambda = varianceMinimisingLambda(lines);
  const shares = new Float64Array(n);
  for (let r = 0; r < n; r++) shares[r] = lines.a[r] + varianceMinimisingLambda(lines, r) * lines.b[r];
  return { lambda, standardError: jackknifeStandardError(shares) };
}

/** The jackknife standard error at a fixed λ. */
export function standardErrorAt(lines: ReplicateLines, lambda: number): number {
  return jackknifeStandardError(Float64Array.from(lines.a, (a, r) => a + lambda * lines.b[r]));
}

/**
 * How λ is chosen when the predictions come from a model refitted in every replicate:
 * 'one' (λ = 1, the plain difference estimator), 'jackknife-tuned' (tuneOnReplicates), or
 * 'jackknife-tuned-or-labels-only': tuned, and labels alone wherever the tuned interval (the
 * choice of λ counted) is wider than theirs by more than a point of half-width (GUARD_MARGIN)
 * — except where the labels outside the take-all
 * part are of one class, which fixes both intervals alike, and where labels alone rest on fewer
 * than 5 labels of a class (or 10 labels), whose design variance is then too unsure to win a
 * comparison; 'jackknife-tuned-one-or-labels-only': the same, but where the tuned interval is
 * that much wider, λ = 1 comes before labels alone when its own interval is not materially wider
 * than theirs; 'jackknife-tuned-one-or-labels-only-floored': the same, every jackknife standard
 * error first floored by labelsOnlyScaledSe; 'one-or-labels-only': λ = 1, and labels alone on the
 * same conditions.
 */
export type RefittedLambdaRule =
  | 'one'
  | 'one-or-labels-only'
  | 'jackknife-tuned'
  | 'jackknife-tuned-or-labels-only'
  | 'jackknife-tuned-one-or-labels-only'
  | 'jackknife-tuned-one-or-labels-only-floored';

const ONE_CLASS_FLAGS: ReadonlySet<LabeledFlagCode> = new Set(['single_class_in_domain', 'single_class_outside_take_all']);

/**
 * Labels alone with these flags never replace the model-assisted estimate: their variance rests
 * on one to four accounts of a class, and taking the smaller of two standard errors would take
 * its underestimate (measured on the generated corpora of the labeled route, whose bots are
 * rare among accounts: every share the switch left uncovered was one where labels alone had won).
 */
/** How much wider than labels alone (in half-width, as a share) the model-assisted interval may be before labels alone are reported. */
export const GUARD_MARGIN = 0.01;

const FRAGILE_LABELS_ONLY: ReadonlySet<LabeledFlagCode> = new Set(['few_labels', 'few_of_a_class', 'zero_residual_variance']);

/** What `report --labels` uses (docs/labeled-sample.md §2 gives the measurements that chose it). */
export const REFITTED_LAMBDA_RULE: RefittedLambdaRule = 'jackknife-tuned-one-or-labels-only-floored';

/**
 * The model-assisted share with predictions from a model fitted to these labels, its standard
 * error the refitted jackknife's (`lines`, from src/estimate/refitted-variance.ts) and λ chosen
 * by `rule`.
 */
export function estimateWithRefittedModel(
  pop: DomainPopulation,
  sample: readonly SampledAccount[],
  lines: ReplicateLines,
  rule: RefittedLambdaRule,
  options: Partial<Omit<ModelAssistedOptions, 'lambda'>> = {},
): LabeledShareEstimate {
  const opts = { ...DEFAULT_MODEL_ASSISTED, ...options };
  const labelsOnly = estimateLabelsOnlyShare(pop, sample, opts);
  // The jackknife's variance rests on the few labeled accounts the model gets wrong (its
  // effective degrees of freedom were 3–4 on the generated corpora): a draw that holds none of
  // them claims a near-perfect model. The floor keeps what labels alone would say, scaled by the
  // share of the labels' variance the model leaves unexplained out of fold (design-weighted).
  const floor = rule === 'jackknife-tuned-one-or-labels-only-floored' ? labelsOnlyScaledSe(labelsOnly.standardError, sample, pop) : 0;
  const one = estimateLabeledShare(pop, sample, { ...opts, lambda: 1 }, Math.max(standardErrorAt(lines, 1), floor));
  // Where the labels outside the take-all part are of one class, the interval is the bound they
  // allow (model-assisted.ts) whatever λ and the standard errors: there is no variance to
  // minimise (their replicates do not vary, so tuning would give λ = 0 and ignore the model)
  // and nothing to guard. The plain difference estimator, unbiased given the cross-fitted
  // predictions, gives the estimate inside that bound.
  if (rule === 'one' || one.flags.some((f) => ONE_CLASS_FLAGS.has(f.code))) return one;
  const tuned = rule === 'one-or-labels-only' ? null : tuneOnReplicates(lines);
  const estimate = tuned === null ? one : estimateLabeledShare(pop, sample, { ...opts, lambda: tuned.lambda }, Math.max(tuned.standardError, floor));
  if (rule === 'jackknife-tuned') return estimate;
  if (labelsOnly.flags.some((f) => FRAGILE_LABELS_ONLY.has(f.code))) return estimate;
  // Only a material excess switches: taking labels alone wherever their standard error is merely
  // the smaller one takes its underestimate as often as not (on the generated corpora of the
  // labeled route, every share the plain comparison left uncovered was one labels alone had won).
  const materiallyWider = (e: LabeledShareEstimate): boolean => e.interval[1] - e.interval[0] - (labelsOnly.interval[1] - labelsOnly.interval[0]) > 2 * GUARD_MARGIN;
  if (!materiallyWider(estimate)) return estimate;
  // The tuned interval is that much wider where the choice of λ is unstable rather than where the
  // model is poor: deleting one heavy account flips the replicated λ across [0, 1], and that
  // replicate's share moves by the jump times the model's correction. λ = 1 needs no choice; on
  // the generated corpora of the labeled route both shares of tweets labels alone took there
  // were missed by them and covered by λ = 1 (docs/labeled-sample.md §2).
  if ((rule === 'jackknife-tuned-one-or-labels-only' || rule === 'jackknife-tuned-one-or-labels-only-floored') && !materiallyWider(one)) return one;
  return labelsOnly;
}

/**
 * A floor from labels alone scaled by how much of the labels' variance the model leaves
 * unexplained out of fold, with half a pseudo-error so that a sample the model gets all right
 * does not claim a perfect model:
 *
 *   SE_labels · √(min(1, (n_eff · r + ½) / ((n_eff + 1) · p(1 − p)))),
 *
 * over the labeled accounts of the domain, each weighted by v = w/π as the design weighs it:
 * r = Σ v (y − f)² / Σ v the residual share (f cross-fitted), p = Σ v y / Σ v the share of bots,
 * n_eff = (Σ v)² / Σ v² Kish's effective sample size. With equal weights it is
 * (Σ (y − f)² + ½) / ((n + 1) p̄(1 − p̄)) over the n labels. The weights matter for the share of
 * accounts, where the light accounts, drawn with small π, stand for most of the domain: a
 * residual share read mostly off the heavy ones is worth fewer labels than were drawn.
 */
export function labelsOnlyScaledSe(labelsOnlySe: number, sample: readonly SampledAccount[], pop: DomainPopulation): number {
  let sumV = 0;
  let sumV2 = 0;
  let bots = 0;
  let residual = 0;
  for (const s of sample) {
    if (s.label !== 'bot' && s.label !== 'human') continue;
    const w = pop.weights[s.index];
    if (!(w > 0)) continue;
    const v = w / s.inclusionProbability;
    const y = s.label === 'bot' ? 1 : 0;
    sumV += v;
    sumV2 += v * v;
    bots += v * y;
    residual += v * (y - pop.predictions[s.index]) ** 2;
  }
  const p = sumV > 0 ? bots / sumV : 0;
  if (!(p > 0 && p < 1)) return labelsOnlySe;
  const nEff = (sumV * sumV) / sumV2;
  return labelsOnlySe * Math.sqrt(Math.min(1, (nEff * (residual / sumV) + 0.5) / ((nEff + 1) * p * (1 - p))));
}
