/**
 * The draw of accounts to label: sequential Poisson sampling (Ohlsson 1998, "Sequential
 * Poisson sampling", J. Official Statistics 14(2), 149–162), an order-sampling πps design.
 *
 * Each account gets a size measure p_i (Σ p = 1) and a ranking key ξ_i = U_i / p_i with U_i
 * uniform; the accounts are ordered by ξ. Because the order does not depend on n, the first
 * k rows are the sequential Poisson sample of size k for every k ≤ n: a labeler can stop at
 * any row and what was labeled is still a valid sample. Inclusion probabilities are Rosén's
 * approximation π_i(k) = min(1, c_k·p_i) with Σ π = k (take-all units at 1; Rosén 1997,
 * "On sampling with probability proportional to size", J. Stat. Plan. Inference 62, 159–191).
 *
 * The size measure mixes the two estimates the sample serves:
 *   p_i = ½·tweets_i / Σ tweets + ½ · 1/N.
 * A share of tweets is carried by the few accounts that tweet most (so they must be drawn
 * often, the heaviest surely); a share of accounts needs every account to have a fair chance
 * (so the uniform half keeps each p_i ≥ 1/(2N), which bounds the accounts' weights 1/π by 2N/k).
 *
 * Design v2, for a frame of several named hashtags h = 1..m (m ≥ 2): the same two halves,
 * each shared equally between the named hashtags,
 *   p_i = ½ · (1/m) Σ_h tweets_ih / Σ_j tweets_jh + ½ · (1/m) Σ_h [i tweets in h] / N_h,
 * so every named hashtag holds at least 1/m of the size measure, and so about n/m of the n
 * labels or more, whatever its size (v1 gave the biggest hashtag most of them). With fewer than
 * two named hashtags v2 is v1, and such samples keep v1's id. The design is in the sample id's
 * tag (sps1, sps2): a v1 sample is always read with v1's measure.
 */
import { createHash } from 'node:crypto';
import { createRandom } from '../util/random.js';
import { hashSeed } from './bootstrap.js';

export const SAMPLE_DESIGN_V1 = 'sequential-poisson-v1';
export const SAMPLE_DESIGN_V2 = 'sequential-poisson-v2';
export type SampleDesignName = typeof SAMPLE_DESIGN_V1 | typeof SAMPLE_DESIGN_V2;

/** The half of the size measure given to tweets (the rest is uniform over accounts). */
export const TWEET_SHARE_OF_SIZE = 0.5;

/** One account of the sampling frame. */
export interface FrameAccount {
  userId: string;
  /** Its tweets in the export (or in the requested hashtags): the size it is drawn by. */
  tweets: number;
  /**
   * Its tweets in each named hashtag, in the order they were named, when two or more were
   * (design v2; a tweet with two of them counts in both). Absent: design v1.
   */
  byHashtag?: readonly number[];
}

/** The design a frame is drawn by: v2 when it carries the tweets of two or more named hashtags. */
export function designOf(frame: readonly FrameAccount[]): SampleDesignName {
  const m = frame[0]?.byHashtag?.length ?? 0;
  return m >= 2 ? SAMPLE_DESIGN_V2 : SAMPLE_DESIGN_V1;
}

/** The frame as design v1 reads it (per-hashtag counts dropped): for a sample drawn by v1. */
export function asDesignV1(frame: readonly FrameAccount[]): FrameAccount[] {
  return frame.map((a) => ({ userId: a.userId, tweets: a.tweets }));
}

export interface DrawnAccount {
  /** 1-based position in labeling order. */
  rank: number;
  userId: string;
  tweets: number;
  /** Size measure p_i (Σ over the frame = 1). */
  size: number;
  /** Ranking key ξ_i = U_i / p_i. */
  key: number;
  /** π_i for the sample of the requested size n. */
  inclusionProbability: number;
}

export interface SampleDraw {
  design: SampleDesignName;
  seed: number;
  n: number;
  /** Ties the sample to this frame, seed and n; recomputed at estimation to detect a mismatch. */
  sampleId: string;
  /** The first n accounts in labeling order. */
  rows: DrawnAccount[];
}

