/**
 * `botshare report` as a library call: exports in, OUTDIR out. Reads the files through
 * ingest (unreadable records go to OUTDIR/rejects.csv, never dropped silently), scores every
 * tweet with the model, summarises, and hands the Summary to the report layer.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FormatName } from '../ingest/index.js';
import type { Reference } from '../report/summary.js';
import { assertFresh, reportOutputPaths, writeReport } from '../report/write-report.js';
import { UserError } from '../util/errors.js';
import { analyse } from './analyse.js';
import { writeRejectsCsv } from './rejects-file.js';
import type { LabelsFile } from './labeled.js';
import { openOutputs, type ReportOptions, type ReportResult } from './report-scored.js';
import type { Scorer } from './load-scorer.js';

export interface ReportFilesOptions extends ReportOptions {
  /** A labeled sample of these files (`report --labels`). */
  labels?: LabelsFile;
  format?: FormatName;
  references?: Reference[];
  signal?: AbortSignal;
  /** Tweets read so far (first pass and later passes), for a progress line. */
  onProgress?: (tweetsRead: number, pass: number) => void;
  /** The labeled sample's jackknife replicates done so far, for a progress line. */
  onReplicate?: (done: number, total: number) => void;
}

export interface ReportFilesResult extends ReportResult {
  rejects: number;
  /** OUTDIR/rejects.csv when any record was unreadable. */
  rejectsFile: string | null;
}

export async function reportFromFiles(
  files: readonly string[],
  scorer: Scorer,
  outDir: string,
  options: ReportFilesOptions = {},
): Promise<ReportFilesResult> {
  if (files.length === 0) throw new UserError('no input files given');
  const rejectsPath = path.join(outDir, 'rejects.csv');
  const force = options.force === true;
  for (const f of files) {
    if (path.resolve(f).startsWith(path.resolve(outDir) + path.sep)) {
      throw new UserError(`${f} is inside the output folder ${outDir}; choose another output folder`);
    }
  }
  if (!force && (await stat(rejectsPath).then(() => true, () => false))) {
    throw new UserError(`${rejectsPath} already exists; choose another output folder or pass --force to replace it`);
  }
  await assertFresh(reportOutputPaths(outDir, { scoresCsv: options.scoresCsv, png: options.png }), force);
  const { pseudonymizer, scoresCsv } = await openOutputs(outDir, options);
  const analysis = await analyse(files, scorer, { ...options, pseudonymizer, scoresCsv });
  const written = scoresCsv === undefined ? [] : [path.resolve(scoresCsv.path)];
  written.push(...(await writeReport(outDir, analysis.summary, { force, png: options.png })));
  let rejectsFile: string | null = null;
  if (analysis.rejects.length > 0) {
    // Written at the end: a long run's partial rejects file would be worse than none.
    await writeRejectsCsv(rejectsPath, analysis.rejects, force);
    rejectsFile = path.resolve(rejectsPath);
    written.push(rejectsFile);
  }
  return { summary: analysis.summary, files: written, rejects: analysis.rejects.length, rejectsFile };
}
