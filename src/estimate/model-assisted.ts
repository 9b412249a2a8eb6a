/**
 * Shares of bots from a labeled probability sample of the export's own accounts, sharpened by
 * a model's predictions: the difference (model-assisted, GREG-type) estimator of survey
 * sampling (Särndal, Swensson & Wretman 1992, "Model Assisted Survey Sampling", §6.3),
 * which is prediction-powered inference under a design (Angelopoulos, Bates, Fannjiang,
 * Jordan & Zrnic 2023, "Prediction-powered inference", Science 382(6671)) with PPI++ power
 * tuning (Angelopoulos, Duchi & Zrnic 2023, arXiv 2311.01453):
 *
 *   Ŷ(λ) = λ·Σ_U w_i f_i + Σ_s w_i (y_i − λ f_i) / π_i,   share = Ŷ / Σ_U w_i.
 *
 * For any fixed λ it is design-unbiased whatever the predictions f are; λ is chosen from the
 * sample to minimise the estimated variance (clipped to [0, 1]: λ = 0 is the labels-only
 * Horvitz–Thompson estimator, so a useless model costs little). The variance is Rosén's /
 * Deville's estimator for fixed-size πps designs with finite-population factors (1 − π_i):
 * take-all accounts contribute nothing (Rosén 1997, J. Stat. Plan. Inference 62, eq. 3.11;
 * Deville 1999, Survey Methodology 25(2)).
 *
 * Labels: `bot` = 1, `human` = 0; `unsure` and empty are not labeled. They stay in the sample
 * (dropping them would silently reweight it): the point estimate imputes the model's f_i
 * for them, and two bounds count them all as bots and all as humans.
 */
import { clip01 } from './methods.js';
import { inclusionProbabilities } from './sample-design.js';
import { betaQuantile, normalQuantile, studentTQuantile } from './quantiles.js';

export type SampleLabel = 'bot' | 'human' | 'unsure' | 'none';

/** Fewer labeled accounts than this in a domain and its interval rests on very few points. */
export const FEW_LABELS = 10;

/** Fewer labeled bots (or humans) than this in a domain and the interval is likely too short. */
export const FEW_OF_A_CLASS = 5;

export type LabeledFlagCode =
  | 'few_labels'
  | 'no_labels_in_domain'
  | 'unsure_labels'
  | 'clipped'
  | 'zero_residual_variance'
  | 'single_class_in_domain'
  | 'single_class_outside_take_all'
  | 'few_of_a_class';

export interface LabeledFlag {
  code: LabeledFlagCode;
  message: string;
}

/** The domain (a hashtag, or all tweets) and unit, over every account of the frame. */
export interface DomainPopulation {
  /** w_i: the account's tweets in the domain (share of tweets) or 1/0 (share of accounts). */
  weights: ArrayLike<number>;
  /** f_i ∈ [0, 1]: the model's prediction for every account (cross-fitted for labeled ones). */
  predictions: ArrayLike<number>;
}

/** One account of the labeled prefix. */
export interface SampledAccount {
  /** Its index in the population arrays. */
  index: number;
  label: SampleLabel;
  /** π_i for the prefix actually used (see prefixInclusionProbabilities). */
  inclusionProbability: number;
}

/**
 * 'normal' and 't' (n − 1 df) are Wald intervals; 'korn-graubard' is Clopper–Pearson at the
 * effective sample size p(1 − p)/V̂ with the t correction (Korn & Graubard 1998, Survey
 * Methodology 24(2), 193–201): asymmetric where a share is near 0 or 1, where Wald undercovers.
 */
export type IntervalKind = 'normal' | 't' | 'korn-graubard';

export interface ModelAssistedOptions {
  level: number;
  /** 't' and 'korn-graubard' use n − 1 degrees of freedom, n = the labeled accounts in the domain. */
  interval: IntervalKind;
  /** 'tuned' (PPI++) or a fixed λ ∈ [0, 1] (0 = labels only). */
  lambda: 'tuned' | number;
}

