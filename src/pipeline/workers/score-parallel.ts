/**
 * `botshare score --workers N`: the CSV of `scoreToCsv`, byte for byte, made by N worker
 * threads that each score a share of the input (cut as `report --workers` cuts it,
 * ./shares.ts) into a part file; the parts are then written out in input order.
 * Duplicates across shares are found from the ids each share accepted, in input order: a
 * share holding a tweet that an earlier share accepted is scored again, told those ids, so
 * that its copy is dropped as one pass drops it.
 *
 * Returns null — the caller then scores in one thread — where workers cannot help or cannot
 * be exact: one worker, a small input, a model that reads timing features (an account's
 * tweets span shares), cresci pairs, or no compiled worker (running from TypeScript sources).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FormatName } from '../../ingest/index.js';
import { readCard } from '../../model/card.js';
import { modelUsesTiming } from '../../model/score-tweets.js';
import { compiledWorkerExists, PARALLEL_FROM_BYTES, planShares, SharesInInputOrder } from './shares.js';
import type { ScoreCsvResult } from '../score-csv.js';
import type { ScoreJob, ScoreJobResult } from './score-worker.js';
import { runJobs } from '../../util/worker-pool.js';
import type { TimeWindow } from '../../util/time.js';
import { copyPart, partFile } from './part-files.js';

const WORKER_URL = new URL('./score-worker.js', import.meta.url);

export interface ScoreParallelOptions {
  workers: number;
  modelDir: string;
  format?: FormatName;
  /** --since/--until: every share keeps only the tweets of this window. */
  window?: TimeWindow;
  /** Ctrl-C: the workers stop and the run fails with the signal's reason. */
  signal?: AbortSignal;
  /** Receives the rows (no header), in input order: text, or the UTF-8 bytes of a part file. */
  write: (chunk: string | Uint8Array) => Promise<void>;
  /** Tweets scored so far, over all workers. */
  onProgress?: (tweets: number) => void;
  /** Run on workers whatever the input's size (tests, benchmarks). */
  anySize?: boolean;
  rangeBytes?: number;
  workerUrl?: URL;
  /**
   * Where the part files go (a fresh hidden folder inside it, removed at the end): the output's
   * folder, which must hold the output anyway (a temporary folder may be in memory); default
   * the system's temporary folder (writing to stdout).
   */
  tmpDir?: string;
}

export interface ScoreParallelResult extends ScoreCsvResult {
  /** The model's name and version, as the workers loaded it. */
  model: string;
}

type ScoreDone = Extract<ScoreJobResult, { ids: unknown }>;

export async function scoreInParallel(files: readonly string[], options: ScoreParallelOptions): Promise<ScoreParallelResult | null> {
  const workerUrl = options.workerUrl ?? WORKER_URL;
  if (options.workers < 2 || !compiledWorkerExists(workerUrl) || files.length === 0) return null;
  let bytes = 0;
  for (const f of files) bytes += await stat(f).then((s) => s.size, () => 0);
  if (bytes < PARALLEL_FROM_BYTES && options.anySize !== true) return null;
  if (modelUsesTiming({ card: await readCard(options.modelDir) })) return null;
  const shares = await planShares(files, options.format, options.workers, options.rangeBytes);
  if (shares === null) return null;

  const dir = await mkdtemp(path.join(options.tmpDir ?? tmpdir(), '.botshare-score-'));
  try {
    const job = (i: number, seen?: string[]): ScoreJob => {
      const s = shares[i];
      return { index: i, modelDir: options.modelDir, file: s.file, format: s.format, range: s.range, seen, window: options.window, part: partFile(dir, i, 'csv') };
    };
    let scored = 0;
    const onProgress = (n: number): void => {
      scored += n;
      options.onProgress?.(scored);
    };
    const order = new SharesInInputOrder<ScoreDone>();
    await runJobs<ScoreJob, ScoreDone>(shares.map((_, i) => job(i)), options.workers, workerUrl, (r) => order.take(r), onProgress, options.signal);
    const { results, again } = order;
    if (again.size > 0) {
      // The first pass's progress counted these shares' duplicates too: the count restarts.
      for (const i of again.keys()) scored -= results[i].tweets;
      await runJobs<ScoreJob, ScoreDone>([...again].map(([i, seen]) => job(i, seen)), options.workers, workerUrl, (r) => order.retaken(r), onProgress, options.signal);
    }
    for (let i = 0; i < shares.length; i++) {
      await copyPart(partFile(dir, i, 'csv'), options.write);
    }
    return {
      tweets: results.reduce((s, r) => s + r.tweets, 0),
      rejects: results.reduce((s, r) => s + r.rejects, 0),
      ...(options.window === undefined ? {} : { outsideWindow: results.reduce((s, r) => s + (r.outsideWindow ?? 0), 0) }),
      model: results[0]?.model ?? '',
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
