/**
 * The ingest command's work as a library call: stream the tweets of some files into
 * canonical NDJSON, the rejects into a CSV, and the counts into a summary JSON. Outputs are
 * checked before anything is read, written atomically, and left untouched on failure.
 */
import path from 'node:path';
import type { Reject } from './input-errors.js';
import { UserError } from '../util/errors.js';
import { type FileCounts, type IngestOptions, ingestTweets } from './index.js';
import { type HashtagCount, HashtagTally } from './hashtags.js';
import type { Tweet } from './tweet.js';
import { type AtomicWriter, assertWritable, openAtomicWriter, writeFileAtomic } from '../util/atomic-write.js';
import { csvRow } from '../util/csv-safe.js';
import { VERSION } from '../version.js';
import { windowRecord, type WindowRecord } from '../util/window.js';

export const REJECTS_HEADER = ['file', 'line', 'reason', 'raw'] as const;

export function rejectCsvRow(r: Reject): string {
  return csvRow([r.file, r.line, r.reason, r.raw]);
}

export interface IngestToFilesOptions extends IngestOptions {
  /** Canonical NDJSON; '-' writes to `stdout`. */
  output?: string;
  /** Rejects CSV: file,line,reason,raw. */
  rejects?: string;
  /** Summary JSON: files and hashtags. */
  summary?: string;
  /** The first reject fails the run (UserError, exit 2) and nothing is written. */
  strict?: boolean;
  /** Replace existing outputs. */
  force?: boolean;
  stdout?: NodeJS.WritableStream;
}

/** A file's counts in the summary JSON (`outside_window` only with a window). */
export type IngestFileSummary = Omit<FileCounts, 'outsideWindow'> & { outside_window?: number };

export interface IngestSummary {
  generator: { name: 'botshare'; version: string; command: 'ingest' };
  /** With --since/--until: the window, as every output records it. */
  window?: WindowRecord;
  files: IngestFileSummary[];
  totals: { read: number; accepted: number; rejected: number; duplicates: number; outside_window?: number; accounts: number };
  hashtags: HashtagCount[];
}

function fileSummary(c: FileCounts): IngestFileSummary {
  const { path: file, format, read, accepted, rejected, duplicates, notices, companion } = c;
  return {
    path: file, format, read, accepted, rejected, duplicates,
    ...(c.outsideWindow === undefined ? {} : { outside_window: c.outsideWindow }),
    notices,
    ...(companion === undefined ? {} : { companion }),
  };
}

export interface IngestResult {
  summary: IngestSummary;
  /** The first few rejects, for a message when no rejects file was asked for. */
  firstRejects: Reject[];
  rejectCount: number;
}

function stdoutWriter(stream: NodeJS.WritableStream): AtomicWriter {
  return {
    path: '-',
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        if (stream.write(chunk)) resolve();
        else {
          stream.once('drain', () => resolve());
          stream.once('error', reject);
        }
      }),
    commit: async () => undefined,
    abort: async () => undefined,
  };
}

/** A tweet's line of canonical NDJSON (the ingest output; `ingest --workers` writes the same). */
export function ndjsonLine(t: Tweet): string {
  return `${JSON.stringify(t)}\n`;
}

/**
 * The ingest outputs of one run, opened and checked before anything is read: canonical NDJSON
 * (text as `ndjsonLine` makes it), rejects in reading order, and the summary at the end. One
 * owner for the three files, whether one thread or the workers of `ingest --workers` read.
 */
export interface IngestOutputs {
  /** Whether NDJSON was asked for (else the tweets' text is not needed). */
  readonly wantsTweets: boolean;
  /** NDJSON text, or its UTF-8 bytes (a worker's part file). */
  tweetsText(text: string | Uint8Array): Promise<void>;
  /** A reject, in reading order; the first one stops a `strict` run. */
  reject(r: Reject): void;
  /** Writes the rejects kept since the last call. */
  flushRejects(): Promise<void>;
  /** Writes the summary and commits every file. */
  finish(counts: FileCounts[], hashtags: HashtagCount[], accounts: number): Promise<IngestResult>;
  /** Leaves every output as it was. */
  abort(): Promise<void>;
}

