/**
 * `botshare report --tallies`: shard tallies in, OUTDIR out — the same files, byte for byte,
 * as one `report` over the union of the shards' inputs (when the shards share no tweet, or
 * partition them by id). The tallies are merged in the order given (only the list of input
 * files follows that order), checked against the model, and handed to `writeReport`.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { mergeTallies, overlapError, sharedTweetsAmong, TallyMismatchError, type Tally } from '../estimate/tally.js';
import type { LoadedModel } from '../model/scorer.js';
import type { RatesDomain } from '../model/card-rates.js';
import { openOutputs, type ReportOptions, type ReportResult } from './report-scored.js';
import { summarise } from './summarise.js';
import { withLabelsNeededOf } from './labels-needed.js';
import { pseudonymizeSummary, type Pseudonymizer } from '../report/pseudonymize.js';
import { assertFresh, reportOutputPaths, writeReport } from '../report/write-report.js';
import { scorerOf } from './load-scorer.js';
import { inputFileCount, type Reference } from '../report/summary.js';
import { sameWindow, windowLabel, windowOfBounds } from '../util/window.js';
import { noTweets } from './analyse.js';
import { readTallyFile } from './tally-file.js';
import { writeRejectsCsv } from './rejects-file.js';

export interface ReportTalliesOptions extends Omit<ReportOptions, 'force' | 'scoresCsv'> {
  references?: Reference[];
  force?: boolean;
  rates?: RatesDomain;
  /** The pseudonymiser of scores.csv already written (`report --scores --workers`): the summary must use the same salt. */
  pseudonymizer?: Pseudonymizer;
}

export interface ReportTalliesResult extends ReportResult {
  rejects: number;
  rejectsFile: string | null;
  tally: Tally;
}

/**
 * Reads and merges tally files in the order given; a mismatch names both files. Tallies that
 * counted the same tweets are refused, every such pair named with the number of tweets it
 * shares: their sum would count those tweets twice, where one run over the files counts
 * each once. The ids are held (8 bytes a tweet) until they have been compared.
 */
export async function mergeTallyFiles(files: readonly string[]): Promise<Tally> {
  if (files.length === 0) throw new UserError('no tally files given');
  let merged: Tally | undefined;
  let names = '';
  const listed: { file: string; header: Tally['header']; tweetIds: Tally['tweetIds'] }[] = [];
  for (const file of files) {
    const { tweetIds, ...next } = await readTallyFile(file);
    try {
      merged = merged === undefined ? { ...next, header: { ...next.header, tweetIds: null } } : mergeTallies(merged, next, [names, file]);
    } catch (err) {
      if (err instanceof TallyMismatchError) throw new UserError(err.message);
      throw err;
    }
    listed.push({ file, header: next.header, tweetIds });
    names = names === '' ? file : `${names}, ${file}`;
  }
  const overlaps = sharedTweetsAmong(listed).map(({ a, b, shared }) => ({ names: [listed[a].file, listed[b].file] as [string, string], shared }));
  if (overlaps.length > 0) throw new UserError(overlapError(overlaps).message);
  return merged as Tally;
}

export async function reportFromTallies(
  tallyFiles: readonly string[],
  model: LoadedModel,
  outDir: string,
  options: ReportTalliesOptions = {},
): Promise<ReportTalliesResult> {
  await assertNoRejectsFile(outDir, options.force === true);
  const tally = await mergeTallyFiles(tallyFiles);
  return reportFromTally(tally, model, outDir, options, `the tallies ${tallyFiles.join(', ')}`);
}

async function assertNoRejectsFile(outDir: string, force: boolean): Promise<void> {
  const rejectsPath = path.join(outDir, 'rejects.csv');
  if (!force && (await stat(rejectsPath).then(() => true, () => false))) {
    throw new UserError(`${rejectsPath} already exists; choose another output folder or pass --force to replace it`);
  }
}

/** The report of a (merged) tally in memory; `source` names it in messages. */
export async function reportFromTally(
  tally: Tally,
  model: LoadedModel,
  outDir: string,
  options: ReportTalliesOptions,
  source: string,
): Promise<ReportTalliesResult> {
  const result = await reportFromMerged(tally, model, outDir, options, source);
  return { ...result, tally };
}

/** The report of merged shards (a tally: `mergeTallies`, or the workers' `tallyInParallel`). */
export async function reportFromMerged(
  tally: Tally,
  model: LoadedModel,
  outDir: string,
  options: ReportTalliesOptions,
  source: string,
): Promise<Omit<ReportTalliesResult, 'tally'>> {
  const { rows } = tally;
  const force = options.force === true;
  const rejectsPath = path.join(outDir, 'rejects.csv');
  await assertNoRejectsFile(outDir, force);
  const h = tally.header;
  const scorer = scorerOf(model, options.rates ?? 'out-of-domain', rows);
  if (h.model !== scorer.model) {
    throw new UserError(`the tallies were scored by model ${h.model}, not by ${scorer.model} (--model): report them with the model that made them`);
  }
  if (h.threshold !== scorer.rates.threshold) {
    throw new UserError(
      `the tallies counted scores at threshold ${h.threshold}, but the ${options.rates ?? 'out-of-domain'} rates are at ${scorer.rates.threshold}: give report the --rates that tally was given`,
    );
  }
  const expected = scorer.tally?.features ?? [];
  if (h.features.length !== expected.length || h.features.some((f, i) => f !== expected[i])) {
    throw new UserError('the tallies list other features than this botshare: make them and report them with the same version');
  }
  const window = h.window === undefined ? undefined : windowOfBounds(h.window);
  if (options.window !== undefined && !sameWindow(options.window, window)) {
    throw new UserError(
      `${source} were made for ${window === undefined ? 'all times' : `the window ${windowLabel(window)}`}, not ${windowLabel(options.window)} (--since/--until): give tally the window that report is given`,
    );
  }
  if (h.tweets === 0) throw noTweets([source], tally.rejects, h.files, window);
  // As reportFromFiles does: check the outputs, summarise, add labels_needed, pseudonymise, write.
  await assertFresh(reportOutputPaths(outDir, { png: options.png }), force);
  const pseudonymizer = options.pseudonymizer ?? (await openOutputs(outDir, { force, pseudonymize: options.pseudonymize })).pseudonymizer;
  const acc = tally.accumulator;
  let summary = await summarise(
    { accumulator: acc, rates: scorer.rates, model: scorer.model, explanations: scorer.explanations, references: options.references, files: h.files.map(inputFileCount) },
    // `report --workers` passes its `scoresCsv: false` along: no scores.csv on this route. The
    // window is the tallies' own (those of --workers were made with the report's).
    { ...options, pseudonymizer: undefined, scoresCsv: undefined, window },
  );
  summary = withLabelsNeededOf(summary, acc);
  if (pseudonymizer !== undefined) summary = pseudonymizeSummary(summary, pseudonymizer);
  const result: ReportResult = { summary, files: await writeReport(outDir, summary, { force, png: options.png }) };
  let rejectsFile: string | null = null;
  if (tally.rejects.length > 0) {
    await writeRejectsCsv(rejectsPath, tally.rejects, force);
    rejectsFile = path.resolve(rejectsPath);
    result.files.push(rejectsFile);
  }
  return { ...result, rejects: tally.rejects.length, rejectsFile };
}
