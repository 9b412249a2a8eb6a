/**
 * The bootstraps of several series at once, on the machine's cores: each series' replicates
 * depend only on its own accounts and seed (`hashSeed(seed, key)`), so computing them in
 * worker threads gives exactly the replicates of `bootstrapReplicates` on the main thread.
 * The bootstrap is the largest single cost of a report at hundreds of thousands of accounts
 * (series × replicates × accounts), and it runs after ingestion, when the cores are idle.
 *
 * Memory: a series' per-account arrays are built only when its job is run or sent, so the
 * main thread holds one series' arrays at a time, as a sequential estimate would.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bootstrapReplicates, type AccountUnits, type BootstrapOptions, type Replicates } from './bootstrap.js';
import { METHODS } from './methods.js';
import type { ClassifierRates } from '../model/rates.js';
import type { MethodName } from './types.js';

export interface BootstrapJob {
  /** Accounts in the series: the job's cost is accounts × replicates. */
  accounts: number;
  /** The series' per-account units, built when the job runs or is sent to a worker. */
  units: () => AccountUnits;
  rates: ClassifierRates;
  methods: readonly MethodName[];
  options: BootstrapOptions;
  /** The series' key, which seeds its draws. */
  key: string;
}

/** @internal a message to a worker: one job, its units built. */
export interface BootstrapJobMessage {
  index: number;
  units: AccountUnits;
  rates: ClassifierRates;
  methods: MethodName[];
  options: BootstrapOptions;
  key: string;
}

/** @internal the message a worker sends back for each job. */
export interface BootstrapResultMessage {
  index: number;
  replicates: Replicates;
}

/** Below this much work (accounts × replicates, all series) a worker costs more than it saves. */
export const PARALLEL_FROM = 20_000_000;

const WORKER_URL = new URL('./bootstrap-worker.js', import.meta.url);

function runHere(job: BootstrapJob): Replicates {
  return bootstrapReplicates(job.units(), job.rates, job.methods.map((m) => METHODS[m]), job.options, job.key);
}

function runInWorker(workerUrl: URL, jobs: readonly BootstrapJob[], indices: readonly number[]): Promise<BootstrapResultMessage[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl);
    const results: BootstrapResultMessage[] = [];
    worker.on('message', (r: BootstrapResultMessage) => {
      results.push(r);
      if (results.length === indices.length) {
        worker.removeAllListeners('exit');
        resolve(results);
        void worker.terminate();
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`bootstrap worker exited (code ${code}) before sending its results`)));
    for (const i of indices) {
      const j = jobs[i];
      const message: BootstrapJobMessage = { index: i, units: j.units(), rates: j.rates, methods: [...j.methods], options: j.options, key: j.key };
      worker.postMessage(message);
    }
  });
}

/**
 * Replicates of every job, in job order (`workerUrl` is for tests of the compiled worker).
 * Jobs are split over the main thread and `threads - 1` workers, largest first onto the least
 * loaded. Falls back to the main thread alone when the work is small, there is one core, or
 * the compiled worker is absent (running from TypeScript sources).
 */
export async function bootstrapInParallel(
  jobs: readonly BootstrapJob[],
  options: { threads?: number; parallelFrom?: number; workerUrl?: URL } = {},
): Promise<Replicates[]> {
  const threads = options.threads ?? Math.min(4, availableParallelism());
  const workerUrl = options.workerUrl ?? WORKER_URL;
  const cost = (j: BootstrapJob): number => j.accounts * Math.max(0, j.options.replicates);
  const total = jobs.reduce((sum, j) => sum + cost(j), 0);
  if (threads < 2 || jobs.length < 2 || total < (options.parallelFrom ?? PARALLEL_FROM) || !existsSync(fileURLToPath(workerUrl))) {
    return jobs.map(runHere);
  }
  const bins: { load: number; jobs: number[] }[] = Array.from({ length: Math.min(threads, jobs.length) }, () => ({ load: 0, jobs: [] }));
  const order = jobs.map((_, i) => i).sort((a, b) => cost(jobs[b]) - cost(jobs[a]) || a - b);
  for (const i of order) {
    const bin = bins.reduce((best, b) => (b.load < best.load ? b : best));
    bin.jobs.push(i);
    bin.load += cost(jobs[i]);
  }
  const [mine, ...theirs] = bins;
  // A worker that cannot start or dies (resource limits, a broken install) costs time, not
  // the report: its jobs are then run here, with the same results.
  const pending = theirs
    .filter((bin) => bin.jobs.length > 0)
    .map((bin) => runInWorker(workerUrl, jobs, bin.jobs).then((results) => ({ bin, results }), () => ({ bin, results: null })));
  const out: Replicates[] = new Array<Replicates>(jobs.length);
  for (const i of mine.jobs) out[i] = runHere(jobs[i]);
  for (const { bin, results } of await Promise.all(pending)) {
    if (results === null) for (const i of bin.jobs) out[i] = runHere(jobs[i]);
    else for (const r of results) out[r.index] = r.replicates;
  }
  return out;
}
