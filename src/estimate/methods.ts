/**
 * Prevalence estimators behind one interface, by name (after QuaPy's
 * `quapy/method/aggregative.py`). Each turns the sufficient statistics of a sample
 * (`SampleStats`) and the classifier's rates into a share. Pure functions, no state.
 */

import type { ClassifierRates } from '../model/rates.js';
import type { MethodName, SampleStats, Unit } from './types.js';

/**
 * Below this gap (TPR − FPR for `acc`, E[s|bot] − E[s|human] for `pacc`) the correction
 * divides by a small number and multiplies every error of the raw count by more than 4:
 * the estimate is still reported, but flagged as unstable.
 */
export const UNSTABLE_GAP = 0.25;

/** Below this gap the correction is not computed at all (it would be noise or undefined). */
export const MIN_GAP = 0.02;

export interface MethodEstimate {
  /** The share, clipped to [0, 1]. */
  value: number;
  /** The share before clipping (an adjusted estimate can fall outside [0, 1]). */
  raw: number;
  /** The correction's denominator, for adjusted methods. */
  gap?: number;
}

/** Why a method cannot produce a number on these rates. */
export interface MethodUnavailable {
  unavailable: string;
}

/**
 * What an adjusted method corrects with: the value its raw statistic would take on a sample of
 * bots only and of humans only (TPR and FPR for the count, the mean scores for the mean score).
 */
export interface Correction {
  bot: number;
  human: number;
}

/** The correction's denominator: how far apart bots and humans sit on the raw statistic. */
export function correctionGap(c: Correction): number {
  return c.bot - c.human;
}

/** Solves observed = p·bot + (1 − p)·human for p: the one adjustment of acc and pacc. */
export function adjustedShare(observed: number, c: Correction): number {
  return (observed - c.human) / correctionGap(c);
}

export interface PrevalenceMethod {
  name: MethodName;
  /** Plain-words name for reports. */
  label: string;
  /** The reference the method comes from. */
  citation: string;
  /** Whether it corrects with the classifier's rates (and can therefore be unstable). */
  adjusted: boolean;
  /** A reason it cannot run on these rates, or undefined when it can. */
  unavailableReason(rates: ClassifierRates): string | undefined;
  /** The estimate for one sample; call only when `unavailableReason` is undefined. */
  estimate(stats: SampleStats, rates: ClassifierRates): MethodEstimate;
  /** Adjusted methods: what they correct with on these rates (undefined when the card lacks it). */
  correction?(rates: ClassifierRates): Correction | undefined;
  /** Adjusted methods: why a correction with this gap is unstable, in one sentence. */
  unstableMessage?(gap: number, unit: Unit | undefined): string;
}

const onUnit = (unit: Unit | undefined): string => (unit === undefined ? '' : ` (${unit})`);
const multiplier = (gap: number): string => (1 / Math.max(gap, 1e-9)).toFixed(1);

export function clip01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function ratio(num: number, den: number): number {
  return den > 0 ? num / den : Number.NaN;
}

/**
 * Classify and count: the share of units scoring at or above the threshold.
 * Biased towards 50% whenever the classifier errs (Forman 2008, §2; for bot shares,
 * Rauchfleisch & Kaiser 2020, "The False positive problem of automatic bot detection in
 * social science research", PLoS ONE 15(10)). Reported for comparison, never as the answer.
 */
export const cc: PrevalenceMethod = {
  name: 'cc',
  label: 'classify and count: the share at or above the threshold, uncorrected',
  citation: 'Forman, G. (2008). Quantifying counts and costs via classification. Data Min. Knowl. Discov. 17(2), 164–206.',
  adjusted: false,
  unavailableReason: () => undefined,
  estimate(stats) {
    const raw = ratio(stats.above, stats.total);
    return { value: clip01(raw), raw };
  },
};

/**
 * Probabilistic classify and count: the mean calibrated score. Unbiased only when the
 * scores are calibrated on a population with the same bot share as the sample
 * (Bella, Ferri, Hernández-Orallo & Ramírez-Quintana 2010).
 */
export const pcc: PrevalenceMethod = {
  name: 'pcc',
  label: 'probabilistic classify and count: the mean score, uncorrected',
  citation:
    'Bella, A., Ferri, C., Hernández-Orallo, J., Ramírez-Quintana, M. J. (2010). Quantification via probability estimators. ICDM 2010, 737–742.',
  adjusted: false,
  unavailableReason: () => undefined,
  estimate(stats) {
    const raw = ratio(stats.scoreSum, stats.total);
    return { value: clip01(raw), raw };
  },
};