export async function openIngestOutputs(files: readonly string[], options: IngestToFilesOptions = {}): Promise<IngestOutputs> {
  const force = { force: options.force === true };
  const writers: AtomicWriter[] = [];
  let output: AtomicWriter | undefined;
  let rejectsOut: AtomicWriter | undefined;
  const firstRejects: Reject[] = [];
  let rejectCount = 0;
  let pendingRejects = '';
  const targets = [options.output, options.rejects, options.summary].filter((t): t is string => t !== undefined && t !== '-');
  const resolved = targets.map((t) => path.resolve(t));
  if (new Set(resolved).size !== resolved.length) throw new UserError('the output, rejects and summary files must be different files');
  for (const t of resolved) {
    if (files.some((f) => path.resolve(f) === t)) throw new UserError(`${t} is one of the input files; choose another output name`);
  }
  const abort = async (): Promise<void> => {
    for (const w of writers) await w.abort();
  };
  try {
    if (options.output !== undefined) {
      output = options.output === '-' ? stdoutWriter(options.stdout ?? process.stdout) : await openAtomicWriter(options.output, force);
      writers.push(output);
    }
    if (options.rejects !== undefined) {
      rejectsOut = await openAtomicWriter(options.rejects, force);
      writers.push(rejectsOut);
      await rejectsOut.write(csvRow([...REJECTS_HEADER]));
    }
    if (options.summary !== undefined) {
      // Checked now, written at the end: a long run must not fail on its last step.
      await assertWritable(options.summary, force);
    }
  } catch (err) {
    await abort();
    throw err;
  }
  return {
    wantsTweets: output !== undefined,
    tweetsText: async (text) => {
      if (output && text.length > 0) await output.write(text);
    },
    reject: (r) => {
      if (options.strict) {
        throw new UserError(`${r.file}:${r.line}: ${r.reason} (--strict stops at the first unreadable record)`);
      }
      rejectCount++;
      if (firstRejects.length < 5) firstRejects.push(r);
      if (rejectsOut) pendingRejects += rejectCsvRow(r);
      options.onReject?.(r);
    },
    flushRejects: async () => {
      if (rejectsOut && pendingRejects) {
        await rejectsOut.write(pendingRejects);
        pendingRejects = '';
      }
    },
    finish: async (counts, hashtags, accounts) => {
      const sum = (k: 'read' | 'accepted' | 'rejected' | 'duplicates' | 'outsideWindow'): number => counts.reduce((s, c) => s + (c[k] ?? 0), 0);
      const window = options.window;
      const summary: IngestSummary = {
        generator: { name: 'botshare', version: VERSION, command: 'ingest' },
        ...(window === undefined ? {} : { window: windowRecord(window) }),
        files: counts.map(fileSummary),
        totals: {
          read: sum('read'), accepted: sum('accepted'), rejected: sum('rejected'), duplicates: sum('duplicates'),
          ...(window === undefined ? {} : { outside_window: sum('outsideWindow') }),
          accounts,
        },
        hashtags,
      };
      for (const w of writers) await w.commit();
      if (options.summary !== undefined) {
        await writeFileAtomic(options.summary, `${JSON.stringify(summary, null, 2)}\n`, force);
      }
      return { summary, firstRejects, rejectCount };
    },
    abort,
  };
}

export async function ingestToFiles(files: readonly string[], options: IngestToFilesOptions = {}): Promise<IngestResult> {
  const out = await openIngestOutputs(files, options);
  try {
    const run = ingestTweets(files, { ...options, onReject: (r) => out.reject(r) });
    const tally = new HashtagTally();
    const accounts = new Set<string>();
    for await (const batch of run.batches) {
      let lines = '';
      for (const t of batch) {
        tally.add(t);
        accounts.add(t.author.id);
        if (out.wantsTweets) lines += ndjsonLine(t);
      }
      await out.tweetsText(lines);
      await out.flushRejects();
    }
    await out.flushRejects();
    return await out.finish(run.counts(), tally.counts(), accounts.size);
  } catch (err) {
    await out.abort();
    throw err;
  }
}
