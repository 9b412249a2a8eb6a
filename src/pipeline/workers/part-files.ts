/**
 * Part files: what a worker of `score`, `ingest` or `report --scores` writes for its chunk of
 * the input (rows in input order), and the main thread then writes out chunk after chunk.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';

/** Chunk `index`'s part in `dir`. */
export function partFile(dir: string, index: number, ext: 'csv' | 'ndjson'): string {
  return path.join(dir, `part-${index}.${ext}`);
}

/** A part being written: each write resolves once handed to the file; `close` once it is all there. */
export interface PartWriter {
  write(text: string): Promise<void>;
  close(): Promise<void>;
  /** Lets the file go whatever happened (after `close`, or on failure). */
  destroy(): void;
}

export function openPart(file: string): PartWriter {
  const out = createWriteStream(file);
  // A failed write rejects its own promise; the event alone would end the thread.
  out.on('error', () => undefined);
  return {
    write: (text) => new Promise((resolve, reject) => out.write(text, (err) => (err ? reject(err) : resolve()))),
    close: () => new Promise((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve()))),
    destroy: () => out.destroy(),
  };
}

/** Hands a part's bytes to `write`, in pieces of 1 MB. */
export async function copyPart(file: string, write: (bytes: Uint8Array) => Promise<void>): Promise<void> {
  for await (const block of createReadStream(file, { highWaterMark: 1 << 20 })) await write(block as Buffer);
}
