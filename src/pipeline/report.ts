/**
 * `botshare report` as one library call: a source in, OUTDIR out. Every way into a report —
 * export files (with or without a labeled sample), shard tallies, the merged tally of worker
 * threads (pipeline/workers/report-parallel.ts hands it here), scored tweets — is checked
 * here once, accumulates the same statistics (`ReportStats`), becomes a complete Summary in
 * one builder (`summaryOf`), and is written here once: scores.csv as the tweets stream by,
 * summary.json, charts/ and report.html by the report layer, rejects.csv last.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FormatName } from '../ingest/index.js';
import type { Reject } from '../ingest/input-errors.js';
import type { ShareAccumulator } from '../estimate/accumulator.js';
import { overlapError, sharedTweetsAmong, TallyFold, TallyMismatchError, type Tally } from '../estimate/tally.js';
import type { ScoredTweet } from '../estimate/types.js';
import type { RatesDomain } from '../model/card-rates.js';
import type { ClassifierRates } from '../model/rates.js';
import type { LoadedModel } from '../model/scorer.js';
import { createPseudonymizer, type Pseudonymizer } from '../report/pseudonymize.js';
import { ScoresCsv } from '../report/scores-csv.js';
import { inputFileCount, type InputFileCount, type Summary } from '../report/summary.js';
import { assertFresh, reportOutputPaths, writeReport, type WriteReportOptions } from '../report/write-report.js';
import { UserError } from '../util/errors.js';
import type { TimeWindow } from '../util/time.js';
import { sameWindow, windowLabel, windowOfBounds } from '../util/window.js';
import { accumulateFiles, noTweets } from './analyse.js';
import type { LabelsFile } from './labeled.js';
import { scorerOf, type Explanations, type Scorer } from './load-scorer.js';
import { writeRejectsCsv } from './rejects-file.js';
import { aggregate } from './summarise.js';
import { summaryOf, type ReportStats, type SummaryOptions } from './summary-of.js';
import { readTallyFile } from './tally-file.js';

/** What a report is made from. */
export type ReportSource =
  /** Export files, read, scored and accumulated in one pass (`botshare report FILES`). */
  | {
      kind: 'files';
      files: readonly string[];
      scorer: Scorer;
      /** A labeled sample of these files (`report --labels`): its shares become the headline. */
      labels?: LabelsFile;
      format?: FormatName;
      signal?: AbortSignal;
      /** Tweets read so far (first pass and later passes), for a progress line. */
      onProgress?: (tweetsRead: number, pass: number) => void;
    }
  /** Shard tallies (`botshare report --tallies`), merged in the order given, checked against the model. */
  | { kind: 'tallies'; tallies: readonly string[]; model: LoadedModel }
  /**
   * Tallies merged already (the worker threads' of `report --workers`); `name` names them in
   * messages, `pseudonymizer` is that of the scores.csv the threads wrote (the same salt).
   */
  | { kind: 'merged'; merged: Tally; model: LoadedModel; name: string; pseudonymizer?: Pseudonymizer }
  /** Scored tweets, streamed once (scores.csv can be written), or already accumulated (then not). */
  | {
      kind: 'scored';
      tweets?: Iterable<ScoredTweet> | AsyncIterable<ScoredTweet>;
      accumulator?: ShareAccumulator;
      rates: ClassifierRates;
      model: string;
      explanations?: Explanations;
      /** Per-file counts from ingestion; a function when they are known only once the tweets have streamed by. */
      files?: InputFileCount[] | (() => InputFileCount[]);
    };

export interface ReportOptions extends Omit<SummaryOptions, 'pseudonymizer'>, Pick<WriteReportOptions, 'force' | 'png'> {
  /** Also write scores.csv (needs tweets that stream: files or scored tweets). */
  scoresCsv?: boolean;
  /** Replace ids and screen names by salted hashes everywhere (salt random unless given; never written). */
  pseudonymize?: boolean | { salt: string };
  /** --since/--until: files keep only the tweets inside it; tallies must have been made for it. */
  window?: TimeWindow;
  /** Tallies: which of the model card's rates correct the shares (files and scored tweets carry their rates). */
  rates?: RatesDomain;
}

