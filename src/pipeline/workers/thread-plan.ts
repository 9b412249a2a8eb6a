/**
 * The one decision of `report`, `score` and `ingest --workers N`: whether worker threads can
 * help and be exact on this input, and if so the chunks they read (./chunks.ts). Every command
 * asks it first; the answer is either a plan (threads, chunks, the compiled worker) or the
 * stated reason the command reads in one thread. The outputs are the same either way.
 *
 * A chunk of the input (`--chunk-size`) is a byte range of a
 * file, or a whole file. One thread when: one worker is asked for; there is no input; the
 * compiled worker is absent (running from TypeScript sources: Node starts only compiled
 * workers); `ingest --strict` (it stops at the first reject in input order); `report --labels`
 * (the sample is checked against the export in one pass); an input under `PARALLEL_FROM_BYTES`
 * unless a chunk size is given (workers, each loading the model, would cost more than they
 * save); a model that reads timing features (an account's tweets span chunks); cresci pairs
 * (a tweets file read with its users file); or an input that makes one chunk (gzip, CSV and
 * JSON-array files are read whole).
 */
import { stat } from 'node:fs/promises';
import type { FormatName } from '../../ingest/index.js';
import { readCard } from '../../model/card.js';
import { modelUsesTiming } from '../../model/score-tweets.js';
import { compiledWorkerExists } from '../../util/worker-pool.js';
import { PARALLEL_FROM_BYTES, planChunks, type Chunk } from './chunks.js';

/** The commands with `--workers`, and the compiled worker each runs. */
const WORKER_URLS = {
  report: new URL('./tally-worker.js', import.meta.url),
  score: new URL('./score-worker.js', import.meta.url),
  ingest: new URL('./ingest-worker.js', import.meta.url),
} as const;

export type WorkersCommand = keyof typeof WORKER_URLS;

export interface WorkersRequest {
  /** `--workers N`. */
  workers: number;
  format?: FormatName;
  /**
   * `--chunk-size`: cut JSON-lines files into byte ranges of about this many bytes (a worker
   * holds one range's accounts at a time), and use workers whatever the input's size. Default:
   * one range per worker (at least 8 MB), or ranges of `CHUNK_BYTES` on inputs over 1 GB a
   * worker, and one thread under `PARALLEL_FROM_BYTES`.
   */
  chunkBytes?: number;
  /** `ingest --strict`. */
  strict?: boolean;
  /** `report --labels`. */
  labels?: boolean;
  /** `report` and `score`: the model folder (whether the model reads timing features). */
  modelDir?: string;
}

export type WorkersPlan =
  | { threads: number; chunks: Chunk[]; bytes: number; workerUrl: URL }
  | { threads: 1; reason: string };

const MB = 1 << 20;

export async function planWorkers(command: WorkersCommand, files: readonly string[], request: WorkersRequest): Promise<WorkersPlan> {
  const one = (reason: string): WorkersPlan => ({ threads: 1, reason });
  if (request.workers < 2) return one('one worker asked for');
  if (files.length === 0) return one('no input file');
  const workerUrl = WORKER_URLS[command];
  if (!compiledWorkerExists(workerUrl)) return one('the workers run compiled (dist/), not from TypeScript sources');
  if (request.strict === true) return one('--strict stops at the first unreadable record in input order');
  if (request.labels === true) return one('--labels checks the sample against the export in one pass');
  let bytes = 0;
  for (const f of files) bytes += await stat(f).then((s) => s.size, () => 0);
  if (request.chunkBytes === undefined && bytes < PARALLEL_FROM_BYTES) {
    return one(`the input is under ${PARALLEL_FROM_BYTES / MB} MB, where workers cost more than they save; --chunk-size uses them anyway`);
  }
  if (request.modelDir !== undefined && modelUsesTiming({ card: await readCard(request.modelDir) })) {
    return one("the model reads timing features, and an account's tweets span chunks of the input");
  }
  const chunks = await planChunks(files, request.format, request.workers, request.chunkBytes);
  if (chunks === null) return one('cresci pairs (tweets with their users file) are read whole');
  if (chunks.length < 2) return one('the input makes one chunk: gzip, CSV and JSON-array files are read whole');
  return { threads: Math.min(request.workers, chunks.length), chunks, bytes, workerUrl };
}