function checkFrame(frame: readonly FrameAccount[]): void {
  const seen = new Set<string>();
  const m = frame[0]?.byHashtag?.length;
  for (const a of frame) {
    if (a.byHashtag?.length !== m) throw new Error(`sampling frame: user ${a.userId} has tweets for ${a.byHashtag?.length ?? 0} hashtags, the first account for ${m ?? 0}`);
    if (seen.has(a.userId)) throw new Error(`sampling frame: user ${a.userId} appears twice`);
    seen.add(a.userId);
    if (!(Number.isFinite(a.tweets) && a.tweets >= 0)) {
      throw new Error(`sampling frame: user ${a.userId} has ${a.tweets} tweets (need a number ≥ 0)`);
    }
  }
}

/** Size measures p_i, in frame order (Σ = 1), by the frame's design (`designOf`). With no tweets at all, uniform. */
export function sizeMeasures(frame: readonly FrameAccount[]): Float64Array {
  if (designOf(frame) === SAMPLE_DESIGN_V1) return sizeMeasuresOf(Float64Array.from(frame, (a) => a.tweets));
  const m = (frame[0].byHashtag as readonly number[]).length;
  const out = new Float64Array(frame.length);
  for (let h = 0; h < m; h++) {
    let tweets = 0;
    let accounts = 0;
    for (const a of frame) {
      const t = (a.byHashtag as readonly number[])[h];
      tweets += t;
      if (t > 0) accounts++;
    }
    if (accounts === 0) continue;
    // The hashtag's own v1 measure over its accounts (½ its tweet share, ½ uniform), a 1/m part.
    const tweetPart = tweets > 0 ? TWEET_SHARE_OF_SIZE : 0;
    frame.forEach((a, i) => {
      const t = (a.byHashtag as readonly number[])[h];
      if (t > 0) out[i] += ((tweets > 0 ? (tweetPart * t) / tweets : 0) + (1 - tweetPart) / accounts) / m;
    });
  }
  let sum = 0;
  for (const p of out) sum += p;
  if (sum <= 0) return out.fill(1 / Math.max(1, out.length));
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/** `sizeMeasures` of a frame given as its accounts' tweets. */
export function sizeMeasuresOf(tweets: ArrayLike<number>): Float64Array {
  const n = tweets.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let total = 0;
  for (let i = 0; i < n; i++) total += tweets[i];
  const tweetPart = total > 0 ? TWEET_SHARE_OF_SIZE : 0;
  for (let i = 0; i < n; i++) {
    out[i] = (total > 0 ? (tweetPart * tweets[i]) / total : 0) + (1 - tweetPart) / n;
  }
  return out;
}

/**
 * π_i = min(1, c·p_i) with Σ π = k: units whose c·p_i reaches 1 are taken for sure and c is
 * re-solved over the rest until no new take-all appears.
 */
export function inclusionProbabilities(sizes: ArrayLike<number>, k: number): Float64Array {
  const n = sizes.length;
  if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new Error(`sample size ${k} must be an integer in [0, ${n}]`);
  const pi = new Float64Array(n);
  if (k === 0) return pi;
  if (k === n) return pi.fill(1);
  const takeAll = new Uint8Array(n);
  let certain = 0;
  for (;;) {
    let rest = 0;
    for (let i = 0; i < n; i++) if (!takeAll[i]) rest += sizes[i];
    const c = (k - certain) / rest;
    let added = 0;
    for (let i = 0; i < n; i++) {
      if (!takeAll[i] && c * sizes[i] >= 1) {
        takeAll[i] = 1;
        added++;
      }
    }
    if (added === 0 || certain + added >= k) {
      certain += added;
      for (let i = 0; i < n; i++) pi[i] = takeAll[i] ? 1 : Math.min(1, c * sizes[i]);
      if (added === 0) return pi;
      // Every remaining slot went to take-alls: the others cannot be drawn.
      for (let i = 0; i < n; i++) if (!takeAll[i]) pi[i] = 0;
      return pi;
    }
    certain += added;
  }
}

/**
 * U_i for one account, from the seed and its id alone, so that the draw does not depend on
 * the order of the input (nor on which other accounts are present).
 */
export function accountUniform(seed: number, userId: string): number {
  // FNV-1a of (seed, id), spread by the generator's splitmix seeding: cheap enough for
  // frames of a million accounts and for the tests' thousands of redraws.
  return createRandom(hashSeed(seed, userId)).uniform();
}

/** The design's tag at the head of a sample id. */
const TAGS: Record<SampleDesignName, string> = { [SAMPLE_DESIGN_V1]: 'sps1', [SAMPLE_DESIGN_V2]: 'sps2' };

/**
 * The sample id written into sample.csv: `sps1:<seed>:<n>:<hash>` (design v1) or `sps2:…`
 * (v2), the hash over the design, seed, n and the frame's sorted (user id, tweets[, tweets per
 * named hashtag]) rows. Seed and n are readable so that the draw can be recomputed and compared
 * row by row; the hash detects another export (or other hashtags, which change the tweets counted).
 */
export function sampleId(frame: readonly FrameAccount[], seed: number, n: number): string {
  const design = designOf(frame);
  const pairs = frame.map((a) => (design === SAMPLE_DESIGN_V1 ? `${a.userId}\t${a.tweets}` : `${a.userId}\t${a.tweets}\t${(a.byHashtag as readonly number[]).join(',')}`)).sort();
  const hash = createHash('sha256');
  hash.update(`${design}\n${seed}\n${n}\n`);
  for (const p of pairs) hash.update(`${p}\n`);
  return `${TAGS[design]}:${seed}:${n}:${hash.digest('hex').slice(0, 16)}`;
}

/** Design, seed and n read back from a sample id, or undefined when it is not one. */
export function parseSampleId(id: string): { seed: number; n: number; design: SampleDesignName } | undefined {
  const m = /^sps([12]):(-?\d+):(\d+):[0-9a-f]{16}$/.exec(id.trim());
  if (!m) return undefined;
  return { seed: Number(m[2]), n: Number(m[3]), design: m[1] === '1' ? SAMPLE_DESIGN_V1 : SAMPLE_DESIGN_V2 };
}

/**
 * The whole frame in labeling order (ascending ξ, ties by user id). Exported so that the
 * prefix property can be checked and a longer sample drawn with the same seed extends a shorter.
 */
export function labelingOrder(frame: readonly FrameAccount[], seed: number): { index: number; key: number }[] {
  checkFrame(frame);
  return orderBySizes(frame, sizeMeasures(frame), seed);
}

/** The labeling order for given size measures (the design's own, or a candidate's in an experiment). */
export function orderBySizes(frame: readonly FrameAccount[], sizes: ArrayLike<number>, seed: number): { index: number; key: number }[] {
  const order = frame.map((a, index) => ({ index, key: accountUniform(seed, a.userId) / sizes[index] }));
  order.sort((x, y) => x.key - y.key || (frame[x.index].userId < frame[y.index].userId ? -1 : 1));
  return order;
}

/** Draws n accounts to label (all of them when n ≥ the frame's size). */
export function drawSample(frame: readonly FrameAccount[], n: number, seed: number): SampleDraw {
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`sample size must be a positive integer, got ${n}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const size = Math.min(n, frame.length);
  const order = labelingOrder(frame, seed);
  const sizes = sizeMeasures(frame);
  const pi = inclusionProbabilities(sizes, size);
  const rows = order.slice(0, size).map(({ index, key }, r) => ({
    rank: r + 1,
    userId: frame[index].userId,
    tweets: frame[index].tweets,
    size: sizes[index],
    key,
    inclusionProbability: pi[index],
  }));
  return { design: designOf(frame), seed, n: size, sampleId: sampleId(frame, seed, size), rows };
}

/**
 * π_i(k) for the first k rows of a draw (the labeled prefix), in the order of `prefixUserIds`,
 * computed from the frame rather than read from sample.csv, so a hand-edited probability has no
 * effect (and can be detected by comparing).
 */
export function prefixInclusionProbabilities(frame: readonly FrameAccount[], prefixUserIds: readonly string[]): Float64Array {
  const sizes = sizeMeasures(frame);
  const pi = inclusionProbabilities(sizes, prefixUserIds.length);
  const where = new Map<string, number>();
  frame.forEach((a, i) => where.set(a.userId, i));
  return Float64Array.from(prefixUserIds, (id) => {
    const i = where.get(id);
    if (i === undefined) throw new Error(`user ${id} is not in the sampling frame`);
    return pi[i];
  });
}
