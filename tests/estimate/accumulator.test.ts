import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIds, HISTOGRAM_BINS, scoreBin, ShareAccumulator } from '../../src/estimate/accumulator.js';
import type { ScoredTweet } from '../../src/estimate/types.js';

const DAY = 86_400_000;
const t0 = Date.UTC(2020, 2, 11, 12);

function tweet(id: string, userId: string, score: number, hashtags: string[], day = 0, screenName?: string): ScoredTweet {
  return { id, userId, screenName, createdAt: t0 + day * DAY, hashtags, kind: 'original', score };
}

describe('scoreBin', () => {
  it('puts edges in the bin they open, 1 in the last bin', () => {
    expect(scoreBin(0)).toBe(0);
    expect(scoreBin(0.05)).toBe(5);
    expect(scoreBin(0.29)).toBe(29); // 0.29 * 100 = 28.999999999999996
    expect(scoreBin(0.57)).toBe(57); // 0.57 * 100 = 56.99999999999999
    expect(scoreBin(0.999)).toBe(99);
    expect(scoreBin(1)).toBe(HISTOGRAM_BINS - 1);
  });

  it('satisfies i/100 ≤ score < (i+1)/100 for every score', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (s) => {
        const i = scoreBin(s);
        return i / 100 <= s && (s < (i + 1) / 100 || i === 99);
      }),
    );
  });
});

