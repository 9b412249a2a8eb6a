/**
 * `ingest --workers N` writes the files of `--workers 1` byte for byte — canonical NDJSON,
 * rejects with their file and line, the summary with its counts, accounts and hashtags — on
 * files cut into byte ranges, with rejects, duplicates inside a range, across ranges of one
 * file (a range read again) and across files, and a gzip file read whole. The route runs
 * compiled (dist/, built by `npm test`, where its worker is): without it this skips, and fails
 * under CI=true. Each run on threads checks that two worker threads made it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeBenchV1Jsonl } from '../../src/bench/generate-exports.js';
import { run } from '../../src/cli/program.js';
import { planChunks } from '../../src/pipeline/workers/chunks.js';
import { distFile, describeWhenBuilt, fromDist } from '../helpers/shared.js';
import { RANGE_BYTES, writeWorkerInputs } from '../helpers/worker-inputs.js';

const WORKER = distFile('pipeline', 'workers', 'ingest-worker.js');
const CLI = distFile('cli', 'main.js');
const describeBuilt = describeWhenBuilt([WORKER, CLI], 'ingest --workers test');
const compiled = (): Promise<typeof import('../../src/pipeline/workers/ingest-parallel.js')> => fromDist('pipeline', 'workers', 'ingest-parallel.js');

beforeEach(() => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

describeBuilt('ingest on worker threads', () => {
  it('writes the NDJSON, rejects and summary of one thread, byte for byte, with ranges, rejects and duplicates everywhere', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-ingest-w-'));
    const inputs = await writeWorkerInputs(dir, 35);
    const { a, b, c } = inputs;
    // The same file twice: every record of its second reading is a duplicate.
    const files = [...inputs.files, c];

    const chunks = await planChunks(files, undefined, 2, RANGE_BYTES);
    expect(chunks?.filter((s) => s.range !== undefined).length).toBeGreaterThanOrEqual(8);
    expect(chunks?.find((s) => s.file === b)?.range).toBeUndefined();

    const names = ['tweets.ndjson', 'rejects.csv', 'summary.json'];
    const one = names.map((n) => path.join(dir, `one-${n}`));
    const many = names.map((n) => path.join(dir, `many-${n}`));
    expect(await run(['node', 'botshare', 'ingest', ...files, '-o', one[0], '--rejects', one[1], '--summary', one[2], '--workers', '1', '--quiet'])).toBe(0);
    const tmp = mkdtempSync(path.join(tmpdir(), 'botshare-ingest-parts-'));
    const progress: number[] = [];
    const { ingestInParallel } = await compiled();
    const result = await ingestInParallel(files, {
      workers: 2,
      output: many[0],
      rejects: many[1],
      summary: many[2],
      chunkBytes: RANGE_BYTES,
      tmpDir: tmp,
      onBytes: (done) => progress.push(done),
    });
    expect(result?.rejectCount).toBe(3);
    expect(result?.threads).toBe(2);
    for (let i = 0; i < names.length; i++) {
      expect({ file: names[i], same: readFileSync(many[i]).equals(readFileSync(one[i])) }).toEqual({ file: names[i], same: true });
    }
    const summary = JSON.parse(readFileSync(one[2], 'utf8')) as { files: { read: number; rejected: number; duplicates: number; notices: number }[]; totals: { accepted: number; accounts: number } };
    expect(summary.files.map((f) => [f.rejected, f.duplicates, f.notices])).toEqual([[2, 3, 0], [1, 1, 0], [0, 2, 1], [0, 502, 1]]);
    expect(summary.totals.accepted).toBe(5000);
    expect(readFileSync(one[1], 'utf8')).toContain(`${a},901,`);
    expect(readFileSync(one[1], 'utf8')).toContain(`${a},2602,`);
    expect(progress.at(-1)).toBeGreaterThan(0);
    expect(readdirSync(tmp)).toEqual([]); // the part files are gone
  }, 300_000);

  it('declines (null) where workers cannot help or cannot be exact, saying why: one worker, a small input, --strict', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-ingest-w-'));
    const file = path.join(dir, 'small.jsonl');
    await writeBenchV1Jsonl(file, { tweets: 200, accounts: 20, seed: 36, days: 2 });
    const { ingestInParallel } = await compiled();
    const why: string[] = [];
    const onOneThread = (reason: string): number => why.push(reason);
    expect(await ingestInParallel([file], { workers: 1, chunkBytes: 1000, onOneThread })).toBeNull();
    expect(await ingestInParallel([file], { workers: 2, onOneThread })).toBeNull();
    expect(await ingestInParallel([file], { workers: 2, chunkBytes: 1000, strict: true, onOneThread })).toBeNull();
    expect(why).toEqual([
      'one worker asked for',
      'the input is under 32 MB, where workers cost more than they save; --chunk-size uses them anyway',
      '--strict stops at the first unreadable record in input order',
    ]);
  });

  it('the compiled CLI reads a large enough input on workers and writes what one thread writes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-ingest-w-'));
    const file = path.join(dir, 'big.jsonl');
    // About 36 MB: above the 32 MB from which workers are used.
    await writeBenchV1Jsonl(file, { tweets: 33_000, accounts: 2000, seed: 37, days: 5 });
    const ingest = (out: string, workers: string): string => {
      const r = spawnSync(process.execPath, [CLI, 'ingest', file, '-o', out, '--summary', `${out}.json`, '--workers', workers], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stderr;
    };
    expect(ingest(path.join(dir, 'w1.ndjson'), '1')).toContain('33,000 tweets from 2,000 accounts\n');
    expect(ingest(path.join(dir, 'w2.ndjson'), '2')).toContain('33,000 tweets from 2,000 accounts (read on 2 workers)\n');
    expect(readFileSync(path.join(dir, 'w2.ndjson')).equals(readFileSync(path.join(dir, 'w1.ndjson')))).toBe(true);
    expect(readFileSync(path.join(dir, 'w2.ndjson.json')).equals(readFileSync(path.join(dir, 'w1.ndjson.json')))).toBe(true);
    // The parts went beside the output, in a hidden folder that is gone.
    expect(readdirSync(dir).sort()).toEqual(['big.jsonl', 'w1.ndjson', 'w1.ndjson.json', 'w2.ndjson', 'w2.ndjson.json']);
  }, 300_000);

  it('the compiled CLI uses workers on a small input given --chunk-size, and says why it does not without it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-ingest-w-'));
    const { files } = await writeWorkerInputs(dir, 39);
    const ingest = (out: string, ...flags: string[]): string => {
      const r = spawnSync(process.execPath, [CLI, 'ingest', ...files, '-o', out, '--summary', `${out}.json`, ...flags], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stderr;
    };
    expect(ingest(path.join(dir, 'w1.ndjson'))).toContain('5,000 tweets from 400 accounts\n');
    expect(ingest(path.join(dir, 'small.ndjson'), '--workers', '2')).toContain(
      '5,000 tweets from 400 accounts (read on one thread: the input is under 32 MB, where workers cost more than they save; --chunk-size uses them anyway)\n',
    );
    expect(ingest(path.join(dir, 'w2.ndjson'), '--workers', '2', '--chunk-size', '300k')).toContain('5,000 tweets from 400 accounts (read on 2 workers)\n');
    expect(readFileSync(path.join(dir, 'w2.ndjson')).equals(readFileSync(path.join(dir, 'w1.ndjson')))).toBe(true);
    expect(readFileSync(path.join(dir, 'w2.ndjson.json')).equals(readFileSync(path.join(dir, 'w1.ndjson.json')))).toBe(true);
    const bad = spawnSync(process.execPath, [CLI, 'ingest', ...files, '--workers', '2', '--chunk-size', '3 parsecs'], { encoding: 'utf8' });
    expect({ status: bad.status, said: bad.stderr.includes('--chunk-size must be a size in bytes') }).toEqual({ status: 2, said: true });
  }, 300_000);
});
