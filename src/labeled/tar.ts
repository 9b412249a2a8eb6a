/**
 * A minimal streaming reader for .tar.gz archives (ustar, with GNU long names and pax
 * `path` records): enough for the bot repository's archives, without a dependency.
 * Entries are yielded one at a time with their content in memory, so memory is bounded by
 * the largest member (capped by `maxEntryBytes`), not by the archive.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export interface TarEntry {
  name: string;
  /** '0' regular file, '5' directory, … (ustar typeflag). */
  type: string;
  data: Buffer;
}

export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarError';
  }
}

const BLOCK = 512;

/** Pulls exact byte counts out of an async stream of chunks. */
class ByteReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private done = false;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Exactly n bytes, or fewer only at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    while (this.buffered < n && !this.done) {
      const next = await this.source.next();
      if (next.done === true) this.done = true;
      else {
        this.chunks.push(next.value);
        this.buffered += next.value.length;
      }
    }
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const out = all.subarray(0, Math.min(n, all.length));
    const rest = all.subarray(out.length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }
}

function cString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? field.length : nul).toString('utf8');
}

function octal(buf: Buffer, start: number, length: number, what: string): number {
  if ((buf[start] & 0x80) !== 0) throw new TarError(`${what}: base-256 sizes are not supported`);
  const text = cString(buf, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError(`${what}: not an octal number: "${text}"`);
  return parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  const stored = octal(header, 148, 8, 'header checksum');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return sum === stored;
}

/** Entries of a tar stream (already decompressed). */
export async function* readTar(chunks: AsyncIterable<Buffer>, maxEntryBytes = 1 << 30): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(chunks[Symbol.asyncIterator]());
  let longName: string | undefined;
  let offset = 0;
  for (;;) {
    const header = await reader.read(BLOCK);
    if (header.length === 0) return; // some writers omit the closing zero blocks
    if (header.length < BLOCK) throw new TarError(`truncated header at byte ${offset}`);
    offset += BLOCK;
    if (header.every((b) => b === 0)) return;
    if (!checksumOk(header)) throw new TarError(`bad header checksum at byte ${offset - BLOCK}: not a tar archive, or damaged`);
    const size = octal(header, 124, 12, 'entry size');
    if (size > maxEntryBytes) throw new TarError(`entry of ${size} bytes exceeds the ${maxEntryBytes}-byte limit`);
    const type = String.fromCharCode(header[156] === 0 ? 48 : header[156]);
    const data = await reader.read(size);
    if (data.length < size) throw new TarError(`truncated archive: entry needs ${size} bytes, ${data.length} left`);
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (padding > 0) await reader.read(padding);
    offset += size + padding;

    if (type === 'L') {
      longName = cString(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      // pax extended header: "<len> key=value\n" records; only `path` matters here.
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m !== null) longName = m[1];
      continue;
    }
    if (type === 'g') continue;
    const magic = cString(header, 257, 6);
    const prefix = magic.startsWith('ustar') ? cString(header, 345, 155) : '';
    const short = cString(header, 0, 100);
    const name = longName ?? (prefix !== '' ? `${prefix}/${short}` : short);
    longName = undefined;
    yield { name, type, data };
  }
}

/** Entries of a .tar.gz file. */
export async function* readTarGz(file: string, maxEntryBytes?: number): AsyncGenerator<TarEntry> {
  yield* readTar(createReadStream(file).pipe(createGunzip()) as AsyncIterable<Buffer>, maxEntryBytes);
}
