import { describe, expect, it } from 'vitest';
import {
  accuracy,
  auc,
  brier,
  confusion,
  evaluateScores,
  expectedCalibrationError,
  f1,
  falsePositiveRate,
  logLoss,
  precision,
  recall,
} from '../../src/model/metrics.js';

describe('auc', () => {
  it('is the share of (bot, human) pairs ranked correctly', () => {
    // Pairs: (0.35 vs 0.1 ✓, 0.35 vs 0.4 ✗, 0.8 vs 0.1 ✓, 0.8 vs 0.4 ✓) → 3/4.
    expect(auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });
  it('counts ties as one half', () => {
    expect(auc([0, 1], [0.5, 0.5])).toBe(0.5);
    // bot 0.5 vs humans 0.5 (½) and 0.2 (1); bot 0.9 beats both → (1.5 + 2) / 4.
    expect(auc([0, 0, 1, 1], [0.5, 0.2, 0.5, 0.9])).toBeCloseTo(3.5 / 4, 12);
  });
  it('is 1 for a perfect ranking, 0 for a reversed one', () => {
    expect(auc([0, 0, 1], [0.1, 0.2, 0.3])).toBe(1);
    expect(auc([1, 1, 0], [0.1, 0.2, 0.3])).toBe(0);
  });
  it('is NaN when one class is absent', () => {
    expect(auc([1, 1], [0.2, 0.3])).toBeNaN();
    expect(auc([], [])).toBeNaN();
  });
  it('refuses arrays of different lengths', () => {
    expect(() => auc([1, 0], [0.2])).toThrow(/differ in length/);
  });
});

describe('threshold metrics', () => {
  const y = [1, 1, 0, 0, 1];
  const p = [0.9, 0.4, 0.6, 0.1, 0.5];
  it('count a score equal to the threshold as a bot', () => {
    expect(confusion(y, p, 0.5)).toEqual({ tp: 2, fn: 1, fp: 1, tn: 1 });
  });
  it('derive precision, recall, F1, FPR and accuracy from the counts', () => {
    expect(precision(y, p)).toBeCloseTo(2 / 3, 12);
    expect(recall(y, p)).toBeCloseTo(2 / 3, 12);
    expect(f1(y, p)).toBeCloseTo(2 / 3, 12);
    expect(falsePositiveRate(y, p)).toBeCloseTo(1 / 2, 12);
    expect(accuracy(y, p)).toBeCloseTo(3 / 5, 12);
    expect(precision(y, p, 0.95)).toBeNaN(); // nothing called a bot
  });
});

describe('probability metrics', () => {
  it('Brier score is the mean squared error', () => {
    expect(brier([1, 0], [0.8, 0.3])).toBeCloseTo((0.04 + 0.09) / 2, 12);
  });
  it('log loss is the mean negative log-likelihood', () => {
    expect(logLoss([1, 0], [0.8, 0.3])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
  });
  it('ECE weighs each bin’s |mean score − bot share| by its rows', () => {
    // Bin [0.1, 0.2): mean 0.1, share 0.5 → 0.4 × 2 rows; bin [0.9, 1]: mean 0.9, share 1 → 0.1 × 2.
    expect(expectedCalibrationError([0, 1, 1, 1], [0.1, 0.1, 0.9, 0.9])).toBeCloseTo(0.25, 12);
    expect(expectedCalibrationError([1], [1])).toBe(0); // a score of exactly 1 lands in the last bin
  });
  it('evaluateScores gathers all of them', () => {
    const m = evaluateScores([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.5);
    expect(m).toMatchObject({ n: 4, bots: 2, humans: 2, auc: 0.75, tpr: 0.5, fpr: 0, precision: 1, recall: 0.5 });
    expect(m.meanScoreBot).toBeCloseTo(0.575, 12);
    expect(m.meanScoreHuman).toBeCloseTo(0.25, 12);
  });
});
