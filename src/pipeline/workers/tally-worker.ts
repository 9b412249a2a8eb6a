/**
 * A worker thread of `tallyInParallel`: loads the model once, then tallies each chunk of the
 * input it is sent (a byte range of a file, or a whole file) and posts the tally back with the
 * ids it accepted (packed, ../ingest/id-set.ts) and the number of lines it read. The tally travels packed in typed columns
 * (../estimate/packed-tally.ts): cloning per-account objects cost more than the work it split. Runs compiled (dist/), like every worker.
 */
import { parentPort } from 'node:worker_threads';
import { packedBuffers, type PackedTally } from '../../estimate/packed-tally.js';
import type { FormatName } from '../../ingest/index.js';
import { PackedIdList, packedIdBuffers, type PackedIds } from '../../ingest/id-set.js';
import type { RatesDomain } from '../../model/card-rates.js';
import { UserError } from '../../util/errors.js';
import type { ScoredTweet } from '../../estimate/types.js';
import { createPseudonymizer } from '../../report/pseudonymize.js';
import { scoresCsvRow } from '../../report/scores-csv.js';
import { loadModelScorer, type Scorer } from '../load-scorer.js';
import { packedTallyFromFiles } from '../tally-pass.js';
import { countLines } from './chunks.js';
import { openPart } from './part-files.js';
import type { TimeWindow } from '../../util/time.js';

export interface TallyJob {
  index: number;
  modelDir: string;
  rates: RatesDomain;
  file: string;
  format: FormatName;
  range?: { start: number; end: number };
  seen?: string[];
  hashtags?: string[];
  /** --since/--until: keep only the tweets of this window (start included, end excluded). */
  window?: TimeWindow;
  /** `report --scores`: the chunk's rows of scores.csv go to `part`, pseudonymized with `salt` if given. */
  scores?: { part: string; salt?: string };
}

export type TallyJobResult =
  | { index: number; tally: PackedTally; ids: PackedIds; lines: number }
  | { index: number; error: string; userError: boolean };

let scorer: Promise<Scorer> | undefined;

async function run(job: TallyJob): Promise<TallyJobResult> {
  const out = job.scores === undefined ? undefined : openPart(job.scores.part);
  try {
    scorer ??= loadModelScorer(job.modelDir, job.rates);
    const ids = new PackedIdList();
    const p = job.scores?.salt === undefined ? undefined : createPseudonymizer(job.scores.salt);
    const onScored =
      out === undefined
        ? undefined
        : (batch: readonly ScoredTweet[]): Promise<void> => {
            let rows = '';
            for (const t of batch) rows += scoresCsvRow(t, p);
            return out.write(rows);
          };
    // A report reads no activity (the activity rule is the tally files' and the replication's).
    const tally = await packedTallyFromFiles([job.file], await scorer, { format: job.format, range: job.range, seen: job.seen, hashtags: job.hashtags, window: job.window, ids, activity: false, onScored });
    await out?.close();
    const lines = job.range === undefined ? 0 : await countLines(job.file, job.range.start, job.range.end);
    return { index: job.index, tally, ids: ids.packed(), lines };
  } catch (err) {
    return { index: job.index, error: err instanceof Error ? err.message : String(err), userError: err instanceof UserError };
  } finally {
    out?.destroy();
  }
}

parentPort?.on('message', (job: TallyJob) => {
  // The tally's columns are moved, not copied: the worker does not touch them again.
  void run(job).then((r) => parentPort?.postMessage(r, 'tally' in r ? [...packedBuffers(r.tally), ...packedIdBuffers(r.ids)] : []));
});
