/**
 * The bytes of an input file: gzip is recognised by its magic number (not the name) and
 * inflated on the fly, a UTF-8 byte-order mark is dropped, and every failure becomes an
 * InputFileError naming the file (missing, a directory, unreadable, truncated gzip).
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { InputFileError } from './input-errors.js';

const CHUNK = 1 << 20;

export interface InputInfo {
  size: number;
  gzip: boolean;
}

function describeFsError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory, not a file';
    default: return `cannot be read (${err.code ?? err.message})`;
  }
}

/** Checks that `file` is a readable regular file and tells whether it is gzip. */
export async function inspectInput(file: string): Promise<InputInfo> {
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new InputFileError(file, describeFsError(err));
  });
  if (info.isDirectory()) throw new InputFileError(file, 'is a directory; give the export files inside it');
  if (!info.isFile()) throw new InputFileError(file, 'is not a regular file');
  const handle = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new InputFileError(file, describeFsError(err));
  });
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return { size: info.size, gzip: bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b };
  } finally {
    await handle.close();
  }
}

function gzipError(file: string, err: NodeJS.ErrnoException): InputFileError {
  const cut = err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message);
  return new InputFileError(file, cut ? 'the gzip data is cut short (truncated .gz file)' : `the gzip data is corrupt (${err.message})`);
}

/** Bytes [start, end) of an uncompressed file. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ByteSource {
  chunks: AsyncIterable<Buffer>;
  /** Bytes of the file (compressed, if gzip) read so far: for progress against `size`. */
  bytesRead(): number;
}

/**
 * Streams the (inflated) bytes of `file`, BOM removed. Nothing is opened until the chunks
 * are iterated: a stream opened early (a cresci tweets file while its users.csv is read)
 * would inflate on its own and emit a truncated gzip's error with no one listening, which
 * crashed the process.
 */
export function openBytes(file: string, info: InputInfo, signal?: AbortSignal, range?: ByteRange): ByteSource {
  let raw: ReturnType<typeof createReadStream> | undefined;
  if (range !== undefined && info.gzip) throw new Error(`${file}: a gzip file cannot be read by byte range`);
  async function* chunks(): AsyncGenerator<Buffer> {
    raw = createReadStream(file, { highWaterMark: CHUNK, signal, ...(range === undefined ? {} : { start: range.start, end: range.end - 1 }) });
    const source = raw;
    const stream = info.gzip ? source.pipe(createGunzip({ chunkSize: CHUNK })) : source;
    if (info.gzip) source.on('error', (err) => stream.destroy(err));
    let first = true;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (first) {
          first = false;
          if (range !== undefined && range.start > 0) {
            yield chunk;
            continue;
          }
          if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
            if (chunk.length > 3) yield chunk.subarray(3);
            continue;
          }
        }
        yield chunk;
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.name === 'AbortError') throw err;
      if (typeof e.code === 'string' && e.code.startsWith('Z_')) throw gzipError(file, e);
      if (e instanceof InputFileError) throw e;
      throw new InputFileError(file, describeFsError(e));
    } finally {
      source.destroy();
      stream.destroy();
    }
  }
  return { chunks: chunks(), bytesRead: () => raw?.bytesRead ?? 0 };
}

/**
 * The first bytes of the (inflated) file, up to the end of the line that crosses `minBytes`
 * or `maxBytes` in all: enough to recognise the format.
 */
export async function readHead(file: string, info: InputInfo, minBytes = 64 * 1024, maxBytes = 16 << 20): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  const source = openBytes(file, info);
  const it = source.chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const { value, done } = await it.next();
      if (done) break;
      parts.push(value);
      total += value.length;
      if (total >= maxBytes) break;
      if (total >= minBytes && value.includes(10)) break;
    }
  } catch (err) {
    // A truncated gzip still has a readable head: keep what arrived, the full read will report it.
    if (!(err instanceof InputFileError) || total === 0) throw err;
  } finally {
    await it.return?.();
  }
  return Buffer.concat(parts, total);
}
