/**
 * One measured job, run in its own process by the benchmark so that its peak memory is its
 * own: `node dist/bench/child.js <job> ARGS…` prints one JSON line on stdout with the wall
 * time of the job (its modules imported inside the timed span; the parent also times the
 * whole process, Node's own start-up included), the CPU time of the process (all threads)
 * and `process.resourceUsage().maxRSS` (peak resident set, kB).
 *
 * Jobs: `cli ARGV…` (the botshare CLI in process, as a user runs it), `parse FILE` (the
 * baseline: split lines and JSON.parse each, nothing else), `floor FILE WORKERS STAGE` (the
 * first steps of a report's workers alone, on every share at once: `floor`), `model` (cold
 * model load).
 */
import { parseLoop } from './parse-loop.js';
import { floor } from './floor.js';

async function main(argv: readonly string[]): Promise<void> {
  const [job, ...args] = argv;
  const started = process.hrtime.bigint();
  let records: number | undefined;
  let exitCode = 0;
  // Modules are imported inside the timed span: loading tfjs, vega… is part of a cold start.
  if (job === 'cli') {
    const { run } = await import('../cli/program.js');
    exitCode = await run(['node', 'botshare', ...args]);
  } else if (job === 'parse') records = await parseLoop(args[0]);
  else if (job === 'floor') records = await floor(args[0], Number(args[1]), args[2]);
  else if (job === 'model') {
    const { loadModel } = await import('../model/scorer.js');
    const { DEFAULT_MODEL_DIR } = await import('../util/paths.js');
    (await loadModel(DEFAULT_MODEL_DIR)).dispose();
  }
  else throw new Error(`unknown job ${job}`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = process.resourceUsage();
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stdout.write(`${JSON.stringify({ job, seconds, cpuSeconds, maxRssKb: usage.maxRSS, exitCode, records })}\n`);
  process.exitCode = exitCode;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench child: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
