import { describe, expect, it } from 'vitest';
import { ShareAccumulator } from '../../src/estimate/accumulator.js';
import { accountUnits, bootstrapReplicates, hashSeed, percentileInterval, POISSON_FROM, sampleStats, type AccountUnits } from '../../src/estimate/bootstrap.js';
import { DEFAULT_METHOD, DEFAULT_METHODS } from '../../src/estimate/default-method.js';
import { estimateCorpus, estimateSeries, headlineMethod } from '../../src/estimate/estimate-shares.js';
import { acc, cc, METHODS, pacc, pcc, ratesForUnit } from '../../src/estimate/methods.js';
import { ratesAt, sensitivityCurve } from '../../src/estimate/sensitivity.js';
import type { ClassifierRates } from '../../src/model/rates.js';
import type { ScoredTweet } from '../../src/estimate/types.js';

const t0 = Date.UTC(2020, 2, 11);
const rates: ClassifierRates = {
  threshold: 0.5,
  tpr: 0.9,
  fpr: 0.1,
  source: 'test card',
  meanScoreBot: 0.8,
  meanScoreHuman: 0.2,
};

/** Accounts given as [tweets, score of each tweet]. */
function accumulate(accounts: [number, number][], hashtag = 'h', threshold = 0.5): ShareAccumulator {
  const acc = new ShareAccumulator({ threshold });
  accounts.forEach(([n, score], a) => {
    for (let t = 0; t < n; t++) {
      const tw: ScoredTweet = { id: `${a}.${t}`, userId: `u${a}`, createdAt: t0 + t * 3_600_000, hashtags: [hashtag], kind: 'original', score };
      acc.add(tw);
    }
  });
  return acc;
}

describe('estimateSeries', () => {
  // 4 accounts: two bots-looking (10 tweets at 0.9, 5 at 0.7), two humans-looking (1 at 0.1, 4 at 0.3).
  const four = accumulate([
    [10, 0.9],
    [5, 0.7],
    [1, 0.1],
    [4, 0.3],
  ]);
  const est = estimateSeries(four.overall, rates, '', { bootstrap: { replicates: 200, seed: 1 } });

  it('computes every method on tweets and on accounts', () => {
    const t = est.figures.tweets;
    expect(t.cc?.estimate).toBeCloseTo(15 / 20, 12);
    expect(t.pcc?.estimate).toBeCloseTo((9 + 3.5 + 0.1 + 1.2) / 20, 12);
    expect(t.acc?.estimate).toBeCloseTo((0.75 - 0.1) / 0.8, 12);
    expect(t.pacc?.estimate).toBeCloseTo((13.8 / 20 - 0.2) / 0.6, 12);
    const a = est.figures.accounts;
    expect(a.cc?.estimate).toBe(0.5);
    expect(a.pcc?.estimate).toBeCloseTo(0.5, 12);
    expect(a.acc?.estimate).toBeCloseTo(0.5, 12);
    expect(a.pacc?.estimate).toBeCloseTo(0.5, 12);
  });

  it('names the method of every figure, and heads with the default (corrected) one', () => {
    for (const unit of ['tweets', 'accounts'] as const) {
      for (const [name, fig] of Object.entries(est.figures[unit])) {
        expect(fig?.method).toBe(name);
        expect(fig?.unit).toBe(unit);
      }
      expect(est.headline[unit]?.method).toBe(DEFAULT_METHODS[unit]);
      expect(['acc', 'pacc']).toContain(DEFAULT_METHODS[unit]);
    }
    expect(DEFAULT_METHOD).toBe(DEFAULT_METHODS.tweets);
  });

  it('flags a series with few accounts', () => {
    expect(est.flags.map((f) => f.code)).toContain('few_accounts');
  });

  it('gives intervals that contain the point estimate on a plain sample', () => {
    for (const fig of Object.values(est.figures.tweets)) {
      expect(fig?.ci95).not.toBeNull();
      const [lo, hi] = fig!.ci95!;
      expect(lo).toBeLessThanOrEqual(fig!.estimate + 1e-12);
      expect(hi).toBeGreaterThanOrEqual(fig!.estimate - 1e-12);
    }
  });

  it('builds a daily series whose bot and human tweets add up to the day', () => {
    const days = est.daily;
    expect(days.map((d) => d.date)).toEqual(['2020-03-11']);
    expect(days[0].tweets).toBe(20);
    expect(days[0].botTweets.cc).toBe(15);
    expect(days[0].botTweets.pcc).toBeCloseTo(13.8, 9);
  });

  it('bins the score distribution of tweets and accounts', () => {
    const bins = est.scoreDistribution;
    expect(bins).toHaveLength(20);
    expect(bins.reduce((s, b) => s + b.tweets, 0)).toBe(20);
    expect(bins.reduce((s, b) => s + b.accounts, 0)).toBe(4);
    expect(bins[18]).toMatchObject({ from: 0.9, tweets: 10, accounts: 1 });
    expect(bins[2]).toMatchObject({ tweets: 1, accounts: 1 });
  });

  it('flags a clipped correction', () => {
    const humansOnly = accumulate(Array.from({ length: 40 }, () => [2, 0.05] as [number, number]));
    const e = estimateSeries(humansOnly.overall, rates, '', { bootstrap: { replicates: 50, seed: 1 } });
    expect(e.figures.tweets.acc?.estimate).toBe(0);
    expect(e.figures.tweets.acc?.raw).toBeCloseTo(-0.125, 12);
    expect(e.flags.filter((f) => f.code === 'clipped').map((f) => `${f.method}/${f.unit}`)).toContain('acc/tweets');
    expect(e.flags.map((f) => f.code)).not.toContain('few_accounts');
  });
});

