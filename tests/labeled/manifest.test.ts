import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkDatasets, parseManifest, readManifest } from '../../src/labeled/manifest.js';
import { run } from '../../src/cli/program.js';

let dir: string;
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function manifestWith(files: { path: string; content: string }[]): Record<string, unknown> {
  return {
    kind: 'botshare_datasets_manifest',
    version: 1,
    about: 'test',
    sets: [
      {
        name: 'toy',
        title: 'Toy',
        source: 'https://example.org',
        citation: 'Nobody (2024)',
        licence: 'research use',
        files: files.map((f) => ({
          path: f.path,
          bytes: Buffer.byteLength(f.content),
          sha256: sha(f.content),
          form: 'cresci-users-csv',
          label: 'bot',
          probeTime: 'crawled_at',
        })),
      },
    ],
  };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'botshare-manifest-'));
  mkdirSync(path.join(dir, 'data', 'sub'), { recursive: true });
  writeFileSync(path.join(dir, 'data', 'sub', 'ok.csv'), 'good');
  writeFileSync(path.join(dir, 'data', 'sub', 'changed.csv'), 'gooD');
  writeFileSync(path.join(dir, 'data', 'sub', 'longer.csv'), 'good!');
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify(
      manifestWith([
        { path: 'sub/ok.csv', content: 'good' },
        { path: 'sub/changed.csv', content: 'good' },
        { path: 'sub/longer.csv', content: 'good' },
        { path: 'sub/absent.csv', content: 'good' },
      ]),
    ),
  );
  writeFileSync(path.join(dir, 'ok-manifest.json'), JSON.stringify(manifestWith([{ path: 'sub/ok.csv', content: 'good' }])));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

describe('datasets manifest', () => {
  it('the repository manifest lists every labeled set with citation, licence and sha256', async () => {
    const m = await readManifest();
    expect(m.sets.map((s) => s.name)).toEqual([
      'cresci-2017', 'cresci-2015', 'cresci-stock-2018', 'gilani-2017', 'verified-2019',
      'vendor-purchased-2019', 'botwiki-2019', 'pronbots-2019', 'political-bots-2019',
    ]);
    expect(m.sets.flatMap((s) => s.files)).toHaveLength(11);
    for (const s of m.sets) {
      expect(s.citation.length, s.name).toBeGreaterThan(20);
      expect(s.licence, s.name).toMatch(/research/i);
    }
  });

  it('refuses a manifest with a path leaving the data folder, a bad sha256 or no label', () => {
    const base = manifestWith([{ path: 'a.csv', content: 'x' }]) as { sets: { files: Record<string, unknown>[] }[] };
    const withFile = (over: Record<string, unknown>): unknown => ({
      ...base,
      sets: [{ ...base.sets[0], files: [{ ...base.sets[0].files[0], ...over }] }],
    });
    expect(() => parseManifest(withFile({ path: '../etc/passwd' }))).toThrow(/inside the data folder/);
    expect(() => parseManifest(withFile({ sha256: 'abc' }))).toThrow(/64 hex/);
    expect(() => parseManifest(withFile({ label: undefined }))).toThrow(/needs "label"/);
    expect(() => parseManifest({ kind: 'x' })).toThrow(/not a botshare datasets manifest/);
  });

  it('checks each file: ok, mismatch by content or size, missing', async () => {
    const m = await readManifest(path.join(dir, 'manifest.json'));
    const checks = await checkDatasets(path.join(dir, 'data'), m);
    expect(checks.map((c) => [c.path, c.status])).toEqual([
      ['sub/ok.csv', 'ok'],
      ['sub/changed.csv', 'mismatch'],
      ['sub/longer.csv', 'mismatch'],
      ['sub/absent.csv', 'missing'],
    ]);
    expect(checks[1].detail).toMatch(/^sha256 [0-9a-f]{64}, expected/);
    expect(checks[2].detail).toBe('5 bytes, expected 4');
  });
});

describe('botshare datasets check', () => {
  const capture = (): { out: string[]; err: string[] } => {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    return { out, err };
  };

  it('prints one line per file and exits 2 when a file is missing or differs', async () => {
    const io = capture();
    const code = await run(['node', 'botshare', 'datasets', 'check', '--data', path.join(dir, 'data'), '--manifest', path.join(dir, 'manifest.json')]);
    expect(code).toBe(2);
    expect(io.out.join('')).toMatch(/^OK +sub\/ok\.csv\nMISMATCH sub\/changed\.csv +\(sha256 .*\nMISMATCH sub\/longer\.csv +\(5 bytes, expected 4\)\nMISSING +sub\/absent\.csv +\(not found\)\n$/);
    expect(io.err.join('')).toMatch(/3 of 4 files are missing or differ/);
  });

  it('exits 0 when every file is intact', async () => {
    const io = capture();
    const code = await run(['node', 'botshare', 'datasets', 'check', '--data', path.join(dir, 'data'), '--manifest', path.join(dir, 'ok-manifest.json')]);
    expect(code).toBe(0);
    expect(io.err.join('')).toMatch(/all 1 files of 1 sets are present and intact/);
  });

  it('exits 2 with one sentence when the folder does not exist or --data is missing', async () => {
    const io = capture();
    expect(await run(['node', 'botshare', 'datasets', 'check', '--data', path.join(dir, 'nope')])).toBe(2);
    expect(io.err.join('')).toMatch(/--data .*nope: no such folder/);
    expect(await run(['node', 'botshare', 'datasets', 'check'])).toBe(2);
  });
});
