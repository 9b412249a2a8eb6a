import { availableParallelism } from 'node:os';
import { Option } from 'commander';

/**
 * `--workers` of report, score and ingest. One by default: each worker holds a model and a
 * share's tallies, and at 5M tweets two workers peak right at the 1 GB target
 * (bench/results/workers-5m-default.json, docs/performance.md). Inputs under 32 MB, and the
 * cases a command cannot split exactly, run on one thread whatever it says; the outputs are
 * the same for any number.
 */
export function workersOption(work: string): Option {
  return new Option('--workers <n>', `worker threads that ${work}; the outputs are the same for any number (this machine has ${availableParallelism()} cores)`).default('1');
}
