/**
 * The classifier's rates measured on labelled accounts: the definition the model card must
 * follow for the corrections to mean what they say. An account's score is the mean of its
 * tweets' scores, the same as in the account-share estimators.
 */

import { SENSITIVITY_THRESHOLDS } from './sensitivity.js';
import type { ClassifierRates, RatePoint, UnitRates } from './types.js';

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

/** The effective number of accounts behind a tweet-weighted mean: (Σn)²/Σn². */
function effectiveAccounts(accounts: readonly LabeledAccount[]): number {
  let sum = 0;
  let sumSq = 0;
  for (const a of accounts) {
    sum += a.scores.length;
    sumSq += a.scores.length ** 2;
  }
  return sumSq > 0 ? (sum * sum) / sumSq : 0;
}

function unitRates(
  bots: readonly number[],
  humans: readonly number[],
  threshold: number,
  support: { bots: number; humans: number },
): UnitRates {
  const rateAt = (xs: readonly number[], t: number): number => {
    let above = 0;
    for (const s of xs) if (s >= t) above += 1;
    return above / xs.length;
  };
  const b = meanSd(bots);
  const h = meanSd(humans);
  return {
    tpr: rateAt(bots, threshold),
    fpr: rateAt(humans, threshold),
    meanScoreBot: b.mean,
    meanScoreHuman: h.mean,
    sdScoreBot: b.sd,
    sdScoreHuman: h.sd,
    support,
    curve: SENSITIVITY_THRESHOLDS.map((t): RatePoint => ({ threshold: t, tpr: rateAt(bots, t), fpr: rateAt(humans, t) })),
  };
}

/**
 * TPR, FPR, mean scores per class and their sample sizes at `threshold`, with the rate curve
 * at the sensitivity thresholds: per account (its score = the mean of its tweets' scores),
 * and per tweet in `tweetLevel`. Throws if a class is missing (the rates would be undefined).
 */
export function ratesFromLabeledAccounts(
  accounts: readonly LabeledAccount[],
  threshold: number,
  source: string,
): ClassifierRates {
  const botAccounts = accounts.filter((a) => a.label === 'bot' && a.scores.length > 0);
  const humanAccounts = accounts.filter((a) => a.label === 'human' && a.scores.length > 0);
  if (botAccounts.length === 0 || humanAccounts.length === 0) {
    throw new RangeError(
      `rates need labelled accounts of both classes (got ${botAccounts.length} bots, ${humanAccounts.length} humans)`,
    );
  }
  const perAccount = unitRates(botAccounts.map(accountScore), humanAccounts.map(accountScore), threshold, {
    bots: botAccounts.length,
    humans: humanAccounts.length,
  });
  const perTweet = unitRates(
    botAccounts.flatMap((a) => a.scores),
    humanAccounts.flatMap((a) => a.scores),
    threshold,
    { bots: effectiveAccounts(botAccounts), humans: effectiveAccounts(humanAccounts) },
  );
  return { threshold, source, ...perAccount, tweetLevel: perTweet };
}