export interface ReportResult {
  summary: Summary;
  /** Every file written, absolute paths. */
  files: string[];
  /** Unreadable records of the input. */
  rejects: number;
  /** OUTDIR/rejects.csv when any record was unreadable. */
  rejectsFile: string | null;
}

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

/**
 * The checks every report makes before any work, once: inputs, rejects.csv and the outputs.
 * Returns whether scores.csv is written on this route.
 */
async function checkReport(source: ReportSource, outDir: string, options: ReportOptions): Promise<boolean> {
  const force = options.force === true;
  if (source.kind === 'files') {
    if (source.files.length === 0) throw new UserError('no input files given');
    for (const f of source.files) {
      if (path.resolve(f).startsWith(path.resolve(outDir) + path.sep)) {
        throw new UserError(`${f} is inside the output folder ${outDir}; choose another output folder`);
      }
    }
  }
  if (source.kind === 'scored' && (source.tweets === undefined) === (source.accumulator === undefined)) {
    throw new RangeError('scored tweets: give either `tweets` or `accumulator`, not both');
  }
  if (source.kind !== 'scored') {
    const rejectsPath = path.join(outDir, 'rejects.csv');
    if (!force && (await exists(rejectsPath))) {
      throw new UserError(`${rejectsPath} already exists; choose another output folder or pass --force to replace it`);
    }
  }
  // The worker threads write their own scores.csv (from parts); a tally holds no tweet.
  const scoresCsv = options.scoresCsv === true && source.kind !== 'merged';
  if (scoresCsv && source.kind === 'tallies') throw new UserError('--scores needs the tweets themselves: run it over the export files, not --tallies');
  if (scoresCsv && source.kind === 'scored' && source.tweets === undefined) throw new RangeError('scores.csv needs the tweets themselves, not an accumulator');
  await assertFresh(reportOutputPaths(outDir, { scoresCsv, png: options.png }), force);
  return scoresCsv;
}

/**
 * What must exist before the pass: the pseudonymiser (scores.csv uses it too) and scores.csv,
 * opened now so that it streams; charts/ only once the tweets are in, so an interrupted or
 * failed run leaves nothing behind in an existing folder.
 */
export async function openOutputs(
  outDir: string,
  options: Pick<ReportOptions, 'force' | 'scoresCsv' | 'pseudonymize'>,
): Promise<{ pseudonymizer?: Pseudonymizer; salt?: string; scoresCsv?: ScoresCsv }> {
  // The salt is drawn here, not inside the pseudonymiser, so that `report --workers` can give
  // its workers the same one for their rows of scores.csv.
  const salt =
    options.pseudonymize === undefined || options.pseudonymize === false
      ? undefined
      : options.pseudonymize === true
        ? randomBytes(32).toString('hex')
        : options.pseudonymize.salt;
  const pseudonymizer = salt === undefined ? undefined : createPseudonymizer(salt);
  if (options.scoresCsv !== true) return { pseudonymizer, salt };
  await mkdir(outDir, { recursive: true });
  return { pseudonymizer, salt, scoresCsv: await ScoresCsv.open(outDir, { force: options.force === true, pseudonymizer }) };
}

/**
 * Reads and merges tally files in the order given; a mismatch names both files. Tallies that
 * counted the same tweets are refused, every such pair named with the number of tweets it
 * shares: their sum would count those tweets twice, where one run over the files counts
 * each once. The ids are held (8 bytes a tweet) until they have been compared.
 */
export async function mergeTallyFiles(files: readonly string[]): Promise<Tally> {
  if (files.length === 0) throw new UserError('no tally files given');
  const fold = new TallyFold();
  const listed: { file: string; header: Tally['header']; tweetIds: Tally['tweetIds'] }[] = [];
  for (const file of files) {
    const { tweetIds, ...next } = await readTallyFile(file);
    try {
      fold.add(next, file);
    } catch (err) {
      if (err instanceof TallyMismatchError) throw new UserError(err.message);
      throw err;
    }
    listed.push({ file, header: next.header, tweetIds });
  }
  const overlaps = sharedTweetsAmong(listed).map(({ a, b, shared }) => ({ names: [listed[a].file, listed[b].file] as [string, string], shared }));
  if (overlaps.length > 0) throw new UserError(overlapError(overlaps).message);
  return fold.tally() as Tally;
}

