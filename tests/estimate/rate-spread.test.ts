import { describe, expect, it } from 'vitest';
import { ShareAccumulator } from '../../src/estimate/accumulator.js';
import { percentileInterval } from '../../src/estimate/bootstrap.js';
import { estimateCorpus, estimateSeries, overallCoherence } from '../../src/estimate/estimate-shares.js';
import { acc } from '../../src/estimate/methods.js';
import { ratesBySet } from '../../src/model/rates.js';
import { drawKindRates, hasKindSpread, kindRanges, setValuedInterval, undefinedShare } from '../../src/estimate/rate-spread.js';
import type { ClassifierRates, SetRates } from '../../src/model/rates.js';
import type { ScoredTweet } from '../../src/estimate/types.js';
import { createRandom } from '../../src/util/random.js';

const t0 = Date.UTC(2020, 2, 11);

/** Accounts given as [tweets, score of each tweet, hashtags of its tweets]. */
function accumulate(accounts: readonly [number, number, string[]][], threshold = 0.5): ShareAccumulator {
  const a = new ShareAccumulator({ threshold });
  accounts.forEach(([n, score, tags], i) => {
    for (let t = 0; t < n; t++) {
      const tw: ScoredTweet = { id: `${i}.${t}`, userId: `u${i}`, createdAt: t0 + t * 60_000, hashtags: tags, kind: 'original', score };
      a.add(tw);
    }
  });
  return a;
}

/** `bots` accounts scoring 0.9 and `humans` scoring 0.2, `tweets` tweets each, on one hashtag. */
function population(bots: number, humans: number, tweets = 3, tag = 'h'): [number, number, string[]][] {
  return [
    ...Array.from({ length: bots }, (): [number, number, string[]] => [tweets, 0.9, [tag]]),
    ...Array.from({ length: humans }, (): [number, number, string[]] => [tweets, 0.2, [tag]]),
  ];
}

const pooled: ClassifierRates = { threshold: 0.5, tpr: 0.6, fpr: 0.1, meanScoreBot: 0.6, meanScoreHuman: 0.3, sdScoreBot: 0.1, sdScoreHuman: 0.1, support: { bots: 2000, humans: 1000 }, source: 'test' };

/** Two kinds of bots the model detects differently (TPR 0.9 and 0.5), one kind of humans. */
const twoKinds: SetRates[] = [
  { set: 'a', bots: { n: 1000, rate: 0.9, meanScore: 0.8, sdScore: 0.1 } },
  { set: 'b', bots: { n: 1000, rate: 0.5, meanScore: 0.5, sdScore: 0.1 } },
  { set: 'c', humans: { n: 1000, rate: 0.1, meanScore: 0.3, sdScore: 0.1 } },
];

describe('ratesBySet', () => {
  it('measures each set apart: TPR and mean score of its bots, FPR and mean score of its humans, account score = mean of its scores', () => {
    const rows = ratesBySet(
      [
        { set: 'y', label: 'bot', scores: [0.9, 0.7] }, // account score 0.8
        { set: 'y', label: 'bot', scores: [0.2] },
        { set: 'x', label: 'human', scores: [0.6] },
        { set: 'x', label: 'human', scores: [0.1, 0.3] }, // 0.2
        { set: 'x', label: 'human', scores: [0.4] },
        { set: 'x', label: 'human', scores: [0.3] },
      ],
      0.5,
    );
    expect(rows.map((r) => r.set)).toEqual(['x', 'y']);
    expect(rows[0].bots).toBeUndefined();
    expect(rows[0].humans?.n).toBe(4);
    expect(rows[0].humans?.rate).toBe(0.25);
    expect(rows[0].humans?.meanScore).toBeCloseTo(0.375, 12);
    expect(rows[1].humans).toBeUndefined();
    expect(rows[1].bots?.n).toBe(2);
    expect(rows[1].bots?.rate).toBe(0.5);
    expect(rows[1].bots?.meanScore).toBeCloseTo(0.5, 12);
    expect(rows[1].bots?.sdScore).toBeCloseTo(Math.sqrt(((0.8 - 0.5) ** 2 + (0.2 - 0.5) ** 2) / 1), 12);
  });
});

describe('drawKindRates', () => {
  it('draws one kind of bots per replicate, uniformly over the sets, with its sampling noise', () => {
    const rates = { ...pooled, perSet: twoKinds };
    expect(hasKindSpread(rates)).toBe(true);
    expect(hasKindSpread(pooled)).toBe(false);
    const rng = createRandom(7);
    const tprs = Array.from({ length: 2000 }, () => drawKindRates(rates, rng).tpr);
    const nearA = tprs.filter((t) => Math.abs(t - 0.9) < 0.05).length;
    const nearB = tprs.filter((t) => Math.abs(t - 0.5) < 0.08).length;
    expect(nearA + nearB).toBe(2000);
    expect(nearA / 2000).toBeGreaterThan(0.45);
    expect(nearA / 2000).toBeLessThan(0.55);
    // Sampling noise, not a fixed value: n = 1000 gives a spread of about 0.01 around 0.9.
    expect(new Set(tprs.filter((t) => t > 0.7)).size).toBeGreaterThan(900);
  });

  it('reports the range of the rates over the kinds', () => {
    expect(kindRanges({ ...pooled, perSet: twoKinds })).toEqual({ bots: 2, humans: 1, tpr: [0.5, 0.9], fpr: [0.1, 0.1] });
    expect(kindRanges(pooled)).toBeUndefined();
  });
});

