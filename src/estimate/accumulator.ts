/**
 * Streaming aggregation of scored tweets into what every estimator needs, per hashtag and
 * overall: per (hashtag, account) the tweet count, the sum of scores and the count at or
 * above the model threshold; per hashtag a fine histogram of tweet scores (threshold
 * sensitivity, score distribution) and a daily series. Memory grows with accounts and
 * days, never with tweets: a tweet is folded in and forgotten.
 */

import { normalizeHashtag } from '../ingest/tweet.js';
import type { ScoredTweet } from './types.js';
import { DAY_MS } from '../util/time.js';

/** Fine score histogram: bin i holds scores in [i/100, (i+1)/100), the last one includes 1. */
export const HISTOGRAM_BINS = 100;


/** The histogram bin of a score, exact at bin edges (i/100 ≤ score ⇔ bin ≥ i). */
export function scoreBin(score: number): number {
  let i = Math.floor(score * HISTOGRAM_BINS);
  if (i > 0 && i / HISTOGRAM_BINS > score) i -= 1;
  if (i + 1 <= HISTOGRAM_BINS && (i + 1) / HISTOGRAM_BINS <= score) i += 1;
  return Math.min(Math.max(i, 0), HISTOGRAM_BINS - 1);
}

/** One day's totals: tweets, tweets at or above the threshold, sum of scores. */
export interface DayTotals {
  /** Days since 1970-01-01 (UTC). */
  day: number;
  tweets: number;
  above: number;
  scoreSum: number;
}

/** Per-account columns of one series, row r describing account `account[r]`. */
export interface AccountColumns {
  /** Index into the accumulator's account table. */
  account: Int32Array;
  tweets: Float64Array;
  scoreSum: Float64Array;
  above: Float64Array;
}

/** A growable column of numbers (typed arrays keep per-account memory small). */
class Column<T extends Float64Array | Int32Array | Uint32Array> {
  size = 0;
  constructor(private data: T, private readonly make: (n: number) => T) {}
  push(x: number): number {
    if (this.size === this.data.length) {
      const bigger = this.make(Math.max(16, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size] = x;
    return this.size++;
  }
  get(i: number): number {
    return this.data[i];
  }
  add(i: number, x: number): void {
    this.data[i] += x;
  }
  view(): T {
    return this.data.slice(0, this.size) as T;
  }
}

const float64 = (n: number): Float64Array => new Float64Array(n);
const int32 = (n: number): Int32Array => new Int32Array(n);
const uint32 = (n: number): Uint32Array => new Uint32Array(n);

/**
 * The aggregates of one hashtag (or of all tweets). Per account in the series: 20 bytes of
 * columns, plus 4 bytes per account of the whole corpus for the account → row index (a Map
 * cost ~10 times that: at 500,000 accounts and 13 series, hundreds of MB).
 */
export class SeriesAccumulator {
  tweets = 0;
  readonly histogram = new Float64Array(HISTOGRAM_BINS);
  /** rowPlusOne[accountIndex] = the account's row + 1, 0 while the account has no tweet here. */
  private rowPlusOne = new Int32Array(16);
  private readonly account = new Column(int32(16), int32);
  private readonly tweetCount = new Column(uint32(16), uint32);
  private readonly scoreSum = new Column(float64(16), float64);
  private readonly above = new Column(uint32(16), uint32);
  private readonly days = new Map<number, DayTotals>();
  // The day of the previous tweet: exports run in time order, so most tweets skip the Map.
  private lastDay = Number.NaN;
  private lastTotals: DayTotals | undefined;

  constructor(private readonly threshold: number) {}

  private rowOf(accountIndex: number): number {
    if (accountIndex >= this.rowPlusOne.length) {
      const bigger = new Int32Array(Math.max(accountIndex + 1, this.rowPlusOne.length * 2));
      bigger.set(this.rowPlusOne);
      this.rowPlusOne = bigger;
    }
    const r = this.rowPlusOne[accountIndex];
    if (r !== 0) return r - 1;
    const row = this.account.push(accountIndex);
    this.tweetCount.push(0);
    this.scoreSum.push(0);
    this.above.push(0);
    this.rowPlusOne[accountIndex] = row + 1;
    return row;
  }

  add(accountIndex: number, score: number, createdAt: number): void {
    if (!(Number.isInteger(accountIndex) && accountIndex >= 0 && accountIndex < 0x7fffffff)) {
      throw new RangeError(`account index must be a non-negative integer, got ${accountIndex}`);
    }
    const isAbove = score >= this.threshold ? 1 : 0;
    const row = this.rowOf(accountIndex);
    this.tweetCount.add(row, 1);
    this.scoreSum.add(row, score);
    this.above.add(row, isAbove);
    this.tweets += 1;
    this.histogram[scoreBin(score)] += 1;

    const day = Math.floor(createdAt / DAY_MS);
    let totals = day === this.lastDay ? this.lastTotals : this.days.get(day);
    if (totals === undefined) {
      totals = { day, tweets: 0, above: 0, scoreSum: 0 };
      this.days.set(day, totals);
    }
    this.lastDay = day;
    this.lastTotals = totals;
    totals.tweets += 1;
    totals.above += isAbove;
    totals.scoreSum += score;
  }

  get accounts(): number {
    return this.account.size;
  }

  /** Per-account columns (copies), ready for estimation and the bootstrap. */
  columns(): AccountColumns {
    return {
      account: this.account.view(),
      tweets: Float64Array.from(this.tweetCount.view()),
      scoreSum: this.scoreSum.view(),
      above: Float64Array.from(this.above.view()),
    };
  }

  /** Daily totals in date order. */
  daily(): DayTotals[] {
    return [...this.days.values()].sort((a, b) => a.day - b.day).map((d) => ({ ...d }));
  }
}

export interface AccumulatorOptions {
  /** The model's decision threshold (score ≥ threshold counts as bot). */
  threshold: number;
  /** Track only these hashtags (matched case-insensitively); all hashtags when absent. */
  hashtags?: readonly string[];
}

/** What the report shows about an account (the top-accounts table). */
export interface AccountInfo {
  userId: string;
  screenName?: string;
  tweets: number;
  /** Mean of the account's tweet scores over all its tweets. */
  score: number;
}

/**
 * Folds `ScoredTweet`s, one at a time, into per-account aggregates for every tracked hashtag
 * and for all tweets together.
 */
export class ShareAccumulator {
  readonly threshold: number;
  readonly overall: SeriesAccumulator;
  private readonly bySeries = new Map<string, SeriesAccumulator>();
  private readonly only: ReadonlySet<string> | undefined;
  private readonly accountIndex = new Map<string, number>();
  private readonly userIds: string[] = [];
  private readonly screenNames: (string | undefined)[] = [];
  /** Tweets with no hashtag, and how many of them score at or above the threshold: the part of
   * "all tweets" that no hashtag row covers (see `overall_outside_hashtags`). */
  untaggedTweets = 0;
  untaggedAbove = 0;

  constructor(options: AccumulatorOptions) {
    if (!(options.threshold >= 0 && options.threshold <= 1)) {
      throw new RangeError(`threshold must be in [0, 1], got ${options.threshold}`);
    }
    this.threshold = options.threshold;
    this.overall = new SeriesAccumulator(this.threshold);
    if (options.hashtags !== undefined) {
      this.only = new Set(options.hashtags.map(normalizeHashtag));
      for (const tag of this.only) this.bySeries.set(tag, new SeriesAccumulator(this.threshold));
    }
  }

  /** Folds one tweet in. Throws a RangeError naming the tweet if its score or time is invalid. */
  add(tweet: ScoredTweet): void {
    const { score, createdAt } = tweet;
    if (!(score >= 0 && score <= 1)) {
      throw new RangeError(`tweet ${tweet.id}: score must be in [0, 1], got ${score}`);
    }
    if (!Number.isFinite(createdAt)) {
      throw new RangeError(`tweet ${tweet.id}: createdAt is not a time (${createdAt})`);
    }
    let index = this.accountIndex.get(tweet.userId);
    if (index === undefined) {
      index = this.userIds.length;
      this.userIds.push(tweet.userId);
      this.screenNames.push(tweet.screenName);
      this.accountIndex.set(tweet.userId, index);
    } else if (tweet.screenName !== undefined) {
      // The latest name seen: accounts get renamed, the report shows what the user sees now.
      this.screenNames[index] = tweet.screenName;
    }
    this.overall.add(index, score, createdAt);
    const tags = tweet.hashtags;
    if (tags.length === 0) {
      this.untaggedTweets += 1;
      if (score >= this.threshold) this.untaggedAbove += 1;
    }
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i];
      if (i > 0 && tags.indexOf(tag) < i) continue; // a hashtag twice in a tweet counts once
      if (this.only !== undefined && !this.only.has(tag)) continue;
      let series = this.bySeries.get(tag);
      if (series === undefined) {
        series = new SeriesAccumulator(this.threshold);
        this.bySeries.set(tag, series);
      }
      series.add(index, score, createdAt);
    }
  }

