/**
 * Timing features over one account's tweets in the input, in `TIMING_FEATURES` order.
 *
 * `TimingAccumulator` takes events one at a time, in any order, in bounded memory: counts,
 * first/last time, the hour-of-day histogram, kind and client tallies and the statuses_count
 * end points are exact; the timestamps themselves are kept for at most `cap` tweets (the
 * latest ones), and the gap statistics (CV, entropy, burstiness) and the busiest minute and
 * hour are computed on those. Below the cap — nearly every account of a hashtag corpus —
 * every feature is exact and equals `timingFeatures(events)`, the direct definition.
 */
import type { Tweet, TweetKind } from '../ingest/tweet.js';
import { TIMING_FEATURES } from './registry.js';
import { isAutomationClient } from './automation-clients.js';
import { DAY_MS } from '../util/time.js';

export interface TimingEvent {
  /** Posting time, epoch milliseconds UTC. */
  createdAt: number;
  /** undefined when the source does not say. */
  kind?: TweetKind;
  /**
   * false when the source cannot tell a quote from an original tweet (the cresci-2017
   * timelines): `kind: 'original'` then means "original or quote", and the event does not
   * count towards quote_share. Default true.
   */
  quotesKnown?: boolean;
  /** Client name, HTML stripped (`clientName()`); undefined when unknown. */
  client?: string;
  /** The author's statuses_count as of this tweet; undefined when the format lacks it. */
  statuses?: number;
}

export const DEFAULT_TIMESTAMP_CAP = 256;

const MS_PER_HOUR = 3_600_000;
const MINUTE = 60_000;

/** The event that the timing features read from a canonical tweet. */
export function timingEventOf(tweet: Tweet): TimingEvent {
  return {
    createdAt: tweet.createdAt,
    kind: tweet.kind,
    client: tweet.client,
    statuses: tweet.author.statuses,
  };
}

/** Shannon entropy in bits of a histogram. */
function entropyBits(counts: Iterable<number>): number {
  let total = 0;
  const list: number[] = [];
  for (const c of counts) {
    if (c > 0) {
      list.push(c);
      total += c;
    }
  }
  let h = 0;
  for (const c of list) {
    const p = c / total;
    h -= p * Math.log2(p);
  }
  return h === 0 ? 0 : h; // no -0
}

/** Most timestamps of a sorted array in any half-open window [t, t + width). */
function maxInWindow(sorted: Float64Array, width: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi] - sorted[lo] >= width) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

export class TimingAccumulator {
  private n = 0;
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;
  private readonly hours = new Uint32Array(24);
  private kindKnown = 0;
  private retweets = 0;
  private replies = 0;
  private quoteKnown = 0;
  private quotes = 0;
  private clientKnown = 0;
  private automation = 0;
  private statusesFirstT = Number.POSITIVE_INFINITY;
  private statusesFirst = Number.NaN;
  private statusesLastT = Number.NEGATIVE_INFINITY;
  private statusesLast = Number.NaN;
  /** Sorted ascending; grows by doubling up to `cap` so that small accounts stay small. */
  private times = new Float64Array(4);
  private kept = 0;

  constructor(private readonly cap: number = DEFAULT_TIMESTAMP_CAP) {
    if (!Number.isInteger(cap) || cap < 2) throw new Error(`timestamp cap must be an integer ≥ 2, got ${cap}`);
  }

  /** Number of events added. */
  get count(): number {
    return this.n;
  }

  add(event: TimingEvent): void {
    const t = event.createdAt;
    if (!Number.isFinite(t)) throw new Error(`timing event with an invalid time: ${t}`);
    this.n += 1;
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    const hour = Math.floor((((t % DAY_MS) + DAY_MS) % DAY_MS) / MS_PER_HOUR);
    this.hours[hour] += 1;

    if (event.kind !== undefined) {
      this.kindKnown += 1;
      if (event.kind === 'retweet') this.retweets += 1;
      else if (event.kind === 'reply') this.replies += 1;
      if (event.quotesKnown !== false) {
        this.quoteKnown += 1;
        if (event.kind === 'quote') this.quotes += 1;
      }
    }
    if (event.client !== undefined) {
      this.clientKnown += 1;
      if (isAutomationClient(event.client)) this.automation += 1;
    }
    const s = event.statuses;
    if (s !== undefined && Number.isFinite(s)) {
      // Ties on time keep the smaller count first and the larger last: order-independent.
      if (t < this.statusesFirstT || (t === this.statusesFirstT && s < this.statusesFirst)) {
        this.statusesFirstT = t;
        this.statusesFirst = s;
      }
      if (t > this.statusesLastT || (t === this.statusesLastT && s > this.statusesLast)) {
        this.statusesLastT = t;
        this.statusesLast = s;
      }
    }
    this.keep(t);
  }

  /** Inserts t into the sorted window, dropping the earliest time when the window is full. */
  private keep(t: number): void {
    if (this.kept === this.cap) {
      if (t <= this.times[0]) return;
      // Drop the earliest: shift left while finding the slot for t.
      let i = 1;
      while (i < this.kept && this.times[i] < t) {
        this.times[i - 1] = this.times[i];
        i++;
      }
      this.times[i - 1] = t;
      return;
    }
    if (this.kept === this.times.length) {
      const grown = new Float64Array(Math.min(this.cap, this.times.length * 2));
      grown.set(this.times);
      this.times = grown;
    }
    let i = this.kept;
    while (i > 0 && this.times[i - 1] > t) {
      this.times[i] = this.times[i - 1];
      i--;
    }
    this.times[i] = t;
    this.kept += 1;
  }