/**
 * Korn–Graubard by default: in docs/evidence/labeled-sample-simulation.json it covers at least
 * as often as t, and t as normal, in every setting, the gap largest where bots are rare.
 */
export const DEFAULT_MODEL_ASSISTED: ModelAssistedOptions = { level: 0.95, interval: 'korn-graubard', lambda: 'tuned' };

/**
 * λ = 1, the plain difference estimator, as in design-based supervised learning (Egami, Hinck,
 * Stewart & Wei 2023, NeurIPS): what `report --labels` used with the export model until issue 23.
 * It now tunes λ on the refitted jackknife, with labels alone as the guard, and uses λ = 1 only
 * where labels of one class fix the interval (src/estimate/replicates.ts, REFITTED_LAMBDA_RULE;
 * docs/labeled-sample.md §2). PPI++ tuning on the design covariances stays the default for
 * predictions made without the labels (a public score used as is).
 */
export const CROSS_FITTED_MODEL_ASSISTED: ModelAssistedOptions & { lambda: number } = { ...DEFAULT_MODEL_ASSISTED, lambda: 1 };

export interface ShareInterval {
  value: number;
  interval: [number, number];
}

export interface LabeledShareEstimate extends ShareInterval {
  method: 'model-assisted' | 'labels-only';
  /** Before clipping to [0, 1] (the difference estimator can fall outside). */
  raw: number;
  standardError: number;
  lambda: number;
  /** Σ_U w_i: the domain's tweets or accounts. */
  total: number;
  /** Accounts labeled bot or human with w_i > 0. */
  labeled: number;
  /** Accounts of the prefix in the domain whose label is unsure or empty. */
  notLabeled: number;
  /** With every not-labeled account counted as human, and as bot (same λ). */
  bounds: { unsureAsHuman: ShareInterval; unsureAsBot: ShareInterval };
  flags: LabeledFlag[];
}

/**
 * Rosén/Deville estimator of the covariance of Σ_s z1_i/π_i and Σ_s z2_i/π_i under a fixed-size
 * πps design: take-all units (π = 1) are left out, n/(n − 1) over the rest.
 */
function designCovariance(z1: Float64Array, z2: Float64Array, pi: Float64Array): number {
  let n = 0;
  let den = 0;
  let c1 = 0;
  let c2 = 0;
  for (let j = 0; j < pi.length; j++) {
    if (pi[j] >= 1) continue;
    n++;
    den += 1 - pi[j];
    c1 += ((1 - pi[j]) * z1[j]) / pi[j];
    c2 += ((1 - pi[j]) * z2[j]) / pi[j];
  }
  if (n < 2 || den <= 0) return 0;
  const a1 = c1 / den;
  const a2 = c2 / den;
  let s = 0;
  for (let j = 0; j < pi.length; j++) {
    if (pi[j] >= 1) continue;
    s += (1 - pi[j]) * (z1[j] / pi[j] - a1) * (z2[j] / pi[j] - a2);
  }
  return (n / (n - 1)) * s;
}

function designVariance(z: Float64Array, pi: Float64Array): number {
  return Math.max(0, designCovariance(z, z, pi));
}

/** Clopper–Pearson bound for 0 successes in n: how high a share can be when none was seen. */
function zeroSeenBound(n: number, level: number): number {
  return 1 - ((1 - level) / 2) ** (1 / n);
}