describe('tweet-level rates', () => {
  const mixed = accumulate(Array.from({ length: 40 }, (_, i) => [i % 4 === 0 ? 8 : 1, i % 4 === 0 ? 0.9 : 0.2] as [number, number]));
  const withTweets: ClassifierRates = { ...rates, tweetLevel: { tpr: 0.8, fpr: 0.05, meanScoreBot: 0.85, meanScoreHuman: 0.15 } };

  it('correct tweet shares, while account shares keep the account rates', () => {
    const e = estimateSeries(mixed.overall, withTweets, '', { bootstrap: { replicates: 50, seed: 1 } });
    // Tweets: 10 accounts × 8 at 0.9 and 30 × 1 at 0.2 → CC = 80/110.
    expect(e.figures.tweets.acc?.estimate).toBeCloseTo((80 / 110 - 0.05) / 0.75, 12);
    expect(e.figures.accounts.acc?.estimate).toBeCloseTo((10 / 40 - 0.1) / 0.8, 12);
    expect(e.figures.tweets.pacc?.estimate).toBeCloseTo(((80 * 0.9 + 30 * 0.2) / 110 - 0.15) / 0.7, 12);
  });

  it('are never mixed field by field with the account rates', () => {
    const partial: ClassifierRates = { ...rates, tweetLevel: { tpr: 0.8, fpr: 0.05 } };
    expect(ratesForUnit(partial, 'tweets').meanScoreBot).toBeUndefined();
    expect(ratesForUnit(partial, 'accounts')).toBe(partial);
    const corpus = estimateCorpus(mixed, partial, { bootstrap: { replicates: 20, seed: 1 } });
    expect(corpus.method).toBe('acc');
    expect(corpus.flags.find((f) => f.method === 'pacc')?.message).toMatch(/mean scores.*\(tweets\)/);
  });

  it('are asked for when missing', () => {
    const without = estimateCorpus(mixed, rates, { bootstrap: { replicates: 20, seed: 1 } });
    expect(without.flags.map((f) => f.code)).toContain('account_rates_on_tweets');
    const withThem = estimateCorpus(mixed, withTweets, { bootstrap: { replicates: 20, seed: 1 } });
    expect(withThem.flags.map((f) => f.code)).not.toContain('account_rates_on_tweets');
  });
});

