/**
 * One shard of input → its tally: ingest (rejects located, dedupe across the shard's files,
 * optionally one partition by tweet id), score, and fold into the sufficient statistics.
 * `botshare tally` runs this per shard; `report --tallies` merges the results.
 */
import { UserError, type Reject } from '../ingest/errors.js';
import { ingestTweets, type FileCounts, type FormatName } from '../ingest/index.js';
import type { Tweet } from '../ingest/tweet.js';
import { ShareAccumulator } from '../estimate/accumulator.js';
import { ActivityTally } from '../estimate/activity-tally.js';
import { tallyOf, type Tally } from '../estimate/tally.js';
import type { Scorer } from '../replicate/analyse.js';
import { VERSION } from '../version.js';
import { keepShard, type Partition } from './partition.js';

export interface TallyPassOptions {
  format?: FormatName;
  /** Track only these hashtags (case-insensitive); every hashtag when absent. */
  hashtags?: readonly string[];
  /** Keep only this shard of a partition by tweet id. */
  partition?: Partition;
  signal?: AbortSignal;
  onProgress?: (tweetsRead: number, pass: number) => void;
}

/** Reads, scores and tallies `files`. */
export async function tallyFromFiles(files: readonly string[], scorer: Scorer, options: TallyPassOptions = {}): Promise<Tally> {
  if (files.length === 0) throw new UserError('no input files given');
  const view = scorer.tally;
  if (view === undefined) throw new Error('this scorer cannot make tallies (it keeps no explanation rows)');
  const rejects: Reject[] = [];
  const activity = new ActivityTally();
  const keep = options.partition === undefined ? undefined : keepShard(options.partition);
  let pass = 0;
  let counts: FileCounts[] = [];
  // The scorer may read the input more than once: rejects, counts and activity come from the first pass.
  const source = (): AsyncIterable<Tweet> => {
    pass += 1;
    const thisPass = pass;
    const run = ingestTweets(files, {
      format: options.format,
      signal: options.signal,
      keep,
      onReject: thisPass === 1 ? (r) => rejects.push(r) : undefined,
    });
    return (async function* counted() {
      let n = 0;
      for await (const batch of run.batches) {
        for (const t of batch) {
          if (thisPass === 1) activity.add(t);
          yield t;
        }
        n += batch.length;
        options.onProgress?.(n, thisPass);
      }
      if (thisPass === 1) counts = run.counts();
    })();
  };
  const acc = new ShareAccumulator({ threshold: scorer.rates.threshold, hashtags: options.hashtags });
  for await (const t of scorer.score(source)) acc.add(t);
  return tallyOf({
    accumulator: acc,
    activity: (id) => activity.get(id),
    row: (id) => {
      const values = view.rows.get(id);
      const at = view.rows.timeOf(id);
      return values === undefined || at === undefined ? undefined : { at, values: [...values] };
    },
    header: {
      generator: { name: 'botshare', version: VERSION },
      model: scorer.model,
      timing: view.timing,
      partition: options.partition === undefined ? null : { count: options.partition.count, indices: [options.partition.index] },
      features: view.features,
      files: counts.map((f) => ({ path: f.path, format: f.format, read: f.read, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates })),
    },
    rejects,
  });
}