function checkSample(pop: DomainPopulation, sample: readonly SampledAccount[]): void {
  const size = pop.weights.length;
  if (pop.predictions.length !== size) throw new Error(`weights (${size}) and predictions (${pop.predictions.length}) differ in length`);
  for (let i = 0; i < size; i++) {
    if (!(pop.weights[i] >= 0 && Number.isFinite(pop.weights[i]))) throw new Error(`account at index ${i}: weight ${pop.weights[i]} is not a finite number ≥ 0`);
    if (!(pop.predictions[i] >= 0 && pop.predictions[i] <= 1)) throw new Error(`account at index ${i}: prediction ${pop.predictions[i]} is not in [0, 1]`);
  }
  const seen = new Set<number>();
  for (const s of sample) {
    if (!(Number.isInteger(s.index) && s.index >= 0 && s.index < size)) throw new Error(`sampled index ${s.index} is outside the population`);
    if (seen.has(s.index)) throw new Error(`account at index ${s.index} is sampled twice`);
    seen.add(s.index);
    if (!(s.inclusionProbability > 0 && s.inclusionProbability <= 1)) {
      throw new Error(`account at index ${s.index}: inclusion probability ${s.inclusionProbability} is not in (0, 1]`);
    }
  }
}

/**
 * PPI++ power tuning: λ = Ĉ(wy, wf) / V̂(wf) over the labeled accounts, clipped to [0, 1]
 * (the not-labeled have no y to learn from).
 */
function tunedLambda(w: Float64Array, f: Float64Array, y: Float64Array, pi: Float64Array, known: readonly boolean[]): number {
  const rows = Array.from(known.keys()).filter((j) => known[j]);
  const piK = Float64Array.from(rows, (j) => pi[j]);
  const wy = Float64Array.from(rows, (j) => w[j] * y[j]);
  const wf = Float64Array.from(rows, (j) => w[j] * f[j]);
  const vf = designCovariance(wf, wf, piK);
  return vf > 0 ? clip01(designCovariance(wy, wf, piK) / vf) : 0;
}

export interface IntervalContext {
  kind: IntervalKind;
  level: number;
  /** Accounts labeled bot or human in the domain, and how many of them are bots. */
  labeled: number;
  bots: number;
}

/**
 * A share's point estimate and interval: the value lies inside the interval, and both inside
 * [0, 1]. `clipped` says whether the interval lay wholly outside [0, 1].
 */
export interface BoundedShare {
  value: number;
  interval: [number, number];
  clipped: boolean;
}

/**
 * The interval around a raw share, and the point estimate that goes with it: Korn–Graubard or
 * Wald; where only one class was seen, what those labels cannot exclude; clipped to [0, 1] but
 * never to zero width at a bound. The point estimate is the raw share brought into the interval
 * (into [0, 1], and within what one class of labels allows), so that it always lies inside.
 */
export function shareInterval(raw: number, se: number, ctx: IntervalContext): BoundedShare {
  const inside = (interval: [number, number], clipped: boolean): BoundedShare => ({
    value: Number.isFinite(raw) ? Math.min(interval[1], Math.max(interval[0], raw)) : raw,
    interval,
    clipped,
  });
  if (ctx.labeled < 2 || !Number.isFinite(raw)) return inside([0, 1], false);
  // One class seen: the interval is what the labels cannot exclude, from 0 (or 1) to the
  // Clopper–Pearson bound for no account of the other class among them — as labels alone give
  // it. The model's predictions cannot narrow it (the residuals of one class say nothing of the
  // other's), nor widen it to a bound every label contradicts.
  if (ctx.bots === 0) return inside([0, zeroSeenBound(ctx.labeled, ctx.level)], false);
  if (ctx.bots === ctx.labeled) return inside([1 - zeroSeenBound(ctx.labeled, ctx.level), 1], false);
  const z = normalQuantile(0.5 + ctx.level / 2);
  const q = ctx.kind === 'normal' ? z : studentTQuantile(0.5 + ctx.level / 2, Math.max(1, ctx.labeled - 1));
  const alpha = 1 - ctx.level;
  let lo = raw - q * se;
  let hi = raw + q * se;
  // Clopper–Pearson with x = n*·p successes out of n* = p(1 − p)/V̂ · (z/t)².
  const nStar = ((raw * (1 - raw)) / se ** 2) * (z / q) ** 2;
  if (ctx.kind === 'korn-graubard' && raw > 0 && raw < 1 && se > 0 && Number.isFinite(nStar)) {
    const x = nStar * raw;
    lo = betaQuantile(alpha / 2, x, nStar - x + 1);
    hi = betaQuantile(1 - alpha / 2, x + 1, nStar - x);
  }
  const width = hi - lo;
  if (hi <= 0) return inside([0, Math.min(1, width)], true);
  if (lo >= 1) return inside([Math.max(0, 1 - width), 1], true);
  return inside([clip01(lo), clip01(hi)], false);
}

