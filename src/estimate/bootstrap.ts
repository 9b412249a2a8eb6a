/**
 * Percentile bootstrap over accounts (Efron & Tibshirani 1993, ch. 13; drawn as a Poisson
 * bootstrap, see `bootstrapReplicates`). The tweets of one
 * account are not independent — a bot posts hundreds that all score alike — so the unit
 * resampled is the account, with all its tweets: the interval then reflects how much the
 * share depends on which accounts happened to take part.
 *
 * When the rates carry their validation sample sizes, each replicate also redraws the rates
 * (TPR, FPR from their Jeffreys posteriors; mean scores from normal approximations), so the
 * interval of an adjusted estimate includes the uncertainty of its own correction; when they
 * carry per-set rates, each replicate also draws which kind of bots and humans the export
 * holds (rate-spread.ts).
 */

import type { AccountColumns } from './accumulator.js';
import { beta, normal, quantileSorted } from './distributions.js';
import { ratesForUnit, type PrevalenceMethod } from './methods.js';
import { drawKindRates, hasKindSpread } from './rate-spread.js';
import type { ClassifierRates } from '../model/rates.js';
import type { MethodName, SampleStats, Unit } from './types.js';
import { createRandom, type Random } from '../util/random.js';

export interface BootstrapOptions {
  /** Number of replicates (B). */
  replicates: number;
  /** Seed of the resampling; the same seed and input give the same interval. */
  seed: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = { replicates: 1000, seed: 1 };

/** Each account's unit statistics: its tweets, and itself as one account scored by its mean. */
export interface AccountUnits {
  tweets: Float64Array;
  tweetScoreSum: Float64Array;
  tweetAbove: Float64Array;
  /** The account's score: the mean of its tweets' scores. */
  meanScore: Float64Array;
  /** 1 when the account's mean score is at or above the threshold. */
  accountAbove: Float64Array;
}

export function accountUnits(cols: AccountColumns, threshold: number): AccountUnits {
  const k = cols.tweets.length;
  const meanScore = new Float64Array(k);
  const accountAbove = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    meanScore[i] = cols.scoreSum[i] / cols.tweets[i];
    accountAbove[i] = meanScore[i] >= threshold ? 1 : 0;
  }
  return { tweets: cols.tweets, tweetScoreSum: cols.scoreSum, tweetAbove: cols.above, meanScore, accountAbove };
}

/** The whole sample's statistics, per unit. */
export function sampleStats(units: AccountUnits): Record<Unit, SampleStats> {
  const k = units.tweets.length;
  let n = 0;
  let a = 0;
  let s = 0;
  let aa = 0;
  let sa = 0;
  for (let i = 0; i < k; i++) {
    n += units.tweets[i];
    a += units.tweetAbove[i];
    s += units.tweetScoreSum[i];
    aa += units.accountAbove[i];
    sa += units.meanScore[i];
  }
  return {
    tweets: { total: n, above: a, scoreSum: s },
    accounts: { total: k, above: aa, scoreSum: sa },
  };
}

/**
 * A replicate's rates: redrawn from their sampling distributions when the support is known.
 * Applies to one unit's rates (see `ratesForUnit`); `tweetLevel` is not carried over.
 */
export function redrawRates(rates: ClassifierRates, rng: Random): ClassifierRates {
  const support = rates.support;
  if (support === undefined || !(support.bots > 0 && support.humans > 0)) return rates;
  const jeffreys = (p: number, n: number): number => beta(rng, p * n + 0.5, (1 - p) * n + 0.5);
  const mean = (m: number | undefined, sd: number | undefined, n: number): number | undefined =>
    m === undefined || sd === undefined ? m : normal(rng, m, sd / Math.sqrt(n));
  return {
    ...rates,
    tpr: jeffreys(rates.tpr, support.bots),
    fpr: jeffreys(rates.fpr, support.humans),
    meanScoreBot: mean(rates.meanScoreBot, rates.sdScoreBot, support.bots),
    meanScoreHuman: mean(rates.meanScoreHuman, rates.sdScoreHuman, support.humans),
  };
}

