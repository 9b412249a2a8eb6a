/**
 * One shard of input → its tally: ingest (rejects located, dedupe across the shard's files,
 * optionally one partition by tweet id), score, and fold into the sufficient statistics.
 * `botshare tally` runs this per shard; `report --tallies` merges the results.
 */
import { UserError } from '../util/errors.js';
import type { FileCounts, FormatName } from '../ingest/index.js';
import type { TimeWindow } from '../util/time.js';
import { windowBounds } from '../util/window.js';
import { ShareAccumulator } from '../estimate/accumulator.js';
import { ActivityTally } from '../estimate/activity-tally.js';
import { tallyHeadOf, tallyOf, type Tally, type TallyFileCount, type TallyParts } from '../estimate/tally.js';
import { packTally, type PackedTally } from '../estimate/packed-tally.js';
import type { Scorer, ScorerTallyView } from './load-scorer.js';
import type { ScoredTweet } from '../estimate/types.js';
import { VERSION } from '../version.js';
import { openExports, type ExportOptions } from './exports.js';
import { keepShard, type Partition } from './partition.js';
import { PackedIdList } from '../ingest/id-set.js';

export interface TallyPassOptions {
  format?: FormatName;
  /** Track only these hashtags (case-insensitive); every hashtag when absent. */
  hashtags?: readonly string[];
  /** Keep only this shard of a partition by tweet id. */
  partition?: Partition;
  /** Bytes of the one file to read, and tweet ids accepted before them (see ./parallel-tally.ts). */
  range?: ExportOptions['range'];
  seen?: ExportOptions['seen'];
  /** Receives the id of every accepted tweet, in reading order. */
  ids?: { push(id: string): void };
  /** Tally what the activity rule reads (default true; a report does not read it). */
  activity?: boolean;
  /** Sees every scored batch, in reading order, once it is tallied (`report --scores --workers`: the rows of scores.csv). */
  onScored?: (batch: readonly ScoredTweet[]) => Promise<void>;
  signal?: AbortSignal;
  onProgress?: (tweetsRead: number, pass: number) => void;
  /** Keep only the tweets of this window (--since/--until); recorded in the header. */
  window?: TimeWindow;
}

/** A file's counts in the tally's header. */
function tallyFileCount(f: FileCounts): TallyFileCount {
  const out: TallyFileCount = { path: f.path, format: f.format, read: f.read, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates };
  if (f.outsideWindow !== undefined) out.outsideWindow = f.outsideWindow;
  return out;
}

/** Reads, scores and tallies `files`; the tally lists the ids of the tweets it counted. */
export async function tallyFromFiles(files: readonly string[], scorer: Scorer, options: Omit<TallyPassOptions, 'activity'> = {}): Promise<Tally> {
  const tweetIds = new PackedIdList();
  const ids = options.ids;
  const push = (id: string): void => {
    tweetIds.push(id);
    ids?.push(id);
  };
  const parts = await tallyPass(files, scorer, { ...options, activity: true, ids: { push } });
  if (parts.activity === undefined) throw new Error('the activity of a tally file was not tallied');
  return tallyOf({ ...parts, tweetIds: tweetIds.packed() });
}

/** The same tally packed in typed columns (a worker thread's answer, see ./parallel-tally.ts). */
export async function packedTallyFromFiles(files: readonly string[], scorer: Scorer, options: TallyPassOptions = {}): Promise<PackedTally> {
  const parts = await tallyPass(files, scorer, options);
  return packTally({ ...tallyHeadOf(parts), accumulator: parts.accumulator, rows: parts.rows, activity: parts.activity });
}

async function tallyPass(
  files: readonly string[],
  scorer: Scorer,
  options: TallyPassOptions,
): Promise<TallyParts> {
  if (files.length === 0) throw new UserError('no input files given');
  const view = scorer.tally;
  if (view === undefined) throw new Error('this scorer cannot make tallies (it keeps no explanation rows)');
  const activity = options.activity === false ? undefined : new ActivityTally();
  // The scorer may read the input more than once: rejects, counts and activity come from the first pass.
  const exports = openExports(files, {
    format: options.format,
    signal: options.signal,
    keep: options.partition === undefined ? undefined : keepShard(options.partition),
    range: options.range,
    seen: options.seen,
    window: options.window,
    tap: activity === undefined && options.ids === undefined ? undefined : (t) => {
      activity?.add(t);
      options.ids?.push(t.id);
    },
    onProgress: options.onProgress,
  });
  const accumulator = new ShareAccumulator({ threshold: scorer.rates.threshold, hashtags: options.hashtags });
  for await (const batch of scorer.scoreBatches(() => exports.batches())) {
    for (const t of batch) accumulator.add(t);
    if (options.onScored !== undefined) await options.onScored(batch);
  }
  return {
    accumulator,
    activity,
    rows: view.rows,
    header: {
      generator: { name: 'botshare', version: VERSION },
      model: scorer.model,
      timing: view.timing,
      partition: options.partition === undefined ? null : { count: options.partition.count, indices: [options.partition.index] },
      features: view.features,
      files: exports.files().map(tallyFileCount),
      ...(options.window === undefined ? {} : { window: windowBounds(options.window) }),
    },
    rejects: [...exports.rejects()],
  };
}
