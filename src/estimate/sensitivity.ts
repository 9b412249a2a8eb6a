/**
 * How the uncorrected count moves with the threshold, from 0.05 to 0.95: a flat curve means
 * the scores are well separated; a steep one means the answer is mostly the threshold's.
 * When the model card holds TPR/FPR at several thresholds, the adjusted count is traced too
 * (it should stay flat if the correction works).
 */

import { HISTOGRAM_BINS } from './accumulator.js';
import type { AccountUnits } from './bootstrap.js';
import { acc, ratesForUnit } from './methods.js';
import { SENSITIVITY_THRESHOLDS, type ClassifierRates, type RatePoint } from '../model/rates.js';

export interface SensitivityPoint {
  threshold: number;
  /** Share of tweets scoring ≥ threshold (classify and count). */
  ccTweets: number;
  /** Share of accounts whose mean score is ≥ threshold (classify and count). */
  ccAccounts: number;
  /** Adjusted count at this threshold, when the card's rate curve covers it. */
  accTweets?: number;
  accAccounts?: number;
}

/** TPR/FPR at `t`, interpolated linearly between the card's points; undefined outside their range. */
export function ratesAt(curve: readonly RatePoint[] | undefined, t: number): RatePoint | undefined {
  if (curve === undefined || curve.length === 0) return undefined;
  const pts = [...curve].sort((a, b) => a.threshold - b.threshold);
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    if (Math.abs(p.threshold - t) < 1e-9) return { threshold: t, tpr: p.tpr, fpr: p.fpr };
    const q = pts[i + 1];
    if (q !== undefined && p.threshold < t && t < q.threshold) {
      const w = (t - p.threshold) / (q.threshold - p.threshold);
      return { threshold: t, tpr: p.tpr + w * (q.tpr - p.tpr), fpr: p.fpr + w * (q.fpr - p.fpr) };
    }
  }
  return undefined;
}

export function sensitivityCurve(
  histogram: Float64Array,
  units: AccountUnits,
  rates: ClassifierRates,
): SensitivityPoint[] {
  const tweets = histogram.reduce((s, x) => s + x, 0);
  const k = units.meanScore.length;
  // Tail sums of the histogram: tail[i] = tweets with score ≥ i/100.
  const tail = new Float64Array(HISTOGRAM_BINS + 1);
  for (let i = HISTOGRAM_BINS - 1; i >= 0; i--) tail[i] = tail[i + 1] + histogram[i];
  const sortedMeans = Float64Array.from(units.meanScore).sort();
  return SENSITIVITY_THRESHOLDS.map((t, idx) => {
    const bin = (idx + 1) * (HISTOGRAM_BINS / 20);
    const aboveTweets = tail[bin];
    const aboveAccounts = k - lowerBound(sortedMeans, t);
    const point: SensitivityPoint = {
      threshold: t,
      ccTweets: tweets > 0 ? aboveTweets / tweets : Number.NaN,
      ccAccounts: k > 0 ? aboveAccounts / k : Number.NaN,
    };
    const adjusted = (unit: 'tweets' | 'accounts', total: number, above: number): number | undefined => {
      const unitRates = ratesForUnit(rates, unit);
      const r = ratesAt(unitRates.curve, t);
      if (r === undefined) return undefined;
      const atT: ClassifierRates = { ...unitRates, threshold: t, tpr: r.tpr, fpr: r.fpr };
      return acc.unavailableReason(atT) === undefined ? acc.estimate({ total, above, scoreSum: 0 }, atT).value : undefined;
    };
    const accTweets = adjusted('tweets', tweets, aboveTweets);
    const accAccounts = adjusted('accounts', k, aboveAccounts);
    if (accTweets !== undefined) point.accTweets = accTweets;
    if (accAccounts !== undefined) point.accAccounts = accAccounts;
    return point;
  });
}

/** First index whose value is ≥ x, in an ascending array. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
