/**
 * `botshare report --workers N`: the report of `report` over the files, byte for byte, made by N
 * worker threads that each read, score and tally a share of the input (./parallel-tally.ts),
 * and with `--scores` write the share's rows of scores.csv to a part file.
 * Returns null — the caller then runs the one-thread pass — where workers cannot help or
 * cannot be exact: one worker, a small input, a labeled sample (checked against the export), a
 * model that reads timing features (an account's tweets span shares), cresci pairs, or no
 * compiled worker (running from TypeScript sources).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FormatName } from '../../ingest/index.js';
import type { RatesDomain } from '../../model/card-rates.js';
import { modelUsesTiming } from '../../model/score-tweets.js';
import { loadModel } from '../../model/scorer.js';
import { readCard } from '../../model/card.js';
import { assertFresh, reportOutputPaths } from '../../report/write-report.js';
import { loadCharting } from '../../report/render.js';
import { UserError } from '../../util/errors.js';
import { parallelTallyAvailable, tallyInParallel } from './parallel-tally.js';
import { copyPart, partFile } from './part-files.js';
import { PARALLEL_FROM_BYTES } from './shares.js';
import { openOutputs, report, type ReportOptions, type ReportResult } from '../report.js';

export interface ReportParallelOptions extends ReportOptions {
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

export async function reportInParallel(files: readonly string[], outDir: string, options: ReportParallelOptions): Promise<ReportResult | null> {
  if (options.workers < 2 || options.labels === true || !parallelTallyAvailable(options.workerUrl) || files.length === 0) return null;
  let bytes = 0;
  for (const f of files) bytes += await stat(f).then((s) => s.size, () => 0);
  if (bytes < PARALLEL_FROM_BYTES && options.anySize !== true) return null;
  for (const f of files) {
    if (path.resolve(f).startsWith(path.resolve(outDir) + path.sep)) {
      throw new UserError(`${f} is inside the output folder ${outDir}; choose another output folder`);
    }
  }
  const scoresCsv = options.scoresCsv === true;
  await assertFresh(reportOutputPaths(outDir, { png: options.png, scoresCsv }), options.force === true);
  if (modelUsesTiming({ card: await readCard(options.modelDir) })) return null;
  // The model and the charts' modules load on the main thread while the workers start and read.
  const model = loadModel(options.modelDir);
  const charting = loadCharting();
  for (const p of [model, charting]) p.catch(() => undefined); // failures show where they are awaited
  // scores.csv: each worker writes its share's rows (pseudonymized with the report's salt) to a
  // part file in a hidden folder of OUTDIR; the parts are written out in input order.
  const outputs = scoresCsv ? await openOutputs(outDir, { force: options.force, pseudonymize: options.pseudonymize, scoresCsv }) : undefined;
  const partsDir = outputs === undefined ? undefined : await mkdtemp(path.join(outDir, '.botshare-scores-'));
  try {
    const tally = await tallyInParallel(files, {
      workers: options.workers,
      format: options.format,
      hashtags: options.hashtags,
      window: options.window,
      rates: options.rates,
      modelDir: options.modelDir,
      rangeBytes: options.rangeBytes,
      workerUrl: options.workerUrl,
      signal: options.signal,
      scores: partsDir === undefined ? undefined : { dir: partsDir, salt: outputs?.salt },
    });
    if (tally === null) {
      await outputs?.scoresCsv?.abort();
      return null;
    }
    const csv = outputs?.scoresCsv;
    const merged = { kind: 'merged', merged: tally, model: await model, name: files.join(', ') } as const;
    if (csv === undefined || partsDir === undefined) return await report(merged, outDir, options);
    for (let i = 0; i < tally.shares; i++) {
      await copyPart(partFile(partsDir, i, 'csv'), (bytes) => csv.addRows(bytes));
    }
    const result = await report({ ...merged, pseudonymizer: outputs?.pseudonymizer }, outDir, options);
    await csv.commit();
    return { ...result, files: [path.resolve(csv.path), ...result.files] };
  } catch (err) {
    await outputs?.scoresCsv?.abort();
    throw err;
  } finally {
    if (partsDir !== undefined) await rm(partsDir, { recursive: true, force: true });
  }
}
