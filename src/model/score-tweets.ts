/**
 * Scores every tweet of a corpus in two passes over the input (one when the model reads no
 * timing feature):
 * 1. per account, a TimingAccumulator gathers the timing of its tweets in the corpus
 *    (memory grows with accounts, not tweets);
 * 2. each tweet gets the account features of its author at the tweet's own time (the
 *    profile the tweet carries) and the author's timing features, and rows are scored in
 *    batches (8k–32k rows per predict call, see NOTES-node).
 *
 * `source` is called once per pass and must yield the same tweets both times (e.g. a
 * function that re-reads the files with ingestTweets).
 */
import type { Tweet } from '../ingest/tweet.js';
import { writeAccountFeatures } from '../features/account.js';
import { TimingAccumulator, timingEventOf } from '../features/timing.js';
import { ACCOUNT_FEATURES, FEATURES } from '../features/registry.js';
import type { LoadedModel } from './scorer.js';

export interface TweetWithScore {
  tweet: Tweet;
  /** Calibrated P(bot), in [0, 1]. */
  score: number;
}

/** One scoring batch: its tweets (or what was kept of each) in input order and their calibrated scores. */
export interface ScoredBatch<T = Tweet> {
  tweets: readonly T[];
  scores: Float32Array;
}

export interface ScoreTweetsOptions {
  /** Rows per scoring batch (default 16,384). */
  batchSize?: number;
  /** Called after pass 1 and after each batch of pass 2. */
  onProgress?: (p: { pass: 1 | 2; tweets: number; accounts: number }) => void;
  /** Sees each tweet's raw feature row (`FEATURES` order) as it is scored; the row is reused. */
  onRow?: (tweet: Tweet, row: Float64Array) => void;
}

/** Pass 1 alone: the timing accumulators of every author (exposed for the report and tests). */
export async function accumulateTiming(tweets: AsyncIterable<Tweet>): Promise<{ timing: Map<string, TimingAccumulator>; tweets: number }> {
  return accumulateTimingOfBatches(batchesOf(tweets));
}

async function accumulateTimingOfBatches(batches: AsyncIterable<readonly Tweet[]>): Promise<{ timing: Map<string, TimingAccumulator>; tweets: number }> {
  const timing = new Map<string, TimingAccumulator>();
  let n = 0;
  for await (const batch of batches) {
    for (const tweet of batch) {
      let accountTiming = timing.get(tweet.author.id);
      if (accountTiming === undefined) {
        accountTiming = new TimingAccumulator();
        timing.set(tweet.author.id, accountTiming);
      }
      accountTiming.add(timingEventOf(tweet));
      n += 1;
    }
  }
  return { timing, tweets: n };
}

