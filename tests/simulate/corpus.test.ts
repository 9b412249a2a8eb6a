import { describe, expect, it } from 'vitest';
import { simulateCorpus, type SimulationOptions } from '../../src/simulate/corpus.js';
import { orderPools } from '../../src/simulate/held-out.js';
import { DAY_MS } from '../../src/util/time.js';
import { snowflakeTime } from '../../src/simulate/snowflake.js';
import type { SimTweet } from '../../src/simulate/types.js';
import { createRandom } from '../../src/util/random.js';
import { activityModel, fakePool } from './fixtures.js';

const WINDOW = { start: Date.UTC(2020, 2, 11), end: Date.UTC(2020, 2, 24) };

function options(overrides: Partial<SimulationOptions> = {}): SimulationOptions {
  return {
    pools: orderPools(fakePool(120, 3000), createRandom(1)),
    hashtags: [
      { tag: 'forzaCinaeItalia', tweets: 2600, botShare: 0.463 },
      { tag: 'grazieCina', tweets: 2400, botShare: 0.371 },
    ],
    overlapTweets: 150,
    window: WINDOW,
    seed: 7,
    activity: activityModel(),
    ...overrides,
  };
}

const labelsOf = (sim: ReturnType<typeof simulateCorpus>): Map<string, string> =>
  new Map(sim.truth.accounts.map((a) => [a.id, a.label]));

