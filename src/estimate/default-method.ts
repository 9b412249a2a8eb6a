/**
 * Which method gives the answer, chosen by evidence (see src/estimate/README.md and
 * `src/simulate/evaluate-estimators.ts`): the smallest absolute error on ground-truth corpora
 * built end to end from accounts the model never saw. Only corrected methods may be the answer: a thresholded
 * count is biased (Rauchfleisch & Kaiser 2020), and so is an uncorrected mean score.
 */

import type { MethodName, Unit } from './types.js';

/** The default per unit: each unit's answer comes from the method with the smaller error there. */
export const DEFAULT_METHODS: Readonly<Record<Unit, MethodName>> = { tweets: 'acc', accounts: 'pacc' };

/** The method of the answer, the share of tweets. */
export const DEFAULT_METHOD: MethodName = DEFAULT_METHODS.tweets;

/** Fallbacks when a unit's default cannot run on a model card: corrected methods only. */
export const HEADLINE_PREFERENCE: readonly MethodName[] = ['acc', 'pacc'];

/** The evidence in one sentence, for summary.json and the report. */
export const DEFAULT_METHOD_REASON =
  'acc had the smallest error on shares of tweets on ground-truth corpora built end to end from held-out accounts the shipped model never saw: over 120 corpora (24,000 tweets each, planted bot shares of 5–70% of tweets; 3 seeds, accounts drawn Italian sets first or all sets alike; rates from the 5-fold out-of-fold scores of the training accounts), its mean absolute error was 2.9 points and its 95% interval covered the truth in 119 of 120 (at the study’s size, 47,821 tweets: 2.2 points, 120 of 120), against 6.6 points and 96 of 120 for pacc (which fails when the few bots behind most tweets score lower on average than the validation bots) and 11.0 for the uncorrected count. Its accuracy depends on the error rates fitting the export: with rates from another domain the correction can be far off, and the interval is then wide.';

/** The same for shares of accounts. */
export const DEFAULT_METHOD_REASON_ACCOUNTS =
  'pacc had the smallest error on shares of accounts on the same 120 corpora (planted shares of 0.3–2.6% of accounts: the few bots write many tweets each): 0.25 points, its 95% interval covering the truth in 120 of 120, against 1.2 points for acc and 21 for the uncorrected count.';