describe('setValuedInterval', () => {
  it('is the percentile interval when every replicate is defined', () => {
    const reps = Float64Array.from({ length: 101 }, (_, i) => i / 100);
    expect(setValuedInterval(reps)).toEqual(percentileInterval(reps));
  });

  it('counts an undefined replicate as 0 for the lower bound and as 1 for the upper', () => {
    // 90 replicates at 0.4, 10 undefined (10% > 2.5% on each side): the interval is [0, 1].
    const reps = Float64Array.from({ length: 100 }, (_, i) => (i < 10 ? Number.NaN : 0.4));
    expect(undefinedShare(reps)).toBe(0.1);
    expect(setValuedInterval(reps)).toEqual([0, 1]);
    // 1 undefined of 100 (< 2.5%): the interval stays at the defined replicates.
    const few = Float64Array.from({ length: 100 }, (_, i) => (i === 0 ? Number.NaN : 0.4));
    expect(setValuedInterval(few)).toEqual([0.4, 0.4]);
  });
});

describe('intervals without labels (estimateSeries)', () => {
  const boot = { bootstrap: { replicates: 400, seed: 3 } };
  // 30% of accounts score 0.9, the rest 0.2: a raw count of 0.3.
  const acc30 = accumulate(population(300, 700));

  it('span the corrected share under each kind of bots, where one pooled rate gives one narrow interval', () => {
    const narrow = estimateSeries(acc30.overall, pooled, '', boot).figures.tweets.acc;
    const wide = estimateSeries(acc30.overall, { ...pooled, perSet: twoKinds }, '', boot).figures.tweets.acc;
    const underA = acc.estimate({ total: 3000, above: 900, scoreSum: 0 }, { ...pooled, tpr: 0.9, fpr: 0.1 }).value; // 0.25
    const underB = acc.estimate({ total: 3000, above: 900, scoreSum: 0 }, { ...pooled, tpr: 0.5, fpr: 0.1 }).value; // 0.5
    expect(narrow?.ci95).not.toBeNull();
    expect(wide?.ci95).not.toBeNull();
    const [nLo, nHi] = narrow?.ci95 as [number, number];
    const [wLo, wHi] = wide?.ci95 as [number, number];
    expect(nLo).toBeGreaterThan(underA); // the pooled interval misses kind a ...
    expect(nHi).toBeLessThan(underB); // ... and kind b
    expect(wLo).toBeLessThanOrEqual(underA);
    expect(wHi).toBeGreaterThanOrEqual(underB);
  });

  it('say "not bounded" when a kind of bots is one the model cannot tell from humans', () => {
    const blind: SetRates[] = [...twoKinds, { set: 'd', bots: { n: 1000, rate: 0.1, meanScore: 0.3, sdScore: 0.1 } }];
    const e = estimateSeries(acc30.overall, { ...pooled, perSet: blind }, '', boot);
    expect(e.figures.tweets.acc?.ci95).toEqual([0, 1]);
    expect(e.flags.some((f) => f.code === 'not_bounded' && f.unit === 'tweets' && f.method === 'acc')).toBe(true);
  });

  it('never have zero width at a clipping bound: [0, 1] and a flag instead', () => {
    // A raw count of 0 against an FPR of 0.3: every replicate's correction is far below 0.
    const none = accumulate(population(0, 100));
    const rates: ClassifierRates = { ...pooled, fpr: 0.3, meanScoreHuman: 0.45 };
    const e = estimateSeries(none.overall, rates, '', boot);
    expect(e.figures.tweets.acc?.estimate).toBe(0);
    expect(e.figures.tweets.acc?.ci95).toEqual([0, 1]);
    expect(e.flags.some((f) => f.code === 'rates_contradicted' && f.unit === 'tweets')).toBe(true);
    // An uncorrected count of 0 is what the sample shows: it keeps its interval.
    expect(e.figures.tweets.cc?.ci95).toEqual([0, 0]);
  });
});

describe('the all-tweets row against its hashtags', () => {
  const rates: ClassifierRates = { threshold: 0.5, tpr: 0.9, fpr: 0.1, meanScoreBot: 0.8, meanScoreHuman: 0.2, source: 'test' };
  const boot = { bootstrap: { replicates: 100, seed: 1 } };

  it('lies within the hashtags when they partition its tweets', () => {
    const a = accumulate([...population(10, 40, 2, 'x'), ...population(30, 20, 2, 'y')]);
    const e = estimateCorpus(a, rates, boot);
    const points = e.hashtags.map((h) => h.estimate.headline.tweets?.estimate as number);
    const all = e.overall.headline.tweets?.estimate as number;
    expect(all).toBeGreaterThanOrEqual(Math.min(...points));
    expect(all).toBeLessThanOrEqual(Math.max(...points));
    expect(e.overall.flags.some((f) => f.code === 'overall_outside_hashtags')).toBe(false);
  });

  it('is flagged, naming the tweets without a hashtag, when they put it outside', () => {
    // The hashtag's accounts look human; half the tweets carry no hashtag and come from bot-like accounts.
    const a = accumulate([...population(0, 50, 2, 'x'), ...Array.from({ length: 50 }, (): [number, number, string[]] => [2, 0.9, []])]);
    const e = estimateCorpus(a, rates, boot);
    const flag = e.overall.flags.find((f) => f.code === 'overall_outside_hashtags');
    expect(flag?.message).toMatch(/100 of its 200 tweets \(50\.0%\) carry no hashtag, and 100\.0% of those score at or above the threshold/);
    expect(a.untaggedTweets).toBe(100);
    expect(a.untaggedAbove).toBe(100);
    // The check itself, on the same rows.
    expect(overallCoherence(e.overall, e.hashtags.map((h) => h.estimate), { tweets: 0, above: 0 })?.message).toMatch(/not all in the hashtags/);
  });
});