/** FNV-1a over a string: per-series seeds that do not depend on which other series exist. */
export function hashSeed(seed: number, key: string): number {
  let h = 0x811c9dc5;
  const text = `${seed}\u0000${key}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export type Replicates = Record<Unit, Partial<Record<MethodName, Float64Array>>>;

/** From this many accounts on, replicates are drawn as a Poisson bootstrap. */
export const POISSON_FROM = 5000;

/**
 * W ~ Poisson(1) from 16 random bits: entry u is the smallest c with P(W ≤ c) > u / 65536
 * (probabilities exact to 1.5e-5).
 */
const POISSON1_TABLE: Uint8Array = (() => {
  const table = new Uint8Array(65536);
  let p = Math.exp(-1);
  let cdf = p;
  let c = 0;
  for (let u = 0; u < 65536; u++) {
    while ((u + 0.5) / 65536 >= cdf && c < 12) {
      c += 1;
      p /= c;
      cdf += p;
    }
    table[u] = c;
  }
  return table;
})();

/**
 * B replicates of every method on both units, clipped to [0, 1]. A method whose correction
 * is undefined on a redrawn rate (gap ≤ 0) yields NaN for that replicate, dropped later.
 */
export function bootstrapReplicates(
  units: AccountUnits,
  rates: ClassifierRates,
  methods: readonly PrevalenceMethod[],
  options: BootstrapOptions,
  key: string,
): Replicates {
  const b = Math.max(0, Math.floor(options.replicates));
  const k = units.tweets.length;
  const rng = createRandom(hashSeed(options.seed, key));
  const out: Replicates = { tweets: {}, accounts: {} };
  for (const m of methods) {
    out.tweets[m.name] = new Float64Array(b);
    out.accounts[m.name] = new Float64Array(b);
  }
  if (k === 0) {
    for (const m of methods) {
      out.tweets[m.name]?.fill(Number.NaN);
      out.accounts[m.name]?.fill(Number.NaN);
    }
    return out;
  }
  // One row of five numbers per account.
  const packed = new Float64Array(5 * k);
  for (let i = 0; i < k; i++) {
    packed[5 * i] = units.tweets[i];
    packed[5 * i + 1] = units.tweetAbove[i];
    packed[5 * i + 2] = units.tweetScoreSum[i];
    packed[5 * i + 3] = units.accountAbove[i];
    packed[5 * i + 4] = units.meanScore[i];
  }
  // Below POISSON_FROM accounts: the classic bootstrap, k accounts drawn with replacement.
  // From there on, the Poisson bootstrap (Hanley & MacGibbon 2006; Chamandy et al. 2012): each
  // account enters a replicate w ~ Poisson(1) times, the large-sample equivalent, which reads
  // the accounts in order instead of at random (at hundreds of thousands of accounts the
  // random reads missed the cache on every draw). Draws come from an inlined mulberry32
  // stream seeded from the series' generator.
  const poisson = k >= POISSON_FROM;
  const spread = hasKindSpread(rates);
  const scale = k / 4294967296;
  let state = rng.int(0x7fffffff) | 0;
  for (let r = 0; r < b; r++) {
    let n = 0;
    let a = 0;
    let s = 0;
    let w = 0;
    let aa = 0;
    let sa = 0;
    if (poisson) {
      // Two accounts per 32 random bits: each 16-bit half picks its Poisson(1) count from a
      // table. No branch on a zero count (a third of draws, unpredictable): adding 0 × x
      // leaves every sum bit for bit as it was, and the loop runs about twice as fast.
      const pairs = k - (k & 1);
      for (let i = 0; i < pairs; i += 2) {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        const bits = (t ^ (t >>> 14)) >>> 0;
        const c0 = POISSON1_TABLE[bits & 0xffff];
        const c1 = POISSON1_TABLE[bits >>> 16];
        const j = 5 * i;
        n += c0 * packed[j];
        a += c0 * packed[j + 1];
        s += c0 * packed[j + 2];
        aa += c0 * packed[j + 3];
        sa += c0 * packed[j + 4];
        n += c1 * packed[j + 5];
        a += c1 * packed[j + 6];
        s += c1 * packed[j + 7];
        aa += c1 * packed[j + 8];
        sa += c1 * packed[j + 9];
        w += c0 + c1;
      }
      if (pairs < k) {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        const c0 = POISSON1_TABLE[((t ^ (t >>> 14)) >>> 0) & 0xffff];
        const j = 5 * pairs;
        n += c0 * packed[j];
        a += c0 * packed[j + 1];
        s += c0 * packed[j + 2];
        aa += c0 * packed[j + 3];
        sa += c0 * packed[j + 4];
        w += c0;
      }
    } else {
      for (let i = 0; i < k; i++) {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        const j = 5 * ((((t ^ (t >>> 14)) >>> 0) * scale) | 0);
        n += packed[j];
        a += packed[j + 1];
        s += packed[j + 2];
        aa += packed[j + 3];
        sa += packed[j + 4];
        w += 1;
      }
    }
    // With per-set rates, a replicate's rates are those of one kind of bots and humans
    // (rate-spread.ts); tweet-level rates, measured pooled only, keep their sampling noise.
    const rAccounts = spread ? drawKindRates(rates, rng) : redrawRates(rates, rng);
    const rTweets = rates.tweetLevel === undefined ? rAccounts : redrawRates(ratesForUnit(rates, 'tweets'), rng);
    const tweetStats: SampleStats = { total: n, above: a, scoreSum: s };
    const accountStats: SampleStats = { total: w, above: aa, scoreSum: sa };
    for (const m of methods) {
      (out.tweets[m.name] as Float64Array)[r] =
        m.unavailableReason(rTweets) === undefined ? m.estimate(tweetStats, rTweets).value : Number.NaN;
      (out.accounts[m.name] as Float64Array)[r] =
        m.unavailableReason(rAccounts) === undefined ? m.estimate(accountStats, rAccounts).value : Number.NaN;
    }
  }
  return out;
}

/** The central `level` percentile interval of the finite replicates, or undefined if there are none. */
export function percentileInterval(replicates: Float64Array, level = 0.95): [number, number] | undefined {
  const finite = replicates.filter((x) => Number.isFinite(x)).sort();
  if (finite.length === 0) return undefined;
  const alpha = (1 - level) / 2;
  return [quantileSorted(finite, alpha), quantileSorted(finite, 1 - alpha)];
}
