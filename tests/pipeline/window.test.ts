/**
 * `--since/--until`: the tweets kept and the tweets counted outside the window, checked
 * against an independent count of a real export; the window recorded in summary.json and
 * sample.json; the same outputs on one thread, on worker threads and through tallies; tallies
 * of different windows refused; a labeled sample's frame rebuilt in its own window.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { writeBenchV1Jsonl } from '../../src/bench/generate-exports.js';
import { ingestTweets } from '../../src/ingest/index.js';
import { labelsWindow, type LabelsFile } from '../../src/pipeline/labeled.js';
import { loadEstimatorEvidence } from '../../src/pipeline/load-evidence.js';
import { DEFAULT_ESTIMATOR_EVIDENCE } from '../../src/util/paths.js';
import { parseWindow, windowRecord } from '../../src/util/window.js';
import { describeShared, describeWhenBuilt, distFile, fromDist, REPO_ROOT } from '../helpers/shared.js';
import { captureStderr } from '../helpers/stderr.js';
import { RANGE_BYTES, writeWorkerInputs } from '../helpers/worker-inputs.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const COMMON = ['--no-png', '--replicates', '200', '--quiet', '--model', MODEL];
const stderr = captureStderr();
const botshare = (...args: string[]): Promise<number> => run(['node', 'botshare', ...args]);
const json = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

interface FileCount {
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  outside_window?: number;
}

describeShared('a time window on a real export (rtweet, Piedmont, February 2020)', (datasets) => {
  const file = path.join(datasets, 'exports', 'rtweet_coronavirus_piemonte_2020-02.csv');
  /** An independent count: csv-parse's rows, created_at compared as text (`YYYY-MM-DD HH:MM:SS`, UTC). */
  const independent = (from: string, to: string): { inside: number; all: number } => {
    const rows = parse(readFileSync(file), { columns: true, bom: true }) as { status_id: string; created_at: string }[];
    return { inside: new Set(rows.filter((r) => r.created_at >= from && r.created_at <= to).map((r) => r.status_id)).size, all: rows.length };
  };

  it('keeps the tweets of the window, --until a whole day, and counts the others per file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-window-'));
    const summary = path.join(dir, 'counts.json');
    expect(await botshare('ingest', file, '--since', '2020-02-20', '--until', '2020-02-22', '--summary', summary, '--quiet')).toBe(0);
    const s = json(summary) as { window: unknown; files: FileCount[]; totals: { accepted: number; outside_window: number } };
    const want = independent('2020-02-20 00:00:00', '2020-02-22 23:59:59');
    expect(want.inside).toBeGreaterThan(100);
    expect(s.files[0].accepted).toBe(want.inside);
    expect(s.files[0].outside_window).toBe(want.all - want.inside);
    const f = s.files[0];
    expect(f.read).toBe(f.accepted + f.rejected + f.duplicates + (f.outside_window ?? 0));
    expect(s.window).toEqual({ since: '2020-02-20T00:00:00.000Z', until: '2020-02-22T23:59:59.999Z', label: '20–22 February 2020 (UTC)' });

    // A time instead of a date: included as given.
    const timed = path.join(dir, 'timed.json');
    expect(await botshare('ingest', file, '--since', '2020-02-21T06:30:00Z', '--until', '2020-02-24T12:00:00', '--summary', timed, '--quiet')).toBe(0);
    expect((json(timed) as { totals: { accepted: number } }).totals.accepted).toBe(independent('2020-02-21 06:30:00', '2020-02-24 12:00:00').inside);
  });

  it('records the window in summary.json and report.html, and leaves a run without one as it was', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-window-report-'));
    expect(await botshare('report', file, '--since', '2020-02-24', '--until', '2020-02-24', '-o', dir, ...COMMON)).toBe(0);
    const s = json(path.join(dir, 'summary.json')) as { window: { label: string }; inputs: { tweets: number; files: FileCount[] } };
    const want = independent('2020-02-24 00:00:00', '2020-02-24 23:59:59');
    expect(s.inputs.tweets).toBe(want.inside);
    expect(s.inputs.files[0].outside_window).toBe(want.all - want.inside);
    expect(s.window).toEqual({ since: '2020-02-24T00:00:00.000Z', until: '2020-02-24T23:59:59.999Z', label: '24 February 2020 (UTC)' });
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).toContain('Tweets posted <strong>24 February 2020 (UTC)</strong> only.');

    const all = mkdtempSync(path.join(tmpdir(), 'botshare-window-none-'));
    expect(await botshare('report', file, '-o', all, ...COMMON)).toBe(0);
    const text = readFileSync(path.join(all, 'summary.json'), 'utf8');
    expect(text).not.toContain('"window"');
    expect(text).not.toContain('outside_window');
  });

  it('draws a sample in the window, and report --labels rebuilds its frame there (another window is refused)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-window-sample-'));
    const sampleDir = path.join(dir, 'sample');
    expect(await botshare('sample', file, '-n', '40', '--since', '2020-02-21', '--until', '2020-02-23', '-o', sampleDir, '--quiet', '--model', MODEL)).toBe(0);
    const manifest = json(path.join(sampleDir, 'sample.json')) as { window: unknown; frame_tweets: number };
    const want = independent('2020-02-21 00:00:00', '2020-02-23 23:59:59');
    expect(manifest.frame_tweets).toBe(want.inside);
    expect(manifest.window).toEqual({ since: '2020-02-21T00:00:00.000Z', until: '2020-02-23T23:59:59.999Z', label: '21–23 February 2020 (UTC)' });
    // A stand-in labeler (not a judgement: every third account "bot"), the first 30 rows in order.
    const csv = path.join(sampleDir, 'sample.csv');
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    writeFileSync(csv, `${lines.map((l, i) => (i === 0 || i > 30 ? l : l.split(',').map((c, k) => (k === 3 ? (i % 3 === 0 ? 'bot' : 'human') : c)).join(','))).join('\n')}\n`);

    const out = path.join(dir, 'report');
    expect(await botshare('report', file, '--labels', csv, '-o', out, ...COMMON)).toBe(0);
    const s = json(path.join(out, 'summary.json')) as { window: { label: string }; inputs: { tweets: number }; labeled: { prefix: number } };
    expect(s.window.label).toBe('21–23 February 2020 (UTC)');
    expect(s.inputs.tweets).toBe(want.inside);
    expect(s.labeled.prefix).toBe(30);
    expect(await botshare('report', file, '--labels', csv, '--until', '2020-02-22', '-o', path.join(dir, 'other'), ...COMMON)).toBe(2);
    expect(stderr()).toContain(`${csv} was drawn from the window 21–23 February 2020 (UTC) (sample.json), not until 22 February 2020 (UTC)`);
  });

  it('says so when no tweet is inside the window', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-window-empty-'));
    expect(await botshare('report', file, '--since', '2021-01-01', '-o', dir, ...COMMON)).toBe(2);
    expect(stderr()).toContain(`no tweet of ${file} is inside the window from 1 January 2021 (UTC) (1,719 outside it)`);
  });
});

