import { describe, expect, it } from 'vitest';
import {
  censusSplitInterval,
  CROSS_FITTED_MODEL_ASSISTED,
  estimateLabeledShare,
  estimateLabelsOnlyShare,
  labelsNeeded,
  shareInterval,
  type DomainPopulation,
  type IntervalKind,
  type SampledAccount,
} from '../../src/estimate/model-assisted.js';
import { inclusionProbabilities, labelingOrder, sizeMeasures } from '../../src/estimate/sample-design.js';
import { createRandom } from '../../src/util/random.js';
import { makePopulation, mean, sd, trueShare, type Population, type ScoreKind } from '../../src/experiments/labeled-population.js';

const N = 2000;
const LABELS = 100;
const DRAWS = 400;
const pop = makePopulation(N, 0.3, 2023);
const sizes = sizeMeasures(pop.frame);
const pi = inclusionProbabilities(sizes, LABELS);

type DomainName = 'all tweets' | 'all accounts' | 'hashtag tweets' | 'hashtag accounts';
const DOMAINS: Record<DomainName, Float64Array> = {
  'all tweets': Float64Array.from(pop.frame, (a) => a.tweets),
  'all accounts': new Float64Array(N).fill(1),
  'hashtag tweets': pop.hashtagTweets,
  'hashtag accounts': Float64Array.from(pop.hashtagTweets, (t) => (t > 0 ? 1 : 0)),
};
const KINDS: ScoreKind[] = ['good', 'useless', 'inverted'];

/** The labeled prefix of draw `seed`, labeled by the truth (an oracle labeler). */
function sampleOf(p: Population, seed: number, n: number, piN: Float64Array): SampledAccount[] {
  return labelingOrder(p.frame, seed)
    .slice(0, n)
    .map(({ index }) => ({ index, label: p.isBot[index] ? 'bot' : 'human', inclusionProbability: piN[index] }));
}
const samples = Array.from({ length: DRAWS }, (_, d) => sampleOf(pop, 100 + d, LABELS, pi));

interface Run {
  errors: number[];
  covered: number;
  widths: number[];
  lambdas: number[];
}

