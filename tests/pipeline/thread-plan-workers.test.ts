/**
 * The one decision of `report`, `score` and `ingest --workers`: worker threads where they can
 * help and be exact, and otherwise one thread with the reason said. The plan is read from
 * dist/ (where the compiled workers it looks for are), and once from the sources, where no
 * compiled worker is beside it.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { planWorkers as planFromSources } from '../../src/pipeline/workers/thread-plan.js';
import { distFile, describeWhenBuilt, fromDist, REPO_ROOT } from '../helpers/shared.js';
import { RANGE_BYTES, writeWorkerInputs } from '../helpers/worker-inputs.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const WORKERS = ['tally-worker.js', 'score-worker.js', 'ingest-worker.js'].map((w) => distFile('pipeline', 'workers', w));
const compiled = (): Promise<typeof import('../../src/pipeline/workers/thread-plan.js')> => fromDist('pipeline', 'workers', 'thread-plan.js');

/** The reason for one thread, or the chunks' count and the threads of a plan. */
function said(plan: Awaited<ReturnType<typeof planFromSources>>): string | { chunks: number; threads: number } {
  return 'chunks' in plan ? { chunks: plan.chunks.length, threads: plan.threads } : plan.reason;
}

it('from the TypeScript sources, every command stays on one thread: no compiled worker is beside them', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'botshare-plan-'));
  const { files } = await writeWorkerInputs(dir, 51);
  for (const command of ['report', 'score', 'ingest'] as const) {
    expect(said(await planFromSources(command, files, { workers: 2, chunkBytes: RANGE_BYTES }))).toBe('the workers run compiled (dist/), not from TypeScript sources');
  }
});

describeWhenBuilt(WORKERS, 'thread plan test')('the thread plan of each command', () => {
  it('cuts a JSON-lines input into chunks of --chunk-size, whole files otherwise, on at most the workers asked for', async () => {
    const { planWorkers } = await compiled();
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-plan-'));
    const { a, b, files } = await writeWorkerInputs(dir, 52);
    const plan = await planWorkers('report', files, { workers: 3, chunkBytes: RANGE_BYTES, modelDir: MODEL });
    if (!('chunks' in plan)) throw new Error(plan.reason);
    expect(plan.threads).toBe(3);
    expect(plan.workerUrl.pathname.endsWith('/dist/pipeline/workers/tally-worker.js')).toBe(true);
    const ranges = plan.chunks.filter((s) => s.file === a);
    expect(ranges.length).toBe(Math.ceil(readFileSync(a).length / RANGE_BYTES));
    expect(ranges.every((s, i) => s.range !== undefined && (i === 0 || s.range.start === ranges[i - 1].range?.end))).toBe(true);
    expect(plan.chunks.filter((s) => s.file === b)).toEqual([{ file: b, format: 'v1' }]);
    // Two chunks, eight workers asked for: two threads.
    const two = await planWorkers('score', [a], { workers: 8, chunkBytes: Math.ceil(readFileSync(a).length / 2), modelDir: MODEL });
    expect(said(two)).toEqual({ chunks: 2, threads: 2 });
    expect('workerUrl' in two && two.workerUrl.pathname.endsWith('/score-worker.js')).toBe(true);
  });

  it('says why a command stays on one thread', async () => {
    const { planWorkers } = await compiled();
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-plan-'));
    const { a, files } = await writeWorkerInputs(dir, 53);
    const chunked = { workers: 2, chunkBytes: RANGE_BYTES };
    expect(said(await planWorkers('ingest', files, { ...chunked, workers: 1 }))).toBe('one worker asked for');
    expect(said(await planWorkers('ingest', [], chunked))).toBe('no input file');
    expect(said(await planWorkers('ingest', files, { workers: 2 }))).toBe('the input is under 32 MB, where workers cost more than they save; --chunk-size uses them anyway');
    expect(said(await planWorkers('ingest', files, { ...chunked, strict: true }))).toBe('--strict stops at the first unreadable record in input order');
    expect(said(await planWorkers('report', files, { ...chunked, labels: true, modelDir: MODEL }))).toBe('--labels checks the sample against the export in one pass');
    // A model that reads an account's timing over the whole input.
    const timed = path.join(dir, 'timed-model');
    cpSync(MODEL, timed, { recursive: true });
    const card = JSON.parse(readFileSync(path.join(timed, 'card.json'), 'utf8')) as { inputs: string[] };
    writeFileSync(path.join(timed, 'card.json'), JSON.stringify({ ...card, inputs: [...card.inputs, 'corpus_tweets'] }));
    expect(said(await planWorkers('score', files, { ...chunked, modelDir: timed }))).toBe("the model reads timing features, and an account's tweets span chunks of the input");
    expect(said(await planWorkers('score', files, { ...chunked, modelDir: MODEL }))).toMatchObject({ threads: 2 });
    // cresci pairs, and an input that makes one chunk.
    const cresci = path.join(REPO_ROOT, 'tests', 'fixtures', 'ingest', 'cresci', 'tweets.csv');
    expect(said(await planWorkers('ingest', [cresci, a], chunked))).toBe('cresci pairs (tweets with their users file) are read whole');
    const gz = path.join(dir, 'a.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(a)));
    expect(said(await planWorkers('ingest', [gz], chunked))).toBe('the input makes one chunk: gzip, CSV and JSON-array files are read whole');
  });
});
