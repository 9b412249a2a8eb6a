/**
 * The one runner of worker threads: every job answered once, by the threads it says ran; the
 * first failure fails the run (a UserError stays one), never rerun elsewhere. The worker here
 * is a small script written by the test: it doubles a number, fails on a negative one, and
 * posts progress before it answers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/util/errors.js';
import { runJobs } from '../../src/util/worker-pool.js';

const WORKER = `
import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', (job) => {
  if (job.n < 0) {
    parentPort.postMessage({ error: 'job ' + job.n + ' is negative', userError: job.n === -1 });
    return;
  }
  parentPort.postMessage({ progress: 1 });
  parentPort.postMessage({ index: job.index, doubled: job.n * 2, thread: threadId });
});
`;

function workerUrl(): URL {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'botshare-pool-')), 'double.mjs');
  writeFileSync(file, WORKER);
  return pathToFileURL(file);
}

interface Answer {
  index: number;
  doubled: number;
  thread: number;
}

describe('runJobs', () => {
  it('hands every job out once and says how many threads answered', async () => {
    const url = workerUrl();
    const answers: Answer[] = [];
    let progress = 0;
    const jobs = Array.from({ length: 12 }, (_, i) => ({ index: i, n: i + 1 }));
    const threads = await runJobs<{ index: number; n: number }, Answer>(jobs, 3, url, (r) => answers.push(r), (n) => (progress += n));
    expect(threads).toBe(3);
    expect(new Set(answers.map((a) => a.thread)).size).toBe(3);
    expect(answers.map((a) => [a.index, a.doubled]).sort((x, y) => x[0] - y[0])).toEqual(jobs.map((j) => [j.index, j.n * 2]));
    expect(progress).toBe(12);
    // Fewer jobs than threads: one thread a job.
    expect(await runJobs([{ index: 0, n: 1 }], 4, url, () => undefined)).toBe(1);
  });

  it('fails the run at the first failure, a UserError staying one', async () => {
    const url = workerUrl();
    const taken: number[] = [];
    const jobs = [{ index: 0, n: 1 }, { index: 1, n: -1 }, { index: 2, n: 3 }];
    const run = runJobs<{ index: number; n: number }, Answer>(jobs, 1, url, (r) => taken.push(r.index));
    await expect(run).rejects.toThrow(UserError);
    await expect(runJobs(jobs, 1, url, () => undefined)).rejects.toThrow('job -1 is negative');
    // One thread takes the jobs in order: the one after the failure was never handed out.
    expect(taken).toEqual([0]);
    await expect(runJobs([{ index: 0, n: -2 }], 2, url, () => undefined)).rejects.not.toThrow(UserError);
  });
});
