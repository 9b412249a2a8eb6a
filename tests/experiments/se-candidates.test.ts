import { describe, expect, it } from 'vitest';
import type { SampledAccount } from '../../src/estimate/model-assisted.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bernoulliFloorSe, jackknifeEffectiveDf, keptCommand, readKeptInputs, replay, summarise, unweightedScaledSe, type KeptInputs } from '../../src/experiments/se-candidates.js';
import { labelsOnlyScaledSe } from '../../src/estimate/replicates.js';
import { UserError } from '../../src/util/errors.js';

describe('jackknifeEffectiveDf', () => {
  it('is n − 1 when every replicate deviates alike and 1 when one carries the variance', () => {
    const alike = Array.from({ length: 20 }, (_, r) => (r % 2 === 0 ? 1 : -1));
    expect(jackknifeEffectiveDf(alike)).toBeCloseTo(19, 9);
    const one = Array.from({ length: 20 }, (_, r) => (r === 3 ? 5 : 0));
    // deviations: 4.75 once, −0.25 nineteen times: (Σd²)²/Σd⁴ = 23.75² / (4.75⁴ + 19·0.25⁴)
    expect(jackknifeEffectiveDf(one)).toBeCloseTo(23.75 ** 2 / (4.75 ** 4 + 19 * 0.25 ** 4), 9);
    expect(jackknifeEffectiveDf(one)).toBeLessThan(1.2);
  });
});

describe('bernoulliFloorSe', () => {
  it('sums (1 − π)/π² w² f(1 − f) over the sampled accounts that are not take-all', () => {
    const pop = { weights: [10, 20, 30, 40], predictions: [0.5, 0.1, 0.9, 0.2] };
    const sample: SampledAccount[] = [
      { index: 0, label: 'bot', inclusionProbability: 0.5 },
      { index: 2, label: 'human', inclusionProbability: 1 },
      { index: 3, label: 'human', inclusionProbability: 0.8 },
    ];
    const v = ((1 - 0.5) / 0.25) * 100 * 0.25 + ((1 - 0.8) / 0.64) * 1600 * 0.16;
    expect(bernoulliFloorSe(pop, sample)).toBeCloseTo(Math.sqrt(v) / 100, 12);
  });
});

describe('unweightedScaledSe (candidate (d) as first measured)', () => {
  it('scales labels alone by the residual share over every label alike, and equals the shipped floor when the design weighs them alike', () => {
    const sample: SampledAccount[] = [0, 1, 2, 3].map((i) => ({ index: i, label: i < 2 ? 'bot' : 'human', inclusionProbability: 0.5 }));
    expect(unweightedScaledSe(2, sample, [1, 1, 0, 0])).toBeCloseTo(2 * Math.sqrt(0.5 / (5 * 0.25)), 12);
    expect(unweightedScaledSe(2, sample, [0, 0, 1, 1])).toBe(2);
    const predictions = [0.7, 0.9, 0.2, 0.4];
    expect(unweightedScaledSe(2, sample, predictions)).toBeCloseTo(labelsOnlyScaledSe(2, sample, { weights: [3, 3, 3, 3], predictions }), 12);
  });
});

describe('replay', () => {
  // A generated frame: 200 accounts, a tenth bots, a model right on every labeled account and wrong on two heavy unlabeled bots.
  const n = 200;
  const truth = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0) as 0 | 1);
  const tweets = Array.from({ length: n }, (_, i) => 1 + (i % 7));
  const predictions = truth.map((y, i) => (i === 10 || i === 20 ? 0 : y === 1 ? 0.9 : 0.02));
  // Every fifth account, shifted onto a bot every fourth draw (0, 30, 60, …; never 10 or 20).
  const drawn = Array.from({ length: 40 }, (_, j) => (j % 6 === 0 ? 5 * j : 5 * j + 1));
  const sample: SampledAccount[] = drawn.map((i) => ({ index: i, label: truth[i] === 1 ? 'bot' : 'human', inclusionProbability: 0.2 }));
  const r = 40;
  const lines = { a: Array.from({ length: r }, (_, k) => 0.1 + 0.001 * ((k % 3) - 1)), b: Array.from({ length: r }, () => 0.0) };
  let total = 0;
  let bots = 0;
  tweets.forEach((w, i) => ((total += w), (bots += w * truth[i])));
  const kept: KeptInputs = {
    name: 'seed-1-uniform',
    hashtag: 'x',
    tweets,
    predictions,
    inSamplePredictions: predictions,
    publicScore: predictions,
    truth,
    sample,
    exportModel: 'cross-fitted-logistic',
    lines: { tweets: lines, accounts: lines },
    planted: { tweets: bots / total, accounts: 0.1 },
  };
  it('gives every candidate a figure whose estimate lies inside its interval, and the floor never narrows the shipped interval', () => {
    const row = replay(kept, 'tweets');
    expect(row).not.toBeNull();
    const rowOf = row as NonNullable<typeof row>;
    for (const f of Object.values(rowOf.figures)) {
      expect(f.estimate).toBeGreaterThanOrEqual(f.ci95[0]);
      expect(f.estimate).toBeLessThanOrEqual(f.ci95[1]);
    }
    const w = (c: keyof typeof rowOf.figures) => rowOf.figures[c].ci95[1] - rowOf.figures[c].ci95[0];
    expect(w('bernoulli-floor')).toBeGreaterThanOrEqual(w('shipped') - 1e-12);
    // The model misses two unlabeled bots: the frame's model error is positive, the labeled accounts' residuals small.
    expect(rowOf.diagnosis.modelErrorPoints).toBeGreaterThan(0);
    expect(rowOf.diagnosis.mispredicted.frame).toBe(2);
    expect(rowOf.diagnosis.mispredicted.labeled).toBe(0);
    const s = summarise([rowOf]);
    expect(s.find((x) => x.unit === 'tweets' && x.candidate === 'shipped')?.corpora).toBe(1);
  });
});

describe('readKeptInputs', () => {
  it('names the file that is not the kept inputs, and reads the command that kept them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'se-candidates-'));
    try {
      mkdirSync(path.join(dir, 'seed-1-uniform'));
      writeFileSync(path.join(dir, 'seed-1-uniform', 'inputs.json'), '{"tweets": [1], "__proto__": {"x": 1}}');
      expect(() => readKeptInputs(dir)).toThrow(UserError);
      expect(() => readKeptInputs(dir)).toThrow(/seed-1-uniform.inputs\.json: not the estimator inputs/);
      expect(keptCommand(dir)).toBeNull();
      writeFileSync(path.join(dir, 'command.json'), '{"command": "node dist/experiments/main.js labeled-route --keep x --keep-inputs"}');
      expect(keptCommand(dir)).toContain('--keep-inputs');
      expect(() => readKeptInputs(path.join(dir, 'absent'))).toThrow(/no such folder/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
