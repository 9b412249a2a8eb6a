/**
 * `botshare ingest --workers N`: the files of `ingestToFiles` (NDJSON, rejects, summary),
 * byte for byte, made by N worker threads that each read a chunk of the input (./chunks.ts)
 * into a part file; the parts, rejects and counts are then written in input order by the
 * same owner of the outputs (`openIngestOutputs`). Parts go beside the output (see `tmpDir`):
 * - rejects keep their file and line (a range's lines are numbered after the lines of the
 *   ranges before it);
 * - duplicates across chunks are found from the ids each chunk accepted, in input order: a
 *   chunk holding a tweet that an earlier chunk accepted is read again, told those ids, so
 *   that its copy counts as a duplicate exactly as one pass counts it;
 * - hashtags add their tweets and take the union of their accounts, whatever the order.
 *
 * Returns null — the caller then reads in one thread — where ./thread-plan.ts finds that workers
 * cannot help or cannot be exact (`--strict`, a small input, cresci pairs, …), and tells
 * `onOneThread` why.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HashtagTally, type FileCounts } from '../../ingest/index.js';
import { openIngestOutputs, type IngestResult, type IngestToFilesOptions } from '../../ingest/write.js';
import type { IngestJob, IngestJobResult } from './ingest-worker.js';
import { planWorkers } from './thread-plan.js';
import { ChunksInInputOrder, type Chunk } from './chunks.js';
import { runJobs } from '../../util/worker-pool.js';
import { copyPart, partFile } from './part-files.js';

export interface IngestParallelOptions extends Omit<IngestToFilesOptions, 'range' | 'seen' | 'keep' | 'onProgress'> {
  workers: number;
  /** Bytes read so far over all workers, and the bytes of all files. */
  onBytes?: (done: number, total: number) => void;
  /** `--chunk-size`: JSON-lines files are cut into ranges of about this many bytes, and workers used whatever the input's size (./thread-plan.ts). */
  chunkBytes?: number;
  /** Why the input is read in one thread, when it is (the result is then null). */
  onOneThread?: (reason: string) => void;
  /**
   * Where the part files go (a fresh hidden folder inside it, removed at the end). Default:
   * the NDJSON output's folder, which must hold the output anyway (a temporary folder may be
   * in memory), or the system's temporary folder when writing to stdout.
   */
  tmpDir?: string;
}

type IngestDone = Extract<IngestJobResult, { ids: unknown }>;

/** A chunk begins a new input file unless it continues the byte ranges of the one before. */
function startsInput(s: Chunk): boolean {
  return s.range === undefined || s.range.start === 0;
}

function addCounts(into: FileCounts, c: FileCounts): void {
  into.read += c.read;
  into.accepted += c.accepted;
  into.rejected += c.rejected;
  into.duplicates += c.duplicates;
  into.notices += c.notices;
  if (c.outsideWindow !== undefined) into.outsideWindow = (into.outsideWindow ?? 0) + c.outsideWindow;
}

export async function ingestInParallel(files: readonly string[], options: IngestParallelOptions): Promise<(IngestResult & { threads: number }) | null> {
  const plan = await planWorkers('ingest', files, { workers: options.workers, format: options.format, chunkBytes: options.chunkBytes, strict: options.strict });
  if (!('chunks' in plan)) {
    options.onOneThread?.(plan.reason);
    return null;
  }
  const { chunks, bytes, workerUrl } = plan;

  const out = await openIngestOutputs(files, options);
  const near = options.output === undefined || options.output === '-' ? tmpdir() : path.dirname(path.resolve(options.output));
  const dir = await mkdtemp(path.join(options.tmpDir ?? near, '.botshare-ingest-'));
  try {
    const job = (i: number, seen?: string[]): IngestJob => {
      const s = chunks[i];
      return { index: i, file: s.file, format: s.format, range: s.range, seen, window: options.window, part: out.wantsTweets ? partFile(dir, i, 'ndjson') : undefined };
    };
    let done = 0;
    const onProgress = (n: number): void => {
      done += n;
      options.onBytes?.(done, bytes);
    };
    // Each chunk's lines are numbered after those of the ranges of its file before it. Its
    // hashtags and accounts are folded in at its turn (or when read again) and let go: the
    // main thread holds the union of the accounts, not every chunk's list of them.
    const offsets: number[] = [];
    let linesBefore = 0;
    const tally = new HashtagTally();
    const accounts = new Set<string>();
    const fold = (r: IngestDone): void => {
      for (const e of r.hashtags) tally.addEntry(e);
      for (const a of r.accounts) accounts.add(a);
      r.hashtags = [];
      r.accounts = [];
    };
    const order = new ChunksInInputOrder<IngestDone>((r, again) => {
      if (startsInput(chunks[r.index])) linesBefore = 0;
      offsets[r.index] = linesBefore;
      linesBefore += r.lines;
      if (!again) fold(r);
    });
    let threads = await runJobs<IngestJob, IngestDone>(chunks.map((_, i) => job(i)), plan.threads, workerUrl, (r) => order.take(r), onProgress, options.signal);
    const { results, again } = order;
    if (again.size > 0) {
      const retaken = await runJobs<IngestJob, IngestDone>([...again].map(([i, seen]) => job(i, seen)), plan.threads, workerUrl, (r) => {
        order.retaken(r);
        fold(r);
      }, undefined, options.signal);
      threads = Math.max(threads, retaken);
    }

    const counts: FileCounts[] = [];
    for (let i = 0; i < chunks.length; i++) {
      const r = results[i];
      if (out.wantsTweets) {
        await copyPart(partFile(dir, i, 'ndjson'), out.tweetsText);
      }
      for (const reject of r.rejects) out.reject({ ...reject, line: reject.line + offsets[i] });
      await out.flushRejects();
      if (startsInput(chunks[i])) counts.push({ ...r.counts });
      else addCounts(counts[counts.length - 1], r.counts);
    }
    return { ...(await out.finish(counts, tally.counts(), accounts.size)), threads };
  } catch (err) {
    await out.abort();
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
