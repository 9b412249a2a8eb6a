/**
 * The classifier's rates measured on labelled accounts: the definition the model card must
 * follow for the corrections to mean what they say. An account's score is the mean of its
 * tweets' scores, the same as in the account-share estimators.
 */

import { SENSITIVITY_THRESHOLDS } from './sensitivity.js';
import type { ClassifierRates, RatePoint } from './types.js';

export type Label = 'bot' | 'human';

/** One labelled account with the scores of its tweets (at least one). */
export interface LabeledAccount {
  label: Label;
  scores: readonly number[];
}

export function accountScore(account: LabeledAccount): number {
  let s = 0;
  for (const x of account.scores) s += x;
  return s / account.scores.length;
}

function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const variance = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * TPR, FPR, mean scores per class and their sample sizes at `threshold`, plus the rate curve
 * at the sensitivity thresholds. Throws if a class is missing (the rates would be undefined).
 */
export function ratesFromLabeledAccounts(
  accounts: readonly LabeledAccount[],
  threshold: number,
  source: string,
): ClassifierRates {
  const bots = accounts.filter((a) => a.label === 'bot' && a.scores.length > 0).map(accountScore);
  const humans = accounts.filter((a) => a.label === 'human' && a.scores.length > 0).map(accountScore);
  if (bots.length === 0 || humans.length === 0) {
    throw new RangeError(`rates need labelled accounts of both classes (got ${bots.length} bots, ${humans.length} humans)`);
  }
  const rateAt = (xs: readonly number[], t: number): number => xs.filter((s) => s >= t).length / xs.length;
  const b = meanSd(bots);
  const h = meanSd(humans);
  const curve: RatePoint[] = SENSITIVITY_THRESHOLDS.map((t) => ({ threshold: t, tpr: rateAt(bots, t), fpr: rateAt(humans, t) }));
  return {
    threshold,
    tpr: rateAt(bots, threshold),
    fpr: rateAt(humans, threshold),
    source,
    meanScoreBot: b.mean,
    meanScoreHuman: h.mean,
    sdScoreBot: b.sd,
    sdScoreHuman: h.sd,
    support: { bots: bots.length, humans: humans.length },
    curve,
  };
}