  /** Folds every tweet of a (sync or async) iterable in. */
  async addAll(tweets: Iterable<ScoredTweet> | AsyncIterable<ScoredTweet>): Promise<void> {
    for await (const tweet of tweets) this.add(tweet);
  }

  get tweets(): number {
    return this.overall.tweets;
  }

  get accounts(): number {
    return this.userIds.length;
  }

  /** Tracked hashtags, most tweeted first (ties by name). */
  hashtags(): string[] {
    return [...this.bySeries.entries()]
      .sort((a, b) => b[1].tweets - a[1].tweets || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([tag]) => tag);
  }

  /** The aggregates of one hashtag (case-insensitive), or undefined if it was never seen or tracked. */
  series(hashtag: string): SeriesAccumulator | undefined {
    return this.bySeries.get(normalizeHashtag(hashtag));
  }

  /** Every account's mean score over all its tweets, by user id. */
  meanScores(): Map<string, number> {
    const { account, tweets, scoreSum } = this.overall.columns();
    const out = new Map<string, number>();
    for (let r = 0; r < account.length; r++) out.set(this.userIds[account[r]], scoreSum[r] / tweets[r]);
    return out;
  }

  /** Per user id, the account's tweets in one hashtag's series (absent: none there). */
  tweetsIn(hashtag: string | null): Map<string, number> {
    const series = hashtag === null ? this.overall : this.series(hashtag);
    const out = new Map<string, number>();
    if (series === undefined) return out;
    const { account, tweets } = series.columns();
    for (let r = 0; r < account.length; r++) out.set(this.userIds[account[r]], tweets[r]);
    return out;
  }

  /** The `n` most active accounts overall (ties by user id), with their mean scores. */
  topAccounts(n: number): AccountInfo[] {
    const { tweets, scoreSum } = this.overall.columns();
    const order = [...tweets.keys()].sort(
      (a, b) => tweets[b] - tweets[a] || (this.userIds[a] < this.userIds[b] ? -1 : 1),
    );
    return order.slice(0, Math.max(0, n)).map((i) => ({
      userId: this.userIds[i],
      screenName: this.screenNames[i],
      tweets: tweets[i],
      score: scoreSum[i] / tweets[i],
    }));
  }
}
