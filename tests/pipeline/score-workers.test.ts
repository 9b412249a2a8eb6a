/**
 * `score --workers N` writes the CSV of `--workers 1` byte for byte: files cut into byte
 * ranges scored by worker threads, with rejects, duplicates inside a range, across ranges of
 * one file (a range scored again) and across files, and a gzip file read whole. The route
 * runs compiled (dist/, built by `npm test`, where its worker is): without it this skips, and
 * fails under CI=true. Each run on threads checks that two worker threads made it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeBenchV1Jsonl } from '../../src/bench/generate-exports.js';
import { run } from '../../src/cli/program.js';
import { planChunks } from '../../src/pipeline/workers/chunks.js';
import { scoreCsvHeader } from '../../src/pipeline/score-csv.js';
import { distFile, describeWhenBuilt, fromDist, REPO_ROOT } from '../helpers/shared.js';
import { RANGE_BYTES, writeWorkerInputs } from '../helpers/worker-inputs.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const WORKER = distFile('pipeline', 'workers', 'score-worker.js');
const CLI = distFile('cli', 'main.js');
const describeBuilt = describeWhenBuilt([WORKER, CLI], 'score --workers test');

/** Two workers on chunks of RANGE_BYTES (used whatever the input's size), parts in `tmp`. */
function onWorkers(tmp: string): { workers: number; modelDir: string; chunkBytes: number; tmpDir: string } {
  return { workers: 2, modelDir: MODEL, chunkBytes: RANGE_BYTES, tmpDir: tmp };
}

const compiled = (): Promise<typeof import('../../src/pipeline/workers/score-parallel.js')> => fromDist('pipeline', 'workers', 'score-parallel.js');

beforeEach(() => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

describeBuilt('score on worker threads', () => {
  it('writes the rows of one thread, byte for byte, with ranges, rejects and duplicates everywhere', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-score-workers-'));
    const { b, files } = await writeWorkerInputs(dir, 32);

    const planned = await planChunks(files, undefined, 2, RANGE_BYTES);
    expect(planned?.filter((s) => s.range !== undefined).length).toBeGreaterThanOrEqual(8);
    expect(planned?.find((s) => s.file === b)?.range).toBeUndefined();

    const one = path.join(dir, 'one.csv');
    expect(await run(['node', 'botshare', 'score', ...files, '-o', one, '--workers', '1', '--quiet', '--model', MODEL])).toBe(0);
    const written: Buffer[] = [Buffer.from(scoreCsvHeader())];
    const progress: number[] = [];
    const tmp = mkdtempSync(path.join(tmpdir(), 'botshare-score-parts-'));
    const { scoreInParallel } = await compiled();
    const result = await scoreInParallel(files, {
      ...onWorkers(tmp),
      write: async (chunk) => {
        written.push(Buffer.from(chunk));
      },
      onProgress: (n) => progress.push(n),
    });
    const expected = readFileSync(one, 'utf8');
    // 5000 tweets, 3 in a.jsonl, 1 in b and 2 in c repeated; 3 rejects.
    expect(result).toMatchObject({ tweets: 5000, rejects: 3, threads: 2 });
    expect(expected.split('\n').length).toBe(5002);
    expect(Buffer.concat(written).toString('utf8') === expected).toBe(true);
    expect(progress.at(-1)).toBe(5000);
    expect(readdirSync(tmp)).toEqual([]); // the part files are gone
  }, 300_000);

  it('stops its workers at Ctrl-C: the run fails with the reason, leaving no part file and nothing written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-score-workers-'));
    const file = path.join(dir, 'tweets.jsonl');
    await writeBenchV1Jsonl(file, { tweets: 5000, accounts: 400, seed: 38, days: 3 });
    const tmp = mkdtempSync(path.join(tmpdir(), 'botshare-score-parts-'));
    const controller = new AbortController();
    let written = 0;
    const { scoreInParallel } = await compiled();
    const run = scoreInParallel([file], {
      ...onWorkers(tmp),
      signal: controller.signal,
      write: async () => {
        written++;
      },
      onProgress: () => controller.abort(new Error('interrupted')),
    });
    await expect(run).rejects.toThrow('interrupted');
    expect(written).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  }, 120_000);

  it('declines (null) where workers cannot help, saying why: one worker, or a small input without --chunk-size', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-score-workers-'));
    const file = path.join(dir, 'small.jsonl');
    await writeBenchV1Jsonl(file, { tweets: 200, accounts: 20, seed: 33, days: 2 });
    const write = async (): Promise<void> => undefined;
    const { scoreInParallel } = await compiled();
    const why: string[] = [];
    const onOneThread = (reason: string): number => why.push(reason);
    expect(await scoreInParallel([file], { workers: 1, modelDir: MODEL, chunkBytes: 1000, write, onOneThread })).toBeNull();
    expect(await scoreInParallel([file], { workers: 2, modelDir: MODEL, write, onOneThread })).toBeNull();
    expect(why).toEqual(['one worker asked for', 'the input is under 32 MB, where workers cost more than they save; --chunk-size uses them anyway']);
  });

  it('the compiled CLI scores a large enough input on workers and writes what one thread writes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-score-workers-'));
    const file = path.join(dir, 'big.jsonl');
    // About 36 MB: above the 32 MB from which workers are used.
    await writeBenchV1Jsonl(file, { tweets: 33_000, accounts: 2000, seed: 34, days: 5 });
    const score = (out: string, workers: string): string => {
      const r = spawnSync(process.execPath, [CLI, 'score', file, '-o', out, '--workers', workers, '--model', MODEL], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stderr;
    };
    const out1 = path.join(dir, 'w1.csv');
    const out2 = path.join(dir, 'w2.csv');
    expect(score(out1, '1')).not.toContain(' on 2 workers');
    expect(score(out2, '2')).toMatch(/^33,000 tweets scored with .+ on 2 workers → /);
    expect(readFileSync(out2).equals(readFileSync(out1))).toBe(true);
    // The parts went beside the output, in a hidden folder that is gone.
    expect(readdirSync(dir).sort()).toEqual(['big.jsonl', 'w1.csv', 'w2.csv']);
    // Read as the wrong format every record is rejected: the run fails and writes no file.
    for (const workers of ['1', '2']) {
      const r = spawnSync(process.execPath, [CLI, 'score', file, '-o', path.join(dir, `none-${workers}.csv`), '--format', 'v2', '--workers', workers, '--model', MODEL], { encoding: 'utf8' });
      expect({ workers, status: r.status, said: r.stderr.includes(`no tweets could be read from ${file}`) }).toEqual({ workers, status: 2, said: true });
    }
    expect(readdirSync(dir).sort()).toEqual(['big.jsonl', 'w1.csv', 'w2.csv']);
  }, 300_000);
});