describe('ShareAccumulator', () => {
  const tweets: ScoredTweet[] = [
    tweet('1', 'a', 0.9, ['graziecina'], 0, 'alice'),
    tweet('2', 'a', 0.7, ['graziecina', 'forzacinaeitalia'], 1),
    tweet('3', 'b', 0.2, ['graziecina'], 0, 'bob'),
    tweet('4', 'c', 0.5, [], 2, 'carol'),
    tweet('5', 'a', 0.8, ['forzacinaeitalia'], 1, 'alice2'),
  ];

  it('aggregates per account and per hashtag', () => {
    const acc = new ShareAccumulator({ threshold: 0.5 });
    for (const t of tweets) acc.add(t);
    expect(acc.tweets).toBe(5);
    expect(acc.accounts).toBe(3);
    expect(acc.hashtags()).toEqual(['graziecina', 'forzacinaeitalia']);

    const g = acc.series('GrazieCina');
    expect(g?.tweets).toBe(3);
    const cols = g!.columns();
    expect([...cols.account]).toEqual([0, 1]);
    expect([...cols.tweets]).toEqual([2, 1]);
    expect(cols.scoreSum[0]).toBeCloseTo(1.6, 12);
    expect([...cols.above]).toEqual([2, 0]);

    const all = acc.overall.columns();
    expect([...all.tweets]).toEqual([3, 1, 1]);
    expect([...all.above]).toEqual([3, 0, 1]); // 0.5 ≥ 0.5 counts as bot
  });

  it('keeps a daily series per hashtag', () => {
    const acc = new ShareAccumulator({ threshold: 0.5 });
    for (const t of tweets) acc.add(t);
    const daily = acc.series('forzacinaeitalia')!.daily();
    expect(daily).toHaveLength(1);
    expect(daily[0]).toMatchObject({ day: Math.floor((t0 + DAY) / DAY), tweets: 2, above: 2 });
    expect(daily[0].scoreSum).toBeCloseTo(1.5, 12);
    expect(acc.overall.daily().map((d) => d.tweets)).toEqual([2, 2, 1]);
  });

  it('counts a hashtag given twice in a tweet once, and days in any order', () => {
    const acc = new ShareAccumulator({ threshold: 0.5 });
    const days = [0, 0, 3, 1, 3, 0, 1];
    days.forEach((d, i) => acc.add(tweet(String(i), `u${i % 3}`, 0.6, ['x', 'y', 'x'], d)));
    expect(acc.series('x')!.tweets).toBe(7);
    expect(acc.series('y')!.tweets).toBe(7);
    expect(acc.series('x')!.daily().map((d) => [d.day - Math.floor(t0 / DAY), d.tweets])).toEqual([[0, 3], [1, 2], [3, 2]]);
    expect(acc.overall.daily().map((d) => d.tweets)).toEqual([3, 2, 2]);
  });

  it('tracks only the requested hashtags, matched case-insensitively', () => {
    const acc = new ShareAccumulator({ threshold: 0.5, hashtags: ['#ForzaCinaeItalia', 'absent'] });
    for (const t of tweets) acc.add(t);
    expect(acc.hashtags()).toEqual(['forzacinaeitalia', 'absent']);
    expect(acc.series('absent')?.tweets).toBe(0);
    expect(acc.series('graziecina')).toBeUndefined();
    expect(acc.tweets).toBe(5);
  });

  it('ranks the most active accounts and keeps their latest screen name', () => {
    const acc = new ShareAccumulator({ threshold: 0.5 });
    for (const t of tweets) acc.add(t);
    const top = acc.topAccounts(2);
    expect(top.map((a) => [a.userId, a.screenName, a.tweets])).toEqual([
      ['a', 'alice2', 3],
      ['b', 'bob', 1],
    ]);
    expect(top[0].score).toBeCloseTo(0.8, 12);
  });

  it('rejects a score outside [0, 1], naming the tweet', () => {
    const acc = new ShareAccumulator({ threshold: 0.5 });
    expect(() => acc.add(tweet('42', 'a', 1.2, []))).toThrow(/tweet 42: score must be in \[0, 1\], got 1.2/);
    expect(() => acc.add(tweet('43', 'a', Number.NaN, []))).toThrow(/tweet 43/);
  });

  it('grows with accounts, not with tweets', async () => {
    const acc = new ShareAccumulator({ threshold: 0.5 });
    function* many(): Generator<ScoredTweet> {
      for (let i = 0; i < 20_000; i++) yield tweet(String(i), `u${i % 7}`, (i % 10) / 10, ['x']);
    }
    await acc.addAll(many());
    expect(acc.tweets).toBe(20_000);
    expect(acc.series('x')!.columns().tweets.length).toBe(7);
  });

  it('puts accounts in id order, every series row and its exact units following its account', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ user: fc.integer({ min: 0, max: 40 }), score: fc.constantFrom(0, 0.3, 0.5, 1), tags: fc.subarray(['a', 'b', 'c']), day: fc.integer({ min: 0, max: 3 }) }), { maxLength: 200 }),
        (items) => {
          const acc = new ShareAccumulator({ threshold: 0.5 });
          items.forEach((x, i) => acc.add(tweet(String(i), x.user % 3 === 0 ? `x${x.user}` : String(1000 - x.user * 7), x.score, x.tags, x.day, `n${x.user}`)));
          // The reference: accounts added in id order, each series' rows copied one by one.
          const entries = acc.accountEntries();
          const order = entries.map((_, i) => i).sort((a, b) => compareIds(entries[a].userId, entries[b].userId));
          const want = new ShareAccumulator({ threshold: 0.5 });
          for (const i of order) want.addAccount(entries[i]);
          for (const tag of [null, ...acc.seriesNames()]) {
            const from = tag === null ? acc.overall : acc.series(tag);
            const to = tag === null ? want.overall : want.seriesOrCreate(tag);
            order.forEach((i, k) => {
              const row = from?.rowUnits(i);
              if (row !== undefined) to.addRow(k, row);
            });
          }
          const got = acc.canonical();
          expect(got.accountEntries()).toEqual(want.accountEntries());
          for (const tag of [null, ...acc.seriesNames()]) {
            const [g, w] = [got, want].map((x) => (tag === null ? x.overall : x.series(tag)));
            expect(g?.unitRows()).toEqual(w?.unitRows());
          }
        },
      ),
    );
  });
});