describe('the accounting of a window', () => {
  it('counts a tweet outside it, and every copy of one, as outside_window; copies inside it as duplicates', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-window-count-'));
    const whole = path.join(dir, 'whole.jsonl');
    await writeBenchV1Jsonl(whole, { tweets: 40, accounts: 8, seed: 5, days: 4 }); // 11–14 March 2020, 10 a day
    const lines = readFileSync(whole, 'utf8').trimEnd().split('\n');
    const file = path.join(dir, 'dup.jsonl');
    writeFileSync(file, `${[...lines, lines[2], lines[2], lines[15], '{broken'].join('\n')}\n`); // day 1 twice more, day 2 once more
    const run = ingestTweets([file], { window: parseWindow('2020-03-12', '2020-03-12') });
    let kept = 0;
    for await (const t of run.tweets) kept += t.createdAt >= Date.UTC(2020, 2, 12) && t.createdAt < Date.UTC(2020, 2, 13) ? 1 : 0;
    const [c] = run.counts();
    expect({ kept, read: c.read, accepted: c.accepted, rejected: c.rejected, duplicates: c.duplicates, outside: c.outsideWindow }).toEqual({ kept: 10, read: 44, accepted: 10, rejected: 1, duplicates: 1, outside: 32 });
    const plain = ingestTweets([file]);
    for await (const batch of plain.batches) expect(batch.length).toBeGreaterThan(0);
    expect(plain.counts()[0]).toEqual({ path: file, format: 'v1', read: 44, accepted: 40, rejected: 1, duplicates: 3, notices: 0 });
  });
});

