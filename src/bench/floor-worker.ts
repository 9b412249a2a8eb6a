/**
 * A worker thread of the bench's `floor` job (floor.ts): runs one share through the stage it
 * is sent and posts back the number of records (parse) or tweets (ingest, score). Runs
 * compiled (dist/).
 */
import { parentPort } from 'node:worker_threads';
import { parseLoop } from './parse-loop.js';
import { openExports } from '../pipeline/exports.js';
import { loadModelScorer, type Scorer } from '../pipeline/load-scorer.js';
import { DEFAULT_MODEL_DIR } from '../util/paths.js';
import type { FloorJob } from './floor.js';

// Loaded once a thread, as a report's worker loads it.
let scorer: Promise<Scorer> | undefined;

async function run(job: FloorJob): Promise<number> {
  if (job.stage === 'parse') return parseLoop(job.file, job.range);
  const exports = openExports([job.file], { format: 'v1', range: job.range });
  let n = 0;
  if (job.stage === 'ingest') {
    for await (const batch of exports.batches()) n += batch.length;
    return n;
  }
  scorer ??= loadModelScorer(DEFAULT_MODEL_DIR);
  const loaded = await scorer;
  for await (const batch of loaded.scoreBatches(() => exports.batches())) n += batch.length;
  return n;
}

parentPort?.on('message', (job: FloorJob) => {
  run(job).then(
    (n) => parentPort?.postMessage({ n }),
    (err: unknown) => parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) }),
  );
});
