/**
 * One measured job, run in its own process by the benchmark so that its peak memory is its
 * own: `node dist/bench/child.js <job> ARGS…` prints one JSON line on stdout with the wall
 * time of the job (its modules imported inside the timed span; the parent also times the
 * whole process, Node's own start-up included), the CPU time of the process (all threads)
 * and `process.resourceUsage().maxRSS` (peak resident set, kB).
 *
 * Jobs: `cli ARGV…` (the botshare CLI in process, as a user runs it), `parse FILE` (the
 * baseline: split lines and JSON.parse each, nothing else), `model` (cold model load).
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pieceEnd } from '../ingest/lines.js';

async function parseLoop(file: string): Promise<number> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = file.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  // The fastest plain loop we know: whole lines decoded in pieces of about 64 KB (as
  // botshare's reader does, see `pieceEnd`), each line parsed. No UTF-8 validation, no mapping: the one-core limit for this input.
  let rest: Buffer = Buffer.alloc(0);
  let n = 0;
  let keep = 0;
  const parseLines = (text: string): void => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      if (end > start) {
        const v = JSON.parse(text.slice(start, end)) as { id_str?: string };
        if (v.id_str !== undefined) keep++;
        n++;
      }
      if (nl < 0) return;
      start = nl + 1;
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      rest = buf;
      continue;
    }
    for (let from = 0; from < last; ) {
      const to = pieceEnd(buf, from, last);
      parseLines(buf.toString('utf8', from, to));
      from = to + 1;
    }
    rest = buf.subarray(last + 1);
  }
  if (rest.length > 0) parseLines(rest.toString('utf8'));
  if (keep < 0) throw new Error('unreachable');
  return n;
}

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
