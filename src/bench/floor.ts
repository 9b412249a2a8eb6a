/**
 * The bench's `floor` job (main thread): the input cut into chunks as `report --workers` cuts
 * it, each chunk run through only the first steps of a report's worker (floor-worker.ts) on
 * its own thread, all threads at once:
 *
 * - `parse`: lines decoded in pieces and `JSON.parse`d, nothing else (parse-loop.ts);
 * - `ingest`: botshare's reader as a report's worker runs it (records mapped to the canonical
 *   `Tweet`, checked, rejects located, duplicates dropped), tweets counted;
 * - `score`: the same plus account features, scoring and the latest explanation rows (what
 *   a report's worker does before it tallies).
 *
 * The most a report on these threads could do with the rest of its work taken away.
 */
import { Worker } from 'node:worker_threads';
import { planChunks } from '../pipeline/workers/chunks.js';

export type FloorStage = 'parse' | 'ingest' | 'score';
export const FLOOR_STAGES: readonly FloorStage[] = ['parse', 'ingest', 'score'];

function isFloorStage(stage: string): stage is FloorStage {
  return (FLOOR_STAGES as readonly string[]).includes(stage);
}

export interface FloorJob {
  file: string;
  stage: FloorStage;
  range?: { start: number; end: number };
}

/** `floor FILE WORKERS STAGE`: records (parse) or tweets (ingest, score) over all chunks. */
export async function floor(file: string, workers: number, stage: string): Promise<number> {
  if (!isFloorStage(stage)) throw new Error(`floor: unknown stage ${stage} (${FLOOR_STAGES.join(', ')})`);
  const chunks = await planChunks([file], 'v1', workers);
  if (chunks === null) throw new Error(`floor: ${file} cannot be cut into chunks`);
  const url = new URL('./floor-worker.js', import.meta.url);
  let next = 0;
  let total = 0;
  const thread = async (): Promise<void> => {
    const worker = new Worker(url);
    try {
      for (let i = next++; i < chunks.length; i = next++) {
        const job: FloorJob = { file: chunks[i].file, stage, range: chunks[i].range };
        const done = new Promise<{ n?: number; error?: string }>((resolve) => worker.once('message', resolve));
        worker.postMessage(job);
        const r = await done;
        if (r.error !== undefined || r.n === undefined) throw new Error(`floor: ${r.error ?? 'no count'}`);
        total += r.n;
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, chunks.length) }, thread));
  return total;
}