/** The take-all accounts of a domain that were labeled: counted, not estimated (π = 1). */
export interface CensusPart {
  /** Σ w_i over them. */
  weight: number;
  /** Σ w_i y_i over them. */
  bots: number;
}

/**
 * The estimate and interval of a share whose take-all part is a census. Take-all accounts carry
 * no sampling error, so the uncertainty is all in the rest of the domain: shareInterval on the
 * rest's own share (its bots estimated from the sampled accounts that are not take-all, `ctx`
 * counting those), shifted by the counted part. Applied to the whole share instead,
 * Korn–Graubard's effective sample size would rest on the counted bots and the interval would be
 * as short as if the few bots of the sampled part were many (docs/labeled-sample.md §2). The
 * point estimate is the rest's brought into [0, 1] and shifted the same way, so the estimate and
 * both ends lie between what the census proves: its bots' weight over the total (a floor) and
 * one minus its humans' (a ceiling).
 */
export function censusSplitInterval(raw: number, se: number, total: number, census: CensusPart, ctx: IntervalContext): BoundedShare {
  const restWeight = total - census.weight;
  if (!(census.weight > 0) || !(total > 0)) return shareInterval(raw, se, ctx);
  if (restWeight <= 0) {
    const counted = clip01(census.bots / total);
    return { value: counted, interval: [counted, counted], clipped: false };
  }
  const rest = shareInterval((raw * total - census.bots) / restWeight, (se * total) / restWeight, ctx);
  const back = (x: number): number => clip01((census.bots + restWeight * x) / total);
  return { value: back(rest.value), interval: [back(rest.interval[0]), back(rest.interval[1])], clipped: rest.clipped };
}

/**
 * A share brought within what the labels prove whatever the design: every labeled bot's weight
 * is bot (a floor), every labeled human's is not (one minus theirs, a ceiling). Take-all
 * accounts are counted by censusSplitInterval already; an account drawn with π < 1 is not a
 * census of anything else, but its own label is still known. The interval is intersected with
 * [floor, ceiling] — it only loses values the sample excludes — and one wholly beyond it is shown
 * from that end with its width, as at 0 and 1.
 */
function withinProven(b: BoundedShare, floor: number, ceiling: number): BoundedShare {
  const [lo, hi] = b.interval;
  const width = hi - lo;
  const beyond = hi < floor || lo > ceiling;
  const interval: [number, number] =
    hi < floor ? [floor, Math.min(ceiling, floor + width)] : lo > ceiling ? [Math.max(floor, ceiling - width), ceiling] : [Math.max(lo, floor), Math.min(hi, ceiling)];
  return { value: Math.min(interval[1], Math.max(interval[0], b.value)), interval, clipped: b.clipped || beyond };
}

/** The flags that depend on the labels in the domain only. */
function labelFlags(labeled: number, bots: number, notLabeled: number): LabeledFlag[] {
  const flags: LabeledFlag[] = [];
  if (labeled === 0) flags.push({ code: 'no_labels_in_domain', message: 'no labeled account in this domain: the value is the model alone and the interval is [0, 1]' });
  else if (labeled < FEW_LABELS) flags.push({ code: 'few_labels', message: `only ${labeled} labeled account(s) in this domain (fewer than ${FEW_LABELS}): the interval rests on very few points` });
  if (labeled >= 2 && (bots === 0 || bots === labeled)) {
    flags.push({ code: 'single_class_in_domain', message: `every labeled account in this domain is a ${bots === 0 ? 'human' : 'bot'}: the interval reaches as far as ${labeled} such labels cannot exclude` });
  }
  const minority = Math.min(bots, labeled - bots);
  if (labeled >= FEW_LABELS && minority > 0 && minority < FEW_OF_A_CLASS) {
    flags.push({
      code: 'few_of_a_class',
      message: `only ${minority} labeled ${bots < labeled - bots ? 'bot' : 'human'}(s) in this domain: the interval rests on them and covers the truth less often than 95% (docs/labeled-sample.md)`,
    });
  }
  if (notLabeled > 0) flags.push({ code: 'unsure_labels', message: `${notLabeled} sampled account(s) in this domain are unsure or not labeled: bounds count them as bots and as humans` });
  return flags;
}