const cache = new Map<string, Run>();
function run(kind: ScoreKind, domain: DomainName, method: 'ma' | 'lo', interval: IntervalKind): Run {
  const key = `${kind}|${domain}|${method}|${interval}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const population: DomainPopulation = { weights: DOMAINS[domain], predictions: pop.scores[kind] };
  const truth = trueShare(DOMAINS[domain], pop.isBot);
  const out: Run = { errors: [], covered: 0, widths: [], lambdas: [] };
  for (const sample of samples) {
    const e = method === 'ma' ? estimateLabeledShare(population, sample, { interval }) : estimateLabelsOnlyShare(population, sample, { interval });
    out.errors.push(e.raw - truth);
    out.widths.push(e.interval[1] - e.interval[0]);
    out.lambdas.push(e.lambda);
    if (e.interval[0] <= truth && truth <= e.interval[1]) out.covered++;
  }
  cache.set(key, out);
  return out;
}

describe('model-assisted share on a hand-sized example', () => {
  const population: DomainPopulation = { weights: [4, 1, 2, 3], predictions: [0.5, 0.2, 0.9, 0.1] };
  const sample: SampledAccount[] = [
    { index: 0, label: 'bot', inclusionProbability: 0.8 },
    { index: 3, label: 'human', inclusionProbability: 0.5 },
  ];

  it('is λ·Σ_U w f + Σ_s w (y − λ f)/π over Σ_U w', () => {
    const lambda = 0.5;
    const e = estimateLabeledShare(population, sample, { lambda });
    const modelTotal = 4 * 0.5 + 1 * 0.2 + 2 * 0.9 + 3 * 0.1;
    const residual = (4 * (1 - lambda * 0.5)) / 0.8 + (3 * (0 - lambda * 0.1)) / 0.5;
    expect(e.raw).toBeCloseTo((lambda * modelTotal + residual) / 10, 12);
    expect(e.lambda).toBe(lambda);
    expect(e.method).toBe('model-assisted');
    expect(estimateLabelsOnlyShare(population, sample).raw).toBeCloseTo(4 / 0.8 / 10, 12);
    expect(estimateLabelsOnlyShare(population, sample).method).toBe('labels-only');
  });

  it('gives the Rosén/Deville variance: n/(n−1)·Σ(1−π)(z/π − A)², take-alls left out', () => {
    const e = estimateLabelsOnlyShare(population, sample);
    const z = [4 / 0.8, 0];
    const c = [0.2, 0.5];
    const a = (c[0] * z[0] + c[1] * z[1]) / (c[0] + c[1]);
    const v = 2 * (c[0] * (z[0] - a) ** 2 + c[1] * (z[1] - a) ** 2);
    expect(e.standardError).toBeCloseTo(Math.sqrt(v) / 10, 12);
    const withTakeAll = estimateLabelsOnlyShare(population, [...sample, { index: 2, label: 'bot', inclusionProbability: 1 }]);
    expect(withTakeAll.standardError).toBeCloseTo(e.standardError, 12);
    expect(withTakeAll.raw).toBeCloseTo(e.raw + 2 / 10, 12);
  });

  it('flags a domain with few labels, and gives [0, 1] with none', () => {
    expect(estimateLabeledShare(population, sample).flags.map((f) => f.code)).toContain('few_labels');
    const none = estimateLabeledShare({ weights: [0, 1, 2, 0], predictions: population.predictions }, sample);
    expect(none.labeled).toBe(0);
    expect(none.interval).toEqual([0, 1]);
    expect(none.flags.map((f) => f.code)).toContain('no_labels_in_domain');
  });

  it('intervals: Korn–Graubard is asymmetric near 0, never zero width at a bound, [0, 1] below 2 labels', () => {
    const ctx = { kind: 'korn-graubard' as const, level: 0.95, labeled: 50, bots: 3 };
    const kg = shareInterval(0.06, 0.03, ctx).interval;
    expect(0.06 - kg[0]).toBeLessThan(kg[1] - 0.06);
    const t = shareInterval(0.06, 0.02, { ...ctx, kind: 't' });
    expect(t.interval[1] - 0.06).toBeCloseTo(0.06 - t.interval[0], 12);
    const q = (t.interval[1] - t.interval[0]) / (2 * 0.02);
    expect(q).toBeGreaterThan(2.0);
    expect(q).toBeLessThan(2.02);
    // Wholly below 0: shown from 0 with the width it had.
    const below = shareInterval(-0.2, 0.05, { ...ctx, kind: 't' });
    expect(below.clipped).toBe(true);
    expect(below.interval[0]).toBe(0);
    expect(below.interval[1]).toBeCloseTo(2 * q * 0.05, 12);
    // No bot among 20 labels: reaches the Clopper–Pearson bound for 0 of 20.
    const none = shareInterval(0, 0, { ...ctx, labeled: 20, bots: 0 }).interval;
    expect(none[0]).toBe(0);
    expect(none[1]).toBeCloseTo(1 - 0.025 ** (1 / 20), 12);
    expect(shareInterval(0.4, 0.1, { ...ctx, labeled: 1, bots: 1 }).interval).toEqual([0, 1]);
  });

  it('intervals: the take-all part is counted and the interval is the rest’s, shifted back', () => {
    const ctx = { kind: 'korn-graubard' as const, level: 0.95, labeled: 40, bots: 2 };
    // 100 units: 10 take-all (4 bots, counted), the rest's share estimated at 5% with SE 2%.
    const census = { weight: 10, bots: 4 };
    const raw = (4 + 90 * 0.05) / 100;
    const split = censusSplitInterval(raw, (0.02 * 90) / 100, 100, census, ctx).interval;
    const rest = shareInterval(0.05, 0.02, ctx).interval;
    expect(split[0]).toBeCloseTo((4 + 90 * rest[0]) / 100, 12);
    expect(split[1]).toBeCloseTo((4 + 90 * rest[1]) / 100, 12);
    // Korn–Graubard on the whole share would rest on the counted bots: a shorter interval.
    const whole = shareInterval(raw, (0.02 * 90) / 100, ctx).interval;
    expect(split[1] - split[0]).toBeGreaterThan(whole[1] - whole[0]);
    // No bot labeled outside the take-all part: the upper end reaches what 40 such labels cannot exclude.
    const none = censusSplitInterval(0.04, 0, 100, census, { ...ctx, bots: 0 }).interval;
    expect(none[0]).toBeCloseTo(0.04, 12);
    expect(none[1]).toBeCloseTo((4 + 90 * (1 - 0.025 ** (1 / 40))) / 100, 12);
    // Without a census it is shareInterval's.
    expect(censusSplitInterval(0.06, 0.03, 100, { weight: 0, bots: 0 }, ctx)).toEqual(shareInterval(0.06, 0.03, ctx));
  });

  it('a take-all bot and only humans drawn from the rest: the bot is counted, the interval reaches 0 bots to the bound in the rest, flagged', () => {
    const weights = [50, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const predictions = [0.9, 0.2, 0.1, 0.1, 0.3, 0.1, 0.1, 0.2, 0.1, 0.1];
    const drawn: SampledAccount[] = [
      { index: 0, label: 'bot', inclusionProbability: 1 },
      { index: 1, label: 'human', inclusionProbability: 0.4 },
      { index: 2, label: 'human', inclusionProbability: 0.4 },
      { index: 3, label: 'human', inclusionProbability: 0.4 },
    ];
    const e = estimateLabeledShare({ weights, predictions }, drawn, CROSS_FITTED_MODEL_ASSISTED);
    expect(e.interval[0]).toBeCloseTo(50 / 59, 12);
    // What 3 humans cannot exclude in the rest, (50 + 9 × 0.708)/59, is more than their own 3 tweets allow.
    expect((50 + 9 * (1 - 0.025 ** (1 / 3))) / 59).toBeGreaterThan(56 / 59);
    expect(e.interval[1]).toBeCloseTo(56 / 59, 12);
    expect(e.flags.map((f) => f.code)).toContain('single_class_outside_take_all');
  });

  it('rejects a sample outside the population, twice the same account, or π outside (0, 1]', () => {
    expect(() => estimateLabeledShare(population, [{ index: 4, label: 'bot', inclusionProbability: 0.5 }])).toThrow(/outside/);
    expect(() => estimateLabeledShare(population, [sample[0], sample[0]])).toThrow(/twice/);
    expect(() => estimateLabeledShare(population, [{ index: 1, label: 'bot', inclusionProbability: 0 }])).toThrow(/inclusion probability/);
    expect(() => estimateLabeledShare({ weights: [1, 1, 1, 1], predictions: [0, 1.2, 0, 0] }, sample)).toThrow(/prediction 1.2 is not in \[0, 1\]/);
    expect(() => estimateLabeledShare({ weights: [1, -1, 1, 1], predictions: [0, 0, 0, 0] }, sample)).toThrow(/weight -1/);
  });
});

describe(`model-assisted share over ${DRAWS} draws of ${LABELS} labels from ${N} accounts`, () => {
  it('is unbiased whatever the scores (mean error within 3 standard errors and below half a point)', () => {
    for (const kind of KINDS) {
      for (const domain of Object.keys(DOMAINS) as DomainName[]) {
        const { errors } = run(kind, domain, 'ma', 'korn-graubard');
        const bias = mean(errors);
        expect(Math.abs(bias), `${kind} / ${domain}`).toBeLessThan(3 * (sd(errors) / Math.sqrt(DRAWS)) + 0.002);
        expect(Math.abs(bias), `${kind} / ${domain}`).toBeLessThan(0.005);
      }
    }
  });

  it('95% intervals (Korn–Graubard, the default, and t) cover the truth at least 90% of the time, model-assisted and labels-only, good, useless and inverted scores', () => {
    for (const kind of KINDS) {
      for (const domain of Object.keys(DOMAINS) as DomainName[]) {
        for (const method of ['ma', 'lo'] as const) {
          for (const interval of ['korn-graubard', 't'] as const) {
            const { covered } = run(kind, domain, method, interval);
            expect(covered / DRAWS, `${kind} / ${domain} / ${method} / ${interval}`).toBeGreaterThanOrEqual(0.9);
          }
        }
      }
    }
  });

  it('Korn–Graubard intervals cover at least as often as t ones, at most 15% wider', () => {
    for (const kind of KINDS) {
      for (const domain of Object.keys(DOMAINS) as DomainName[]) {
        const kg = run(kind, domain, 'ma', 'korn-graubard');
        const t = run(kind, domain, 'ma', 't');
        expect(kg.covered, `${kind} / ${domain}`).toBeGreaterThanOrEqual(t.covered);
        expect(mean(kg.widths) / mean(t.widths), `${kind} / ${domain}`).toBeLessThan(1.15);
      }
    }
  });

  it('is narrower than labels-only with a good score, and not wider than labels-only by more than 5% with a useless or inverted one', () => {
    for (const domain of Object.keys(DOMAINS) as DomainName[]) {
      const ratio = (kind: ScoreKind): number => mean(run(kind, domain, 'ma', 'korn-graubard').widths) / mean(run(kind, domain, 'lo', 'korn-graubard').widths);
      expect(ratio('good'), domain).toBeLessThan(0.85);
      expect(ratio('useless'), domain).toBeLessThan(1.05);
      expect(ratio('inverted'), domain).toBeLessThan(1.05);
    }
    // Power tuning: λ near 1 for the good score, near 0 for the others.
    expect(mean(run('good', 'all accounts', 'ma', 'korn-graubard').lambdas)).toBeGreaterThan(0.6);
    expect(mean(run('inverted', 'all accounts', 'ma', 'korn-graubard').lambdas)).toBeLessThan(0.05);
  });

  it('bounds with the unsure counted as humans and as bots bracket the estimate', () => {
    const population: DomainPopulation = { weights: DOMAINS['all tweets'], predictions: pop.scores.good };
    const sample = samples[0].map((s, j) => (j % 9 === 4 ? { ...s, label: 'unsure' as const } : j % 13 === 6 ? { ...s, label: 'none' as const } : s));
    const e = estimateLabeledShare(population, sample);
    expect(e.notLabeled).toBe(sample.filter((s) => s.label === 'unsure' || s.label === 'none').length);
    expect(e.notLabeled).toBeGreaterThan(10);
    expect(e.bounds.unsureAsHuman.value).toBeLessThan(e.value);
    expect(e.value).toBeLessThan(e.bounds.unsureAsBot.value);
    expect(e.bounds.unsureAsHuman.interval[0]).toBeLessThanOrEqual(e.interval[0]);
    expect(e.bounds.unsureAsBot.interval[1]).toBeGreaterThanOrEqual(e.interval[1]);
    expect(e.flags.map((f) => f.code)).toContain('unsure_labels');
  });

  it('never gives a zero-width interval at 0 when every label is human', () => {
    const humansOnly = makePopulation(600, 0, 5);
    const piH = inclusionProbabilities(sizeMeasures(humansOnly.frame), 60);
    const sample = sampleOf(humansOnly, 1, 60, piH);
    const e = estimateLabeledShare({ weights: Float64Array.from(humansOnly.frame, (a) => a.tweets), predictions: humansOnly.scores.good }, sample);
    expect(e.interval[0]).toBe(0);
    expect(e.interval[1]).toBeGreaterThanOrEqual(1 - 0.025 ** (1 / 60));
    expect(e.flags.map((f) => f.code)).toContain('single_class_in_domain');
  });
});

describe('where bots are rare (8% of accounts), 400 draws of 100 labels', () => {
  const rare = makePopulation(N, 0.08, 2023);
  const piR = inclusionProbabilities(sizeMeasures(rare.frame), LABELS);
  const rareSamples = Array.from({ length: DRAWS }, (_, d) => sampleOf(rare, 900 + d, LABELS, piR));
  const domains: Record<string, Float64Array> = {
    'all tweets': Float64Array.from(rare.frame, (a) => a.tweets),
    'all accounts': new Float64Array(N).fill(1),
    'hashtag accounts': Float64Array.from(rare.hashtagTweets, (t) => (t > 0 ? 1 : 0)),
  };
  /** Coverage, and among the draws that miss, the share flagged as resting on few bots. */
  const coverage = (domain: string, interval: IntervalKind, lambda: 'tuned' | number = 'tuned'): { covered: number; missesFlagged: number } => {
    const truth = trueShare(domains[domain], rare.isBot);
    let covered = 0;
    let missesFlagged = 0;
    for (const sample of rareSamples) {
      const e = estimateLabeledShare({ weights: domains[domain], predictions: rare.scores.good }, sample, { interval, lambda });
      if (e.interval[0] <= truth && truth <= e.interval[1]) covered++;
      else if (e.flags.some((f) => f.code === 'few_of_a_class' || f.code === 'single_class_in_domain')) missesFlagged++;
    }
    return { covered: covered / DRAWS, missesFlagged: missesFlagged / Math.max(1, DRAWS - covered) };
  };

  it('covers at least 90% over all tweets and all accounts', () => {
    expect(coverage('all tweets', 'korn-graubard').covered).toBeGreaterThanOrEqual(0.9);
    expect(coverage('all accounts', 'korn-graubard').covered).toBeGreaterThanOrEqual(0.9);
  });

  it('on a hashtag with a handful of labeled bots covers less (the known limit, flagged few_of_a_class), and Korn–Graubard more than t', () => {
    const kg = coverage('hashtag accounts', 'korn-graubard');
    const t = coverage('hashtag accounts', 't');
    expect(kg.covered).toBeGreaterThan(t.covered);
    expect(kg.covered).toBeGreaterThanOrEqual(0.85);
    expect(kg.missesFlagged).toBeGreaterThan(0.75);
  });

  it('with λ = 1 (what report --labels uses) covers at least 90% on that hashtag too, and more than tuned', () => {
    const tuned = coverage('hashtag accounts', 'korn-graubard');
    const fixed = coverage('hashtag accounts', CROSS_FITTED_MODEL_ASSISTED.interval, CROSS_FITTED_MODEL_ASSISTED.lambda);
    expect(CROSS_FITTED_MODEL_ASSISTED.lambda).toBe(1);
    expect(fixed.covered).toBeGreaterThanOrEqual(0.9);
    expect(fixed.covered).toBeGreaterThan(tuned.covered);
  });
});

describe('labels needed for ±5 points, from the scores alone', () => {
  // A population whose score is calibrated (y ~ Bernoulli(s)): the planning model's assumption.
  const rng = createRandom(77);
  const base = makePopulation(4000, 0.3, 78);
  const scores = Float64Array.from(base.scores.good, (s) => 0.15 + 0.7 * s);
  const calibrated: Population = { ...base, isBot: Uint8Array.from(scores, (s) => (rng.uniform() < s ? 1 : 0)) };
  const weights = Float64Array.from(calibrated.frame, (a) => a.tweets);
  const sizesC = sizeMeasures(calibrated.frame);
  const needed = labelsNeeded(weights, scores, sizesC);

  it('gives an n whose realised half-width (default interval) is near 5 points, model-assisted and labels-only', () => {
    expect(needed.modelAssisted).toBeLessThan(needed.labelsOnly);
    for (const [n, lambda] of [
      [needed.modelAssisted, 'tuned'],
      [needed.labelsOnly, 0],
    ] as const) {
      const piN = inclusionProbabilities(sizesC, n);
      const halfWidths: number[] = [];
      for (let d = 0; d < 80; d++) {
        const e = estimateLabeledShare({ weights, predictions: scores }, sampleOf(calibrated, 500 + d, n, piN), { lambda });
        halfWidths.push((e.interval[1] - e.interval[0]) / 2);
      }
      expect(mean(halfWidths), `n = ${n}, λ = ${lambda}`).toBeGreaterThan(0.04);
      expect(mean(halfWidths), `n = ${n}, λ = ${lambda}`).toBeLessThan(0.06);
    }
  });
});
