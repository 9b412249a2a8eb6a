/**
 * `botshare report --workers N`: the report of `report` over the files, byte for byte, made by N
 * worker threads that each read, score and tally a chunk of the input (./parallel-tally.ts),
 * and with `--scores` write the chunk's rows of scores.csv to a part file.
 * Returns null — the caller then runs the one-thread pass — where ./thread-plan.ts finds that workers
 * cannot help or cannot be exact (a labeled sample, a model that reads timing features, a
 * small input, …), and tells `onOneThread` why.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FormatName } from '../../ingest/index.js';
import type { RatesDomain } from '../../model/card-rates.js';
import { loadModel } from '../../model/scorer.js';
import { assertFresh, reportOutputPaths } from '../../report/write-report.js';
import { loadCharting } from '../../report/render.js';
import { UserError } from '../../util/errors.js';
import { tallyInParallel } from './parallel-tally.js';
import { copyPart, partFile } from './part-files.js';
import { planWorkers } from './thread-plan.js';
import { openOutputs, report, type ReportOptions, type ReportResult } from '../report.js';

export interface ReportParallelOptions extends ReportOptions {
  workers: number;
  modelDir: string;
  rates: RatesDomain;
  format?: FormatName;
  scoresCsv?: boolean;
  /** A labeled sample is given (`report --labels`): it is checked against the export, in one thread. */
  labels?: boolean;
  /** `--chunk-size`: JSON-lines files are cut into ranges of about this many bytes, and workers used whatever the input's size (./thread-plan.ts). */
  chunkBytes?: number;
  /** Why the report is made in one thread, when it is (the result is then null). */
  onOneThread?: (reason: string) => void;
  signal?: AbortSignal;
}

export async function reportInParallel(files: readonly string[], outDir: string, options: ReportParallelOptions): Promise<(ReportResult & { threads: number }) | null> {
  const plan = await planWorkers('report', files, { workers: options.workers, format: options.format, chunkBytes: options.chunkBytes, labels: options.labels, modelDir: options.modelDir });
  if (!('chunks' in plan)) {
    options.onOneThread?.(plan.reason);
    return null;
  }
  for (const f of files) {
    if (path.resolve(f).startsWith(path.resolve(outDir) + path.sep)) {
      throw new UserError(`${f} is inside the output folder ${outDir}; choose another output folder`);
    }
  }
  const scoresCsv = options.scoresCsv === true;
  await assertFresh(reportOutputPaths(outDir, { png: options.png, scoresCsv }), options.force === true);
  // The model and the charts' modules load on the main thread while the workers start and read.
  const model = loadModel(options.modelDir);
  const charting = loadCharting();
  for (const p of [model, charting]) p.catch(() => undefined); // failures show where they are awaited
  // scores.csv: each worker writes its chunk's rows (pseudonymized with the report's salt) to a
  // part file in a hidden folder of OUTDIR; the parts are written out in input order.
  const outputs = scoresCsv ? await openOutputs(outDir, { force: options.force, pseudonymize: options.pseudonymize, scoresCsv }) : undefined;
  const partsDir = outputs === undefined ? undefined : await mkdtemp(path.join(outDir, '.botshare-scores-'));
  try {
    const tally = await tallyInParallel({
      plan,
      hashtags: options.hashtags,
      window: options.window,
      rates: options.rates,
      modelDir: options.modelDir,
      signal: options.signal,
      scores: partsDir === undefined ? undefined : { dir: partsDir, salt: outputs?.salt },
    });
    if (tally === null) {
      await outputs?.scoresCsv?.abort();
      return null;
    }
    const csv = outputs?.scoresCsv;
    const threads = tally.threads;
    const merged = { kind: 'merged', merged: tally, model: await model, name: files.join(', ') } as const;
    if (csv === undefined || partsDir === undefined) return { ...(await report(merged, outDir, options)), threads };
    for (let i = 0; i < tally.chunks; i++) {
      await copyPart(partFile(partsDir, i, 'csv'), (bytes) => csv.addRows(bytes));
    }
    const result = await report({ ...merged, pseudonymizer: outputs?.pseudonymizer }, outDir, options);
    await csv.commit();
    return { ...result, files: [path.resolve(csv.path), ...result.files], threads };
  } catch (err) {
    await outputs?.scoresCsv?.abort();
    throw err;
  } finally {
    if (partsDir !== undefined) await rm(partsDir, { recursive: true, force: true });
  }
}
