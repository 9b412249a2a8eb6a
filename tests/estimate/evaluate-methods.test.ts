import { describe, expect, it } from 'vitest';
import { DEFAULT_METHOD } from '../../src/estimate/default-method.js';
import { buildCorpus, evaluateMethods, formatScores, plantedShares, truthOf } from '../../src/estimate/evaluate-methods.js';
import { ratesFromLabeledAccounts } from '../../src/model/rates.js';
import { syntheticPool } from '../../src/estimate/synthetic-scores.js';
import { createRandom } from '../../src/util/random.js';

describe('rates from labelled accounts', () => {
  it('measures TPR, FPR and mean scores on account scores (means of tweet scores)', () => {
    const r = ratesFromLabeledAccounts(
      [
        { label: 'bot', scores: [0.9, 0.7] },
        { label: 'bot', scores: [0.4] },
        { label: 'human', scores: [0.6, 0.2, 0.1] },
        { label: 'human', scores: [0.5] },
      ],
      0.5,
      'fixture',
    );
    expect(r.tpr).toBe(0.5);
    expect(r.fpr).toBe(0.5);
    expect(r.meanScoreBot).toBeCloseTo(0.6, 12);
    expect(r.meanScoreHuman).toBeCloseTo(0.4, 12);
    expect(r.support).toEqual({ bots: 2, humans: 2 });
    expect(r.curve).toHaveLength(19);
  });

  it('also counts them over tweets, with the effective number of accounts behind them', () => {
    const t = ratesFromLabeledAccounts(
      [
        { label: 'bot', scores: [0.9, 0.7] },
        { label: 'bot', scores: [0.4] },
        { label: 'human', scores: [0.6, 0.2, 0.1] },
        { label: 'human', scores: [0.5] },
      ],
      0.5,
      'fixture',
    ).tweetLevel!;
    expect(t.tpr).toBeCloseTo(2 / 3, 12);
    expect(t.fpr).toBe(0.5);
    expect(t.meanScoreBot).toBeCloseTo(2 / 3, 12);
    expect(t.meanScoreHuman).toBeCloseTo(0.35, 12);
    expect(t.support!.bots).toBeCloseTo(9 / 5, 12); // (2+1)² / (2²+1²)
    expect(t.support!.humans).toBeCloseTo(16 / 10, 12);
  });

  it('refuses a pool with one class only', () => {
    expect(() => ratesFromLabeledAccounts([{ label: 'bot', scores: [0.9] }], 0.5, 'x')).toThrow(/both classes/);
  });
});

describe('ground-truth corpora', () => {
  const pool = syntheticPool({ bots: 400, humans: 1500, seed: 5 });
  const split = { bots: pool.filter((a) => a.label === 'bot'), humans: pool.filter((a) => a.label === 'human') };

  it('plant the requested share of tweets, from distinct accounts', () => {
    for (const planted of [0.05, 0.3, 0.7]) {
      const corpus = buildCorpus(split, planted, 2000, createRandom(1));
      expect(new Set(corpus).size).toBe(corpus.length);
      expect(Math.abs(truthOf(corpus).tweets - planted)).toBeLessThan(0.03);
    }
  });

  it('refuse to reuse accounts when the pool is too small', () => {
    expect(() => buildCorpus(split, 0.7, 100_000, createRandom(1))).toThrow(/pool holds only/);
  });
});

describe('evaluateMethods on synthetic scores (bots ~ Beta(5,2), humans ~ Beta(2,5))', () => {
  // 24 corpora of ~20,000 tweets, planted tweet shares 5%…70%, drawn from accounts that the
  // rates were not measured on. The methods never see the labels.
  const pool = syntheticPool({ bots: 3000, humans: 14_000, seed: 7 });
  const result = evaluateMethods(pool, {
    shares: plantedShares(24),
    tweetsPerCorpus: 20_000,
    threshold: 0.5,
    seed: 11,
    bootstrap: { replicates: 400, seed: 3 },
  });
  const score = (unit: 'tweets' | 'accounts', method: string) =>
    result.scores.find((s) => s.unit === unit && s.method === method)!;

  it('prints its evidence', () => {
    console.log(formatScores(result));
    expect(result.corpora).toHaveLength(24);
    expect(result.rates.source).toMatch(/calibration part/);
  });

  it('the default method errs by ≤ 3 points on average and its 95% interval covers the truth in ≥ 90% of corpora', () => {
    const d = score('tweets', DEFAULT_METHOD);
    expect(d.mae).toBeLessThanOrEqual(0.03);
    expect(d.covered).toBeGreaterThanOrEqual(22);
    const a = score('accounts', DEFAULT_METHOD);
    expect(a.mae).toBeLessThanOrEqual(0.03);
    expect(a.covered).toBeGreaterThanOrEqual(22);
  });

  it('the corrections beat classify-and-count measurably', () => {
    for (const unit of ['tweets', 'accounts'] as const) {
      const ccMae = score(unit, 'cc').mae;
      expect(score(unit, 'acc').mae).toBeLessThan(ccMae - 0.02);
      expect(score(unit, 'pacc').mae).toBeLessThan(ccMae - 0.02);
    }
    // A thresholded count over-states a small bot share: the false-positive problem.
    const smallest = result.corpora[0];
    expect(smallest.figures.tweets.cc!.estimate - smallest.truth.tweets).toBeGreaterThan(0.05);
  });

  it('picks a corrected method as best', () => {
    expect(['acc', 'pacc']).toContain(result.best.tweets);
    expect(['acc', 'pacc']).toContain(result.best.accounts);
  });
});

describe('evaluateMethods when busier accounts score higher (activity tilted by score)', () => {
  // Within each class, an account's expected number of tweets grows with its score, as it
  // does when the model uses posting rate as a feature. Account-level rates then misjudge
  // tweet shares; tweet-level rates do not.
  const pool = syntheticPool({ bots: 3000, humans: 30_000, seed: 21, activityTilt: 3 });
  const options = {
    shares: plantedShares(24),
    tweetsPerCorpus: 20_000,
    threshold: 0.5,
    seed: 5,
    bootstrap: { replicates: 300, seed: 2 },
  };
  const withTweetRates = evaluateMethods(pool, options);
  const accountRatesOnly = evaluateMethods(pool, { ...options, tweetLevelRates: false });
  const mae = (r: typeof withTweetRates, method: string) => r.scores.find((s) => s.unit === 'tweets' && s.method === method)!;

  it('tweet-level rates keep the default within 3 points and its interval honest', () => {
    console.log(formatScores(withTweetRates));
    const d = mae(withTweetRates, DEFAULT_METHOD);
    expect(d.mae).toBeLessThanOrEqual(0.03);
    expect(d.covered).toBeGreaterThanOrEqual(22);
  });

  it('account-level rates alone over-state the tweet share of bots', () => {
    console.log(formatScores(accountRatesOnly));
    for (const m of ['acc', 'pacc']) {
      expect(mae(accountRatesOnly, m).bias).toBeGreaterThan(0.05);
      expect(mae(accountRatesOnly, m).mae).toBeGreaterThan(mae(withTweetRates, m).mae + 0.04);
    }
  });
});
