/**
 * Which method gives the answer, chosen by evidence (docs/estimation.md; the figures are in
 * datasets/evidence/estimators.json, written by `src/experiments/evaluate-estimators.ts`, and a
 * test holds the choice to them): the smallest absolute error on ground-truth corpora built end
 * to end from accounts the model never saw. Only corrected methods may be the answer: a thresholded
 * count is biased (Rauchfleisch & Kaiser 2020), and so is an uncorrected mean score.
 */

import type { MethodName, Unit } from './types.js';

/** The default per unit: each unit's answer comes from the method with the smaller error there. */
export const DEFAULT_METHODS: Readonly<Record<Unit, MethodName>> = { tweets: 'acc', accounts: 'pacc' };

/** The method of the answer, the share of tweets. */
export const DEFAULT_METHOD: MethodName = DEFAULT_METHODS.tweets;

/** Fallbacks when a unit's default cannot run on a model card: corrected methods only. */
export const HEADLINE_PREFERENCE: readonly MethodName[] = ['acc', 'pacc'];
