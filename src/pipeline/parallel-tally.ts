/**
 * Every core of one machine on one report: the input is cut into shares — byte ranges of
 * uncompressed JSON-lines files, cut at line ends, and whole files otherwise — which worker
 * threads read, score and tally; the tallies merge in input order into the tally of one pass,
 * so the report is byte-identical to `--workers 1`:
 * - rejects keep their file and line (each range's lines are offset by the lines before it);
 * - duplicates across shares are found from the ids each share accepted: a share holding a
 *   tweet that an earlier share accepted is tallied again, told those ids, so that its copy
 *   counts as a duplicate exactly as one pass would count it.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { open } from 'node:fs/promises';
import { mergePackedTallies, type MergedTally, type PackedTally } from '../estimate/packed-tally.js';
import { planInputs, type FormatName } from '../ingest/index.js';
import { IdsAcrossShares } from '../ingest/id-set.js';
import type { RatesDomain } from '../model/card-rates.js';
import { UserError } from '../util/errors.js';
import type { TallyJob, TallyJobResult } from './tally-worker.js';

const WORKER_URL = new URL('./tally-worker.js', import.meta.url);

/** Below this many input bytes, workers (each loading the model) cost more than they save. */
export const PARALLEL_FROM_BYTES = 32 << 20;
/** A byte range is at least this long. */
const MIN_RANGE = 8 << 20;

export interface ParallelTallyOptions {
  workers?: number;
  format?: FormatName;
  hashtags?: readonly string[];
  rates: RatesDomain;
  modelDir: string;
  /** Cut files into ranges of about this many bytes (default: a third of a worker's share, at least 8 MB). */
  rangeBytes?: number;
  /** The compiled worker (tests running from sources give dist/'s). */
  workerUrl?: URL;
}

interface Share {
  file: string;
  format: FormatName;
  range?: { start: number; end: number };
}

/** Whether the compiled worker exists (it does not when running from TypeScript sources). */
export function parallelTallyAvailable(workerUrl = WORKER_URL): boolean {
  return existsSync(fileURLToPath(workerUrl));
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/** The first line end at or after `pos` (+1), or the file's end. */
async function nextLineStart(file: string, pos: number, size: number): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (let at = pos; at < size; at += buf.length) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, at);
      const i = buf.subarray(0, bytesRead).indexOf(10);
      if (i !== -1) return at + i + 1;
    }
    return size;
  } finally {
    await handle.close();
  }
}

/** Cuts the input into shares, in input order; null when it cannot be split safely. */
export async function planShares(files: readonly string[], format: FormatName | undefined, workers: number, rangeBytes?: number): Promise<Share[] | null> {
  const inputs = await planInputs(files, format);
  if (inputs.some((d) => d.format === 'cresci' || d.companion !== undefined)) return null;
  const total = inputs.reduce((s, d) => s + d.info.size, 0);
  // One share per worker: every share tallies (and the merge re-reads) most accounts again.
  const target = rangeBytes ?? Math.max(MIN_RANGE, Math.ceil(total / workers));
  const shares: Share[] = [];
  for (const d of inputs) {
    const splittable = !d.info.gzip && (d.format === 'v1' || d.format === 'v2') && d.shape !== 'array';
    if (!splittable || d.info.size <= target) {
      shares.push({ file: d.file, format: d.format });
      continue;
    }
    for (let start = 0; start < d.info.size; ) {
      const end = start + target >= d.info.size ? d.info.size : await nextLineStart(d.file, start + target, d.info.size);
      shares.push({ file: d.file, format: d.format, range: { start, end } });
      start = end;
    }
  }
  return shares;
}

/** Runs jobs on `workers` threads, each thread taking the next job when done. */
async function runJobs(jobs: TallyJob[], workers: number, workerUrl: URL): Promise<Map<number, Extract<TallyJobResult, { tally: PackedTally }>>> {
  const results = new Map<number, Extract<TallyJobResult, { tally: PackedTally }>>();
  let next = 0;
  let failure: Error | undefined;
  const thread = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(workerUrl);
      const give = (): void => {
        if (failure !== undefined || next >= jobs.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        worker.postMessage(jobs[next++]);
      };
      worker.on('message', (r: TallyJobResult) => {
        if ('error' in r) failure ??= r.userError ? new UserError(r.error) : new Error(r.error);
        else results.set(r.index, r);
        give();
      });
      worker.once('error', (err) => {
        failure ??= err;
        resolve();
      });
      give();
    });
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, thread));
  if (failure !== undefined) throw failure;
  return results;
}

/** The tally of one pass over `files`, made by worker threads, merged as the report reads it. */
export async function tallyInParallel(files: readonly string[], options: ParallelTallyOptions): Promise<MergedTally | null> {
  const workers = options.workers ?? defaultWorkers();
  const shares = await planShares(files, options.format, workers, options.rangeBytes);
  if (shares === null) return null;
  const job = (s: Share, index: number, seen?: string[]): TallyJob => ({
    index,
    modelDir: options.modelDir,
    rates: options.rates,
    file: s.file,
    format: s.format,
    range: s.range,
    seen,
    hashtags: options.hashtags === undefined ? undefined : [...options.hashtags],
  });
  const workerUrl = options.workerUrl ?? WORKER_URL;
  const results = await runJobs(shares.map((s, i) => job(s, i)), workers, workerUrl);

  // Duplicates across shares: ids a share accepted that an earlier share had accepted.
  const accepted = new IdsAcrossShares();
  const again = new Map<number, string[]>();
  for (let i = 0; i < shares.length; i++) {
    const r = results.get(i);
    if (r === undefined) throw new Error(`share ${i} of the input was not tallied`);
    accepted.add(r.ids, (id) => {
      const list = again.get(i) ?? [];
      list.push(id);
      again.set(i, list);
    });
  }
  if (again.size > 0) {
    const redo = await runJobs([...again.entries()].map(([i, seen]) => job(shares[i], i, seen)), workers, workerUrl);
    for (const [i, r] of redo) results.set(i, r);
  }

  const packed: PackedTally[] = [];
  const linesBefore = new Map<string, number>();
  for (let i = 0; i < shares.length; i++) {
    const r = results.get(i) as Extract<TallyJobResult, { tally: PackedTally }>;
    const offset = linesBefore.get(shares[i].file) ?? 0;
    if (offset > 0) for (const reject of r.tally.rejects) reject.line += offset;
    linesBefore.set(shares[i].file, offset + r.lines);
    packed.push(r.tally);
  }
  results.clear();
  return packed.length === 0 ? null : mergePackedTallies(packed);
}
