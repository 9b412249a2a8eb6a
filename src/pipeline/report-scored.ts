/**
 * Scored tweets in, OUTDIR out: summary.json, charts/, report.html and, if asked, scores.csv.
 * Checks first that nothing would be overwritten, then summarises (one pass over the tweets)
 * and hands the Summary to the report layer, which writes each file once.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createPseudonymizer, type Pseudonymizer } from '../report/pseudonymize.js';
import { ScoresCsv } from '../report/scores-csv.js';
import type { Summary } from '../report/summary.js';
import { assertFresh, reportOutputPaths, writeReport, type WriteReportOptions } from '../report/write-report.js';
import { summarise, type SummaryInput, type SummaryOptions } from './summarise.js';

export type ReportInput = SummaryInput;

export interface ReportOptions extends Omit<SummaryOptions, 'pseudonymizer' | 'scoresCsv'>, Pick<WriteReportOptions, 'force' | 'png'> {
  /** Also write scores.csv (needs `tweets`). */
  scoresCsv?: boolean;
  /** Replace ids and screen names by salted hashes everywhere (salt random unless given; never written). */
  pseudonymize?: boolean | { salt: string };
}

export interface ReportResult {
  summary: Summary;
  /** Every file written, absolute paths. */
  files: string[];
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

export async function reportScoredTweets(outDir: string, input: ReportInput, options: ReportOptions = {}): Promise<ReportResult> {
  const force = options.force === true;
  const wantCsv = options.scoresCsv === true;
  if (wantCsv && input.tweets === undefined) {
    throw new RangeError('scores.csv needs the tweets themselves, not an accumulator');
  }
  await assertFresh(reportOutputPaths(outDir, { scoresCsv: wantCsv, png: options.png }), force);
  const { pseudonymizer, scoresCsv } = await openOutputs(outDir, options);
  const summary = await summarise(input, { ...options, pseudonymizer, scoresCsv });
  const files = scoresCsv === undefined ? [] : [path.resolve(scoresCsv.path)];
  files.push(...(await writeReport(outDir, summary, { force, png: options.png })));
  return { summary, files };
}
