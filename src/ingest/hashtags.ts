/**
 * Hashtags found in text (for formats that carry no entity list), and the per-hashtag tally
 * that the ingest summary reports: tweets and distinct accounts.
 */
import type { Tweet } from './tweet.js';
import { normalizeHashtags } from './tweet.js';

/**
 * Twitter's rule, simplified from twitter-text: `#` or `＃` not preceded by a letter, digit,
 * `_` or `&`, then letters, marks, digits and `_`, with at least one non-digit.
 */
const HASHTAG = /(?<![\p{L}\p{M}\p{N}_&])[#＃]([\p{L}\p{M}\p{N}_]+)/gu;
const ALL_DIGITS = /^[0-9]+$/;

export function hashtagsInText(text: string): string[] {
  if (!text.includes('#') && !text.includes('＃')) return [];
  const found: string[] = [];
  for (const m of text.matchAll(HASHTAG)) {
    const tag = m[1];
    if (tag !== undefined && !ALL_DIGITS.test(tag)) found.push(tag);
  }
  return normalizeHashtags(found);
}

export interface HashtagCount {
  hashtag: string;
  /** Accepted tweets carrying it. */
  tweets: number;
  /** Distinct authors of those tweets. */
  accounts: number;
}

/** Accumulates hashtag counts tweet by tweet; memory grows with (hashtag, account) pairs. */
export class HashtagTally {
  private readonly byTag = new Map<string, { tweets: number; accounts: Set<string> }>();

  add(tweet: Tweet): void {
    for (const tag of tweet.hashtags) {
      let entry = this.byTag.get(tag);
      if (!entry) {
        entry = { tweets: 0, accounts: new Set() };
        this.byTag.set(tag, entry);
      }
      entry.tweets++;
      entry.accounts.add(tweet.author.id);
    }
  }

  /** Most tweeted first, ties by name. */
  counts(): HashtagCount[] {
    const out: HashtagCount[] = [];
    for (const [hashtag, e] of this.byTag) out.push({ hashtag, tweets: e.tweets, accounts: e.accounts.size });
    return out.sort((a, b) => b.tweets - a.tweets || (a.hashtag < b.hashtag ? -1 : a.hashtag > b.hashtag ? 1 : 0));
  }
}

/** Hashtag counts over a stream of tweets. */
export async function hashtagCounts(tweets: AsyncIterable<Tweet> | Iterable<Tweet>): Promise<HashtagCount[]> {
  const tally = new HashtagTally();
  for await (const t of tweets) tally.add(t);
  return tally.counts();
}
