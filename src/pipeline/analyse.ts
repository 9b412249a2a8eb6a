/**
 * The pipeline's one pass: exports in, a Summary out. Reads the files through ingest (the
 * same path for every export, the replication's included), scores every tweet, aggregates and
 * estimates. It never receives a ground truth: nothing here takes, imports or opens one.
 */
import type { Reject } from '../ingest/input-errors.js';
import type { FileCounts } from '../ingest/index.js';
import type { ShareAccumulator } from '../estimate/accumulator.js';
import type { BootstrapOptions } from '../estimate/bootstrap.js';
import { estimateCorpus, type CorpusEstimate } from '../estimate/estimate-shares.js';
import type { Summary } from '../report/summary.js';
import { UserError } from '../util/errors.js';
import type { TimeWindow } from '../util/time.js';
import { windowLabel } from '../util/window.js';
import { openExports, type ExportOptions, type FilterCounts } from './exports.js';
import type { Scorer } from './load-scorer.js';
import { aggregateBatches, NoTweetsError, summarise, type SummaryOptions } from './summarise.js';
import { withLabelsNeededOf } from './labels-needed.js';
import { frameScope, labeledSection, labelsWindow, withLabeledHeadlines, type LabelsFile } from './labeled.js';
import { ExportActivity } from '../features/export-activity.js';
import type { Tweet } from '../ingest/tweet.js';
import { pseudonymizeSummary } from '../report/pseudonymize.js';
import { inputFileCount, type Reference } from '../report/summary.js';

export interface AnalyseOptions extends ExportOptions, SummaryOptions {
  /** Published shares to mark beside the estimates. */
  references?: Reference[];
  /** A labeled sample of this export (`report --labels`): its shares become the headline. */
  labels?: LabelsFile;
  /** The labeled sample's jackknife replicates done so far, for a progress line. */
  onReplicate?: (done: number, total: number) => void;
}

export interface Analysis {
  summary: Summary;
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

export async function analyse(files: readonly string[], scorer: Scorer, options: AnalyseOptions = {}): Promise<Analysis> {
  if (files.length === 0) throw new UserError('no input files given');
  const scope = options.labels === undefined ? [] : frameScope(options.labels, options.hashtags);
  const activity = options.labels === undefined ? undefined : new ExportActivity(scope, { features: true });
  const tap = activity === undefined ? options.tap : (t: Tweet): void => {
    options.tap?.(t);
    activity.add(t);
  };
  // A labeled sample's frame is rebuilt in the window it was drawn in (sample.json).
  const window = options.labels === undefined ? options.window : labelsWindow(options.labels, options.window);
  options = { ...options, window };
  const exports = openExports(files, { ...options, tap });
  // In account-id order (as summarise reads it): labels_needed then does not depend on the
  // reading order either, and equals the tally route's (./report-tallies.ts).
  const acc = (
    await aggregateBatches(scorer.scoreBatches(() => exports.batches()), {
      threshold: scorer.rates.threshold,
      hashtags: options.hashtags,
      scoresCsv: options.scoresCsv,
    }).catch((err: unknown) => {
      if (err instanceof NoTweetsError && options.filter === undefined) throw noTweets(files, exports.rejects(), exports.files(), options.window);
      throw err;
    })
  ).canonical();
  let summary = await summarise(
    {
      accumulator: acc,
      rates: scorer.rates,
      model: scorer.model,
      explanations: scorer.explanations,
      references: options.references,
      files: exports.files().map(inputFileCount),
    },
    // The window of --since/--until, or the replication's (its filter), recorded in the summary.
    { ...options, window: options.window ?? options.filter?.window, scoresCsv: undefined, pseudonymizer: undefined },
  );
  if (options.labels !== undefined && activity !== undefined) {
    const section = await labeledSection(options.labels, acc, activity, summary.hashtags.map((h) => h.hashtag), scope, 1, options.onReplicate);
    summary = withLabeledHeadlines(summary, section);
  } else {
    summary = withLabelsNeededOf(summary, acc);
  }
  if (options.pseudonymizer !== undefined) summary = pseudonymizeSummary(summary, options.pseudonymizer);
  return { summary, files: exports.files(), rejects: exports.rejects(), filter: exports.filterCounts() };
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
  const acc = await aggregateBatches(scorer.scoreBatches(() => exports.batches()), { threshold: scorer.rates.threshold, hashtags: options.hashtags });
  const bootstrap = { replicates: 1000, seed: 1, ...options.bootstrap };
  return {
    estimate: estimateCorpus(acc, scorer.rates, { bootstrap, hashtags: options.hashtags }),
    accumulator: acc,
    filter: exports.filterCounts(),
  };
}