describe('bad windows are the user\'s mistake (exit 2, one sentence)', () => {
  it.each([
    [['--since', '2020-02-30'], '--since: "2020-02-30" is not a real date'],
    [['--until', 'last week'], '--until: "last week" is neither a date'],
    [['--since', '2020-03-23', '--until', '2020-03-11'], '--since 2020-03-23 is after --until 2020-03-11'],
  ])('%j', async (flags, message) => {
    expect(await botshare('ingest', path.join(REPO_ROOT, 'package.json'), ...flags, '--quiet')).toBe(2);
    expect(stderr()).toContain(message);
    expect(stderr()).not.toContain('    at ');
  });
});

describe('one window on every route: one thread, tallies, and the refusal to merge different windows', () => {
  it('report --tallies of windowed tallies equals the windowed report; tallies of different windows do not merge', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-window-tally-'));
    const { files } = await writeWorkerInputs(dir, 41);
    const window = ['--since', '2020-03-12', '--until', '2020-03-14'];
    const one = path.join(dir, 'one');
    expect(await botshare('report', ...files, ...window, '-o', one, ...COMMON)).toBe(0);
    // The files share tweets: each shard reads them all and keeps a partition by id.
    const parts = [1, 2, 3].map((k) => path.join(dir, `part-${k}.tally`));
    for (const [i, part] of parts.entries()) expect(await botshare('tally', ...files, ...window, '--partition', `${i + 1}/3`, '-o', part, '--quiet', '--model', MODEL)).toBe(0);
    const merged = path.join(dir, 'merged');
    expect(await botshare('report', '--tallies', ...parts, '-o', merged, ...COMMON)).toBe(0);
    expect(readFileSync(path.join(merged, 'summary.json'), 'utf8')).toBe(readFileSync(path.join(one, 'summary.json'), 'utf8'));
    const s = json(path.join(one, 'summary.json')) as { inputs: { files: FileCount[] } };
    for (const f of s.inputs.files) expect(f.read).toBe(f.accepted + f.rejected + f.duplicates + (f.outside_window ?? 0));
    expect(s.inputs.files.map((f) => (f.outside_window ?? 0) > 0)).toEqual([true, true, true]);

    // A report given another window than its tallies' is refused, and so is a merge of two windows.
    expect(await botshare('report', '--tallies', ...parts, '--since', '2020-03-13', '-o', path.join(dir, 'other'), ...COMMON)).toBe(2);
    expect(stderr()).toContain('were made for the window 12–14 March 2020 (UTC), not from 13 March 2020 (UTC)');
    const wider = path.join(dir, 'wider.tally');
    expect(await botshare('tally', ...files, '--since', '2020-03-11', '--until', '2020-03-14', '--partition', '1/3', '-o', wider, '--quiet', '--model', MODEL)).toBe(0);
    expect(await botshare('report', '--tallies', parts[1], wider, '-o', path.join(dir, 'refused'), ...COMMON)).toBe(2);
    expect(stderr()).toContain(`${parts[1]} and ${wider} were made with different time windows (--since/--until) (12–14 March 2020 (UTC) vs 11–14 March 2020 (UTC))`);
    const plain = path.join(dir, 'plain.tally');
    expect(await botshare('tally', ...files, '--partition', '1/3', '-o', plain, '--quiet', '--model', MODEL)).toBe(0);
    expect(await botshare('report', '--tallies', parts[0], plain, '-o', path.join(dir, 'refused-2'), ...COMMON)).toBe(2);
    expect(stderr()).toContain('(12–14 March 2020 (UTC) vs all times)');
  }, 300_000);
});

