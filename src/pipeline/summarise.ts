/**
 * The one pass that aggregates scored tweets into the accumulator (feeding scores.csv as they
 * go by): `aggregate`, `aggregateBatches`. Writes nothing itself but scores.csv's rows.
 */
import { ShareAccumulator } from '../estimate/accumulator.js';
import type { ScoredTweet } from '../estimate/types.js';
import type { ScoresCsv } from '../report/scores-csv.js';
import { UserError } from '../util/errors.js';

/** The input held no readable tweet: nothing is written. */
export class NoTweetsError extends UserError {
  constructor(message = 'no tweets to report: the input held no readable tweet') {
    super(message);
  }
}

type AggregateOptions = { threshold: number; hashtags?: readonly string[]; scoresCsv?: ScoresCsv };

/** Aggregates the scored tweets (one pass), feeding `scoresCsv` as they go by. */
export async function aggregate(tweets: Iterable<ScoredTweet> | AsyncIterable<ScoredTweet>, options: AggregateOptions): Promise<ShareAccumulator> {
  return aggregateWith(options, async (accumulator, csv) => {
    for await (const t of tweets) {
      accumulator.add(t);
      if (csv !== undefined) await csv.add(t);
    }
  });
}

/** `aggregate` of scored tweets that come in arrays (`Scorer.scoreBatches`). */
export async function aggregateBatches(batches: AsyncIterable<readonly ScoredTweet[]>, options: AggregateOptions): Promise<ShareAccumulator> {
  return aggregateWith(options, async (accumulator, csv) => {
    for await (const batch of batches) {
      for (const t of batch) accumulator.add(t);
      if (csv !== undefined) for (const t of batch) await csv.add(t);
    }
  });
}

async function aggregateWith(options: AggregateOptions, fold: (accumulator: ShareAccumulator, csv: ScoresCsv | undefined) => Promise<void>): Promise<ShareAccumulator> {
  const accumulator = new ShareAccumulator({ threshold: options.threshold, hashtags: options.hashtags });
  const csv = options.scoresCsv;
  try {
    await fold(accumulator, csv);
    if (accumulator.tweets === 0) throw new NoTweetsError();
    await csv?.commit();
  } catch (err) {
    await csv?.abort();
    throw err;
  }
  return accumulator;
}
