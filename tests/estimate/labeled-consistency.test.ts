/**
 * What every labeled estimate must respect, whatever the predictions (issue 23): the estimate
 * lies inside its own interval, and both lie within what the sample proves — the labeled
 * take-all accounts (π = 1) are a census, so their bots' weight over the total is a floor and
 * one minus their humans' weight over the total a ceiling.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CROSS_FITTED_MODEL_ASSISTED,
  estimateLabeledShare,
  estimateLabelsOnlyShare,
  type DomainPopulation,
  type LabeledShareEstimate,
  type SampledAccount,
  type SampleLabel,
} from '../../src/estimate/model-assisted.js';

/**
 * The census floor and ceiling of a domain: labeled take-all bots' and humans' weight; with
 * `takeAllOnly` false, every labeled account's (its own label is known whatever its π).
 */
function censusLimits(pop: DomainPopulation, sample: readonly SampledAccount[], takeAllOnly = true): [number, number] {
  let total = 0;
  for (let i = 0; i < pop.weights.length; i++) total += pop.weights[i];
  let bots = 0;
  let humans = 0;
  for (const s of sample) {
    if (s.inclusionProbability < 1 && takeAllOnly) continue;
    if (s.label === 'bot') bots += pop.weights[s.index];
    if (s.label === 'human') humans += pop.weights[s.index];
  }
  return [bots / total, 1 - humans / total];
}

const EPS = 1e-12;

function expectConsistent(e: LabeledShareEstimate, limits: [number, number], what: string): void {
  const [floor, ceiling] = limits;
  for (const [name, f] of [
    ['estimate', { value: e.value, interval: e.interval }],
    ['unsure as human', e.bounds.unsureAsHuman],
    ['unsure as bot', e.bounds.unsureAsBot],
  ] as const) {
    expect(f.interval[0], `${what}: ${name} lower ≤ estimate`).toBeLessThanOrEqual(f.value + EPS);
    expect(f.value, `${what}: ${name} estimate ≤ upper`).toBeLessThanOrEqual(f.interval[1] + EPS);
    expect(f.interval[0], `${what}: ${name} lower ≥ census floor`).toBeGreaterThanOrEqual(floor - EPS);
    expect(f.interval[1], `${what}: ${name} upper ≤ census ceiling`).toBeLessThanOrEqual(ceiling + EPS);
    expect(f.interval[0], `${what}: ${name} in [0, 1]`).toBeGreaterThanOrEqual(0);
    expect(f.interval[1], `${what}: ${name} in [0, 1]`).toBeLessThanOrEqual(1);
  }
}

/** Zero-seen Clopper–Pearson bound for n labels of one class. */
const zeroSeen = (n: number): number => 1 - 0.025 ** (1 / n);

