import { describe, expect, it } from 'vitest';
import { calibrate, calibrateAll, fitIsotonic, fitPlatt } from '../../src/model/calibration.js';
import { expectedCalibrationError } from '../../src/model/metrics.js';
import { createRandom } from '../../src/util/random.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const logit = (p: number): number => Math.log(p / (1 - p));

/** Scores whose true probability is σ(2·logit(s) − 1): over-confident and biased. */
function miscalibrated(n: number, seed: number): { s: number[]; y: number[] } {
  const rng = createRandom(seed);
  const s: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const score = 0.01 + 0.98 * rng.uniform();
    s.push(score);
    y.push(rng.uniform() < sigmoid(2 * logit(score) - 1) ? 1 : 0);
  }
  return { s, y };
}

describe('Platt scaling', () => {
  it('recovers the slope and intercept that generated the labels', () => {
    const { s, y } = miscalibrated(20_000, 1);
    const c = fitPlatt(s, y);
    if (c.method !== 'platt') throw new Error('expected platt');
    expect(c.a).toBeGreaterThan(1.85);
    expect(c.a).toBeLessThan(2.15);
    expect(c.b).toBeGreaterThan(-1.12);
    expect(c.b).toBeLessThan(-0.88);
  });
  it('lowers the calibration error on fresh data', () => {
    const train = miscalibrated(5_000, 2);
    const test = miscalibrated(5_000, 3);
    const c = fitPlatt(train.s, train.y);
    const before = expectedCalibrationError(test.y, test.s);
    const after = expectedCalibrationError(test.y, calibrateAll(c, test.s));
    expect(after).toBeLessThan(before / 2);
  });
  it('stays finite on separable data', () => {
    const c = fitPlatt([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]);
    expect(Number.isFinite(calibrate(c, 0.5))).toBe(true);
    expect(calibrate(c, 0.9)).toBeGreaterThan(calibrate(c, 0.1));
  });
});

describe('isotonic calibration', () => {
  it('pools adjacent violators (hand example)', () => {
    const c = fitIsotonic([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);
    expect(c).toEqual({ method: 'isotonic', x: [0.1, 0.25, 0.4], y: [0, 0.5, 1] });
    // Linear between block centres, clipped outside.
    expect(calibrate(c, 0.2)).toBeCloseTo((0.1 / 0.15) * 0.5, 12);
    expect(calibrate(c, 0)).toBe(0);
    expect(calibrate(c, 1)).toBe(1);
  });
  it('puts equal scores in one block', () => {
    const c = fitIsotonic([0.5, 0.5, 0.5, 0.9], [0, 1, 1, 1]);
    expect(c).toEqual({ method: 'isotonic', x: [0.5, 0.9], y: [2 / 3, 1] });
  });
  it('is monotone and close to the truth on synthetic data', () => {
    const { s, y } = miscalibrated(20_000, 4);
    const c = fitIsotonic(s, y);
    const grid = Array.from({ length: 101 }, (_, i) => 0.01 + (0.98 * i) / 100);
    const out = grid.map((g) => calibrate(c, g));
    for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThanOrEqual(out[i - 1]);
    for (const g of [0.2, 0.5, 0.8]) expect(Math.abs(calibrate(c, g) - sigmoid(2 * logit(g) - 1))).toBeLessThan(0.06);
  });
});

describe('Platt on saturated scores', () => {
  it('converges (no divergence of Newton’s step) when the raw scores sit at 0 and 1 and the classes overlap', () => {
    // 1,000 scores at 1 − 1e-9 (60% bots) and 1,000 at 1e-9 (30% bots): logits ≈ ±20.7.
    const scores: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 1000; i++) {
      scores.push(1 - 1e-9, 1e-9);
      y.push(i < 600 ? 1 : 0, i < 300 ? 1 : 0);
    }
    const c = fitPlatt(scores, y);
    if (c.method !== 'platt') throw new Error('not platt');
    expect(Number.isFinite(c.a) && Number.isFinite(c.b)).toBe(true);
    expect(Math.abs(c.a)).toBeLessThan(1);
    expect(calibrate(c, 1 - 1e-9)).toBeCloseTo(0.6, 2);
    expect(calibrate(c, 1e-9)).toBeCloseTo(0.3, 2);
  });
});