/** A stream of tweets as a stream of arrays (what the batch scorer reads). */
async function* batchesOf(tweets: AsyncIterable<Tweet>, size = 4096): AsyncGenerator<Tweet[]> {
  let batch: Tweet[] = [];
  for await (const t of tweets) {
    batch.push(t);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

const TIMING_NAMES = new Set(FEATURES.filter((f) => f.group === 'timing').map((f) => f.name));

/** Whether any input of the model is a timing feature (or its missing indicator). */
export function modelUsesTiming(model: Pick<LoadedModel, 'card'>): boolean {
  return model.card.inputs.some((name) => TIMING_NAMES.has(name.replace(/__missing$/, '')));
}

function batchSizeOf(options: ScoreTweetsOptions): number {
  const batchSize = options.batchSize ?? 16_384;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  return batchSize;
}

/**
 * Every tweet with its score, one at a time (`scoreTweetBatches` one scoring batch at a time).
 * The tweets reach the scorer in arrays and leave it flat: one step of an async generator a
 * tweet on each side, as when the scorer read and yielded tweets one by one.
 */
export async function* scoreTweets(
  source: () => AsyncIterable<Tweet>,
  model: LoadedModel,
  options: ScoreTweetsOptions = {},
): AsyncGenerator<TweetWithScore> {
  for await (const { tweets, scores } of scoreTweetBatches(() => batchesOf(source()), model, options)) {
    for (let i = 0; i < tweets.length; i++) yield { tweet: tweets[i], score: scores[i] };
  }
}

/**
 * The scores of every tweet, a scoring batch at a time: `source` yields the tweets in arrays
 * of any length, and each step of an async generator costs promises, so a pipeline that
 * passes arrays pays them per batch, not per tweet. With `keep`, a batch holds `keep(tweet)`
 * instead of the tweet, from the moment its row is built: a batch of whole tweets (texts,
 * profiles) outlived the young generation, and the garbage collector copied it on every pass.
 */
export function scoreTweetBatches(source: () => AsyncIterable<readonly Tweet[]>, model: LoadedModel, options?: ScoreTweetsOptions): AsyncGenerator<ScoredBatch>;
export function scoreTweetBatches<T>(
  source: () => AsyncIterable<readonly Tweet[]>,
  model: LoadedModel,
  options: ScoreTweetsOptions,
  keep: (tweet: Tweet) => T,
): AsyncGenerator<ScoredBatch<T>>;
export function scoreTweetBatches<T>(
  source: () => AsyncIterable<readonly Tweet[]>,
  model: LoadedModel,
  options: ScoreTweetsOptions = {},
  keep?: (tweet: Tweet) => T,
): AsyncGenerator<ScoredBatch<T | Tweet>> {
  const kept: (tweet: Tweet) => T | Tweet = keep ?? ((t: Tweet): Tweet => t);
  // A model without timing inputs needs no first pass: the input is read once, and the
  // timing columns stay missing (the model does not read them).
  if (!modelUsesTiming(model)) {
    return scoreInBatches(source, model, undefined, options, Number.NaN, kept);
  }
  return scoreWithTiming(source, model, options, kept);
}

async function* scoreWithTiming<T>(
  source: () => AsyncIterable<readonly Tweet[]>,
  model: LoadedModel,
  options: ScoreTweetsOptions,
  keep: (tweet: Tweet) => T,
): AsyncGenerator<ScoredBatch<T>> {
  batchSizeOf(options);
  const { timing, tweets: total } = await accumulateTimingOfBatches(source());
  options.onProgress?.({ pass: 1, tweets: total, accounts: timing.size });

  // Timing features are the same for all tweets of an account: computed once, on first use.
  const timingRow = new Map<string, Float64Array>();
  const timingOf = (id: string): Float64Array => {
    let row = timingRow.get(id);
    if (row === undefined) {
      const accountTiming = timing.get(id);
      if (accountTiming === undefined) throw new Error(`account ${id} appeared in pass 2 but not in pass 1: the source must yield the same tweets twice`);
      row = accountTiming.features();
      timingRow.set(id, row);
    }
    return row;
  };
  yield* scoreInBatches(source, model, timingOf, options, timing.size, keep);
}

/**
 * Builds each tweet's raw row (account features at its time + the author's timing; `timingOf`
 * undefined: timing missing) and scores rows in batches.
 */
async function* scoreInBatches<T>(
  source: () => AsyncIterable<readonly Tweet[]>,
  model: LoadedModel,
  timingOf: ((authorId: string) => Float64Array) | undefined,
  options: ScoreTweetsOptions,
  accounts: number,
  keep: (tweet: Tweet) => T,
): AsyncGenerator<ScoredBatch<T>> {
  const batchSize = batchSizeOf(options);
  // The rows of a batch are views into one block, reused from batch to batch: a typed array of
  // its own per tweet meant an off-heap allocation per tweet (5% of a report's time).
  const width = FEATURES.length;
  // Without timing, a block's timing columns are missing from the start and never written;
  // its rows' views are made once per block, not once per tweet.
  const newBlock = (rowCount: number): Float64Array => {
    const b = new Float64Array(rowCount * width);
    return timingOf === undefined ? b.fill(Number.NaN) : b;
  };
  let block = newBlock(Math.min(batchSize, 1024));
  let views: Float64Array[] = [];
  let batch: T[] = [];
  let rows: Float64Array[] = [];
  let done = 0;
  const scored = async (): Promise<ScoredBatch<T>> => {
    const out = { tweets: batch, scores: await model.scoreRows(rows) };
    done += batch.length;
    options.onProgress?.({ pass: 2, tweets: done, accounts });
    batch = [];
    rows = [];
    return out;
  };
  for await (const tweets of source()) {
    for (const tweet of tweets) {
      const k = batch.length;
      if ((k + 1) * width > block.length) {
        // Grows with the batch (a small corpus does not pay for a full batch); rows already
        // handed out keep the old block, which stays valid until the batch is scored.
        block = newBlock(Math.min(batchSize, 2 * (k + 1)));
        views = [];
      }
      const row = (views[k] ??= block.subarray(k * width, (k + 1) * width));
      writeAccountFeatures(tweet.author, tweet.createdAt, model.bigrams, row, 0);
      if (timingOf !== undefined) row.set(timingOf(tweet.author.id), ACCOUNT_FEATURES.length);
      options.onRow?.(tweet, row);
      batch.push(keep(tweet));
      rows.push(row);
      if (batch.length >= batchSize) yield await scored();
    }
  }
  if (batch.length > 0) yield await scored();
}
