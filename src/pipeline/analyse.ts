/**
 * The pipeline's one pass: exports in, the accumulated statistics out (`summaryOf` makes them
 * a Summary). Reads the files through ingest (the same path for every export, the
 * replication's included), scores every tweet and aggregates. It never receives a ground
 * truth: nothing here takes, imports or opens one.
 */
import type { Reject } from '../ingest/input-errors.js';
import type { FileCounts } from '../ingest/index.js';
import type { ShareAccumulator } from '../estimate/accumulator.js';
import type { BootstrapOptions } from '../estimate/bootstrap.js';
import { estimateCorpus, type CorpusEstimate } from '../estimate/estimate-shares.js';
import { UserError } from '../util/errors.js';
import type { TimeWindow } from '../util/time.js';
import { windowLabel } from '../util/window.js';
import { openExports, type ExportOptions, type FilterCounts } from './exports.js';
import type { Scorer } from './load-scorer.js';
import { aggregateBatches, NoTweetsError } from './summarise.js';
import type { ReportStats } from './summary-of.js';
import { frameScope, labelsWindow, type LabelsFile } from './labeled.js';
import { ExportActivity } from '../features/export-activity.js';
import type { Tweet } from '../ingest/tweet.js';
import type { ScoresCsv } from '../report/scores-csv.js';
import { inputFileCount } from '../report/summary.js';

export interface AccumulateOptions extends ExportOptions {
  /** Report these hashtags (case-insensitive): their series are kept whatever their size. */
  hashtags?: readonly string[];
  /** A labeled sample of this export (`report --labels`): the export's activity is gathered for it. */
  labels?: LabelsFile;
  /** Fed every scored tweet as it passes. */
  scoresCsv?: ScoresCsv;
}

/** The statistics of a pass over files, with what ingest counted. */
export interface FilesStats {
  stats: ReportStats;
  files: FileCounts[];
  rejects: readonly Reject[];
  filter: FilterCounts;
}

/** A run that read no tweet: say why, with the first unreadable records. */
export function noTweets(files: readonly string[], rejects: readonly Reject[], counts: readonly { outsideWindow?: number }[] = [], window?: TimeWindow): UserError {
  const outside = counts.reduce((n, f) => n + (f.outsideWindow ?? 0), 0);
  if (window !== undefined && outside > 0) {
    return new UserError(`no tweet of ${files.join(', ')} is inside the window ${windowLabel(window)} (${outside.toLocaleString('en-US')} outside it): check --since and --until`);
  }
  const shown = rejects.slice(0, 3).map((r) => `\n  ${r.file}:${r.line}: ${r.reason}`).join('');
  return new UserError(
    `no tweets could be read from ${files.join(', ')}` +
      (rejects.length > 0 ? `: ${rejects.length.toLocaleString('en-US')} unreadable records, for example:${shown}` : ''),
  );
}

/**
 * The pipeline's one pass over export files: read, score, accumulate (and feed scores.csv), in
 * the window of --since/--until, of a labeled sample (sample.json), or of the replication's filter.
 */
export async function accumulateFiles(files: readonly string[], scorer: Scorer, options: AccumulateOptions = {}): Promise<FilesStats> {
  if (files.length === 0) throw new UserError('no input files given');
  const scope = options.labels === undefined ? [] : frameScope(options.labels, options.hashtags);
  const activity = options.labels === undefined ? undefined : new ExportActivity(scope, { features: true });
  const tap = activity === undefined ? options.tap : (t: Tweet): void => {
    options.tap?.(t);
    activity.add(t);
  };
  // A labeled sample's frame is rebuilt in the window it was drawn in (sample.json).
  const window = options.labels === undefined ? options.window : labelsWindow(options.labels, options.window);
  const exports = openExports(files, { ...options, window, tap });
  // In account-id order (as summaryOf reads it): labels_needed then does not depend on the
  // reading order either, and equals the tally route's.
  const accumulator = (
    await aggregateBatches(scorer.scoreBatches(() => exports.batches()), {
      threshold: scorer.rates.threshold,
      hashtags: options.hashtags,
      scoresCsv: options.scoresCsv,
    }).catch((err: unknown) => {
      if (err instanceof NoTweetsError && options.filter === undefined) throw noTweets(files, exports.rejects(), exports.files(), window);
      throw err;
    })
  ).canonical();
  const stats: ReportStats = {
    accumulator,
    rates: scorer.rates,
    model: scorer.model,
    explanations: scorer.explanations,
    files: exports.files().map(inputFileCount),
    // The window of --since/--until, or the replication's (its filter), recorded in the summary.
    window: window ?? options.filter?.window,
    ...(options.labels === undefined || activity === undefined ? {} : { labeled: { labels: options.labels, activity, scope } }),
  };
  return { stats, files: exports.files(), rejects: exports.rejects(), filter: exports.filterCounts() };
}

/**
 * The bare estimate, without a summary or a report: exports in, every method's shares per
 * hashtag out. Used to evaluate the estimators on many ground-truth corpora; like the report
 * path it sees only the files.
 */
export async function estimateFromFiles(
  files: readonly string[],
  scorer: Scorer,
  options: ExportOptions & { hashtags: readonly string[]; bootstrap?: Partial<BootstrapOptions> },
): Promise<{ estimate: CorpusEstimate; accumulator: ShareAccumulator; filter: FilterCounts }> {
  const exports = openExports(files, options);
  const accumulator = await aggregateBatches(scorer.scoreBatches(() => exports.batches()), { threshold: scorer.rates.threshold, hashtags: options.hashtags });
  const bootstrap = { replicates: 1000, seed: 1, ...options.bootstrap };
  return {
    estimate: estimateCorpus(accumulator, scorer.rates, { bootstrap, hashtags: options.hashtags }),
    accumulator,
    filter: exports.filterCounts(),
  };
}