describe('simulateCorpus', () => {
  const sim = simulateCorpus(options());
  const tweets: SimTweet[] = [...sim.tweets()];
  const labels = labelsOf(sim);

  it('writes as many distinct tweets as planned, the overlap counted once', () => {
    expect(tweets.length).toBe(2600 + 2400 - 150);
    expect(new Set(tweets.map((t) => t.id)).size).toBe(tweets.length);
    expect(sim.truth.tweets).toBe(tweets.length);
    expect(sim.truth.multiTagTweets).toBe(150);
  });

  it('plants the bot share of tweets exactly for every hashtag', () => {
    for (const [tag, n, share] of [
      ['forzaCinaeItalia', 2600, 0.463],
      ['grazieCina', 2400, 0.371],
    ] as const) {
      const withTag = tweets.filter((t) => t.hashtags.includes(tag));
      const bots = withTag.filter((t) => labels.get(t.author.id) === 'bot').length;
      expect(withTag.length).toBe(n);
      expect(bots).toBe(Math.round(share * n));
      const truth = sim.truth.hashtags.find((h) => h.tag === tag);
      expect(truth?.botTweets).toBe(bots);
      expect(truth?.plantedShare).toBeCloseTo(share, 3);
    }
  });

  it('keeps every tweet inside the window, in time order, with ids that encode their time', () => {
    for (let i = 0; i < tweets.length; i++) {
      const t = tweets[i];
      expect(t.createdAt).toBeGreaterThanOrEqual(WINDOW.start);
      expect(t.createdAt).toBeLessThan(WINDOW.end);
      expect(snowflakeTime(t.id)).toBe(t.createdAt);
      if (i > 0) expect(t.createdAt).toBeGreaterThanOrEqual(tweets[i - 1].createdAt);
    }
  });

  it('gives every bot more than 50 tweets per active day and none more than 91.2', () => {
    const perAccount = new Map<string, { n: number; days: Set<number> }>();
    for (const t of tweets) {
      const a = perAccount.get(t.author.id) ?? { n: 0, days: new Set<number>() };
      a.n++;
      a.days.add(Math.floor(t.createdAt / DAY_MS));
      perAccount.set(t.author.id, a);
    }
    const botRates = [...perAccount.entries()]
      .filter(([id]) => labels.get(id) === 'bot')
      .map(([, a]) => a.n / a.days.size);
    expect(botRates.length).toBeGreaterThan(3);
    expect(Math.min(...botRates)).toBeGreaterThan(50);
    expect(Math.max(...botRates)).toBeLessThanOrEqual(91.2);
    const humanRates = [...perAccount.entries()]
      .filter(([id]) => labels.get(id) === 'human')
      .map(([, a]) => a.n / a.days.size);
    // Humans as in the export: mostly one or two tweets on a day.
    const median = humanRates.sort((a, b) => a - b)[Math.floor(humanRates.length / 2)];
    expect(median).toBeLessThanOrEqual(2);
  });

  it('advances statuses_count with each of the account’s tweets', () => {
    const byAccount = new Map<string, SimTweet[]>();
    for (const t of tweets) byAccount.set(t.author.id, [...(byAccount.get(t.author.id) ?? []), t]);
    let checked = 0;
    for (const list of byAccount.values()) {
      for (let i = 1; i < list.length; i++) {
        const before = list[i - 1].author.statuses ?? Number.NaN;
        const after = list[i].author.statuses ?? Number.NaN;
        expect(after).toBeGreaterThanOrEqual(before + 1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('shifts created_at so that the account’s age at the window start equals its age at probe time', () => {
    const pool = new Map(fakePool(120, 3000).map((a) => [a.id, a]));
    for (const t of tweets.slice(0, 200)) {
      const a = pool.get(t.author.id);
      expect(a).toBeDefined();
      if (a === undefined || a.author.createdAt === undefined || t.author.createdAt === undefined) continue;
      expect(WINDOW.start - t.author.createdAt).toBe(a.probeTime - a.author.createdAt);
    }
  });

  it('leaves out profile fields that the labeled profile does not carry', () => {
    const bot = tweets.find((t) => labels.get(t.author.id) === 'bot');
    expect(bot?.author.description).toBeUndefined();
    expect(bot?.author.location).toBeUndefined();
    expect(bot?.author.backgroundImage).toBeUndefined();
  });

  it('points retweets at earlier tweets with the same hashtags, by other accounts', () => {
    const byId = new Map(tweets.map((t) => [t.id, t]));
    const retweets = tweets.filter((t) => t.kind === 'retweet');
    expect(retweets.length).toBeGreaterThan(50);
    for (const r of retweets) {
      const target = r.retweeted === undefined ? undefined : byId.get(r.retweeted.id);
      expect(target).toBeDefined();
      expect(target?.createdAt).toBeLessThanOrEqual(r.createdAt);
      expect(target?.hashtags).toEqual(r.hashtags);
      expect(target?.author.id).not.toBe(r.author.id);
    }
  });

  it('is a pure function of its seed: same seed, same tweets; another seed, other tweets', () => {
    const again = [...simulateCorpus(options()).tweets()];
    expect(again).toEqual(tweets);
    expect([...sim.tweets()]).toEqual(tweets);
    const other = [...simulateCorpus(options({ seed: 8 })).tweets()];
    expect(other.map((t) => t.id)).not.toEqual(tweets.map((t) => t.id));
  });

  it('uses only accounts from its pools', () => {
    const allowed = new Set(fakePool(120, 3000).map((a) => a.id));
    for (const t of tweets) expect(allowed.has(t.author.id)).toBe(true);
  });

  it('plants other shares as exactly (12% and 63%)', () => {
    const s = simulateCorpus(
      options({
        hashtags: [
          { tag: 'a', tweets: 1500, botShare: 0.12 },
          { tag: 'b', tweets: 1500, botShare: 0.63 },
        ],
        overlapTweets: 0,
      }),
    );
    const l = labelsOf(s);
    const list = [...s.tweets()];
    const share = (tag: string): number => {
      const w = list.filter((t) => t.hashtags.includes(tag));
      return w.filter((t) => l.get(t.author.id) === 'bot').length / w.length;
    };
    expect(share('a')).toBe(180 / 1500);
    expect(share('b')).toBe(945 / 1500);
  });

  it('refuses a bot share that the published criterion cannot produce, naming why', () => {
    expect(() =>
      simulateCorpus(options({ hashtags: [{ tag: 'x', tweets: 200, botShare: 0.1 }], overlapTweets: 0 })),
    ).toThrow(/more than 50 tweets/);
  });

  it('records how the activity model had to be stretched when the human pool is small', () => {
    const s = simulateCorpus(options({ pools: orderPools(fakePool(120, 300), createRandom(1)) }));
    expect(s.truth.adjustments.join(' ')).toMatch(/human accounts are fewer/);
    expect(s.truth.accounts.filter((a) => a.label === 'human').length).toBe(300);
    expect([...s.tweets()].length).toBe(4850);
  });
});
