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
  'on 24 ground-truth corpora with planted bot shares of 5–70% of tweets, built from synthetic scored accounts held out of the rates’ measurement, pacc had the smallest mean absolute error on accounts and the smallest averaged over four score settings on tweets, far below classify-and-count (see src/estimate/README.md); it should be re-checked on the model’s own held-out accounts.';