/**
 * Adjusted classify and count: since E[CC] = p·TPR + (1 − p)·FPR, solve for p:
 * p = (CC − FPR) / (TPR − FPR), clipped to [0, 1] (Forman 2008, "adjusted count").
 */
export const acc: PrevalenceMethod = {
  name: 'acc',
  label: 'adjusted classify and count: the count corrected with TPR and FPR',
  citation: 'Forman, G. (2008). Quantifying counts and costs via classification. Data Min. Knowl. Discov. 17(2), 164–206.',
  adjusted: true,
  correction: (rates) => ({ bot: rates.tpr, human: rates.fpr }),
  unavailableReason(rates) {
    const gap = correctionGap({ bot: rates.tpr, human: rates.fpr });
    return gap < MIN_GAP
      ? `TPR − FPR = ${gap.toFixed(3)} is too small to correct the count (the classifier barely separates bots from humans at threshold ${rates.threshold})`
      : undefined;
  },
  estimate(stats, rates) {
    const c = { bot: rates.tpr, human: rates.fpr };
    return adjustedEstimate(ratio(stats.above, stats.total), c);
  },
  unstableMessage: (gap, unit) =>
    `TPR − FPR = ${gap.toFixed(3)}${onUnit(unit)} (< ${UNSTABLE_GAP}): the adjusted count multiplies any error of the raw count by ${multiplier(gap)}; treat acc as unstable.`,
};

function adjustedEstimate(observed: number, c: Correction): MethodEstimate {
  const raw = adjustedShare(observed, c);
  return { value: clip01(raw), raw, gap: correctionGap(c) };
}

/**
 * Probabilistic adjusted classify and count: since E[mean score] = p·E[s|bot] +
 * (1 − p)·E[s|human], p = (PCC − E[s|human]) / (E[s|bot] − E[s|human]), clipped to [0, 1]
 * (Bella et al. 2010, "PAC").
 */
export const pacc: PrevalenceMethod = {
  name: 'pacc',
  label: 'probabilistic adjusted classify and count: the mean score corrected with the mean scores of bots and humans',
  citation:
    'Bella, A., Ferri, C., Hernández-Orallo, J., Ramírez-Quintana, M. J. (2010). Quantification via probability estimators. ICDM 2010, 737–742.',
  adjusted: true,
  correction: (rates) =>
    rates.meanScoreBot === undefined || rates.meanScoreHuman === undefined ? undefined : { bot: rates.meanScoreBot, human: rates.meanScoreHuman },
  unavailableReason(rates) {
    const c = pacc.correction?.(rates);
    if (c === undefined) return 'the model card gives no mean scores of bots and humans (meanScoreBot, meanScoreHuman)';
    const gap = correctionGap(c);
    return gap < MIN_GAP ? `E[score|bot] − E[score|human] = ${gap.toFixed(3)} is too small to correct the mean score` : undefined;
  },
  estimate(stats, rates) {
    const c = { bot: rates.meanScoreBot ?? Number.NaN, human: rates.meanScoreHuman ?? Number.NaN };
    return adjustedEstimate(ratio(stats.scoreSum, stats.total), c);
  },
  unstableMessage: (gap, unit) =>
    `E[score|bot] − E[score|human] = ${gap.toFixed(3)}${onUnit(unit)} (< ${UNSTABLE_GAP}): the adjusted mean score multiplies any error by ${multiplier(gap)}; treat pacc as unstable.`,
};

export const METHODS: Readonly<Record<MethodName, PrevalenceMethod>> = { cc, pcc, acc, pacc };

export function methodByName(name: string): PrevalenceMethod | undefined {
  return Object.hasOwn(METHODS, name) ? METHODS[name as MethodName] : undefined;
}

/**
 * The rates to correct a count of `unit` with: the tweet-level rates for tweets when the card
 * has them (never mixed field by field with the account ones), the account rates otherwise.
 */
export function ratesForUnit(rates: ClassifierRates, unit: Unit): ClassifierRates {
  if (unit === 'accounts' || rates.tweetLevel === undefined) return rates;
  return { threshold: rates.threshold, source: rates.source, ...rates.tweetLevel };
}
