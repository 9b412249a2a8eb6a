import { describe, expect, it } from 'vitest';
import { acc, cc, methodByName, METHODS, pacc, pcc } from '../../src/estimate/methods.js';
import type { ClassifierRates } from '../../src/model/rates.js';

const rates: ClassifierRates = {
  threshold: 0.5,
  tpr: 0.8,
  fpr: 0.1,
  source: 'test',
  meanScoreBot: 0.7,
  meanScoreHuman: 0.2,
};

describe('prevalence methods', () => {
  it('classify and count is the share at or above the threshold', () => {
    expect(cc.estimate({ total: 10, above: 3, scoreSum: 4 }, rates)).toEqual({ value: 0.3, raw: 0.3 });
  });

  it('probabilistic classify and count is the mean score', () => {
    expect(pcc.estimate({ total: 10, above: 3, scoreSum: 4 }, rates).value).toBeCloseTo(0.4, 12);
  });

  it('adjusted count solves CC = p·TPR + (1 − p)·FPR for p', () => {
    // (0.3 − 0.1) / (0.8 − 0.1) = 0.2857…
    const e = acc.estimate({ total: 10, above: 3, scoreSum: 0 }, rates);
    expect(e.value).toBeCloseTo(2 / 7, 12);
    expect(e.gap).toBeCloseTo(0.7, 12);
    // Round trip: a sample with true share p has, in expectation, CC = p·TPR + (1 − p)·FPR.
    for (const p of [0, 0.05, 0.463, 1]) {
      const ccValue = p * rates.tpr + (1 - p) * rates.fpr;
      expect(acc.estimate({ total: 1, above: ccValue, scoreSum: 0 }, rates).value).toBeCloseTo(p, 12);
    }
  });

  it('adjusted mean score corrects with the mean scores of each class', () => {
    // (0.4 − 0.2) / (0.7 − 0.2) = 0.4
    expect(pacc.estimate({ total: 10, above: 0, scoreSum: 4 }, rates).value).toBeCloseTo(0.4, 12);
  });

  it('clips an overshooting correction to [0, 1] and keeps the raw value', () => {
    const low = acc.estimate({ total: 100, above: 5, scoreSum: 0 }, rates);
    expect(low.value).toBe(0);
    expect(low.raw).toBeCloseTo((0.05 - 0.1) / 0.7, 12);
    const high = pacc.estimate({ total: 10, above: 0, scoreSum: 9 }, rates);
    expect(high.value).toBe(1);
    expect(high.raw).toBeCloseTo(1.4, 12);
  });

  it('says why a correction cannot run', () => {
    expect(pacc.unavailableReason({ threshold: 0.5, tpr: 0.8, fpr: 0.1, source: 'x' })).toMatch(/mean scores/);
    expect(acc.unavailableReason({ ...rates, tpr: 0.3, fpr: 0.29 })).toMatch(/TPR − FPR = 0\.010/);
    expect(acc.unavailableReason(rates)).toBeUndefined();
  });

  it('is looked up by name, and only by a real name', () => {
    expect(methodByName('pacc')).toBe(pacc);
    expect(methodByName('toString')).toBeUndefined();
    expect(Object.keys(METHODS)).toEqual(['cc', 'pcc', 'acc', 'pacc']);
    for (const m of Object.values(METHODS)) expect(m.citation).toMatch(/\(20\d\d\)/);
  });
});
