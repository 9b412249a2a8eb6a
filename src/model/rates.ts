/**
 * The classifier's rates measured on labelled accounts: the definition the model card must
 * follow for the corrections to mean what they say. An account's score is the mean of its
 * tweets' scores, the same as in the account-share estimators.
 */

/** Thresholds 0.05, 0.10, …, 0.95 (k/20 exactly, so that they match histogram edges): where the rates are measured for the threshold-sensitivity curve. */
export const SENSITIVITY_THRESHOLDS: readonly number[] = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

/** The classifier's error rates for one unit of counting (accounts, or tweets). */
export interface UnitRates {
  /** True positive rate at the threshold: P(score ≥ t | bot). */
  tpr: number;
  /** False positive rate at the threshold: P(score ≥ t | human). */
  fpr: number;
  /** E[score | bot] on the same validation data (needed by `pacc`). */
  meanScoreBot?: number;
  /** E[score | human] on the same validation data (needed by `pacc`). */
  meanScoreHuman?: number;
  /** Standard deviations of the score per class (propagate the means' uncertainty). */
  sdScoreBot?: number;
  sdScoreHuman?: number;
  /**
   * How many validation accounts of each class the rates were measured on (for tweet-level
   * rates: the effective number, (Σn)²/Σn², since tweets of one account are not independent).
   * When given, the bootstrap also redraws the rates (Jeffreys posterior for TPR/FPR, normal
   * for the mean scores), so that the interval includes the uncertainty of the correction.
   */
  support?: { bots: number; humans: number };
  /** TPR/FPR at other thresholds (the adjusted threshold-sensitivity curve), if the card has them. */
  curve?: readonly RatePoint[];
}

/**
 * The classifier's behaviour on labelled accounts it was not trained on, as recorded in
 * the model card. The top-level rates are per account (an account's score is the mean of its
 * tweets' scores). `tweetLevel` holds the same rates counted over the validation accounts'
 * tweets; without it, tweet shares are corrected with the account rates, which is right only
 * if, within each class, how much an account tweets does not depend on its score (a model
 * that uses posting rate as a feature breaks that: then tweet-level rates are needed).
 */
export interface ClassifierRates extends UnitRates {
  /** Decision threshold: score ≥ threshold counts as bot. */
  threshold: number;
  /** Where the rates come from, e.g. 'model card: leave-one-dataset-out'. */
  source: string;
  /** Rates counted over tweets (each validation tweet scored, as in the corpus). */
  tweetLevel?: UnitRates;
  /**
   * The same account-level rates measured on each labeled set apart (out of domain: each set
   * scored by a model trained without it). Their spread is what is not known about an
   * export's kind of bots; when given, the bootstrap draws each replicate's rates from one
   * set per class (see estimate/rate-spread.ts).
   */
  perSet?: readonly SetRates[];
}

/** One class's rates on one labeled set. */
export interface ClassSetRates {
  /** Accounts of the class in the set. */
  n: number;
  /** TPR for bots, FPR for humans, at the threshold. */
  rate: number;
  /** Mean account score of the class in the set. */
  meanScore?: number;
  /** Its standard deviation (absent: the pooled one is used). */
  sdScore?: number;
}

/** One labeled set's rates, per class it has. */
export interface SetRates {
  set: string;
  bots?: ClassSetRates;
  humans?: ClassSetRates;
}

export interface RatePoint {
  threshold: number;
  tpr: number;
  fpr: number;
}


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

/** A labeled account with the set it comes from (the kind of account it stands for). */
export interface SetLabeledAccount {
  set: string;
  label: 'bot' | 'human';
  /** Its tweets' (or rows') scores; the account's score is their mean. */
  scores: readonly number[];
}

function meanOf(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function classRates(scores: readonly number[], threshold: number): ClassSetRates {
  const n = scores.length;
  let above = 0;
  let sum = 0;
  for (const s of scores) {
    if (s >= threshold) above += 1;
    sum += s;
  }
  const mean = sum / n;
  let ss = 0;
  for (const s of scores) ss += (s - mean) ** 2;
  return { n, rate: above / n, meanScore: mean, sdScore: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/**
 * The account-level rates of each set apart: for its bots TPR (as `rate`) and E[score|bot],
 * for its humans FPR (as `rate`) and E[score|human]. Sets in name order; a class a set
 * lacks is absent.
 */
export function ratesBySet(accounts: readonly SetLabeledAccount[], threshold: number): SetRates[] {
  const bySet = new Map<string, { bots: number[]; humans: number[] }>();
  for (const a of accounts) {
    if (a.scores.length === 0) continue;
    const entry = bySet.get(a.set) ?? { bots: [], humans: [] };
    (a.label === 'bot' ? entry.bots : entry.humans).push(meanOf(a.scores));
    bySet.set(a.set, entry);
  }
  return [...bySet.keys()].sort().map((set) => {
    const { bots, humans } = bySet.get(set) as { bots: number[]; humans: number[] };
    const out: SetRates = { set };
    if (bots.length > 0) out.bots = classRates(bots, threshold);
    if (humans.length > 0) out.humans = classRates(humans, threshold);
    return out;
  });
}
