/**
 * Outputs appear whole or not at all: data goes to a temporary file beside the target,
 * which is renamed over it at the end. An existing file is never replaced unless the caller
 * says `force` — what a user wrote is not overwritten without their say.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { link, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from './errors.js';

export interface AtomicWriteOptions {
  /** Replace an existing file. */
  force?: boolean;
}

/** Throws a UserError when `target` exists (and `force` is not set) or its folder is missing. */
export async function assertWritable(target: string, options: AtomicWriteOptions = {}): Promise<void> {
  const info = await stat(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new UserError(`cannot write ${target}: ${err.message}`);
  });
  if (info?.isDirectory()) throw new UserError(`${target} is a directory; give a file name to write`);
  if (info && !options.force) {
    throw new UserError(`${target} already exists; choose another name or pass --force to replace it`);
  }
  const dir = path.dirname(path.resolve(target));
  const dirInfo = await stat(dir).catch(() => null);
  if (!dirInfo?.isDirectory()) throw new UserError(`cannot write ${target}: folder ${dir} does not exist`);
}

function tempPathFor(target: string): string {
  const abs = path.resolve(target);
  const rand = Math.random().toString(36).slice(2, 10);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.${rand}.tmp`);
}

/** Moves the finished temp file into place, refusing to replace an existing file unless forced. */
async function publish(temp: string, target: string, force: boolean): Promise<void> {
  if (force) {
    await rename(temp, target);
    return;
  }
  try {
    // link() fails with EEXIST instead of replacing: no race between the check and the move.
    await link(temp, target);
    await unlink(temp);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      await unlink(temp).catch(() => undefined);
      throw new UserError(`${target} appeared while botshare was writing it; your file was kept, pass --force to replace it`);
    }
    // File systems without hard links: check, then rename.
    if (await stat(target).then(() => true, () => false)) {
      await unlink(temp).catch(() => undefined);
      throw new UserError(`${target} already exists; pass --force to replace it`);
    }
    await rename(temp, target);
  }
}

/** Writes a whole file atomically. */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await assertWritable(target, options);
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, data, { flag: 'wx' });
    await publish(temp, target, options.force === true);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** A streamed output: write() honours back-pressure; commit() publishes; abort() leaves no trace. */
export interface AtomicWriter {
  readonly path: string;
  write(chunk: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function openAtomicWriter(target: string, options: AtomicWriteOptions = {}): Promise<AtomicWriter> {
  await assertWritable(target, options);
  const temp = tempPathFor(target);
  const stream: WriteStream = createWriteStream(temp, { flags: 'wx' });
  let failure: Error | null = null;
  stream.on('error', (err) => {
    failure = err;
  });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  let finished = false;
  const close = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
  return {
    path: target,
    async write(chunk: string | Uint8Array): Promise<void> {
      if (failure) throw failure;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve, reject) => {
          const onError = (err: Error): void => reject(err);
          stream.once('error', onError);
          stream.once('drain', () => {
            stream.off('error', onError);
            resolve();
          });
        });
      }
    },
    async commit(): Promise<void> {
      if (finished) return;
      finished = true;
      await close();
      if (failure) throw failure;
      await publish(temp, target, options.force === true);
    },
    async abort(): Promise<void> {
      if (finished) return;
      finished = true;
      await close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
    },
  };
}
