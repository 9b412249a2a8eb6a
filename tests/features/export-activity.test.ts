/**
 * The export's per-account features: what the labeling page shows, as numbers. Exact values on
 * a small hand-made export; the frame of named hashtags; missing values stay missing.
 */
import { describe, expect, it } from 'vitest';
import { ExportActivity, MIN_CLIENT_ACCOUNTS, TEXT_HASHES_KEPT, maskedText } from '../../src/features/export-activity.js';
import type { Tweet, TweetKind } from '../../src/ingest/tweet.js';

const T0 = Date.UTC(2020, 1, 17, 10);
const HOUR = 3_600_000;

function tweet(user: string, k: number, over: Partial<Tweet> & { at?: number } = {}): Tweet {
  const { at, ...rest } = over;
  return {
    id: `${user}-${k}`,
    createdAt: at ?? T0 + k * HOUR,
    text: `tweet ${user} number ${k} words`,
    hashtags: ['a'],
    kind: 'original' as TweetKind,
    client: 'Twitter for iPhone',
    author: { id: user, followers: 10, friends: 20, statuses: 100, createdAt: T0 - 100 * 86_400_000 },
    ...rest,
  };
}

function column(a: ExportActivity, ids: string[], name: string): number[] {
  const t = a.featureTable(ids);
  const j = t.names.indexOf(name);
  if (j < 0) throw new Error(`no column ${name} in ${t.names.join(', ')}`);
  return t.rows.map((r) => r[j]);
}

describe('export features', () => {
  it('masks what a template fills in', () => {
    expect(maskedText('Buy NOW @bob https://t.co/x1  at 12:30')).toBe('buy now @ U at 0:0');
  });

  it('counts templated repeats among its own tweets, links, hashtags per tweet and the latest profile', () => {
    const a = new ExportActivity([], { features: true });
    a.add(tweet('u', 0, { text: 'Offer 12 https://t.co/a' }));
    a.add(tweet('u', 1, { text: 'offer 13 https://t.co/b', hashtags: ['a', 'b'] }));
    a.add(tweet('u', 2, { text: 'hello there' }));
    a.add(tweet('u', 3, { text: 'RT @x: offer 14 https://t.co/c', kind: 'retweet', author: { id: 'u', followers: 50, friends: 20, statuses: 400, createdAt: T0 - 100 * 86_400_000 } }));
    a.add(tweet('v', 0, { text: undefined, client: undefined, author: { id: 'v' } }));
    const ids = ['u', 'v'];
    // Own tweets (not the retweet): 3, one repeats the masked "offer 0 U".
    expect(column(a, ids, 'duplicate_text_share')[0]).toBeCloseTo(1 / 3, 12);
    expect(column(a, ids, 'url_share')[0]).toBeCloseTo(3 / 4, 12);
    expect(column(a, ids, 'hashtags_per_tweet')[0]).toBeCloseTo(Math.log1p(5 / 4), 12);
    expect(column(a, ids, 'retweet_share')[0]).toBeCloseTo(1 / 4, 12);
    // The profile as of its latest tweet (the retweet): 50 followers, log1p-scaled as the registry says.
    expect(column(a, ids, 'followers_count')[0]).toBeCloseTo(Math.log1p(50), 12);
    expect(column(a, ids, 'active_days')[0]).toBeCloseTo(Math.log1p(1), 12);
    expect(column(a, ids, 'max_tweets_in_a_day')[0]).toBeCloseTo(Math.log1p(4), 12);
    // v: no text, no client, no profile counts — missing, not zero.
    for (const name of ['duplicate_text_share', 'url_share', 'followers_count', 'distinct_clients', 'other_client_share']) {
      expect(column(a, ids, name)[1], name).toBeNaN();
    }
  });

  it('remembers at most TEXT_HASHES_KEPT texts per account: a repeat of a forgotten text counts as new', () => {
    const a = new ExportActivity([], { features: true });
    for (let k = 0; k < TEXT_HASHES_KEPT + 10; k++) a.add(tweet('u', k, { text: `text ${String.fromCharCode(97 + (k % 26))}${String.fromCharCode(97 + Math.floor(k / 26))}` }));
    a.add(tweet('u', 1000, { text: 'text ab' })); // the text of k = 26: remembered
    a.add(tweet('u', 1001, { text: `text ${String.fromCharCode(97 + ((TEXT_HASHES_KEPT + 5) % 26))}${String.fromCharCode(97 + Math.floor((TEXT_HASHES_KEPT + 5) / 26))}` })); // beyond the cap: forgotten
    expect(column(a, ['u'], 'duplicate_text_share')[0]).toBeCloseTo(1 / (TEXT_HASHES_KEPT + 12), 12);
  });

  it('gives a share column to each client that enough accounts use, the rest to other_client_share', () => {
    const a = new ExportActivity([], { features: true });
    const ids: string[] = [];
    for (let u = 0; u < 20; u++) {
      const id = `u${u}`;
      ids.push(id);
      a.add(tweet(id, 0, { client: 'Twitter for Android' }));
      a.add(tweet(id, 1, { client: u < MIN_CLIENT_ACCOUNTS ? 'dlvr.it' : u === 19 ? 'MyBotApp' : 'Twitter for Android' }));
    }
    const t = a.featureTable(ids);
    expect(t.names.filter((n) => n.startsWith('client_share:'))).toEqual(['client_share:Twitter for Android', 'client_share:dlvr.it']);
    expect(column(a, ids, 'client_share:dlvr.it')[0]).toBe(0.5);
    expect(column(a, ids, 'other_client_share')[19]).toBe(0.5);
    expect(column(a, ids, 'other_client_share')[0]).toBe(0);
    expect(column(a, ids, 'automation_client_share')[0]).toBe(0.5);
  });

  it('frames two or more named hashtags with each one’s tweets (design v2), one hashtag without', () => {
    const a = new ExportActivity(['A', 'b']);
    a.add(tweet('u', 0, { hashtags: ['a'] }));
    a.add(tweet('u', 1, { hashtags: ['a', 'b'] }));
    a.add(tweet('v', 0, { hashtags: ['b'] }));
    a.add(tweet('w', 0, { hashtags: ['c'] }));
    expect(a.frame()).toEqual([
      { userId: 'u', tweets: 2, byHashtag: [2, 1] },
      { userId: 'v', tweets: 1, byHashtag: [0, 1] },
    ]);
    // Named in another order: the same frame (the design and its sample id do not depend on it).
    const swapped = new ExportActivity(['b', 'a']);
    for (const t of [tweet('u', 0, { hashtags: ['a'] }), tweet('u', 1, { hashtags: ['a', 'b'] }), tweet('v', 0, { hashtags: ['b'] })]) swapped.add(t);
    expect(swapped.frame()).toEqual(a.frame());
    expect(swapped.named).toEqual(['a', 'b']);
    const one = new ExportActivity(['a']);
    one.add(tweet('u', 0, { hashtags: ['a'] }));
    expect(one.frame()).toEqual([{ userId: 'u', tweets: 1 }]);
    expect(() => one.featureTable(['u'])).toThrow(/features: true/);
  });
});
