import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/ingest/index.js';
import { collect, fixture, tempDir } from './helpers.js';

describe('a JSON-lines file mixing valid and broken records (BOM, CRLF)', () => {
  it('keeps every valid record and rejects each broken one with its line and reason', async () => {
    const { tweets, counts, rejects } = await collect([fixture('broken', 'mixed.jsonl')]);
    expect(tweets.map((t) => t.id)).toEqual([
      '1240000000000000010', '1240000000000000012', '1240000000000000016', '1240000000000000017',
    ]);
    expect(counts[0]).toMatchObject({ read: 10, accepted: 4, rejected: 5, duplicates: 1 });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'the JSON record is cut short (it ends in the middle)'],
      [4, 'invalid UTF-8 bytes in the record'],
      [5, "created_at is not a date: 'yesterday'"],
      [6, 'the status has no user object'],
      [8, 'the record is not a JSON object'],
    ]);
    expect(rejects[0].file).toBe(fixture('broken', 'mixed.jsonl'));
    expect(rejects[0].raw.startsWith('{"created_at":"Wed Mar 11 20:19:24 +0000 2020"')).toBe(true);
  });

  it('lets no __proto__/constructor key pollute objects or reach a record', async () => {
    const { tweets } = await collect([fixture('broken', 'mixed.jsonl')]);
    const t = tweets.find((x) => x.id === '1240000000000000016');
    expect(t?.author).toEqual({ id: '1001', screenName: 'alice_it' });
    expect(Object.keys(t ?? {})).toEqual(['id', 'createdAt', 'text', 'hashtags', 'kind', 'client', 'author']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(JSON.stringify(t)).not.toContain('isAdmin');
    expect(JSON.stringify(t)).not.toContain('polluted');
  });
});

describe('a CSV file mixing valid and broken records', () => {
  it('costs one line per broken line, and reads on', async () => {
    const { tweets, counts, rejects } = await collect([fixture('broken', 'mixed.csv')]);
    expect(tweets.map((t) => t.id.slice(-2))).toEqual(['21', '23', '27', '29', '30']);
    expect(counts[0]).toMatchObject({ format: 'rtweet', read: 10, accepted: 5, rejected: 5, duplicates: 0 });
    expect(rejects.map((r) => r.line)).toEqual([3, 5, 6, 7, 10]);
    expect(rejects[0].reason).toMatch(/only this line is skipped/);
    expect(rejects[1].reason).toBe('11 fields where the header has 10');
    expect(rejects[2].reason).toBe('invalid UTF-8 bytes in the record');
    expect(rejects[3].reason).toBe("followers_count is not a count: 'many'");
    expect(rejects[4].reason).toBe('text follows a closing quote in field 5');
    expect(tweets[2].text).toBe('valido tre\ncon a capo');
    expect(tweets[3].text).toBe('=HYPERLINK("http://evil")');
  });

  it('recovers after an unbalanced quote on the last line', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.csv');
    const head = 'user_id,status_id,created_at,screen_name,text\n';
    writeFileSync(file, `${head}x1,x11,2020-01-01 00:00:00,a,ok\nx1,x12,2020-01-01 00:00:00,a,"never closed\nx1,x13,2020-01-01 00:00:00,a,ok again\n`);
    const { tweets, rejects } = await collect([file]);
    expect(tweets.map((t) => t.id)).toEqual(['11', '13']);
    expect(rejects.map((r) => r.line)).toEqual([3]);
  });

  it('reads a 10 MB field', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.csv');
    const big = 'é'.repeat(5_000_000);
    writeFileSync(file, `user_id,status_id,created_at,screen_name,text\nx1,x11,2020-01-01 00:00:00,a,"${big}"\nx1,x12,2020-01-01 00:00:00,a,small\n`);
    const { tweets } = await collect([file]);
    expect(tweets).toHaveLength(2);
    expect(tweets[0].text?.length).toBe(5_000_000);
  });
});

describe('a JSON array cut short', () => {
  it('keeps the complete elements and rejects the cut one', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cut.json');
    const status = (i: number): string =>
      JSON.stringify({ id_str: String(100 + i), created_at: 'Wed Mar 11 20:19:24 +0000 2020', text: 'x', user: { id_str: '1' } });
    writeFileSync(file, `[${status(1)},\n${status(2)},\n${status(3).slice(0, 40)}`);
    const { tweets, rejects, counts } = await collect([file]);
    expect(tweets.map((t) => t.id)).toEqual(['101', '102']);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ line: 3, reason: 'the JSON array is cut short: this element never ends' });
    expect(counts[0]).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
  });
});

describe('unreadable files stop the run with a sentence naming the file', () => {
  it('a missing file', async () => {
    await expect(collect(['/no/such/file.jsonl'])).rejects.toThrow(new InputFileError('/no/such/file.jsonl', 'no such file'));
  });
  it('a directory', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'sub'));
    await expect(collect([path.join(dir, 'sub')])).rejects.toThrow(/sub: is a directory/);
  });
  it('an empty file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'empty.csv'), '');
    writeFileSync(path.join(dir, 'blank.jsonl'), '\n  \r\n');
    await expect(collect([path.join(dir, 'empty.csv')])).rejects.toThrow(/empty\.csv: is empty/);
    await expect(collect([path.join(dir, 'blank.jsonl')])).rejects.toThrow(/blank\.jsonl: is empty/);
  });
  it('a binary file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'img.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
    await expect(collect([path.join(dir, 'img.png')])).rejects.toThrow(/img\.png: is not a text file/);
  });
  it('a stray NUL byte in a text export costs its record, not the file', async () => {
    const dir = tempDir();
    const lines = readFileSync(fixture('v1', 'statuses.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const i = lines.findIndex((l, k) => k > 0 && l.includes('"full_text":"'));
    lines[i] = lines[i].replace('"full_text":"', '"full_text":"\u0000');
    writeFileSync(path.join(dir, 'nul.jsonl'), `${lines.join('\n')}\n`);
    const { counts, rejects } = await collect([path.join(dir, 'nul.jsonl')]);
    expect(counts[0]).toMatchObject({ read: 4, accepted: 3, rejected: 1 });
    expect(rejects.map((r) => r.line)).toEqual([i + 1]);
  });
  it('fails before reading anything when a later file is bad', async () => {
    let read = 0;
    const err = await collect([fixture('v1', 'statuses.jsonl'), '/no/such.csv'], { onProgress: () => read++ }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFileError);
    expect(read).toBe(0);
  });
});
