/**
 * The bench's baseline: a file's lines decoded in pieces of about 64 KB (as botshare's reader
 * does, see `pieceEnd`) and each one `JSON.parse`d, nothing else — no UTF-8 validation, no
 * mapping. On the whole file it is the one-core limit for the input; on a byte range, a
 * worker's share of it (the `floor` job).
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pieceEnd } from '../ingest/lines.js';

/** Records parsed in `file` (gzip when it ends in .gz), or in bytes [start, end) of an uncompressed one. */
export async function parseLoop(file: string, range?: { start: number; end: number }): Promise<number> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20, start: range?.start, end: range === undefined ? undefined : range.end - 1 });
  const stream = file.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  let rest: Buffer = Buffer.alloc(0);
  let n = 0;
  let kept = 0;
  const parseLines = (text: string): void => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      if (end > start) {
        const v = JSON.parse(text.slice(start, end)) as { id_str?: string };
        if (v.id_str !== undefined) kept++;
        n++;
      }
      if (nl < 0) return;
      start = nl + 1;
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      rest = buf;
      continue;
    }
    for (let from = 0; from < last; ) {
      const to = pieceEnd(buf, from, last);
      parseLines(buf.toString('utf8', from, to));
      from = to + 1;
    }
    rest = buf.subarray(last + 1);
  }
  if (rest.length > 0) parseLines(rest.toString('utf8'));
  // Reading a field of every parsed record keeps the parse from being optimised away.
  if (kept < 0) throw new Error('unreachable');
  return n;
}