/**
 * The share of bots in one domain for one unit: model-assisted (PPI++-tuned λ by default)
 * or labels-only (options.lambda = 0).
 */
export function estimateLabeledShare(
  pop: DomainPopulation,
  sample: readonly SampledAccount[],
  options: Partial<ModelAssistedOptions> = {},
  /**
   * A replicate standard error (src/estimate/replicates.ts) to use instead of the design's with
   * fixed predictions: where the predictions come from a model fitted to these labels.
   */
  replicateStandardError?: number,
): LabeledShareEstimate {
  const opts = { ...DEFAULT_MODEL_ASSISTED, ...options };
  checkSample(pop, sample);
  let total = 0;
  let modelTotal = 0;
  for (let i = 0; i < pop.weights.length; i++) {
    total += pop.weights[i];
    modelTotal += pop.weights[i] * pop.predictions[i];
  }
  const pi = Float64Array.from(sample, (s) => s.inclusionProbability);
  const w = Float64Array.from(sample, (s) => pop.weights[s.index]);
  const f = Float64Array.from(sample, (s) => pop.predictions[s.index]);
  const known = sample.map((s) => s.label === 'bot' || s.label === 'human');
  // Not labeled: the model's prediction stands in for the label (the bounds replace it by 0 and 1).
  const y = Float64Array.from(sample, (s, j) => (s.label === 'bot' ? 1 : s.label === 'human' ? 0 : f[j]));

  let labeled = 0;
  let notLabeled = 0;
  let bots = 0;
  // The labeled take-all accounts are a census; the interval's uncertainty is in the rest.
  const census: CensusPart = { weight: 0, bots: 0 };
  let sampledLabeled = 0;
  let sampledBots = 0;
  for (let j = 0; j < sample.length; j++) {
    if (w[j] <= 0) continue;
    if (known[j]) {
      labeled++;
      if (y[j] === 1) bots++;
      if (pi[j] >= 1) {
        census.weight += w[j];
        census.bots += w[j] * y[j];
      } else {
        sampledLabeled++;
        if (y[j] === 1) sampledBots++;
      }
    } else notLabeled++;
  }

  const lambda = opts.lambda !== 'tuned' ? opts.lambda : labeled < 2 ? 1 : tunedLambda(w, f, y, pi, known);
  if (!(lambda >= 0 && lambda <= 1)) throw new Error(`λ must be in [0, 1], got ${lambda}`);

  const estimateWith = (yy: Float64Array): { raw: number; se: number } => {
    const z = Float64Array.from(yy, (v, j) => w[j] * (v - lambda * f[j]));
    let ht = 0;
    for (let j = 0; j < z.length; j++) ht += z[j] / pi[j];
    const raw = total > 0 ? (lambda * modelTotal + ht) / total : Number.NaN;
    const se = total > 0 ? Math.sqrt(designVariance(z, pi)) / total : Number.NaN;
    return { raw, se };
  };

  const flags: LabeledFlag[] = [];
  const main = estimateWith(y);
  let se = replicateStandardError ?? main.se;
  if (se === 0 && labeled >= 2 && lambda > 0 && pi.some((p) => p < 1)) {
    // Residuals with no spread (a model that reproduces every label) would give a zero-width
    // interval: fall back to the labels' own variance.
    se = Math.sqrt(designVariance(Float64Array.from(y, (v, j) => w[j] * v), pi)) / total;
    flags.push({ code: 'zero_residual_variance', message: 'the model reproduces every label: the interval uses the labels-only variance' });
  }
  const ctx: IntervalContext = { kind: opts.interval, level: opts.level, labeled: sampledLabeled, bots: sampledBots };
  // What the labels prove in this domain, whatever π: labeled bots' weight and labeled humans'.
  let provenBots = 0;
  let provenHumans = 0;
  for (let j = 0; j < sample.length; j++) {
    if (!known[j] || w[j] <= 0) continue;
    if (y[j] === 1) provenBots += w[j];
    else provenHumans += w[j];
  }
  const floor = total > 0 ? clip01(provenBots / total) : 0;
  const ceiling = total > 0 ? clip01(1 - provenHumans / total) : 1;
  const { value, interval, clipped } = withinProven(censusSplitInterval(main.raw, se, total, census, ctx), floor, ceiling);
  if (census.weight > 0 && sampledLabeled >= 2 && labeled > bots && bots > 0 && (sampledBots === 0 || sampledBots === sampledLabeled)) {
    flags.push({
      code: 'single_class_outside_take_all',
      message: `every labeled ${sampledBots === 0 ? 'bot' : 'human'} of this domain is a take-all account (counted); among the ${sampledLabeled} labeled accounts drawn from the rest all are ${sampledBots === 0 ? 'humans' : 'bots'}, so the interval reaches as far as they cannot exclude`,
    });
  }
  if (clipped) flags.push({ code: 'clipped', message: `the interval around ${main.raw.toFixed(3)} lay wholly outside [0, 1]: shown from the bound with its width` });

  const boundWith = (fill: number): ShareInterval => {
    const r = estimateWith(Float64Array.from(y, (v, j) => (known[j] ? v : fill)));
    const b = withinProven(censusSplitInterval(r.raw, Math.max(r.se, se), total, census, ctx), floor, ceiling);
    return { value: b.value, interval: b.interval };
  };
  const bounds = notLabeled > 0 ? { unsureAsHuman: boundWith(0), unsureAsBot: boundWith(1) } : { unsureAsHuman: { value, interval }, unsureAsBot: { value, interval } };

  return {
    method: lambda === 0 && opts.lambda !== 'tuned' ? 'labels-only' : 'model-assisted',
    value,
    raw: main.raw,
    interval,
    standardError: se,
    lambda,
    total,
    labeled,
    notLabeled,
    bounds,
    flags: [...flags, ...labelFlags(labeled, bots, notLabeled)],
  };
}

