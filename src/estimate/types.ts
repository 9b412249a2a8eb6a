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
