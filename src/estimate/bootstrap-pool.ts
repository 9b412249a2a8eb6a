/**
 * The bootstraps of several series at once, on the machine's cores: each series' replicates
 * depend only on its own accounts and seed (`hashSeed(seed, key)`), so computing them in
 * worker threads gives exactly the replicates of `bootstrapReplicates` on the main thread.
 * The bootstrap is the largest single cost of a report at hundreds of thousands of accounts
 * (series × replicates × accounts), and it runs after ingestion, when the cores are idle.
 *
 * Memory: a series' per-account arrays are built only when its job is handed to a thread, so
 * the main thread holds a few series' arrays at a time, not every series'.
 */
import { availableParallelism } from 'node:os';
import { bootstrapReplicates, type AccountUnits, type BootstrapOptions, type Replicates } from './bootstrap.js';
import { METHODS } from './methods.js';
import type { ClassifierRates } from '../model/rates.js';
import type { MethodName } from './types.js';
import { compiledWorkerExists, runJobs } from '../util/worker-pool.js';

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

/**
 * Replicates of every job, in job order, and the worker threads that made them (0: the main
 * thread did). Jobs go, largest first, to `threads` workers (default: up to 4 of the machine's
 * cores) through the one worker pool (util/worker-pool.ts), whose failure rule holds here too:
 * a worker that fails fails the run. The main thread does them alone when the work is under
 * `PARALLEL_FROM`, there is one thread or one job, or the compiled worker is absent (running
 * from TypeScript sources).
 */
export async function bootstrapInParallel(
  jobs: readonly BootstrapJob[],
  options: { threads?: number } = {},
): Promise<{ replicates: Replicates[]; threads: number }> {
  const threads = options.threads ?? Math.min(4, availableParallelism());
  const cost = (j: BootstrapJob): number => j.accounts * Math.max(0, j.options.replicates);
  const total = jobs.reduce((sum, j) => sum + cost(j), 0);
  if (threads < 2 || jobs.length < 2 || total < PARALLEL_FROM || !compiledWorkerExists(WORKER_URL)) {
    return { replicates: jobs.map(runHere), threads: 0 };
  }
  // Largest first, so that the last job a thread takes is a small one.
  const order = jobs.map((_, i) => i).sort((a, b) => cost(jobs[b]) - cost(jobs[a]) || a - b);
  const out: Replicates[] = new Array<Replicates>(jobs.length);
  const toMessage = (i: number): { message: BootstrapJobMessage } => {
    const j = jobs[i];
    return { message: { index: i, units: j.units(), rates: j.rates, methods: [...j.methods], options: j.options, key: j.key } };
  };
  const ran = await runJobs<number, BootstrapResultMessage>(order, threads, WORKER_URL, (r) => {
    out[r.index] = r.replicates;
  }, undefined, undefined, toMessage);
  return { replicates: out, threads: ran };
}
