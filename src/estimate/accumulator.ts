/**
 * Streaming aggregation of scored tweets into what every estimator needs, per hashtag and
 * overall: per (hashtag, account) the tweet count, the sum of scores and the count at or
 * above the model threshold; per hashtag a fine histogram of tweet scores (threshold
 * sensitivity, score distribution) and a daily series. Memory grows with accounts and
 * days, never with tweets: a tweet is folded in and forgotten.
 *
 * Sums of scores are kept exactly, in integer units of 2^-44 (each score is rounded to that
 * grid once, 5.7e-14 apart): a sum then does not depend on the order or the grouping of the
 * tweets, so that tallies of shards merge into the same figures as one pass over them all.
 * `canonical()` puts accounts in id order, the order every estimate and bootstrap reads.
 */

import { normalizeHashtag } from '../ingest/tweet.js';
import type { ScoredTweet } from './types.js';
import { CARRY, laterWins, unitsTotal } from '../util/merge-rule.js';
import { DAY_MS } from '../util/time.js';

/** Fine score histogram: bin i holds scores in [i/100, (i+1)/100), the last one includes 1. */
export const HISTOGRAM_BINS = 100;


/** Scores are summed in integer multiples of 2^-SCORE_UNIT_BITS (exact, order-free). */
export const SCORE_UNIT_BITS = 44;
const UNITS_PER_SCORE = 2 ** SCORE_UNIT_BITS;
const SCORE_PER_UNIT = 2 ** -SCORE_UNIT_BITS;

/** A score as integer units (exact: a power-of-two scaling, then one rounding). */
export function scoreUnits(score: number): number {
  return Math.round(score * UNITS_PER_SCORE);
}

/** Exact units (`carries` × 2^52 + `units`) as a score sum, rounded once. */
export function unitsToScore(units: number, carries = 0): number {
  if (carries === 0) return units * SCORE_PER_UNIT;
  return Number(unitsTotal(units, carries)) * SCORE_PER_UNIT;
}

/** Total order on account ids: numeric ids (snowflakes) by value, then any other string. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** One day's exact totals, as a tally stores them (`scoreUnits` + `carries` × 2^52). */
export interface DayUnits {
  day: number;
  tweets: number;
  above: number;
  units: number;
  carries: number;
}

