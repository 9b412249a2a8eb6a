/**
 * `botshare score --workers N`: the CSV of `scoreToCsv`, byte for byte, made by N worker
 * threads that each score a chunk of the input (cut as `report --workers` cuts it,
 * ./chunks.ts) into a part file; the parts are then written out in input order.
 * Duplicates across chunks are found from the ids each chunk accepted, in input order: a
 * chunk holding a tweet that an earlier chunk accepted is scored again, told those ids, so
 * that its copy is dropped as one pass drops it.
 *
 * Returns null — the caller then scores in one thread — where ./thread-plan.ts finds that workers
 * cannot help or cannot be exact, and tells `onOneThread` why.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FormatName } from '../../ingest/index.js';
import { planWorkers } from './thread-plan.js';
import { ChunksInInputOrder } from './chunks.js';
import type { ScoreCsvResult } from '../score-csv.js';
import type { ScoreJob, ScoreJobResult } from './score-worker.js';
import { runJobs } from '../../util/worker-pool.js';
import type { TimeWindow } from '../../util/time.js';
import { copyPart, partFile } from './part-files.js';

export interface ScoreParallelOptions {
  workers: number;
  modelDir: string;
  format?: FormatName;
  /** --since/--until: every chunk keeps only the tweets of this window. */
  window?: TimeWindow;
  /** Ctrl-C: the workers stop and the run fails with the signal's reason. */
  signal?: AbortSignal;
  /** Receives the rows (no header), in input order: text, or the UTF-8 bytes of a part file. */
  write: (bytes: string | Uint8Array) => Promise<void>;
  /** Tweets scored so far, over all workers. */
  onProgress?: (tweets: number) => void;
  /** `--chunk-size`: JSON-lines files are cut into ranges of about this many bytes, and workers used whatever the input's size (./thread-plan.ts). */
  chunkBytes?: number;
  /** Why the input is scored in one thread, when it is (the result is then null). */
  onOneThread?: (reason: string) => void;
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
  /** The worker threads that scored. */
  threads: number;
}

type ScoreDone = Extract<ScoreJobResult, { ids: unknown }>;

export async function scoreInParallel(files: readonly string[], options: ScoreParallelOptions): Promise<ScoreParallelResult | null> {
  const plan = await planWorkers('score', files, { workers: options.workers, format: options.format, chunkBytes: options.chunkBytes, modelDir: options.modelDir });
  if (!('chunks' in plan)) {
    options.onOneThread?.(plan.reason);
    return null;
  }
  const { chunks, workerUrl } = plan;

  const dir = await mkdtemp(path.join(options.tmpDir ?? tmpdir(), '.botshare-score-'));
  try {
    const job = (i: number, seen?: string[]): ScoreJob => {
      const s = chunks[i];
      return { index: i, modelDir: options.modelDir, file: s.file, format: s.format, range: s.range, seen, window: options.window, part: partFile(dir, i, 'csv') };
    };
    let scored = 0;
    const onProgress = (n: number): void => {
      scored += n;
      options.onProgress?.(scored);
    };
    const order = new ChunksInInputOrder<ScoreDone>();
    let threads = await runJobs<ScoreJob, ScoreDone>(chunks.map((_, i) => job(i)), plan.threads, workerUrl, (r) => order.take(r), onProgress, options.signal);
    const { results, again } = order;
    if (again.size > 0) {
      // The first pass's progress counted these chunks' duplicates too: the count restarts.
      for (const i of again.keys()) scored -= results[i].tweets;
      threads = Math.max(threads, await runJobs<ScoreJob, ScoreDone>([...again].map(([i, seen]) => job(i, seen)), plan.threads, workerUrl, (r) => order.retaken(r), onProgress, options.signal));
    }
    for (let i = 0; i < chunks.length; i++) {
      await copyPart(partFile(dir, i, 'csv'), options.write);
    }
    return {
      tweets: results.reduce((s, r) => s + r.tweets, 0),
      rejects: results.reduce((s, r) => s + r.rejects, 0),
      ...(options.window === undefined ? {} : { outsideWindow: results.reduce((s, r) => s + (r.outsideWindow ?? 0), 0) }),
      model: results[0]?.model ?? '',
      threads,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