describe('a take-all bot and every other labeled account human', () => {
  // One heavy account (π = 1, a bot) carries 20 of 120 tweets; 20 others 5 tweets each. The
  // model thinks every other account is a bot (0.9): the difference estimator's rest goes far
  // below 0, which once gave "0.0% [15.2%, 98.3%]".
  const weights = [20, ...Array.from({ length: 20 }, () => 5)];
  const predictions = [0.9, ...Array.from({ length: 20 }, () => 0.9)];
  const sample: SampledAccount[] = [
    { index: 0, label: 'bot', inclusionProbability: 1 },
    ...Array.from({ length: 8 }, (_, j) => ({ index: 1 + j, label: 'human' as const, inclusionProbability: 0.4 })),
  ];
  const pop = { weights, predictions };

  it('the estimate is the counted bot plus the rest brought to what its 8 human labels allow; the interval is [floor, the single-class bound on the rest]', () => {
    const e = estimateLabeledShare(pop, sample, CROSS_FITTED_MODEL_ASSISTED);
    // Rest: 100 tweets, model total 90, residuals 8 × 5 × (0 − 0.9)/0.4 = −90: the rest's raw share is 0.
    expect(e.raw).toBeCloseTo(20 / 120, 12);
    expect(e.value).toBeCloseTo(20 / 120, 12);
    expect(e.interval[0]).toBeCloseTo(20 / 120, 12);
    expect(e.interval[1]).toBeCloseTo((20 + 100 * zeroSeen(8)) / 120, 12);
    expect(e.flags.map((f) => f.code)).toContain('single_class_outside_take_all');
    // Labels only: the same interval, and the estimate the counted bot.
    const lo = estimateLabelsOnlyShare(pop, sample);
    expect(lo.interval).toEqual(e.interval);
    expect(lo.value).toBeCloseTo(20 / 120, 12);
  });

  it('a model that overpredicts harder (rest far below 0) still gives the floor, not 0, and no upper end beyond the single-class bound', () => {
    const heavy = { weights, predictions: [0.9, ...Array.from({ length: 20 }, (_, j) => (j < 8 ? 1 : 0.05))] };
    const e = estimateLabeledShare(heavy, sample, CROSS_FITTED_MODEL_ASSISTED);
    // Rest: model total 8·5 + 12·5·0.05 = 43; residuals 8·5·(0 − 1)/0.4 = −100: raw rest −0.57.
    expect(e.raw).toBeCloseTo((20 + 43 - 100) / 120, 12);
    expect(e.value).toBeCloseTo(20 / 120, 12);
    expect(e.interval[0]).toBeCloseTo(20 / 120, 12);
    expect(e.interval[1]).toBeCloseTo((20 + 100 * zeroSeen(8)) / 120, 12);
  });

  it('with the rest all human and no take-all, the share is [0, the bound]; the estimate inside it', () => {
    const rest = sample.slice(1);
    const e = estimateLabeledShare({ weights, predictions: Array.from(weights, () => 0.6) }, rest, CROSS_FITTED_MODEL_ASSISTED);
    // 120 tweets, model 72; residuals 8 × 5 × (−0.6)/0.4 = −60: raw 0.1, within the bound of 8 humans (0.369).
    expect(e.raw).toBeCloseTo(0.1, 12);
    expect(e.value).toBeCloseTo(0.1, 12);
    expect(e.interval[0]).toBe(0);
    expect(e.interval[1]).toBeCloseTo(zeroSeen(8), 12);
    expect(e.flags.map((f) => f.code)).toContain('single_class_in_domain');
  });

  it('a model far above what 8 human labels allow is brought down to the bound', () => {
    const rest = sample.slice(1);
    // Predictions 0.95 where unlabeled, 0.05 on the labeled: raw = (12·5·0.95 + 8·5·0.05 − 8·5·0.05/0.4)/120.
    const predictions = weights.map((_, i) => (i >= 1 && i <= 8 ? 0.05 : 0.95));
    const e = estimateLabeledShare({ weights, predictions }, rest, CROSS_FITTED_MODEL_ASSISTED);
    expect(e.raw).toBeCloseTo((12 * 5 * 0.95 + 20 * 0.95 + 8 * 5 * 0.05 - (8 * 5 * 0.05) / 0.4) / 120, 12);
    expect(e.raw).toBeGreaterThan(zeroSeen(8));
    expect(e.value).toBeCloseTo(zeroSeen(8), 12);
    expect(e.interval[0]).toBe(0);
    expect(e.interval[1]).toBeCloseTo(zeroSeen(8), 12);
  });
});

describe('one labeled account in a domain', () => {
  it('without a take-all part: from its own weight (a labeled bot is a bot whatever π) to 1, the estimate inside', () => {
    const e = estimateLabeledShare({ weights: [3, 1, 1, 1], predictions: [0.2, 0.2, 0.9, 0.9] }, [{ index: 1, label: 'bot', inclusionProbability: 0.3 }], CROSS_FITTED_MODEL_ASSISTED);
    expect(e.labeled).toBe(1);
    expect(e.interval).toEqual([1 / 6, 1]);
    // 0.2·3 + 0.2 + 1.8 + (1 − 0.2)/0.3 = 5.267 of 6 tweets.
    expect(e.raw).toBeCloseTo((0.6 + 0.2 + 1.8 + 0.8 / 0.3) / 6, 12);
    expect(e.value).toBeCloseTo(e.raw, 12);
  });

  it('a labeled take-all human and nothing else labeled: from 0 to the ceiling', () => {
    const e = estimateLabeledShare({ weights: [3, 1, 1, 1], predictions: [0.5, 0.5, 0.5, 0.5] }, [{ index: 0, label: 'human', inclusionProbability: 1 }], CROSS_FITTED_MODEL_ASSISTED);
    expect(e.interval).toEqual([0, 0.5]);
    expect(e.value).toBeCloseTo(0.25, 12);
  });

  it('only take-all accounts in the domain, all labeled: counted exactly', () => {
    const e = estimateLabeledShare({ weights: [3, 1], predictions: [0.1, 0.1] }, [
      { index: 0, label: 'bot', inclusionProbability: 1 },
      { index: 1, label: 'human', inclusionProbability: 1 },
    ]);
    expect(e.value).toBeCloseTo(0.75, 12);
    expect(e.interval).toEqual([0.75, 0.75]);
  });
});

