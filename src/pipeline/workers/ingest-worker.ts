/**
 * A worker thread of `ingestInParallel`: reads each chunk of the input it is sent (a byte
 * range of a file, or a whole file) into a part file of canonical NDJSON (when asked for),
 * and answers with what the main thread merges: the file's counts for the chunk, its rejects
 * (lines numbered within the chunk), its hashtags and accounts, the ids it accepted (packed,
 * ../ingest/id-set.ts) and the lines the chunk holds. Posts its progress (bytes read since
 * the last message) as it reads. Runs compiled (dist/), like every worker.
 */
import { parentPort } from 'node:worker_threads';
import { HashtagTally, ingestTweets, type FileCounts, type FormatName, type HashtagEntry, type Reject } from '../../ingest/index.js';
import { PackedIdList, packedIdBuffers, type PackedIds } from '../../ingest/id-set.js';
import { ndjsonLine } from '../../ingest/write.js';
import { UserError } from '../../util/errors.js';
import { countLines } from './chunks.js';
import { openPart } from './part-files.js';
import type { TimeWindow } from '../../util/time.js';

export interface IngestJob {
  index: number;
  file: string;
  format: FormatName;
  range?: { start: number; end: number };
  seen?: string[];
  /** --since/--until (start included, end excluded). */
  window?: TimeWindow;
  /** Where the chunk's NDJSON goes (replaced if it exists); none when no output was asked for. */
  part?: string;
}

export type IngestJobResult =
  | { index: number; counts: FileCounts; rejects: Reject[]; hashtags: HashtagEntry[]; accounts: string[]; ids: PackedIds; lines: number }
  | { index: number; error: string; userError: boolean };

async function run(job: IngestJob): Promise<IngestJobResult> {
  const out = job.part === undefined ? undefined : openPart(job.part);
  try {
    const rejects: Reject[] = [];
    const ids = new PackedIdList();
    const tally = new HashtagTally();
    const accounts = new Set<string>();
    let posted = 0;
    const ingest = ingestTweets([job.file], {
      format: job.format,
      range: job.range,
      seen: job.seen,
      window: job.window,
      onReject: (r) => rejects.push(r),
      onProgress: (p) => {
        parentPort?.postMessage({ progress: p.bytesRead - posted });
        posted = p.bytesRead;
      },
    });
    for await (const batch of ingest.batches) {
      let text = '';
      for (const t of batch) {
        ids.push(t.id);
        tally.add(t);
        accounts.add(t.author.id);
        if (out !== undefined) text += ndjsonLine(t);
      }
      if (out !== undefined && text) await out.write(text);
    }
    await out?.close();
    const [counts] = ingest.counts();
    const lines = job.range === undefined ? 0 : await countLines(job.file, job.range.start, job.range.end);
    return { index: job.index, counts, rejects, hashtags: tally.entries(), accounts: [...accounts], ids: ids.packed(), lines };
  } catch (err) {
    return { index: job.index, error: err instanceof Error ? err.message : String(err), userError: err instanceof UserError };
  } finally {
    out?.destroy();
  }
}

parentPort?.on('message', (job: IngestJob) => {
  // The ids' columns are moved, not copied: the worker does not touch them again.
  void run(job).then((r) => parentPort?.postMessage(r, 'ids' in r ? packedIdBuffers(r.ids) : []));
});
