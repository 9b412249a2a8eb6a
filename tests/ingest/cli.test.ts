import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/program.js';
import { fixture, tempDir } from './helpers.js';

let stderr = '';
let stdout = '';
beforeEach(() => {
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  process.exitCode = undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const cli = (...args: string[]): Promise<number> => run(['node', 'botshare', 'ingest', ...args]);

describe('botshare ingest', () => {
  it('writes canonical NDJSON, a CSV-safe rejects file and a summary whose counts reconcile', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'tweets.ndjson');
    const rejects = path.join(dir, 'rejects.csv');
    const summary = path.join(dir, 'summary.json');
    const code = await cli(fixture('broken', 'mixed.csv'), fixture('rtweet', 'sample.csv'), '-o', out, '--rejects', rejects, '--summary', summary);
    expect(code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    expect(JSON.parse(lines[0])).toMatchObject({ id: '1230000000000000021', hashtags: ['coronavirus'] });
    const rejectRows = readFileSync(rejects, 'utf8').trimEnd().split('\n');
    expect(rejectRows[0]).toBe('file,line,reason,raw');
    expect(rejectRows).toHaveLength(6);
    expect(rejectRows[2]).toMatch(/,5,11 fields where the header has 10,/);
    const s = JSON.parse(readFileSync(summary, 'utf8')) as {
      files: { read: number; accepted: number; rejected: number; duplicates: number }[];
      hashtags: { hashtag: string; tweets: number; accounts: number }[];
      totals: { accounts: number };
    };
    expect(s.files.map((f) => [f.read, f.accepted, f.rejected, f.duplicates])).toEqual([[10, 5, 5, 0], [4, 4, 0, 0]]);
    for (const f of s.files) expect(f.read).toBe(f.accepted + f.rejected + f.duplicates);
    expect(s.hashtags).toEqual([
      { hashtag: 'coronavirus', tweets: 3, accounts: 2 },
      { hashtag: 'piemonte', tweets: 1, accounts: 1 },
    ]);
    expect(s.totals.accounts).toBe(3);
    expect(stderr).toContain('9 tweets from 3 accounts');
  });

  it('guards rejected raw text against formula injection', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'evil.jsonl');
    const good = JSON.stringify({ id_str: '1', created_at: 'Wed Mar 11 20:19:24 +0000 2020', user: { id_str: '2' } });
    writeFileSync(input, `${good}\n=cmd|" /C calc"!A0\n`);
    const rejects = path.join(dir, 'rejects.csv');
    expect(await cli(input, '--rejects', rejects, '--quiet')).toBe(0);
    expect(readFileSync(rejects, 'utf8').split('\n')[1]).toMatch(/,"'=cmd\|"" \/C calc""!A0"$/);
  });

  it('never overwrites an existing output without --force', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'tweets.ndjson');
    writeFileSync(out, 'precious\n');
    expect(await cli(fixture('rtweet', 'sample.csv'), '-o', out)).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    expect(stderr).toContain(`${out} already exists`);
    expect(await cli(fixture('rtweet', 'sample.csv'), '-o', out, '--force', '--quiet')).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(5);
  });

  it('--strict fails on the first reject, naming file and line, and writes nothing', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'tweets.ndjson');
    expect(await cli(fixture('broken', 'mixed.jsonl'), '-o', out, '--strict')).toBe(2);
    expect(stderr).toContain(`${fixture('broken', 'mixed.jsonl')}:2: the JSON record is cut short`);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 with one sentence for a missing file or a bad --format', async () => {
    expect(await cli('/no/such/export.csv')).toBe(2);
    expect(stderr).toBe('botshare: /no/such/export.csv: no such file\n');
    expect(await cli(fixture('rtweet', 'sample.csv'), '--format', 'excel')).toBe(2);
  });

  it('writes NDJSON to stdout with -o -, and no progress or report when piped and quiet', async () => {
    expect(await cli(fixture('v2', 'flat.jsonl'), '-o', '-', '--quiet')).toBe(0);
    expect(stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['1380000000000000001', '1380000000000000002']);
    expect(stderr).toBe('');
  });

  it('has help with examples', async () => {
    expect(await cli('--help')).toBe(0);
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('users.csv');
  });
});
