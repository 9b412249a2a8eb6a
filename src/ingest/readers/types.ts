/** What a reader yields: canonical tweets, located rejects, and notices (non-tweet records). */
import type { Reject } from '../input-errors.js';
import { excerpt } from '../input-errors.js';
import type { Tweet } from '../tweet.js';
import type { DetectedInput } from '../detect.js';

export interface RejectItem {
  reject: Reject;
  /** A broken account record of a companion file (cresci users.csv), not a tweet. */
  account?: true;
}

/** A record that is not a tweet and not an error: a stream `delete`/`limit` notice, an empty twarc2 page. */
export const NOTICE = Object.freeze({ notice: true as const });
export type Notice = typeof NOTICE;

export type ReadItem = Tweet | RejectItem | Notice;

export interface ReaderInput {
  input: DetectedInput;
  chunks: AsyncIterable<Buffer>;
  /** Opens another file's bytes (cresci's users.csv). */
  openCompanion?: (input: DetectedInput) => AsyncIterable<Buffer>;
}

/** A reader streams batches of items (one batch per chunk read), in file order. */
export type Reader = (source: ReaderInput) => AsyncIterable<ReadItem[]>;

/** A record-level problem with a human reason; the reader turns it into a reject. */
export class RecordError extends Error {}

export function rejectItem(file: string, line: number, reason: string, raw: string): RejectItem {
  return { reject: { file, line, reason, raw: excerpt(raw) } };
}

export function isReject(item: ReadItem): item is RejectItem {
  return (item as RejectItem).reject !== undefined;
}

/** The reason of an error thrown while mapping a record. */
export function reasonOf(err: unknown): string {
  if (err instanceof Error && !(err instanceof TypeError) && !(err instanceof RangeError)) return err.message;
  // A TypeError here is a shape the mapper did not expect: report it as such, not as a crash.
  return `unexpected record shape (${err instanceof Error ? err.message : String(err)})`;
}