const WORKERS = ['tally-worker.js', 'ingest-worker.js', 'score-worker.js'].map((w) => distFile('pipeline', 'workers', w));
describeWhenBuilt(WORKERS, 'window on worker threads test')('one window on worker threads', () => {
  it('report, ingest and score give the outputs of one thread', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-window-workers-'));
    const { files } = await writeWorkerInputs(dir, 42);
    const flags = ['--since', '2020-03-12', '--until', '2020-03-14T12:00:00Z'];
    const window = parseWindow('2020-03-12', '2020-03-14T12:00:00Z');
    // The routes run compiled, where their workers are.
    const { reportInParallel } = await fromDist<typeof import('../../src/pipeline/workers/report-parallel.js')>('pipeline', 'workers', 'report-parallel.js');
    const { ingestInParallel } = await fromDist<typeof import('../../src/pipeline/workers/ingest-parallel.js')>('pipeline', 'workers', 'ingest-parallel.js');
    const { scoreInParallel } = await fromDist<typeof import('../../src/pipeline/workers/score-parallel.js')>('pipeline', 'workers', 'score-parallel.js');

    const one = path.join(dir, 'one');
    expect(await botshare('report', ...files, ...flags, '-o', one, ...COMMON)).toBe(0);
    const many = path.join(dir, 'many');
    const common = { png: false, evidence: loadEstimatorEvidence(DEFAULT_ESTIMATOR_EVIDENCE), bootstrap: { replicates: 200, seed: 1 }, window };
    const shared = { workers: 2, chunkBytes: RANGE_BYTES };
    expect((await reportInParallel(files, many, { ...common, ...shared, modelDir: MODEL, rates: 'out-of-domain', scoresCsv: false }))?.threads).toBe(2);
    for (const name of ['summary.json', 'report.html']) expect({ name, same: readFileSync(path.join(many, name)).equals(readFileSync(path.join(one, name))) }).toEqual({ name, same: true });

    const counts1 = path.join(dir, 'counts-1.json');
    const counts2 = path.join(dir, 'counts-2.json');
    expect(await botshare('ingest', ...files, ...flags, '--summary', counts1, '--quiet')).toBe(0);
    expect((await ingestInParallel(files, { ...shared, window, summary: counts2 }))?.threads).toBe(2);
    expect(readFileSync(counts2, 'utf8')).toBe(readFileSync(counts1, 'utf8'));
    const c = json(counts1) as { files: FileCount[]; totals: { accepted: number } };
    expect(c.totals.accepted).toBe((json(path.join(one, 'summary.json')) as { inputs: { tweets: number } }).inputs.tweets);

    const scores1 = path.join(dir, 'scores-1.csv');
    expect(await botshare('score', ...files, ...flags, '-o', scores1, '--quiet', '--model', MODEL)).toBe(0);
    let rows = '';
    const r = await scoreInParallel(files, { ...shared, window, modelDir: MODEL, tmpDir: dir, write: async (chunk) => { rows += Buffer.from(chunk).toString('utf8'); } });
    expect(r?.threads).toBe(2);
    expect(r?.outsideWindow).toBe(c.files.reduce((n, f) => n + (f.outside_window ?? 0), 0));
    expect(readFileSync(scores1, 'utf8')).toBe(readFileSync(scores1, 'utf8').split('\n')[0] + '\n' + rows);
  }, 300_000);
});

describe('a labeled sample is estimated in the window it was drawn in', () => {
  const drawnIn = (since?: string, until?: string): LabelsFile => {
    const w = parseWindow(since, until);
    const manifest = { kind: 'botshare_sample', hashtags: [], sample_id: 's1', ...(w === undefined ? {} : { window: windowRecord(w) }) };
    return { file: 'out/sample/sample.csv', labels: { sampleId: 's1' }, manifest } as unknown as LabelsFile;
  };
  it('takes the sample\'s window, accepts the same one, refuses another', () => {
    const march = parseWindow('2020-03-11', '2020-03-23');
    expect(labelsWindow(drawnIn('2020-03-11', '2020-03-23'), undefined)).toEqual(march);
    expect(labelsWindow(drawnIn('2020-03-11', '2020-03-23'), march)).toEqual(march);
    expect(() => labelsWindow(drawnIn('2020-03-11', '2020-03-23'), parseWindow('2020-03-11', '2020-03-22'))).toThrow(
      'out/sample/sample.csv was drawn from the window 11–23 March 2020 (UTC) (sample.json), not 11–22 March 2020 (UTC)',
    );
    expect(() => labelsWindow(drawnIn(), march)).toThrow('was drawn from all times (sample.json), not 11–23 March 2020 (UTC)');
    expect(labelsWindow(drawnIn(), undefined)).toBeUndefined();
    const edited = { ...drawnIn(), manifest: { ...drawnIn().manifest, window: { since: 5, until: null } } } as unknown as LabelsFile;
    expect(() => labelsWindow(edited, undefined)).toThrow('out/sample/sample.csv: the window in sample.json beside it is not readable');
  });
});