describe('headline method', () => {
  it('never falls back to an uncorrected method', () => {
    expect(headlineMethod([cc, pcc, acc])).toBe('acc');
    expect(headlineMethod([cc, pcc])).toBeUndefined();
    expect(headlineMethod([cc, pcc, acc, pacc], 'cc')).toBe('cc'); // asked for explicitly
  });

  it('gives no headline (and says why) when no correction can run', () => {
    const weak: ClassifierRates = { threshold: 0.5, tpr: 0.5, fpr: 0.49, source: 'weak' };
    const acc2 = accumulate([
      [3, 0.6],
      [2, 0.4],
    ]);
    const corpus = estimateCorpus(acc2, weak, { bootstrap: { replicates: 20, seed: 1 } });
    expect(corpus.method).toBeUndefined();
    expect(corpus.overall.headline.tweets).toBeNull();
    expect(corpus.overall.flags.map((f) => f.code)).toContain('no_corrected_estimate');
    expect(corpus.flags.map((f) => `${f.code}:${f.method}`)).toEqual(
      expect.arrayContaining(['unstable_correction:acc', 'method_unavailable:acc', 'method_unavailable:pacc']),
    );
  });
});

describe('bootstrap over accounts', () => {
  const sixty = accumulate(Array.from({ length: 60 }, (_, i) => [1 + (i % 5), i % 3 === 0 ? 0.85 : 0.15] as [number, number]));
  const units = accountUnits(sixty.overall.columns(), 0.5);
  const methods = Object.values(METHODS);

  it('is reproducible from its seed and depends on it', () => {
    const a = bootstrapReplicates(units, rates, methods, { replicates: 100, seed: 7 }, 'k');
    const b = bootstrapReplicates(units, rates, methods, { replicates: 100, seed: 7 }, 'k');
    const c = bootstrapReplicates(units, rates, methods, { replicates: 100, seed: 8 }, 'k');
    expect([...a.tweets.acc!]).toEqual([...b.tweets.acc!]);
    expect([...a.tweets.acc!]).not.toEqual([...c.tweets.acc!]);
    expect(hashSeed(7, '#a')).not.toBe(hashSeed(7, '#b'));
  });

  it('resamples whole accounts: identical accounts give a zero-width interval', () => {
    const same = accumulate(Array.from({ length: 30 }, () => [4, 0.9] as [number, number]));
    const u = accountUnits(same.overall.columns(), 0.5);
    const reps = bootstrapReplicates(u, rates, [cc], { replicates: 50, seed: 1 }, '');
    expect(percentileInterval(reps.tweets.cc!)).toEqual([1, 1]);
  });

  it('from POISSON_FROM accounts on (Poisson bootstrap), gives the binomial width and centre of a share of accounts', () => {
    // k accounts, 30% of them above the threshold, one tweet each: the 95% interval of cc on
    // accounts should be about p ± 1.96·sqrt(p(1−p)/k).
    const k = 2 * POISSON_FROM;
    const above = Float64Array.from({ length: k }, (_, i) => (i % 10 < 3 ? 1 : 0));
    const big: AccountUnits = {
      tweets: new Float64Array(k).fill(1),
      tweetAbove: above,
      tweetScoreSum: Float64Array.from(above, (x) => (x ? 0.9 : 0.1)),
      meanScore: Float64Array.from(above, (x) => (x ? 0.9 : 0.1)),
      accountAbove: above,
    };
    const reps = bootstrapReplicates(big, rates, [cc], { replicates: 1000, seed: 4 }, '');
    const [lo, hi] = percentileInterval(reps.accounts.cc!)!;
    const se = Math.sqrt((0.3 * 0.7) / k);
    expect((lo + hi) / 2).toBeCloseTo(0.3, 2);
    expect(hi - lo).toBeGreaterThan(0.85 * 3.92 * se);
    expect(hi - lo).toBeLessThan(1.15 * 3.92 * se);
    const [tlo, thi] = percentileInterval(reps.tweets.cc!)!;
    expect(thi - tlo).toBeCloseTo(hi - lo, 2);
  });

  it('widens when the rates carry their (small) validation sample', () => {
    const fixed = bootstrapReplicates(units, rates, [acc], { replicates: 400, seed: 3 }, '');
    const uncertain = bootstrapReplicates(
      units,
      { ...rates, support: { bots: 20, humans: 20 } },
      [acc],
      { replicates: 400, seed: 3 },
      '',
    );
    const width = (r: Float64Array): number => {
      const [lo, hi] = percentileInterval(r)!;
      return hi - lo;
    };
    expect(width(uncertain.tweets.acc!)).toBeGreaterThan(1.3 * width(fixed.tweets.acc!));
  });

  it('takes percentiles by linear interpolation', () => {
    const xs = Float64Array.from({ length: 101 }, (_, i) => i / 100);
    const [lo, hi] = percentileInterval(xs)!;
    expect(lo).toBeCloseTo(0.025, 12);
    expect(hi).toBeCloseTo(0.975, 12);
    expect(percentileInterval(Float64Array.from([Number.NaN]))).toBeUndefined();
  });

  it('has sample statistics that match the columns', () => {
    const s = sampleStats(units);
    expect(s.accounts.total).toBe(60);
    expect(s.tweets.total).toBe(sixty.tweets);
    expect(s.accounts.above).toBe(20);
  });
});

