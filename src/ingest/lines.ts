/**
 * Physical lines over a byte stream, in batches (one per chunk) to keep the per-line cost
 * to an indexOf and a subarray. CRLF and LF both end a line; blank lines are skipped (they
 * are not records). A line longer than `maxBytes` is not buffered: it comes out as a
 * `tooLong` line holding its first bytes, so that a file without newlines cannot exhaust
 * memory.
 */

export interface RawLine {
  /** 1-based physical line number. */
  line: number;
  /** Without its line ending. */
  bytes: Buffer;
  tooLong?: true;
}

export const MAX_LINE_BYTES = 256 << 20;
const KEEP_OF_LONG_LINE = 1024;

function isBlank(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

export async function* splitLines(chunks: AsyncIterable<Buffer>, maxBytes = MAX_LINE_BYTES): AsyncGenerator<RawLine[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false; // inside an over-long line
  let line = 1;

  const emit = (out: RawLine[], bytes: Buffer, tooLong: boolean): void => {
    let b = bytes;
    if (b.length > 0 && b[b.length - 1] === 13) b = b.subarray(0, b.length - 1);
    if (tooLong) out.push({ line, bytes: b, tooLong: true });
    else if (b.length > 0 && !(b[0] <= 32 && isBlank(b))) out.push({ line, bytes: b });
    line++;
  };

  for await (const chunk of chunks) {
    const out: RawLine[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      if (skipping) {
        emit(out, Buffer.concat(pending), true);
        skipping = false;
      } else if (pendingBytes > 0) {
        pending.push(chunk.subarray(start, nl));
        emit(out, Buffer.concat(pending, pendingBytes + nl - start), false);
      } else {
        emit(out, chunk.subarray(start, nl), false);
      }
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
    }
    if (start < chunk.length && !skipping) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxBytes) {
        pending = [Buffer.concat(pending).subarray(0, KEEP_OF_LONG_LINE)];
        skipping = true;
      }
    }
    if (out.length > 0) yield out;
  }
  if (skipping) yield [{ line, bytes: Buffer.concat(pending), tooLong: true }];
  else if (pendingBytes > 0) {
    const out: RawLine[] = [];
    emit(out, Buffer.concat(pending, pendingBytes), false);
    if (out.length > 0) yield out;
  }
}