/**
 * The statistics of merged tallies, once they are checked against the model that reports them
 * (model, threshold, features) and the window the report is given; `name` names them.
 */
function statsOfTallies(tally: Tally, model: LoadedModel, options: ReportOptions, name: string): { stats: ReportStats; rejects: readonly Reject[] } {
  const h = tally.header;
  const scorer = scorerOf(model, options.rates ?? 'out-of-domain', tally.rows);
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
  // The window is the tallies' own (those of --workers were made with the report's).
  const window = h.window === undefined ? undefined : windowOfBounds(h.window);
  if (options.window !== undefined && !sameWindow(options.window, window)) {
    throw new UserError(
      `${name} were made for ${window === undefined ? 'all times' : `the window ${windowLabel(window)}`}, not ${windowLabel(options.window)} (--since/--until): give tally the window that report is given`,
    );
  }
  if (h.tweets === 0) throw noTweets([name], tally.rejects, h.files, window);
  const { accumulator } = tally;
  return {
    stats: { accumulator, rates: scorer.rates, model: scorer.model, explanations: scorer.explanations, files: h.files.map(inputFileCount), window },
    rejects: tally.rejects,
  };
}

/** The report of `source` in `outDir`: checked, accumulated, summarised and written, each once. */
export async function report(source: ReportSource, outDir: string, options: ReportOptions = {}): Promise<ReportResult> {
  const force = options.force === true;
  const wantCsv = await checkReport(source, outDir, options);
  // The tallies are read (and checked against each other) before anything is opened.
  const tallies = source.kind === 'tallies' ? await mergeTallyFiles(source.tallies) : undefined;
  const checked =
    source.kind === 'merged'
      ? statsOfTallies(source.merged, source.model, options, source.name)
      : tallies !== undefined && source.kind === 'tallies'
        ? statsOfTallies(tallies, source.model, options, `the tallies ${source.tallies.join(', ')}`)
        : undefined;
  const outputs =
    source.kind === 'merged' && source.pseudonymizer !== undefined
      ? { pseudonymizer: source.pseudonymizer, scoresCsv: undefined }
      : await openOutputs(outDir, { force, pseudonymize: options.pseudonymize, scoresCsv: wantCsv });
  const { pseudonymizer, scoresCsv } = outputs;
  let stats: ReportStats;
  let rejects: readonly Reject[] = [];
  if (checked !== undefined) {
    ({ stats, rejects } = checked);
  } else if (source.kind === 'files') {
    const pass = await accumulateFiles(source.files, source.scorer, {
      hashtags: options.hashtags,
      labels: source.labels,
      format: source.format,
      signal: source.signal,
      onProgress: source.onProgress,
      window: options.window,
      scoresCsv,
    });
    ({ stats, rejects } = pass);
  } else if (source.kind === 'scored') {
    const accumulator =
      source.accumulator ??
      (await aggregate(source.tweets as Iterable<ScoredTweet> | AsyncIterable<ScoredTweet>, { threshold: source.rates.threshold, hashtags: options.hashtags, scoresCsv }));
    const files = typeof source.files === 'function' ? source.files() : (source.files ?? []);
    stats = { accumulator, rates: source.rates, model: source.model, explanations: source.explanations, files, window: options.window };
  } else {
    throw new RangeError(`no statistics for a source of kind ${source.kind}`);
  }
  const summary = await summaryOf(stats, { ...options, pseudonymizer });
  const files = scoresCsv === undefined ? [] : [path.resolve(scoresCsv.path)];
  files.push(...(await writeReport(outDir, summary, { force, png: options.png })));
  let rejectsFile: string | null = null;
  if (rejects.length > 0) {
    // Written at the end: a long run's partial rejects file would be worse than none.
    rejectsFile = path.resolve(outDir, 'rejects.csv');
    await writeRejectsCsv(rejectsFile, rejects, force);
    files.push(rejectsFile);
  }
  return { summary, files, rejects: rejects.length, rejectsFile };
}