describe('threshold sensitivity', () => {
  it('traces the count from 0.05 to 0.95 on tweets and accounts', () => {
    const a = accumulate([
      [3, 0.07],
      [1, 0.5],
      [2, 0.93],
    ]);
    const units = accountUnits(a.overall.columns(), 0.5);
    const curve = sensitivityCurve(a.overall.histogram, units, rates);
    expect(curve.map((p) => p.threshold)).toEqual(Array.from({ length: 19 }, (_, i) => (i + 1) / 20));
    expect(curve[0]).toMatchObject({ threshold: 0.05, ccTweets: 1, ccAccounts: 1 });
    expect(curve[1]).toMatchObject({ threshold: 0.1, ccTweets: 0.5, ccAccounts: 2 / 3 });
    expect(curve[9]).toMatchObject({ threshold: 0.5, ccTweets: 0.5, ccAccounts: 2 / 3 });
    expect(curve[10]).toMatchObject({ threshold: 0.55, ccTweets: 2 / 6, ccAccounts: 1 / 3 });
    expect(curve[18]).toMatchObject({ threshold: 0.95, ccTweets: 0, ccAccounts: 0 });
    expect(curve[0].accTweets).toBeUndefined();
  });

  it('adds the adjusted count where the card has rates', () => {
    const curveRates: ClassifierRates = {
      ...rates,
      curve: [
        { threshold: 0.3, tpr: 0.95, fpr: 0.2 },
        { threshold: 0.7, tpr: 0.75, fpr: 0.05 },
      ],
    };
    const mid = ratesAt(curveRates.curve, 0.5)!;
    expect(mid.tpr).toBeCloseTo(0.85, 12);
    expect(mid.fpr).toBeCloseTo(0.125, 12);
    expect(ratesAt(curveRates.curve, 0.8)).toBeUndefined();
    const a = accumulate([
      [1, 0.9],
      [1, 0.2],
    ]);
    const curve = sensitivityCurve(a.overall.histogram, accountUnits(a.overall.columns(), 0.5), curveRates);
    const at05 = curve.find((p) => p.threshold === 0.5)!;
    expect(at05.accTweets).toBeCloseTo((0.5 - 0.125) / (0.85 - 0.125), 12);
    expect(curve.find((p) => p.threshold === 0.9)?.accTweets).toBeUndefined();
  });
});
