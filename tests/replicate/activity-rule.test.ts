import { describe, expect, it } from 'vitest';
import type { Tweet } from '../../src/ingest/tweet.js';
import {
  ActivityRuleAccumulator,
  applyActivityRule,
  flags,
  profileRate,
} from '../../src/replicate/activity-rule.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 2, 11);

function tweet(id: string, user: string, at: number, tags: string[], profile: Partial<Tweet['author']> = {}): Tweet {
  return { id, createdAt: at, hashtags: tags, kind: 'original', author: { id: user, ...profile } };
}

describe('the published activity criterion, by hand', () => {
  it('computes the lifetime rate at probe time, with age floored at one day', () => {
    expect(profileRate(5100, T0 - 100 * DAY, T0)).toBe(51);
    expect(profileRate(5000, T0 - 100 * DAY, T0)).toBe(50);
    expect(profileRate(80, T0 - 3_600_000, T0)).toBe(80);
    expect(profileRate(undefined, T0 - DAY, T0)).toBeNaN();
    expect(profileRate(10, T0 + DAY, T0)).toBeNaN();
  });

  it('flags strictly more than 50 a day, by either reading', () => {
    const base = { id: 'a', byHashtag: new Map<string, number>() };
    expect(flags({ ...base, tweets: 102, activeDays: 2, profileRate: 3 })).toEqual({ profile: false, corpus: true, either: true });
    expect(flags({ ...base, tweets: 100, activeDays: 2, profileRate: 3 })).toEqual({ profile: false, corpus: false, either: false });
    expect(flags({ ...base, tweets: 1, activeDays: 1, profileRate: 50.5 })).toEqual({ profile: true, corpus: false, either: true });
    expect(flags({ ...base, tweets: 1, activeDays: 1, profileRate: Number.NaN })).toEqual({ profile: false, corpus: false, either: false });
  });

  it('counts active days as distinct UTC days and uses the profile of the latest tweet', () => {
    const acc = new ActivityRuleAccumulator(['grazieCina']);
    // 51 tweets on 11 March, then one on 13 March: 52 tweets over 2 active days = 26 a day.
    for (let i = 0; i < 51; i++) acc.add(tweet(`a${i}`, 'A', T0 + i * 60_000, ['graziecina'], { statuses: 10, createdAt: T0 - 10 * DAY }));
    acc.add(tweet('a51', 'A', T0 + 2 * DAY, ['graziecina'], { statuses: 1300, createdAt: T0 - 10 * DAY }));
    const [a] = acc.activities();
    expect(a.tweets).toBe(52);
    expect(a.activeDays).toBe(2);
    expect(a.profileRate).toBeCloseTo(1300 / 12, 10);
    expect(flags(a)).toEqual({ profile: true, corpus: false, either: true });
  });

  it('gives shares of tweets and of accounts per hashtag, with intervals that contain them', () => {
    const acc = new ActivityRuleAccumulator(['forzacinaeitalia', 'graziecina']);
    // Bot B: 60 tweets on one day, 40 of them on #forzaCinaeItalia.
    for (let i = 0; i < 60; i++) acc.add(tweet(`b${i}`, 'B', T0 + i * 1000, [i < 40 ? 'forzacinaeitalia' : 'graziecina'], { statuses: 20, createdAt: T0 - 400 * DAY }));
    // Three humans with 10, 10 and 20 tweets on #forzaCinaeItalia, one with 5 on #grazieCina.
    const humans: Array<[string, number, string]> = [['H1', 10, 'forzacinaeitalia'], ['H2', 10, 'forzacinaeitalia'], ['H3', 20, 'forzacinaeitalia'], ['H4', 5, 'graziecina']];
    for (const [user, n, tag] of humans) {
      for (let i = 0; i < n; i++) acc.add(tweet(`${user}-${i}`, user, T0 + i * DAY, [tag], { statuses: 900, createdAt: T0 - 300 * DAY }));
    }
    const result = applyActivityRule(acc.activities(), ['forzaCinaeItalia', 'grazieCina'], { replicates: 200, seed: 3 });
    const [f, g] = result.hashtags;
    expect(f.hashtag).toBe('forzacinaeitalia');
    expect(f.tweets).toBe(80);
    expect(f.accounts).toBe(4);
    expect(f.shares.corpus.tweets.estimate).toBe(40 / 80);
    expect(f.shares.corpus.accounts.estimate).toBe(1 / 4);
    expect(f.shares.profile.tweets.estimate).toBe(0);
    expect(f.shares.either.tweets.estimate).toBe(0.5);
    expect(g.tweets).toBe(25);
    expect(g.shares.either.tweets.estimate).toBe(20 / 25);
    for (const h of result.hashtags) {
      const ci = h.shares.either.tweets.ci95;
      expect(ci).not.toBeNull();
      if (ci === null) continue;
      expect(ci[0]).toBeLessThanOrEqual(h.shares.either.tweets.estimate);
      expect(ci[1]).toBeGreaterThanOrEqual(h.shares.either.tweets.estimate);
      expect(ci[0]).toBeGreaterThanOrEqual(0);
      expect(ci[1]).toBeLessThanOrEqual(1);
    }
  });
});
