/**
 * `botshare report` as a library call: exports in, OUTDIR out. Reads the files through
 * ingest (unreadable records go to OUTDIR/rejects.csv, never dropped silently), scores every
 * tweet with the model, and hands the scored stream to `writeReport`.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { type Reject } from '../ingest/errors.js';
import { ingestTweets, type FormatName } from '../ingest/index.js';
import { REJECTS_HEADER, rejectCsvRow } from '../ingest/write.js';
import type { Tweet } from '../ingest/tweet.js';
import type { Scorer } from '../replicate/analyse.js';
import { openAtomicWriter } from '../util/atomic-write.js';
import { csvRow } from '../util/csv-safe.js';
import { NoTweetsError, writeReport, type ReportOptions, type ReportResult } from './write-report.js';
import type { Reference } from './summary.js';

export interface ReportFilesOptions extends Omit<ReportOptions, 'force'> {
  format?: FormatName;
  references?: Reference[];
  force?: boolean;
  signal?: AbortSignal;
  /** Tweets read so far (first pass and later passes), for a progress line. */
  onProgress?: (tweetsRead: number, pass: number) => void;
}

export interface ReportFilesResult extends ReportResult {
  rejects: number;
  /** OUTDIR/rejects.csv when any record was unreadable. */
  rejectsFile: string | null;
}

export async function reportFromFiles(
  files: readonly string[],
  scorer: Scorer,
  outDir: string,
  options: ReportFilesOptions = {},
): Promise<ReportFilesResult> {
  if (files.length === 0) throw new UserError('no input files given');
  const rejectsPath = path.join(outDir, 'rejects.csv');
  const force = options.force === true;
  for (const f of files) {
    if (path.resolve(f).startsWith(path.resolve(outDir) + path.sep)) {
      throw new UserError(`${f} is inside the output folder ${outDir}; choose another output folder`);
    }
  }
  if (!force && (await stat(rejectsPath).then(() => true, () => false))) {
    throw new UserError(`${rejectsPath} already exists; choose another output folder or pass --force to replace it`);
  }

  // The scorer may read the corpus more than once (timing first, then scores). Rejects and
  // counts are kept from the first pass only, so each bad record is reported once.
  const rejects: Reject[] = [];
  let pass = 0;
  let counts: ReturnType<ReturnType<typeof ingestTweets>['counts']> = [];
  const source = (): AsyncIterable<Tweet> => {
    pass += 1;
    const thisPass = pass;
    const run = ingestTweets(files, {
      format: options.format,
      signal: options.signal,
      onReject: thisPass === 1 ? (r) => rejects.push(r) : undefined,
    });
    return (async function* counted() {
      let n = 0;
      for await (const batch of run.batches) {
        for (const t of batch) yield t;
        n += batch.length;
        options.onProgress?.(n, thisPass);
      }
      if (thisPass === 1) counts = run.counts();
    })();
  };

  // Rejects are held until the end: a long run's partial rejects file would be worse than none.
  // (Memory: one short excerpt per unreadable record.)
  const result = await writeReport(
    outDir,
    {
      tweets: scorer.score(source),
      rates: scorer.rates,
      model: scorer.model,
      explanations: scorer.explanations,
      references: options.references,
      files: () => counts.map((f) => ({ path: f.path, format: f.format, read: f.read, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates })),
    },
    { ...options, force },
  ).catch((err: unknown) => {
    if (!(err instanceof NoTweetsError)) throw err;
    const shown = rejects.slice(0, 3).map((r) => `\n  ${r.file}:${r.line}: ${r.reason}`).join('');
    throw new UserError(
      `no tweets could be read from ${files.join(', ')}` +
        (rejects.length > 0 ? `: ${rejects.length.toLocaleString('en-US')} unreadable records, for example:${shown}` : ''),
    );
  });
  let rejectsFile: string | null = null;
  if (rejects.length > 0) {
    const writer = await openAtomicWriter(rejectsPath, { force });
    try {
      let chunk = csvRow([...REJECTS_HEADER]);
      for (const r of rejects) {
        chunk += rejectCsvRow(r);
        if (chunk.length > 1 << 16) {
          await writer.write(chunk);
          chunk = '';
        }
      }
      await writer.write(chunk);
      await writer.commit();
    } catch (err) {
      await writer.abort();
      throw err;
    }
    rejectsFile = path.resolve(rejectsPath);
    result.files.push(rejectsFile);
  }
  return { ...result, rejects: rejects.length, rejectsFile };
}
