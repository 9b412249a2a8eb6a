import { describe, expect, it } from 'vitest';
import { CROSS_FITTED_MODEL_ASSISTED, estimateLabeledShare, type SampledAccount } from '../../src/estimate/model-assisted.js';
import { jackknifeDesign, jackknifeFactors, jackknifeStandardError, replicateShare } from '../../src/estimate/replicates.js';
import { inclusionProbabilities, labelingOrder, sizeMeasures } from '../../src/estimate/sample-design.js';
import { makePopulation } from '../../src/experiments/labeled-population.js';

const pop = makePopulation(2000, 0.3, 7);
const pi = inclusionProbabilities(sizeMeasures(pop.frame), 100);
const weights = Float64Array.from(pop.frame, (a) => a.tweets);

function sampleOf(seed: number): SampledAccount[] {
  return labelingOrder(pop.frame, seed)
    .slice(0, 100)
    .map(({ index }) => ({ index, label: pop.isBot[index] ? 'bot' : 'human', inclusionProbability: pi[index] }));
}

function jackknifeSE(sample: readonly SampledAccount[], predictions: Float64Array): number {
  const design = jackknifeDesign(sample);
  const shares = design.units.map((_, r) => replicateShare({ weights, predictions }, sample, jackknifeFactors(sample, design, r), 1));
  return jackknifeStandardError(shares);
}

describe('delete-one jackknife with finite-population factors', () => {
  it('replicates only the accounts that are not take-all; a deleted unit keeps 1 − √(1 − π) of its weight', () => {
    const sample: SampledAccount[] = [
      { index: 0, label: 'bot', inclusionProbability: 1 },
      { index: 1, label: 'human', inclusionProbability: 0.75 },
      { index: 2, label: 'bot', inclusionProbability: 0.19 },
      { index: 3, label: 'unsure', inclusionProbability: 0.36 },
    ];
    const design = jackknifeDesign(sample);
    expect(design.units).toEqual([1, 2, 3]);
    const f = jackknifeFactors(sample, design, 1);
    expect(f[0]).toBe(1);
    expect(f[1]).toBeCloseTo(1 + 0.5 / 2, 12);
    expect(f[2]).toBeCloseTo(1 - 0.9, 12);
    expect(f[3]).toBeCloseTo(1 + 0.8 / 2, 12);
    // By hand: tweets 10, 4, 6, 2 (total 22) and predictions 0.5 for all; λ = 1;
    // residual terms: take-all 10·0.5/1, human 4·(−0.5)/0.75·1.25, bot 6·0.5/0.19·0.1, unsure none.
    const share = replicateShare({ weights: [10, 4, 6, 2], predictions: [0.5, 0.5, 0.5, 0.5] }, sample, f, 1);
    expect(share).toBeCloseTo((11 + 5 - (2 / 0.75) * 1.25 + (3 / 0.19) * 0.1) / 22, 12);
  });

  it('with the predictions held fixed, gives the design standard error (Rosén) within 5% on average over draws', () => {
    // A score with no signal: the residuals are the labels, so the variance is the design's.
    const predictions = Float64Array.from(pop.scores.useless);
    const ratios: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const sample = sampleOf(seed);
      const design = estimateLabeledShare({ weights, predictions }, sample, CROSS_FITTED_MODEL_ASSISTED).standardError;
      ratios.push(jackknifeSE(sample, predictions) / design);
    }
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(mean).toBeGreaterThan(0.95);
    expect(mean).toBeLessThan(1.05);
  });

  it('replicate shares average to the full-sample share when predictions are fixed (linear estimator)', () => {
    const sample = sampleOf(11);
    const predictions = Float64Array.from(pop.scores.good);
    const full = estimateLabeledShare({ weights, predictions }, sample, CROSS_FITTED_MODEL_ASSISTED).raw;
    const design = jackknifeDesign(sample);
    const shares = design.units.map((_, r) => replicateShare({ weights, predictions }, sample, jackknifeFactors(sample, design, r), 1));
    expect(shares.reduce((a, b) => a + b, 0) / shares.length).toBeCloseTo(full, 10);
  });
});