  features(): Float64Array {
    const out = new Float64Array(TIMING_FEATURES.length).fill(Number.NaN);
    const n = this.n;
    if (n === 0) return out;
    const times = this.times.subarray(0, this.kept);
    const spanDays = (this.last - this.first) / DAY_MS;

    out[0] = n;
    if (n >= 2) {
      out[1] = n / Math.max(spanDays, 1);
      // Exact even above the cap: the mean gap telescopes to span / (n − 1).
      out[2] = (this.last - this.first) / 1000 / (n - 1);
      out[6] = entropyBits(this.hours);
    }
    if (this.kept >= 3) {
      const gaps = new Float64Array(this.kept - 1);
      for (let i = 1; i < this.kept; i++) gaps[i - 1] = (times[i] - times[i - 1]) / 1000;
      let mean = 0;
      for (const g of gaps) mean += g;
      mean /= gaps.length;
      let variance = 0;
      for (const g of gaps) variance += (g - mean) ** 2;
      const sd = Math.sqrt(variance / gaps.length);
      if (mean > 0) {
        out[3] = sd / mean;
        out[5] = (sd - mean) / (sd + mean);
      }
      const bins = new Map<number, number>();
      for (const g of gaps) {
        const b = Math.floor(Math.log2(1 + g));
        bins.set(b, (bins.get(b) ?? 0) + 1);
      }
      out[4] = entropyBits(bins.values());
    }
    out[7] = maxInWindow(times, MINUTE);
    out[8] = maxInWindow(times, MS_PER_HOUR);
    if (this.kindKnown > 0) {
      out[9] = this.retweets / this.kindKnown;
      out[10] = this.replies / this.kindKnown;
    }
    if (this.quoteKnown > 0) out[11] = this.quotes / this.quoteKnown;
    if (this.clientKnown > 0) out[12] = this.automation / this.clientKnown;
    if (this.statusesLastT > this.statusesFirstT) {
      const days = (this.statusesLastT - this.statusesFirstT) / DAY_MS;
      out[13] = (this.statusesLast - this.statusesFirst) / Math.max(days, 1);
    }
    return out;
  }
}

/**
 * Timing features of one account's events (any order), straight from the definitions in the
 * registry, on every event (no cap). Written independently of the accumulator on purpose:
 * the two must agree whenever the account has at most `cap` tweets, and the tests check it.
 */
export function timingFeatures(events: readonly TimingEvent[]): Float64Array {
  const out = new Float64Array(TIMING_FEATURES.length).fill(Number.NaN);
  const n = events.length;
  if (n === 0) return out;
  const t = Float64Array.from(events, (e) => e.createdAt).sort();
  if (!t.every(Number.isFinite)) throw new Error('timing event with an invalid time');
  const span = t[n - 1] - t[0];

  out[0] = n;
  if (n >= 2) {
    out[1] = n / Math.max(span / DAY_MS, 1);
    const gaps = Array.from({ length: n - 1 }, (_, i) => (t[i + 1] - t[i]) / 1000);
    out[2] = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const hours = new Array<number>(24).fill(0);
    for (const x of t) hours[new Date(x).getUTCHours()] += 1;
    out[6] = entropyBits(hours);
    if (n >= 3) {
      const mean = out[2];
      const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
      if (mean > 0) {
        out[3] = sd / mean;
        out[5] = (sd - mean) / (sd + mean);
      }
      const bins: Record<number, number> = {};
      for (const g of gaps) {
        const b = Math.floor(Math.log2(1 + g));
        bins[b] = (bins[b] ?? 0) + 1;
      }
      out[4] = entropyBits(Object.values(bins));
    }
  }
  const busiest = (width: number): number => {
    let best = 0;
    for (let i = 0; i < n; i++) {
      let j = i;
      while (j < n && t[j] < t[i] + width) j++;
      best = Math.max(best, j - i);
    }
    return best;
  };
  out[7] = busiest(MINUTE);
  out[8] = busiest(MS_PER_HOUR);

  const known = events.filter((e) => e.kind !== undefined);
  if (known.length > 0) {
    out[9] = known.filter((e) => e.kind === 'retweet').length / known.length;
    out[10] = known.filter((e) => e.kind === 'reply').length / known.length;
  }
  const quoteKnown = known.filter((e) => e.quotesKnown !== false);
  if (quoteKnown.length > 0) out[11] = quoteKnown.filter((e) => e.kind === 'quote').length / quoteKnown.length;
  const withClient = events.filter((e) => e.client !== undefined);
  if (withClient.length > 0) {
    out[12] = withClient.filter((e) => isAutomationClient(e.client as string)).length / withClient.length;
  }
  const withStatuses = events
    .filter((e) => e.statuses !== undefined && Number.isFinite(e.statuses))
    .map((e) => [e.createdAt, e.statuses as number] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (withStatuses.length >= 2) {
    const [t0, s0] = withStatuses[0];
    const [t1, s1] = withStatuses[withStatuses.length - 1];
    if (t1 > t0) out[13] = (s1 - s0) / Math.max((t1 - t0) / DAY_MS, 1);
  }
  return out;
}

/** A timing row for an account without timing: every timing feature missing. */
export function missingTiming(): Float64Array {
  return new Float64Array(TIMING_FEATURES.length).fill(Number.NaN);
}
