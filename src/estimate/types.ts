/**
 * The vocabulary of estimation: what comes in (scored tweets and the classifier's error
 * rates from its model card) and what goes out (a share, its interval, the method that
 * produced it). Estimation never sees a label: only scores and the rates.
 */

import type { TweetKind } from '../ingest/tweet.js';

/** One tweet after scoring: the minimum that estimation needs, nothing format-specific. */
export interface ScoredTweet {
  id: string;
  userId: string;
  screenName?: string;
  /** Posting time, epoch milliseconds UTC. */
  createdAt: number;
  /** Canonical hashtags (case-folded, no '#'), as in `Tweet.hashtags`. */
  hashtags: string[];
  kind: TweetKind;
  /** Calibrated P(bot) in [0, 1]. */
  score: number;
}

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
   * scored by a network trained without it). Their spread is what is not known about an
   * export's kind of bots; when given, the bootstrap draws each replicate's rates from one
   * set per class (see rate-spread.ts).
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

/** Estimators by name, QuaPy style. */
export type MethodName = 'cc' | 'pcc' | 'acc' | 'pacc';

export const METHOD_NAMES: readonly MethodName[] = ['cc', 'pcc', 'acc', 'pacc'];

/** What is counted: tweets (share of the traffic) or accounts (share of the participants). */
export type Unit = 'tweets' | 'accounts';

export const UNITS: readonly Unit[] = ['tweets', 'accounts'];

/**
 * Sufficient statistics of one sample for every estimator: the number of units (tweets or
 * accounts), how many score at or above the threshold, and the sum of their scores.
 */
export interface SampleStats {
  total: number;
  above: number;
  scoreSum: number;
}

/** A feature's push on one account's score (from the model's explanations). */
export interface FeatureContribution {
  feature: string;
  /** Positive pushes the score towards bot, negative towards human. */
  contribution: number;
}
