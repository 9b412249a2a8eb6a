/**
 * `report --workers N` equals `--workers 1` byte for byte: files cut into byte ranges read by
 * worker threads, with rejects located by file and line, duplicates inside a range, across
 * ranges of one file and across files, and a gzip file read whole. The route runs compiled
 * (dist/, built by `npm test`, where its worker is): without it this skips, and fails under
 * CI=true. Each run checks that two worker threads made it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/program.js';
import { planChunks } from '../../src/pipeline/workers/chunks.js';
import { report } from '../../src/pipeline/report.js';
import { loadModelScorer } from '../../src/pipeline/load-scorer.js';
import { loadEstimatorEvidence } from '../../src/pipeline/load-evidence.js';
import { DEFAULT_ESTIMATOR_EVIDENCE } from '../../src/util/paths.js';
import { distFile, describeWhenBuilt, fromDist, REPO_ROOT } from '../helpers/shared.js';
import { RANGE_BYTES, writeWorkerInputs } from '../helpers/worker-inputs.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const WORKER = distFile('pipeline', 'workers', 'tally-worker.js');
const CLI = distFile('cli', 'main.js');
const describeBuilt = describeWhenBuilt([WORKER, CLI], 'report --workers test');
const compiled = (): Promise<typeof import('../../src/pipeline/workers/report-parallel.js')> => fromDist('pipeline', 'workers', 'report-parallel.js');

beforeEach(() => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(path.relative(dir, path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name)));
  }
  return out;
}

describeBuilt('report on worker threads', () => {
  it('gives the files of one thread, byte for byte, with ranges, rejects and duplicates everywhere', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-workers-'));
    const { a, b, files } = await writeWorkerInputs(dir, 31);

    const chunks = await planChunks(files, undefined, 2, RANGE_BYTES);
    expect(chunks?.filter((s) => s.range !== undefined).length).toBeGreaterThanOrEqual(8);
    expect(chunks?.find((s) => s.file === b)?.range).toBeUndefined();

    const one = path.join(dir, 'one');
    const options = ['--no-png', '--replicates', '200', '--quiet', '--model', MODEL];
    expect(await run(['node', 'botshare', 'report', ...files, '-o', one, '--workers', '1', ...options])).toBe(0);
    const many = path.join(dir, 'many');
    const { reportInParallel } = await compiled();
    const result = await reportInParallel(files, many, {
      workers: 2, modelDir: MODEL, rates: 'out-of-domain', chunkBytes: RANGE_BYTES, png: false, scoresCsv: false, evidence: loadEstimatorEvidence(DEFAULT_ESTIMATOR_EVIDENCE), bootstrap: { replicates: 200, seed: 1 },
    });
    expect(result?.threads).toBe(2);

    const t1 = tree(one);
    const t2 = tree(many);
    expect([...t2.keys()].sort()).toEqual([...t1.keys()].sort());
    for (const [name, bytes] of t1) expect({ name, same: bytes.equals(t2.get(name) as Buffer) }).toEqual({ name, same: true });
    const summary = JSON.parse(readFileSync(path.join(one, 'summary.json'), 'utf8')) as { inputs: { files: { duplicates: number; rejected: number }[] } };
    expect(summary.inputs.files.map((f) => [f.rejected, f.duplicates])).toEqual([[2, 3], [1, 1], [0, 2]]);
    expect(readFileSync(path.join(one, 'rejects.csv'), 'utf8')).toContain(`${a},901,`);
    expect(readFileSync(path.join(one, 'rejects.csv'), 'utf8')).toContain(`${a},2602,`);

    // --scores: the workers write their chunks' rows of scores.csv, pseudonymized with the
    // report's salt; the folder then holds what one thread writes, and no part file.
    const oneScored = path.join(dir, 'one-scored');
    const common = { png: false, evidence: loadEstimatorEvidence(DEFAULT_ESTIMATOR_EVIDENCE), bootstrap: { replicates: 200, seed: 1 }, scoresCsv: true, pseudonymize: { salt: 'a fixed salt' } };
    await report({ kind: 'files', files, scorer: await loadModelScorer(MODEL) }, oneScored, common);
    const manyScored = path.join(dir, 'many-scored');
    const scored = await reportInParallel(files, manyScored, { ...common, workers: 2, modelDir: MODEL, rates: 'out-of-domain', chunkBytes: RANGE_BYTES });
    expect(scored?.threads).toBe(2);
    expect(scored?.files[0]).toBe(path.resolve(manyScored, 'scores.csv'));
    const s1 = tree(oneScored);
    const s2 = tree(manyScored);
    expect([...s2.keys()].sort()).toEqual([...s1.keys()].sort());
    expect(s1.has('scores.csv')).toBe(true);
    for (const [name, bytes] of s1) expect({ name, same: bytes.equals(s2.get(name) as Buffer) }).toEqual({ name, same: true });
    expect(s1.get('scores.csv')?.toString('utf8').split('\n').length).toBe(5002);
    expect(s1.get('scores.csv')?.toString('utf8')).toMatch(/\nt_[0-9a-f]{16},u_[0-9a-f]{16},/);
  }, 300_000);

  it('the compiled CLI: --chunk-size puts a small input on workers, with the files of one thread; without it, the closing lines say why not', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-workers-'));
    const { files } = await writeWorkerInputs(dir, 33);
    const runCli = (out: string, ...flags: string[]): string => {
      const r = spawnSync(process.execPath, [CLI, 'report', ...files, '-o', out, '--no-png', '--replicates', '100', '--model', MODEL, ...flags], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stderr;
    };
    const said = runCli(path.join(dir, 'one'), '--workers', '2');
    expect(said).toContain('\nmade on one thread: the input is under 32 MB, where workers cost more than they save; --chunk-size uses them anyway\n');
    expect(runCli(path.join(dir, 'many'), '--workers', '2', '--chunk-size', '300k')).not.toContain('one thread');
    const t1 = tree(path.join(dir, 'one'));
    const t2 = tree(path.join(dir, 'many'));
    expect([...t2.keys()].sort()).toEqual([...t1.keys()].sort());
    for (const [name, bytes] of t1) expect({ name, same: bytes.equals(t2.get(name) as Buffer) }).toEqual({ name, same: true });
  }, 300_000);
});
