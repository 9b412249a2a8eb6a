import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { parseIsoDate, parseTwitterDate } from '../../src/ingest/dates.js';
import { cresciBool } from '../../src/ingest/fields.js';
import { isUserId } from '../../src/labeled/user-id.js';
import { readTar, TarError, type TarEntry } from '../../src/labeled/tar.js';
import { tar } from './tar-writer.js';

describe('field parsers (the labeled sets read dates, counts and booleans with ingest\'s own)', () => {
  it('reads Twitter dates with their offset, refusing impossible days', () => {
    expect(parseTwitterDate('Tue Jun 11 11:20:35 +0000 2013')).toBe(Date.UTC(2013, 5, 11, 11, 20, 35));
    expect(parseTwitterDate('Tue Jun 11 13:20:35 +0200 2013')).toBe(Date.UTC(2013, 5, 11, 11, 20, 35));
    expect(parseTwitterDate('Tue Feb 31 11:20:35 +0000 2013')).toBeNaN();
    expect(parseTwitterDate('2013-06-11 11:20:35')).toBeNaN();
  });

  it('reads the probe times (SQL and ISO dates) as UTC', () => {
    expect(parseIsoDate('2015-05-02 06:41:46')).toBe(Date.UTC(2015, 4, 2, 6, 41, 46));
    expect(parseIsoDate('2012-11-06T18:56:10.000Z')).toBe(Date.UTC(2012, 10, 6, 18, 56, 10));
    expect(parseIsoDate('2015-13-02 06:41:46')).toBeNaN();
    expect(parseIsoDate('')).toBeNaN();
  });

  it('reads cresci booleans: empty is false, garbage is an error naming the column', () => {
    expect(cresciBool('1', 'b')).toBe(true);
    expect(cresciBool('1.0', 'b')).toBe(true);
    expect(cresciBool('', 'b')).toBe(false);
    expect(cresciBool('0', 'b')).toBe(false);
    expect(() => cresciBool('yes', 'verified')).toThrow(/verified is not true or false: 'yes'/);
  });

  it('accepts only decimal user ids', () => {
    expect(isUserId('1502026416')).toBe(true);
    expect(isUserId('824334188870598657')).toBe(true);
    expect(isUserId('1.5e9')).toBe(false);
    expect(isUserId('0123')).toBe(false);
    expect(isUserId('')).toBe(false);
  });
});

async function entries(buf: Buffer, max?: number): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  // Small chunks, so that headers and contents straddle chunk boundaries.
  const chunks = Array.from({ length: Math.ceil(buf.length / 100) }, (_, i) => buf.subarray(i * 100, i * 100 + 100));
  for await (const e of readTar(Readable.from(chunks), max)) out.push(e);
  return out;
}

describe('tar reader', () => {
  it('reads members, sizes and contents across chunk boundaries', async () => {
    const big = 'x'.repeat(1500);
    const got = await entries(tar([{ name: 'a.tsv', data: '1\tbot\n' }, { name: 'dir/b.json', data: big }]));
    expect(got.map((e) => [e.name, e.type, e.data.toString()])).toEqual([
      ['a.tsv', '0', '1\tbot\n'],
      ['dir/b.json', '0', big],
    ]);
  });

  it('reads GNU long names', async () => {
    const name = `${'d/'.repeat(60)}file.json`;
    const got = await entries(tar([{ name, data: '[]', longName: true }]));
    expect(got.map((e) => e.name)).toEqual([name]);
  });

  it('refuses a damaged header, a truncated archive and an oversized member', async () => {
    const good = tar([{ name: 'a', data: 'hello' }]);
    const damaged = Buffer.from(good);
    damaged[0] ^= 1;
    await expect(entries(damaged)).rejects.toThrow(/checksum/);
    await expect(entries(good.subarray(0, 514))).rejects.toThrow(TarError);
    await expect(entries(tar([{ name: 'a', data: 'x'.repeat(100) }]), 10)).rejects.toThrow(/limit/);
  });
});
