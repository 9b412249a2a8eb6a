import { availableParallelism } from 'node:os';
import { Option } from 'commander';
import { byteSize } from '../util/options.js';

/**
 * `--workers` of report, score and ingest. One by default: each worker holds a model and a
 * share's tallies, and at 5M tweets two workers peak right at the 1 GB target
 * (bench/results/workers-5m-default.json, docs/performance.md). Inputs under 32 MB, and the
 * cases a command cannot split exactly, run on one thread whatever it says
 * (src/pipeline/workers/thread-plan.ts); the outputs are the same for any number.
 */
export function workersOption(work: string): Option {
  return new Option('--workers <n>', `worker threads that ${work}; the outputs are the same for any number (this machine has ${availableParallelism()} cores)`).default('1');
}

/**
 * `--chunk-size` of report, score and ingest: with --workers, the size of the byte ranges
 * that JSON-lines files are cut into (a worker holds one range's accounts at a time), and
 * workers are used whatever the input's size. Default: one range per worker, or 80 MB
 * ranges past 1 GB a worker, and one thread under 32 MB (docs/scaling.md).
 */
export function chunkSizeOption(): Option {
  return new Option('--chunk-size <size>', 'with --workers: cut JSON-lines files into ranges of about this size (e.g. 8M), even on a small input; default: one range per worker');
}

/** The bytes of `--chunk-size`, if given. */
export function chunkBytesOf(flags: { chunkSize?: string }): number | undefined {
  return flags.chunkSize === undefined ? undefined : byteSize(flags.chunkSize, '--chunk-size');
}

/**
 * The closing line's note on threads: "on N workers" when workers ran, and when more than one
 * was asked for but the command ran in one thread, why (src/pipeline/workers/thread-plan.ts); else ''.
 */
export function onThreads(threads: number, asked: number, oneThread: string | undefined): string {
  if (threads > 1) return `on ${threads} workers`;
  return asked > 1 && oneThread !== undefined ? `on one thread: ${oneThread}` : '';
}
