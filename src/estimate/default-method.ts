/**
 * Which method gives the answer, chosen by evidence (see src/estimate/README.md and
 * `evaluate-methods.ts`): the smallest absolute error on ground-truth corpora built from
 * accounts the model never saw. Only corrected methods may be the answer: a thresholded
 * count is biased (Rauchfleisch & Kaiser 2020), and so is an uncorrected mean score.
 */

import type { MethodName } from './types.js';

export const DEFAULT_METHOD: MethodName = 'pacc';

/** Fallbacks when the default cannot run on a model card (e.g. no mean scores): corrected only. */
export const HEADLINE_PREFERENCE: readonly MethodName[] = ['pacc', 'acc'];

/** The evidence in one sentence, for summary.json and the report. */
export const DEFAULT_METHOD_REASON =
  'pacc had the smallest error on ground-truth corpora: on 20 corpora built end to end from held-out accounts the shipped model never saw (24,000 tweets each, planted bot shares of 5–70% of tweets), its mean absolute error on tweet shares was 3.3 points with 20/20 intervals covering the truth, against 4.2 for acc and 12.0 for the uncorrected count; on 360 corpora of synthetic scores it had the smallest error in 8 of 10 comparisons. Its accuracy depends on the error rates fitting the export: with rates from another domain the correction can be far off, and the interval is then wide.';
