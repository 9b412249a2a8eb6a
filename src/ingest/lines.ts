import { isUtf8 } from 'node:buffer';

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

/** A decoded line, or a line whose bytes are not UTF-8 / too long (with its raw start). */
export interface TextLine {
  line: number;
  text: string;
  /** Why the line cannot be read as text; `text` is then a lossy excerpt. */
  problem?: string;
}

function pushText(out: TextLine[], text: string, line: number): void {
  const t = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
  if (t.length === 0) return;
  const c = t.charCodeAt(0);
  if ((c === 32 || c === 9 || c === 13) && t.trim() === '') return;
  out.push({ line, text: t });
}

function pushBytes(out: TextLine[], bytes: Buffer, line: number): void {
  if (isUtf8(bytes)) pushText(out, bytes.toString('utf8'), line);
  else out.push({ line, text: bytes.toString('utf8'), problem: 'invalid UTF-8 bytes in the record' });
}

/** Splits a block of whole lines; returns the number of lines it held. */
function pushBlock(out: TextLine[], block: Buffer, line: number): number {
  if (!isUtf8(block)) {
    // Rare: locate the bad line(s) by decoding line by line.
    let start = 0;
    let n = 0;
    for (;;) {
      const nl = block.indexOf(10, start);
      pushBytes(out, block.subarray(start, nl < 0 ? block.length : nl), line + n);
      n++;
      if (nl < 0) return n;
      start = nl + 1;
    }
  }
  // Decoded in pieces of about 64 KB cut at newlines (see `pieceEnd`).
  let n = 0;
  let from = 0;
  for (;;) {
    const to = pieceEnd(block, from, block.length);
    const text = block.toString('utf8', from, to);
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      pushText(out, nl < 0 ? text.slice(start) : text.slice(start, nl), line + n);
      n++;
      if (nl < 0) break;
      start = nl + 1;
    }
    if (to >= block.length) return n;
    from = to + 1;
  }
}

const DECODE_PIECE = 64 << 10;

/**
 * Where the decoding piece that starts at `from` ends in `buf[from, end)`: at the last
 * newline within about 64 KB, or at the end of a longer line, or at `end`. Strings of a
 * megabyte go to V8's large-object space, where decoding and parsing are much slower than
 * from pieces of 64 KB (docs/performance.md).
 */
export function pieceEnd(buf: Buffer, from: number, end: number): number {
  if (from + DECODE_PIECE >= end) return end;
  const to = buf.lastIndexOf(10, from + DECODE_PIECE);
  if (to >= from) return to;
  const next = buf.indexOf(10, from + DECODE_PIECE);
  return next < 0 || next > end ? end : next;
}

/**
 * Decoded lines, in batches (one per chunk). The whole lines of a chunk are checked and
 * decoded in one native call each, then split on the string: cheaper than a decode per
 * line. Only a block holding invalid UTF-8 is decoded line by line, to locate the bad line.
 */
export async function* splitTextLines(chunks: AsyncIterable<Buffer>, maxBytes = MAX_LINE_BYTES): AsyncGenerator<TextLine[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let line = 1;
  for await (const chunk of chunks) {
    const out: TextLine[] = [];
    const first = chunk.indexOf(10);
    if (first < 0) {
      if (!skipping) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes > maxBytes) {
          pending = [Buffer.concat(pending).subarray(0, KEEP_OF_LONG_LINE)];
          skipping = true;
        }
      }
      continue;
    }
    // The line that started in earlier chunks ends at `first`.
    if (skipping) {
      out.push({ line, text: Buffer.concat(pending).toString('utf8'), problem: `the line is longer than ${maxBytes} bytes` });
      line++;
      skipping = false;
    } else if (pendingBytes > 0) {
      pending.push(chunk.subarray(0, first));
      pushBytes(out, Buffer.concat(pending, pendingBytes + first), line);
      line++;
    } else {
      pushBytes(out, chunk.subarray(0, first), line);
      line++;
    }
    pending = [];
    pendingBytes = 0;
    const last = chunk.lastIndexOf(10);
    if (last > first) line += pushBlock(out, chunk.subarray(first + 1, last), line);
    if (last + 1 < chunk.length) {
      pending.push(chunk.subarray(last + 1));
      pendingBytes = chunk.length - last - 1;
      if (pendingBytes > maxBytes) {
        pending = [pending[0].subarray(0, KEEP_OF_LONG_LINE)];
        skipping = true;
      }
    }
    if (out.length > 0) yield out;
  }
  if (skipping) yield [{ line, text: Buffer.concat(pending).toString('utf8'), problem: `the line is longer than ${maxBytes} bytes` }];
  else if (pendingBytes > 0) {
    const out: TextLine[] = [];
    pushBytes(out, Buffer.concat(pending, pendingBytes), line);
    if (out.length > 0) yield out;
  }
}
