/** Shared assertion: a card's in-domain rates are its k-fold protocol's scores on every training account. */
import { expect } from 'vitest';
import type { ModelCard, OperatingRates } from '../../src/model/card.js';

/** Checks the provenance of `ratesInDomain` and returns it with `ratesCheck` (both must exist). */
export function expectRatesFromKfold(card: ModelCard): { ri: OperatingRates; rc: OperatingRates } {
  const ri = card.ratesInDomain;
  const rc = card.ratesCheck;
  if (ri === undefined || rc === undefined) throw new Error('the card lacks ratesInDomain or ratesCheck');
  const trainBots = card.datasets.reduce((s, d) => s + d.trainBots, 0);
  const trainHumans = card.datasets.reduce((s, d) => s + d.trainHumans, 0);
  expect(ri.support).toEqual({ bots: trainBots, humans: trainHumans });
  // The same figures as the card's 5-fold protocol: the rates are that protocol's scores.
  expect(ri.tpr).toBeCloseTo(card.evaluation.inDomain5Fold.pooled.tpr, 10);
  expect(ri.fpr).toBeCloseTo(card.evaluation.inDomain5Fold.pooled.fpr, 10);
  expect(ri.curve?.length).toBe(19);
  expect('tweetLevel' in ri).toBe(false);
  return { ri, rc };
}