/** The labels-only Horvitz–Thompson estimator on the same sample (λ = 0), for comparison. */
export function estimateLabelsOnlyShare(
  pop: DomainPopulation,
  sample: readonly SampledAccount[],
  options: Partial<Omit<ModelAssistedOptions, 'lambda'>> = {},
): LabeledShareEstimate {
  return estimateLabeledShare(pop, sample, { ...options, lambda: 0 });
}

export interface LabelsNeeded {
  /** If the scores were calibrated and as informative as they claim (the model-assisted estimator). */
  modelAssisted: number;
  /** If the scores carried no information (labels only): the conservative figure. */
  labelsOnly: number;
  /** The target half-width (a share, e.g. 0.05 = ±5 points). */
  halfWidth: number;
}

/**
 * How many labeled accounts would bring this domain's 95% interval to ±halfWidth, before any
 * label: the scores s_i are taken as a working model of y_i ~ Bernoulli(s_i) under the same
 * design (size measures `sizes`), and the design variance is Hájek's approximation for fixed-
 * size πps sampling. Model-assisted: residuals w_i(y_i − s_i) with mean 0, so
 * V = Σ (1 − π_i)/π_i · w_i² s_i(1 − s_i). Labels only: V = Σ π_i(1 − π_i)·E(w_i y_i/π_i − A)².
 * The half-width is that of the estimator's own interval (Korn–Graubard by default) around the
 * scores' mean share, with the expected number of sampled accounts in the domain.
 * The answer is the frame's size when even labeling everyone short of all is not enough.
 */
