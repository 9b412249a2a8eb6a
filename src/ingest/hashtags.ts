/**
 * Hashtags found in text (for formats that carry no entity list), and the per-hashtag tally
 * that the ingest summary reports: tweets and distinct accounts.
 */
import type { Tweet } from './tweet.js';
import { clientName, normalizeHashtags } from './tweet.js';

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
/** A hashtag's tweets and the ids of its distinct accounts (one share's, in `ingest --workers`). */
export interface HashtagEntry {
  hashtag: string;
  tweets: number;
  accounts: string[];
}

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

  /** Each hashtag's tweets and distinct accounts, to be merged into another tally (`addEntry`). */
  entries(): HashtagEntry[] {
    return [...this.byTag].map(([hashtag, e]) => ({ hashtag, tweets: e.tweets, accounts: [...e.accounts] }));
  }

  /** Adds another tally's entry: tweets add up, accounts are a union (the order of merging does not matter). */
  addEntry(entry: HashtagEntry): void {
    let mine = this.byTag.get(entry.hashtag);
    if (!mine) {
      mine = { tweets: 0, accounts: new Set() };
      this.byTag.set(entry.hashtag, mine);
    }
    mine.tweets += entry.tweets;
    for (const a of entry.accounts) mine.accounts.add(a);
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

/**
 * normalizeHashtags with a memo: the same few tags and spellings recur across millions of
 * tweets, and NFKC normalisation is the costly part. The memo is bounded (cleared when full).
 */
const TAG_MEMO_LIMIT = 50_000;
const tagMemo = new Map<string, string>();

export function canonicalHashtags(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    let tag = tagMemo.get(r);
    if (tag === undefined) {
      tag = normalizeHashtags([r])[0] ?? '';
      if (tagMemo.size >= TAG_MEMO_LIMIT) tagMemo.clear();
      tagMemo.set(r, tag);
    }
    if (tag !== '' && !out.includes(tag)) out.push(tag);
  }
  return out;
}

const CLIENT_MEMO_LIMIT = 10_000;
const clientMemo = new Map<string, string | undefined>();

/** clientName with a bounded memo: a corpus has a few hundred distinct `source` values. */
export function canonicalClient(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  if (clientMemo.has(source)) return clientMemo.get(source);
  const name = clientName(source);
  if (clientMemo.size >= CLIENT_MEMO_LIMIT) clientMemo.clear();
  clientMemo.set(source, name);
  return name;
}
