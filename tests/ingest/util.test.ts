import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/util/errors.js';
import { openAtomicWriter, writeFileAtomic } from '../../src/util/atomic-write.js';
import { createProgress } from '../../src/util/progress.js';
import { ingestToFiles } from '../../src/ingest/write.js';
import { fixture, tempDir } from './helpers.js';

describe('atomic writes', () => {
  it('writes a whole file, and refuses to replace one unless forced', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.txt');
    await writeFileAtomic(file, 'one');
    expect(readFileSync(file, 'utf8')).toBe('one');
    await expect(writeFileAtomic(file, 'two')).rejects.toThrow(UserError);
    expect(readFileSync(file, 'utf8')).toBe('one');
    await writeFileAtomic(file, 'three', { force: true });
    expect(readFileSync(file, 'utf8')).toBe('three');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('shows nothing at the target until commit, and leaves no trace on abort', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'stream.ndjson');
    const w = await openAtomicWriter(file);
    await w.write('a\n');
    expect(existsSync(file)).toBe(false);
    await w.commit();
    expect(readFileSync(file, 'utf8')).toBe('a\n');
    const other = await openAtomicWriter(path.join(dir, 'aborted.ndjson'));
    await other.write('x');
    await other.abort();
    expect(readdirSync(dir)).toEqual(['stream.ndjson']);
  });

  it('refuses a file that appeared during the run', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'race.txt');
    const w = await openAtomicWriter(file);
    writeFileSync(file, 'theirs');
    await expect(w.commit()).rejects.toThrow(/appeared while botshare was writing it/);
    expect(readFileSync(file, 'utf8')).toBe('theirs');
    expect(readdirSync(dir)).toEqual(['race.txt']);
  });

  it('names a missing folder', async () => {
    await expect(writeFileAtomic('/no/such/folder/x.json', '{}')).rejects.toThrow('cannot write /no/such/folder/x.json: folder /no/such/folder does not exist');
  });
});

describe('ingest outputs', () => {
  it('refuses to write over an input or twice to one file', async () => {
    const input = fixture('rtweet', 'sample.csv');
    await expect(ingestToFiles([input], { output: input, force: true })).rejects.toThrow(/is one of the input files/);
    const dir = tempDir();
    const same = path.join(dir, 'x');
    await expect(ingestToFiles([input], { output: same, summary: same })).rejects.toThrow(/must be different files/);
  });
});

describe('progress line', () => {
  function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
    const written: string[] = [];
    const stream = { isTTY, columns: 80, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    return { stream, written };
  }

  it('draws a bar on a TTY and clears it when done', () => {
    const { stream, written } = fakeStream(true);
    const p = createProgress({ label: 'ingest', unit: 'bytes', stream, intervalMs: 0 });
    p.update(5e6, 10e6, '1,000 tweets');
    p.done();
    expect(written[0]).toContain('ingest [############............]  50% 5.0 MB/10 MB  1,000 tweets');
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('stays silent when piped or quiet', () => {
    for (const [tty, quiet] of [[false, false], [true, true]] as const) {
      const { stream, written } = fakeStream(tty);
      const p = createProgress({ label: 'x', stream, quiet, intervalMs: 0 });
      p.update(1, 2);
      p.done();
      expect(written).toEqual([]);
      expect(p.active).toBe(false);
    }
  });
});
