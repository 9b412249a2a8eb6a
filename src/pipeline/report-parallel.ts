/**
 * `botshare report --workers N`: the report of `reportFromFiles`, byte for byte, made by N
 * worker threads that each read, score and tally a share of the input (./parallel-tally.ts).
 * Returns null — the caller then runs the one-thread pass — where workers cannot help or
 * cannot be exact: one worker, a small input, scores.csv (one row per tweet, in order), a
 * labeled sample (checked against the export), a
 * model that reads timing features (an account's tweets span shares), cresci pairs, or no
 * compiled worker (running from TypeScript sources).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FormatName } from '../ingest/index.js';
import type { RatesDomain } from '../model/card-rates.js';
import { modelUsesTiming } from '../model/score-tweets.js';
import { loadModel } from '../model/scorer.js';
import { readCard } from '../model/card.js';
import { assertFresh, reportOutputPaths } from '../report/write-report.js';
import { loadCharting } from '../report/render.js';
import { UserError } from '../util/errors.js';
import { parallelTallyAvailable, tallyInParallel } from './parallel-tally.js';
import { PARALLEL_FROM_BYTES } from './shares.js';
import { reportFromMerged, type ReportTalliesOptions, type ReportTalliesResult } from './report-tallies.js';

export interface ReportParallelOptions extends ReportTalliesOptions {
  workers: number;
  modelDir: string;
  rates: RatesDomain;
  format?: FormatName;
  scoresCsv?: boolean;
  /** A labeled sample is given (`report --labels`): it is checked against the export, in one thread. */
  labels?: boolean;
  /** Run on workers whatever the input's size (tests, benchmarks). */
  anySize?: boolean;
  rangeBytes?: number;
  workerUrl?: URL;
  signal?: AbortSignal;
}

export async function reportInParallel(files: readonly string[], outDir: string, options: ReportParallelOptions): Promise<Omit<ReportTalliesResult, 'tally'> | null> {
  if (options.workers < 2 || options.scoresCsv === true || options.labels === true || !parallelTallyAvailable(options.workerUrl) || files.length === 0) return null;
  let bytes = 0;
  for (const f of files) bytes += await stat(f).then((s) => s.size, () => 0);
  if (bytes < PARALLEL_FROM_BYTES && options.anySize !== true) return null;
  for (const f of files) {
    if (path.resolve(f).startsWith(path.resolve(outDir) + path.sep)) {
      throw new UserError(`${f} is inside the output folder ${outDir}; choose another output folder`);
    }
  }
  await assertFresh(reportOutputPaths(outDir, { png: options.png }), options.force === true);
  if (modelUsesTiming({ card: await readCard(options.modelDir) })) return null;
  // The model and the charts' modules load on the main thread while the workers start and read.
  const model = loadModel(options.modelDir);
  const charting = loadCharting();
  for (const p of [model, charting]) p.catch(() => undefined); // failures show where they are awaited
  const tally = await tallyInParallel(files, { workers: options.workers, format: options.format, hashtags: options.hashtags, rates: options.rates, modelDir: options.modelDir, rangeBytes: options.rangeBytes, workerUrl: options.workerUrl, signal: options.signal });
  if (tally === null) return null;
  return reportFromMerged(tally, await model, outDir, options, files.join(', '));
}