export function labelsNeeded(
  weights: ArrayLike<number>,
  scores: ArrayLike<number>,
  sizes: ArrayLike<number>,
  options: { halfWidth?: number; level?: number; interval?: IntervalKind } = {},
): LabelsNeeded {
  const smallest = labelsSearch(weights, scores, sizes, options);
  return { modelAssisted: smallest(false), labelsOnly: smallest(true), halfWidth: options.halfWidth ?? 0.05 };
}

/** `labelsNeeded(…).labelsOnly` alone (each estimator is its own search over sample sizes). */
export function labelsOnlyNeeded(
  weights: ArrayLike<number>,
  scores: ArrayLike<number>,
  sizes: ArrayLike<number>,
  options: { halfWidth?: number; level?: number; interval?: IntervalKind } = {},
): number {
  return labelsSearch(weights, scores, sizes, options)(true);
}

/** The search of `labelsNeeded`: the smallest sample whose planned interval meets the half-width. */
function labelsSearch(
  weights: ArrayLike<number>,
  scores: ArrayLike<number>,
  sizes: ArrayLike<number>,
  options: { halfWidth?: number; level?: number; interval?: IntervalKind },
): (labelsOnly: boolean) => number {
  const halfWidth = options.halfWidth ?? 0.05;
  const level = options.level ?? DEFAULT_MODEL_ASSISTED.level;
  const kind = options.interval ?? DEFAULT_MODEL_ASSISTED.interval;
  const n = weights.length;
  if (scores.length !== n || sizes.length !== n) throw new Error('weights, scores and sizes must have one value per account');
  let total = 0;
  let expected = 0;
  for (let i = 0; i < n; i++) {
    total += weights[i];
    expected += weights[i] * scores[i];
  }
  const share = total > 0 ? expected / total : 0;

  const halfWidthAt = (k: number, labelsOnly: boolean): number => {
    if (total <= 0) return 0;
    const pi = inclusionProbabilities(sizes, k);
    let v = 0;
    if (!labelsOnly) {
      for (let i = 0; i < n; i++) {
        if (pi[i] >= 1 || pi[i] <= 0) continue;
        v += ((1 - pi[i]) / pi[i]) * weights[i] ** 2 * scores[i] * (1 - scores[i]);
      }
    } else {
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i++) {
        if (pi[i] >= 1 || pi[i] <= 0) continue;
        num += (1 - pi[i]) * weights[i] * scores[i];
        den += pi[i] * (1 - pi[i]);
      }
      const a = den > 0 ? num / den : 0;
      for (let i = 0; i < n; i++) {
        if (pi[i] >= 1 || pi[i] <= 0) continue;
        const mean = (weights[i] * scores[i]) / pi[i];
        const spread = (weights[i] ** 2 * scores[i] * (1 - scores[i])) / pi[i] ** 2;
        v += pi[i] * (1 - pi[i]) * (spread + (mean - a) ** 2);
      }
    }
    let inDomain = 0;
    for (let i = 0; i < n; i++) if (weights[i] > 0) inDomain += pi[i];
    const labeled = Math.round(inDomain);
    // bots = 1: the planning interval is the regular one, not the one-class floor.
    const { interval } = shareInterval(share, Math.sqrt(v) / total, { kind, level, labeled, bots: Math.min(1, labeled - 1) });
    return (interval[1] - interval[0]) / 2;
  };

  const smallest = (labelsOnly: boolean): number => {
    let lo = 1;
    let hi = n;
    if (n === 0) return 0;
    if (halfWidthAt(hi - 1, labelsOnly) > halfWidth) return n;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (halfWidthAt(mid, labelsOnly) <= halfWidth) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return smallest;
}
