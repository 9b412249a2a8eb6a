/**
 * Jobs on a few worker threads, each thread taking the next job when it is done: the one
 * runner of worker threads in botshare (`report`, `score` and `ingest --workers`, whose job is
 * a chunk of the input, and the report's bootstraps, whose job is a series), with one failure
 * rule: the first failure stops the run and is thrown, never retried elsewhere in silence. A job's
 * answer is its result, or `{ error, userError }`; a thread may also post progress
 * (`{ progress }`, what it read since its last message) before it answers. An aborted signal
 * (Ctrl-C) ends every thread at once.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from './errors.js';

/** Whether a compiled worker exists (it does not when running from TypeScript sources). */
export function compiledWorkerExists(workerUrl: URL): boolean {
  return existsSync(fileURLToPath(workerUrl));
}

/** What a worker posts when its job failed: a UserError on its side stays one here. */
export interface JobFailure {
  error: string;
  userError: boolean;
}

/** What a worker posts while it works: tweets read since its last such message. */
export interface JobProgress {
  progress: number;
}

function isFailure(m: object): m is JobFailure {
  return 'error' in m;
}

function isProgress(m: object): m is JobProgress {
  return 'progress' in m;
}

/**
 * Runs `jobs` on `workers` threads of `workerUrl` and hands each result to `take` as it
 * arrives (after giving that thread its next job). The first failure stops the handing out
 * of jobs and is thrown once the threads are gone. Resolves to the number of threads that
 * answered a job (what a caller reports, and a test checks: no job ran anywhere else). (Sending a thread its next job before it
 * was done, so that it would not wait while the main thread merges, was no faster:
 * docs/scaling.md.)
 */
export async function runJobs<J, R extends object>(
  jobs: readonly J[],
  workers: number,
  workerUrl: URL,
  take: (r: R) => void,
  onProgress?: (tweets: number) => void,
  signal?: AbortSignal,
  /** The message a job is posted as, built when the job is handed out (not before). */
  toMessage: (job: J) => { message: unknown; transfer?: readonly ArrayBuffer[] } = (job) => ({ message: job }),
): Promise<number> {
  let next = 0;
  let answered = 0;
  let failure: Error | undefined;
  signal?.throwIfAborted();
  // Ctrl-C (../cli/interrupt.ts): the threads stop at once and the run fails with the signal's reason.
  const running = new Set<Worker>();
  const stop = (): void => {
    failure ??= signal?.reason instanceof Error ? signal.reason : new Error('interrupted');
    for (const w of running) void w.terminate();
  };
  signal?.addEventListener('abort', stop, { once: true });
  const thread = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(workerUrl);
      let answers = 0;
      running.add(worker);
      worker.once('exit', () => {
        running.delete(worker);
        resolve();
      });
      const give = (): void => {
        if (failure !== undefined || next >= jobs.length) {
          void worker.terminate();
          return;
        }
        const { message, transfer } = toMessage(jobs[next++]);
        worker.postMessage(message, transfer === undefined ? undefined : [...transfer]);
      };
      worker.on('message', (m: R | JobFailure | JobProgress) => {
        if (isProgress(m)) {
          onProgress?.(m.progress);
          return;
        }
        if (isFailure(m)) failure ??= m.userError ? new UserError(m.error) : new Error(m.error);
        else if (answers++ === 0) answered++;
        give();
        if (failure !== undefined || isFailure(m)) return;
        try {
          take(m);
        } catch (err) {
          failure ??= err instanceof Error ? err : new Error(String(err));
        }
      });
      worker.once('error', (err) => {
        failure ??= err;
      });
      give();
    });
  try {
    await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, thread));
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  if (failure !== undefined) throw failure;
  return answered;
}
