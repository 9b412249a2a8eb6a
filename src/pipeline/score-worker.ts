/**
 * A worker thread of `scoreInParallel`: loads the model once, then scores each share of the
 * input it is sent (a byte range of a file, or a whole file) into a part file of CSV rows,
 * and answers with the ids it accepted (packed, ../ingest/id-set.ts), its tweets and rejects.
 * Posts its progress (tweets scored since the last message) after each scoring batch. Runs
 * compiled (dist/), like every worker.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { FormatName } from '../ingest/index.js';
import { PackedIdList, packedIdBuffers, type PackedIds } from '../ingest/id-set.js';
import { loadModel, type LoadedModel } from '../model/scorer.js';
import { UserError } from '../util/errors.js';
import { scoreToCsv } from './score-csv.js';

export interface ScoreJob {
  index: number;
  modelDir: string;
  file: string;
  format: FormatName;
  range?: { start: number; end: number };
  seen?: string[];
  /** Where the share's rows go (replaced if it exists). */
  part: string;
}

export type ScoreJobResult =
  | { index: number; tweets: number; rejects: number; ids: PackedIds; model: string }
  | { index: number; error: string; userError: boolean };

function writeTo(out: WriteStream): (chunk: string) => Promise<void> {
  return (chunk) =>
    new Promise((resolve, reject) => {
      out.write(chunk, (err) => (err ? reject(err) : resolve()));
    });
}

let model: Promise<LoadedModel> | undefined;

async function run(job: ScoreJob): Promise<ScoreJobResult> {
  try {
    model ??= loadModel(job.modelDir);
    const loaded = await model;
    const ids = new PackedIdList();
    const out = createWriteStream(job.part);
    // A failed write rejects its own callback (writeTo); the event would end the thread.
    out.on('error', () => undefined);
    let done = 0;
    try {
      const r = await scoreToCsv([job.file], loaded, {
        format: job.format,
        range: job.range,
        seen: job.seen,
        ids,
        write: writeTo(out),
        onProgress: (p) => {
          parentPort?.postMessage({ progress: p.tweets - done });
          done = p.tweets;
        },
      });
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      return { index: job.index, tweets: r.tweets, rejects: r.rejects, ids: ids.packed(), model: loaded.id };
    } finally {
      out.destroy();
    }
  } catch (err) {
    return { index: job.index, error: err instanceof Error ? err.message : String(err), userError: err instanceof UserError };
  }
}

parentPort?.on('message', (job: ScoreJob) => {
  // The ids' columns are moved, not copied: the worker does not touch them again.
  void run(job).then((r) => parentPort?.postMessage(r, 'ids' in r ? packedIdBuffers(r.ids) : []));
});
