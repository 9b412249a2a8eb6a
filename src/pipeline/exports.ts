/**
 * The one way the pipeline reads exports: every pass re-reads the files through ingest (so
 * memory stays bounded by accounts), optionally keeps only the tweets inside a window and
 * with one of some hashtags, and keeps the first pass's rejects and counts, so that each bad
 * record is reported once however many passes the scorer makes.
 */
import type { Reject } from '../ingest/input-errors.js';
import { ingestTweets, type FileCounts, type FormatName, type IngestOptions } from '../ingest/index.js';
import { normalizeHashtag, type Tweet } from '../ingest/tweet.js';
import type { TimeWindow } from '../util/time.js';

/** Keep only tweets inside `window` carrying at least one of `hashtags` (case-insensitive). */
export interface ExportFilter {
  hashtags: readonly string[];
  window: TimeWindow;
}

export interface FilterCounts {
  /** Tweets accepted by ingest (after de-duplication). */
  accepted: number;
  kept: number;
  outsideWindow: number;
  /** Inside the window but with none of the hashtags. */
  otherHashtags: number;
}

export interface ExportOptions {
  format?: FormatName;
  signal?: AbortSignal;
  filter?: ExportFilter;
  /**
   * `--since/--until`: ingest keeps only the tweets inside it and counts the others per file
   * (`FileCounts.outsideWindow`). Unlike `filter` (the replication's corpus), it acts before
   * de-duplication, and every command and route applies it the same way.
   */
  window?: IngestOptions['window'];
  /** Keep only one shard of a partition by tweet id (see ./partition.ts). */
  keep?: IngestOptions['keep'];
  /** A byte range of the one file, and ids seen before it (a worker's share, see ./parallel-tally.ts). */
  range?: IngestOptions['range'];
  seen?: IngestOptions['seen'];
  /** Sees every kept tweet of the first pass (e.g. the activity rule's accumulator). */
  tap?: (tweet: Tweet) => void;
  /** Tweets read so far in this pass, for a progress line. */
  onProgress?: (tweetsRead: number, pass: number) => void;
}

export interface Exports {
  /** A fresh pass over the (kept) tweets; counts are final once the first pass ends. */
  tweets(): AsyncIterable<Tweet>;
  /** The same pass in arrays (one per chunk read): no async step a tweet. */
  batches(): AsyncIterable<Tweet[]>;
  /** Per-file counts of the first pass. */
  files(): FileCounts[];
  /** The unreadable records of the first pass, in reading order. */
  rejects(): readonly Reject[];
  /** What the filter kept and why it dropped the rest (all kept without a filter). */
  filterCounts(): FilterCounts;
}

export function openExports(files: readonly string[], options: ExportOptions = {}): Exports {
  const rejects: Reject[] = [];
  let fileCounts: FileCounts[] = [];
  let counts: FilterCounts = { accepted: 0, kept: 0, outsideWindow: 0, otherHashtags: 0 };
  const filter = options.filter;
  const wanted = filter === undefined ? undefined : new Set(filter.hashtags.map(normalizeHashtag));
  let passes = 0;
  const batches = (): AsyncGenerator<Tweet[]> => {
    passes += 1;
    const pass = passes;
    const first = pass === 1;
    const run = ingestTweets(files, {
      format: options.format,
      signal: options.signal,
      keep: options.keep,
      range: options.range,
      seen: options.seen,
      window: options.window,
      onReject: first ? (r) => rejects.push(r) : undefined,
    });
    const tap = first ? options.tap : undefined;
    return (async function* kept(): AsyncGenerator<Tweet[]> {
      const c: FilterCounts = { accepted: 0, kept: 0, outsideWindow: 0, otherHashtags: 0 };
      let n = 0;
      for await (const batch of run.batches) {
        let out = batch;
        if (filter !== undefined && wanted !== undefined) {
          out = [];
          for (const t of batch) {
            if (!(t.createdAt >= filter.window.start && t.createdAt < filter.window.end)) {
              c.outsideWindow++;
              continue;
            }
            if (!t.hashtags.some((h) => wanted.has(h))) {
              c.otherHashtags++;
              continue;
            }
            out.push(t);
          }
        }
        c.accepted += batch.length;
        c.kept += out.length;
        if (tap !== undefined) for (const t of out) tap(t);
        if (out.length > 0) yield out;
        n += batch.length;
        options.onProgress?.(n, pass);
      }
      if (first) {
        counts = c;
        fileCounts = run.counts();
      }
    })();
  };
  return {
    batches,
    tweets(): AsyncIterable<Tweet> {
      const pass = batches();
      return (async function* flat(): AsyncGenerator<Tweet> {
        for await (const batch of pass) yield* batch;
      })();
    },
    files: () => fileCounts.map((f) => ({ ...f })),
    rejects: () => rejects,
    filterCounts: () => ({ ...counts }),
  };
}