/** One account's row of a series in raw units (score sum = `carries` × 2^52 + `units`). */
export interface RowUnits {
  tweets: number;
  units: number;
  carries: number;
  above: number;
}

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
  set(i: number, x: number): void {
    this.data[i] = x;
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
  /** Whole multiples of 2^52 units of a row's score sum, for the few rows that reach them. */
  private readonly carries = new Map<number, number>();
  private readonly days = new Map<number, DayUnits>();
  // The day of the previous tweet: exports run in time order, so most tweets skip the Map.
  private lastDay = Number.NaN;
  private lastTotals: DayUnits | undefined;

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
    const units = scoreUnits(score);
    const row = this.rowOf(accountIndex);
    this.tweetCount.add(row, 1);
    this.addUnits(row, units, 0);
    this.above.add(row, isAbove);
    this.tweets += 1;
    this.histogram[scoreBin(score)] += 1;
    this.addDay(Math.floor(createdAt / DAY_MS), 1, isAbove, units, 0);
  }

  /** Adds a day's totals in raw units (one tweet, or a tally's day). */
  addDay(day: number, tweets: number, above: number, units: number, carries: number): void {
    let totals = day === this.lastDay ? this.lastTotals : this.days.get(day);
    if (totals === undefined) {
      totals = { day, tweets: 0, above: 0, units: 0, carries: 0 };
      this.days.set(day, totals);
    }
    this.lastDay = day;
    this.lastTotals = totals;
    totals.tweets += tweets;
    totals.above += above;
    totals.units += units;
    totals.carries += carries;
    if (totals.units >= CARRY) {
      const whole = Math.floor(totals.units / CARRY);
      totals.carries += whole;
      totals.units -= whole * CARRY;
    }
  }

  /**
   * Adds an account's totals in raw units (from a tally or another accumulator). Rows added
   * in account-index order keep the series canonical.
   */
  addRow(accountIndex: number, row: RowUnits): void {
    this.addRowUnits(accountIndex, row.tweets, row.units, row.carries, row.above);
  }

  /** `addRow` from columns, without a row object. */
  addRowUnits(accountIndex: number, tweets: number, units: number, carries: number, above: number): void {
    const r = this.rowOf(accountIndex);
    this.tweetCount.add(r, tweets);
    this.addUnits(r, units, carries);
    this.above.add(r, above);
  }

  private addUnits(row: number, units: number, carries: number): void {
    this.scoreSum.add(row, units);
    const sum = this.scoreSum.get(row);
    if (sum < CARRY && carries === 0) return;
    // Rare (an account with hundreds of tweets here): whole 2^52s move to a sparse map.
    const whole = Math.floor(sum / CARRY);
    this.scoreSum.set(row, sum - whole * CARRY);
    const total = (this.carries.get(row) ?? 0) + whole + carries;
    if (total > 0) this.carries.set(row, total);
  }

  /** The raw row of the account at `accountIndex`, or undefined if it has no tweet here. */
  rowUnits(accountIndex: number): RowUnits | undefined {
    const r = accountIndex < this.rowPlusOne.length ? this.rowPlusOne[accountIndex] - 1 : -1;
    if (r < 0) return undefined;
    return { tweets: this.tweetCount.get(r), units: this.scoreSum.get(r), carries: this.carries.get(r) ?? 0, above: this.above.get(r) };
  }

  /** Every row in raw units (copies), in row order: what a packed tally holds (./packed-tally.ts). */
  unitRows(): { account: Int32Array; tweets: Float64Array; units: Float64Array; carries: Float64Array; above: Float64Array } {
    const carries = new Float64Array(this.account.size);
    for (const [row, c] of this.carries) carries[row] = c;
    return {
      account: this.account.view(),
      tweets: Float64Array.from(this.tweetCount.view()),
      units: this.scoreSum.view(),
      carries,
      above: Float64Array.from(this.above.view()),
    };
  }

  /**
   * Copies every row into `to` (empty of rows) in the order of `order` (new account index →
   * this one's), under the new indices: what `addRow` of each row in that order gives, without
   * a row object each.
   */
  copyRowsInOrder(order: Int32Array, to: SeriesAccumulator): void {
    const plusOne = this.rowPlusOne;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const r = i < plusOne.length ? plusOne[i] - 1 : -1;
      if (r < 0) continue;
      to.addRowUnits(k, this.tweetCount.get(r), this.scoreSum.get(r), this.carries.get(r) ?? 0, this.above.get(r));
    }
  }

  /**
   * Every row in raw units, in the order of `order` (new account index → this one's), under
   * the new indices: what `unitRows()` of the reordered series gives, without reordering it.
   */
  unitRowsInOrder(order: Int32Array): { account: Int32Array; tweets: Float64Array; units: Float64Array; carries: Float64Array; above: Float64Array } {
    const n = this.account.size;
    const out = { account: new Int32Array(n), tweets: new Float64Array(n), units: new Float64Array(n), carries: new Float64Array(n), above: new Float64Array(n) };
    const plusOne = this.rowPlusOne;
    let m = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const r = i < plusOne.length ? plusOne[i] - 1 : -1;
      if (r < 0) continue;
      out.account[m] = k;
      out.tweets[m] = this.tweetCount.get(r);
      out.units[m] = this.scoreSum.get(r);
      out.carries[m] = this.carries.get(r) ?? 0;
      out.above[m] = this.above.get(r);
      m++;
    }
    return out;
  }

  /** Account indices with a row here, in row order. */
  accountIndices(): Int32Array {
    return this.account.view();
  }

  /** Exact daily totals in date order. */
  dayUnits(): DayUnits[] {
    return [...this.days.values()].sort((a, b) => a.day - b.day).map((d) => ({ ...d }));
  }

  get accounts(): number {
    return this.account.size;
  }

  /** Per-account columns (copies), ready for estimation and the bootstrap. */
  columns(): AccountColumns {
    const scoreSum = this.scoreSum.view();
    for (let i = 0; i < scoreSum.length; i++) scoreSum[i] *= SCORE_PER_UNIT;
    for (const [row, carries] of this.carries) scoreSum[row] = unitsToScore(this.scoreSum.get(row), carries);
    return {
      account: this.account.view(),
      tweets: Float64Array.from(this.tweetCount.view()),
      scoreSum,
      above: Float64Array.from(this.above.view()),
    };
  }

  /** Daily totals in date order. */
  daily(): DayTotals[] {
    return this.dayUnits().map((d) => ({ day: d.day, tweets: d.tweets, above: d.above, scoreSum: unitsToScore(d.units, d.carries) }));
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

/** An account as a tally or another accumulator hands it over. */
export interface AccountEntry {
  userId: string;
  /** Its screen name on its latest tweet that gave one (the greatest name on a tie). */
  screenName?: string;
  /** When that tweet was posted (NaN without a name). */
  screenNameAt: number;
}

/** Which of two names, seen at these times, is the account's latest: order-free at ties. */
function laterName(at: number, name: string, currentAt: number, current: string | undefined): boolean {
  return current === undefined || laterWins(at, currentAt, () => name > current);
}

/**
 * Folds `ScoredTweet`s, one at a time, into per-account aggregates for every tracked hashtag
 * and for all tweets together.
 */
export class ShareAccumulator {
  readonly threshold: number;
  readonly overall: SeriesAccumulator;
  /** The hashtags given at construction (normalized), undefined when all are tracked. */
  readonly tracked: readonly string[] | undefined;
  private readonly bySeries = new Map<string, SeriesAccumulator>();
  private readonly only: ReadonlySet<string> | undefined;
  private readonly accountIndex = new Map<string, number>();
  private readonly userIds: string[] = [];
  private readonly screenNames: (string | undefined)[] = [];
  private readonly screenNameAt = new Column(float64(16), float64);
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
      this.tracked = [...this.only];
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
    const index = this.indexOf(tweet.userId);
    const name = tweet.screenName;
    // The latest name: accounts get renamed, the report shows what the user sees now. By
    // time, not by reading order, so that shards read in any order agree.
    if (name !== undefined && laterName(createdAt, name, this.screenNameAt.get(index), this.screenNames[index])) {
      this.screenNames[index] = name;
      this.screenNameAt.set(index, createdAt);
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
      this.seriesFor(tag).add(index, score, createdAt);
    }
  }

  private indexOf(userId: string): number {
    let index = this.accountIndex.get(userId);
    if (index === undefined) {
      index = this.userIds.length;
      this.userIds.push(userId);
      this.screenNames.push(undefined);
      this.screenNameAt.push(Number.NaN);
      this.accountIndex.set(userId, index);
    }
    return index;
  }

  private seriesFor(tag: string): SeriesAccumulator {
    let series = this.bySeries.get(tag);
    if (series === undefined) {
      series = new SeriesAccumulator(this.threshold);
      this.bySeries.set(tag, series);
    }
    return series;
  }

  /**
   * Adds an account (or merges its name into the one known) and returns its index, for
   * rows added with `addRow`/`seriesOrCreate`. Adding accounts in id order keeps the
   * accumulator canonical.
   */
  addAccount(entry: AccountEntry): number {
    return this.addName(entry.userId, entry.screenName, entry.screenNameAt);
  }

  private addName(userId: string, name: string | undefined, at: number): number {
    const index = this.indexOf(userId);
    if (name !== undefined && laterName(at, name, this.screenNameAt.get(index), this.screenNames[index])) {
      this.screenNames[index] = name;
      this.screenNameAt.set(index, at);
    }
    return index;
  }

  /** The series of a (normalized) hashtag, created if absent; refuses one that is not tracked. */
  seriesOrCreate(tag: string): SeriesAccumulator {
    if (this.only !== undefined && !this.only.has(tag)) throw new RangeError(`#${tag} is not among the tracked hashtags`);
    return this.seriesFor(tag);
  }

  /** Every account in index order. */
  accountEntries(): AccountEntry[] {
    return this.userIds.map((userId, i) => ({ userId, screenName: this.screenNames[i], screenNameAt: this.screenNameAt.get(i) }));
  }

  /** Every series' hashtag, in name order. */
  seriesNames(): string[] {
    return [...this.bySeries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * The same aggregates with accounts in id order and each series' rows in that order: the
   * order the estimates and the bootstrap read, whatever order the tweets came in.
   */
  canonical(): ShareAccumulator {
    if (this.isCanonical()) return this;
    const out = new ShareAccumulator({ threshold: this.threshold, hashtags: this.tracked });
    const ids = this.userIds;
    const order = this.idOrder();
    // Ids are distinct, so the account at order[k] gets index k in `out`.
    for (const i of order) out.addAccount({ userId: ids[i], screenName: this.screenNames[i], screenNameAt: this.screenNameAt.get(i) });
    const copy = (from: SeriesAccumulator, to: SeriesAccumulator): void => {
      from.copyRowsInOrder(order, to);
      for (const d of from.dayUnits()) to.addDay(d.day, d.tweets, d.above, d.units, d.carries);
      for (let b = 0; b < HISTOGRAM_BINS; b++) to.histogram[b] += from.histogram[b];
      to.tweets += from.tweets;
    };
    copy(this.overall, out.overall);
    out.untaggedTweets = this.untaggedTweets;
    out.untaggedAbove = this.untaggedAbove;
    for (const tag of this.seriesNames()) copy(this.bySeries.get(tag) as SeriesAccumulator, out.seriesFor(tag));
    return out;
  }

  /**
   * Folds another accumulator's aggregates in (made with the same threshold and tracked
   * hashtags): what one accumulator of both inputs holds. Names keep the later (ties: the
   * greater), sums are exact, so the order of merging never decides. `other` is not changed;
   * the accounts it adds come after those known (`canonical()` puts them in id order).
   */
  merge(other: ShareAccumulator): void {
    const tracked = (a: ShareAccumulator): string => (a.tracked === undefined ? '*' : [...a.tracked].sort().join(','));
    if (other.threshold !== this.threshold || tracked(other) !== tracked(this)) {
      throw new RangeError('accumulators merge only when made with the same threshold and tracked hashtags');
    }
    const index = new Int32Array(other.userIds.length);
    for (let i = 0; i < index.length; i++) index[i] = this.addName(other.userIds[i], other.screenNames[i], other.screenNameAt.get(i));
    const fold = (from: SeriesAccumulator, to: SeriesAccumulator): void => {
      const r = from.unitRows();
      for (let k = 0; k < r.account.length; k++) to.addRowUnits(index[r.account[k]], r.tweets[k], r.units[k], r.carries[k], r.above[k]);
      for (const d of from.dayUnits()) to.addDay(d.day, d.tweets, d.above, d.units, d.carries);
      for (let b = 0; b < HISTOGRAM_BINS; b++) to.histogram[b] += from.histogram[b];
      to.tweets += from.tweets;
    };
    fold(other.overall, this.overall);
    for (const tag of other.seriesNames()) fold(other.bySeries.get(tag) as SeriesAccumulator, this.seriesFor(tag));
    this.untaggedTweets += other.untaggedTweets;
    this.untaggedAbove += other.untaggedAbove;
  }

  /** Whether the account has been seen. */
  hasAccount(userId: string): boolean {
    return this.accountIndex.has(userId);
  }

  /** Account indices in id order: the account at `idOrder()[k]` is the k-th of `canonical()`. */
  idOrder(): Int32Array {
    const ids = this.userIds;
    return Int32Array.from(ids.keys()).sort((a, b) => compareIds(ids[a], ids[b]));
  }

  /** Whether accounts are in id order and every series' rows in account order already. */
  private isCanonical(): boolean {
    for (let i = 1; i < this.userIds.length; i++) if (compareIds(this.userIds[i - 1], this.userIds[i]) >= 0) return false;
    for (const s of [this.overall, ...this.bySeries.values()]) {
      const rows = s.accountIndices();
      for (let r = 1; r < rows.length; r++) if (rows[r - 1] >= rows[r]) return false;
    }
    return true;
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

  /** Every account's mean score over all its tweets, by account index (`accountEntries()` order). */
  meanScoresByIndex(): Float64Array {
    const { account, tweets, scoreSum } = this.overall.columns();
    const out = new Float64Array(this.userIds.length).fill(Number.NaN);
    for (let r = 0; r < account.length; r++) out[account[r]] = scoreSum[r] / tweets[r];
    return out;
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