describe('every label the same', () => {
  const weights = Array.from({ length: 30 }, (_, i) => 1 + (i % 4));
  const predictions = weights.map((_, i) => (i % 3) / 3);
  const drawn = (label: SampleLabel): SampledAccount[] => Array.from({ length: 12 }, (_, j) => ({ index: 2 * j, label, inclusionProbability: 0.4 }));

  it('all human: [0, the zero-seen bound], model-assisted as labels only', () => {
    for (const lambda of [1, 'tuned', 0] as const) {
      const e = estimateLabeledShare({ weights, predictions }, drawn('human'), { lambda });
      expect(e.interval[0], `λ ${lambda}`).toBe(0);
      expect(e.interval[1], `λ ${lambda}`).toBeCloseTo(zeroSeen(12), 12);
      expect(e.value).toBeGreaterThanOrEqual(0);
      expect(e.value).toBeLessThanOrEqual(zeroSeen(12));
    }
  });

  it('all bot: [1 − the bound, 1]', () => {
    for (const lambda of [1, 'tuned', 0] as const) {
      const e = estimateLabeledShare({ weights, predictions }, drawn('bot'), { lambda });
      expect(e.interval[0], `λ ${lambda}`).toBeCloseTo(1 - zeroSeen(12), 12);
      expect(e.interval[1]).toBe(1);
      expect(e.value).toBeGreaterThanOrEqual(e.interval[0]);
    }
  });
});

describe('on generated samples (property)', () => {
  const account = fc.record({
    weight: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })),
    prediction: fc.double({ min: 0, max: 1, noNaN: true }),
    drawn: fc.boolean(),
    pi: fc.oneof(fc.constant(1), fc.double({ min: 0.01, max: 0.99, noNaN: true })),
    label: fc.constantFrom<SampleLabel>('bot', 'human', 'bot', 'human', 'unsure', 'none'),
  });
  const options = fc.record({
    lambda: fc.oneof(fc.constant<'tuned'>('tuned'), fc.double({ min: 0, max: 1, noNaN: true })),
    interval: fc.constantFrom('korn-graubard' as const, 't' as const, 'normal' as const),
  });

  it('the estimate lies inside its interval, and both within what the labels prove — every labeled bot a floor, every labeled human a ceiling (and so do the unsure bounds)', () => {
    fc.assert(
      fc.property(
        fc.array(account, { minLength: 1, maxLength: 60 }),
        options,
        fc.option(fc.double({ min: 0, max: 0.5, noNaN: true })),
        (accounts, opts, replicateSE) => {
          fc.pre(accounts.some((a) => a.weight > 0));
          const pop = { weights: accounts.map((a) => a.weight), predictions: accounts.map((a) => a.prediction) };
          const sample: SampledAccount[] = accounts.flatMap((a, index) => (a.drawn ? [{ index, label: a.label, inclusionProbability: a.pi }] : []));
          const limits = censusLimits(pop, sample, false);
          expectConsistent(estimateLabeledShare(pop, sample, opts, replicateSE ?? undefined), limits, 'model-assisted');
          expectConsistent(estimateLabelsOnlyShare(pop, sample, opts), limits, 'labels only');
        },
      ),
      { numRuns: 3000, seed: 23 },
    );
  });
});
