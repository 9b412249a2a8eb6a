/**
 * How the workers of `report`, `score` and `ingest --workers` divide the input: chunks in
 * input order — byte ranges of uncompressed JSON-lines files (v1.1, v2), cut at line ends, and
 * whole files otherwise (gzip, CSV, JSON arrays); cresci pairs are not divided.
 */
import { open } from 'node:fs/promises';
import { planInputs, type FormatName } from '../../ingest/index.js';
import { IdsAcrossChunks, type PackedIds } from '../../ingest/id-set.js';

/** Below this many input bytes, workers (each loading the model) cost more than they save. */
export const PARALLEL_FROM_BYTES = 32 << 20;
/** A byte range is at least this long. */
const MIN_RANGE = 8 << 20;
/**
 * Up to this many bytes a worker, one chunk per worker; past it, chunks of `CHUNK_BYTES`
 * (about 90,000 v1.1 tweets). A worker holds the accounts of its chunk, so small chunks keep
 * the workers small while the main thread folds them in; but each chunk's accounts are
 * tallied and merged once more, which costs time, and at 1M tweets (0.55 GB a worker) one
 * chunk each stayed well under 1 GB. Chunks of this size kept two workers under 1 GB at 5M
 * tweets from 500,000 accounts (docs/scaling.md, bench/results/workers-5m-chunks.json).
 */
export const WHOLE_CHUNK_BYTES = 1 << 30;
export const CHUNK_BYTES = 80 << 20;

export interface Chunk {
  file: string;
  format: FormatName;
  range?: { start: number; end: number };
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

/**
 * Cuts the input into chunks, in input order, JSON-lines files into ranges of about
 * `chunkBytes` (`--chunk-size`; default below); null when it cannot be split safely.
 */
export async function planChunks(files: readonly string[], format: FormatName | undefined, workers: number, chunkBytes?: number): Promise<Chunk[] | null> {
  const inputs = await planInputs(files, format);
  if (inputs.some((d) => d.format === 'cresci' || d.companion !== undefined)) return null;
  const total = inputs.reduce((s, d) => s + d.info.size, 0);
  const perWorker = Math.ceil(total / workers);
  const target = chunkBytes ?? (perWorker <= WHOLE_CHUNK_BYTES ? Math.max(MIN_RANGE, perWorker) : CHUNK_BYTES);
  const chunks: Chunk[] = [];
  for (const d of inputs) {
    const splittable = !d.info.gzip && (d.format === 'v1' || d.format === 'v2') && d.shape !== 'array';
    if (!splittable || d.info.size <= target) {
      chunks.push({ file: d.file, format: d.format });
      continue;
    }
    for (let start = 0; start < d.info.size; ) {
      const end = start + target >= d.info.size ? d.info.size : await nextLineStart(d.file, start + target, d.info.size);
      chunks.push({ file: d.file, format: d.format, range: { start, end } });
      start = end;
    }
  }
  return chunks;
}

/** Newlines in bytes [start, end) of a file: the lines a range holds. */
export async function countLines(file: string, start: number, end: number): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n = 0;
    for (let pos = start; pos < end; ) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, end - pos), pos);
      if (bytesRead === 0) break;
      for (let i = buf.indexOf(10, 0); i !== -1 && i < bytesRead; i = buf.indexOf(10, i + 1)) n++;
      pos += bytesRead;
    }
    return n;
  } finally {
    await handle.close();
  }
}

/**
 * The chunks' answers taken in input order (one that arrives early waits for those before it),
 * each checked against the ids the earlier chunks accepted: a chunk holding one of them is
 * to be read again, told those ids (`again`), so that its copy counts as a duplicate exactly
 * as one pass counts it. `onInOrder` sees each answer at its turn, told whether the chunk is
 * to be read again (e.g. to number its lines after the chunks before it, or to fold in what
 * it counted, unless its second answer will replace it).
 */
export class ChunksInInputOrder<R extends { index: number; ids: PackedIds }> {
  /** Each chunk's answer, by index (a chunk read again: its second answer). */
  readonly results: R[] = [];
  /** Chunks to read again, with the ids that earlier chunks accepted. */
  readonly again = new Map<number, string[]>();
  private readonly waiting = new Map<number, R>();
  private readonly accepted = new IdsAcrossChunks();
  private next = 0;

  constructor(private readonly onInOrder?: (r: R, again: boolean) => void) {}

  take(r: R): void {
    this.waiting.set(r.index, r);
    for (let w = this.waiting.get(this.next); w !== undefined; w = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      const seen: string[] = [];
      this.accepted.add(w.ids, (id) => seen.push(id));
      if (seen.length > 0) this.again.set(this.next, seen);
      this.results[this.next] = w;
      this.onInOrder?.(w, seen.length > 0);
      this.next++;
    }
  }

  /** A chunk read again: its answer replaces the first. */
  retaken(r: R): void {
    if (!this.again.has(r.index)) throw new Error(`chunk ${r.index} of the input was read again unasked`);
    this.results[r.index] = r;
  }
}
