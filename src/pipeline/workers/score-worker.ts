/**
 * A worker thread of `scoreInParallel`: loads the model once, then scores each chunk of the
 * input it is sent (a byte range of a file, or a whole file) into a part file of CSV rows,
 * and answers with the ids it accepted (packed, ../ingest/id-set.ts), its tweets and rejects.
 * Posts its progress (tweets scored since the last message) after each scoring batch. Runs
 * compiled (dist/), like every worker.
 */
import { parentPort } from 'node:worker_threads';
import type { FormatName } from '../../ingest/index.js';
import { PackedIdList, packedIdBuffers, type PackedIds } from '../../ingest/id-set.js';
import { loadModel, type LoadedModel } from '../../model/scorer.js';
import { UserError } from '../../util/errors.js';
import { scoreToCsv } from '../score-csv.js';
import { openPart } from './part-files.js';
import type { TimeWindow } from '../../util/time.js';

export interface ScoreJob {
  index: number;
  modelDir: string;
  file: string;
  format: FormatName;
  range?: { start: number; end: number };
  seen?: string[];
  /** --since/--until (start included, end excluded). */
  window?: TimeWindow;
  /** Where the chunk's rows go (replaced if it exists). */
  part: string;
}

export type ScoreJobResult =
  | { index: number; tweets: number; rejects: number; outsideWindow?: number; ids: PackedIds; model: string }
  | { index: number; error: string; userError: boolean };

let model: Promise<LoadedModel> | undefined;

async function run(job: ScoreJob): Promise<ScoreJobResult> {
  try {
    model ??= loadModel(job.modelDir);
    const loaded = await model;
    const ids = new PackedIdList();
    const out = openPart(job.part);
    let done = 0;
    try {
      const r = await scoreToCsv([job.file], loaded, {
        format: job.format,
        range: job.range,
        seen: job.seen,
        window: job.window,
        ids,
        write: out.write,
        onProgress: (p) => {
          parentPort?.postMessage({ progress: p.tweets - done });
          done = p.tweets;
        },
      });
      await out.close();
      return { index: job.index, tweets: r.tweets, rejects: r.rejects, outsideWindow: r.outsideWindow, ids: ids.packed(), model: loaded.id };
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
