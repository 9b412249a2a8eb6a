/**
 * The ingestion stage: files in any supported export format → one stream of canonical,
 * de-duplicated `Tweet`s, with per-file counts that reconcile
 * (`read = accepted + rejected + duplicates`, `+ outsideWindow` with a time window) and every
 * unreadable record reported.
 */
import type { Tweet } from './tweet.js';
import type { Reject } from './input-errors.js';
import { type DetectedInput, type FormatName, detectInput, pairCresci } from './detect.js';
import { openBytes, type ByteRange } from './source.js';
import { TweetIdSet } from './id-set.js';
import { NOTICE, type ReadItem, type Reader, type ReaderInput, type RejectItem } from './readers/types.js';
import { readV1 } from './readers/v1.js';
import { readV2 } from './readers/v2.js';
import { readTwarcCsv } from './readers/twarc-csv.js';
import { readRtweet } from './readers/rtweet.js';
import { readTcat } from './readers/tcat.js';
import { readCresci } from './readers/cresci.js';
import { insideWindow } from '../util/window.js';
import type { TimeWindow } from '../util/time.js';

export type { FormatName, DetectedInput } from './detect.js';
export { FORMAT_NAMES, FORMAT_DESCRIPTIONS, detectFormat, detectInput } from './detect.js';
export { HashtagTally, hashtagCounts, hashtagsInText, type HashtagCount, type HashtagEntry } from './hashtags.js';
export { TweetIdSet } from './id-set.js';
export type { Tweet, Author, TweetKind } from './tweet.js';
export type { Reject } from './input-errors.js';
export { InputFileError } from './input-errors.js';
export { UserError } from '../util/errors.js';

export interface FileCounts {
  path: string;
  format: FormatName;
  /** Tweet records met in the file. */
  read: number;
  accepted: number;
  rejected: number;
  /** Tweets whose id was already accepted (from this file or an earlier one). */
  duplicates: number;
  /**
   * With a window (`IngestOptions.window`): readable tweets posted outside it, left out before
   * de-duplication; then `read = accepted + rejected + duplicates + outsideWindow`. Absent without one.
   */
  outsideWindow?: number;
  /** Records that are not tweets (stream delete/limit notices, empty twarc2 pages): not in `read`. */
  notices: number;
  /** cresci: the users.csv joined to this file; its broken rows are rejects too, counted here. */
  companion?: { path: string; rejected: number };
}

export interface IngestProgress {
  file: string;
  /** 0-based index of `file` among the tweet files. */
  fileIndex: number;
  fileCount: number;
  /** Bytes of `file` read so far (compressed bytes for .gz) and its size. */
  bytesRead: number;
  bytesTotal: number;
  /** Bytes of all files: done and in all. */
  allBytesRead: number;
  allBytesTotal: number;
  /** Tweets accepted so far, over all files. */
  accepted: number;
}

export interface IngestOptions {
  /** undefined = detect each file's format from its content. */
  format?: FormatName;
  /** Called with every reject, located (file, line, reason, raw excerpt). */
  onReject?: (reject: Reject) => void;
  /** Called after each chunk read (about every MB); cheap enough to redraw a progress bar. */
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
  /**
   * Keep only some records, e.g. one shard of a partition by tweet id: the others are left
   * out of every count, so that the shards' counts add up to those of one run.
   */
  keep?: { tweet: (id: string) => boolean; reject: (reject: Reject) => boolean };
  /**
   * Read only bytes [start, end) of the one (uncompressed, line-oriented) file, cut at line
   * ends: a worker's share of a big file. Lines are numbered from 1 within the range.
   */
  range?: ByteRange;
  /** Tweet ids already accepted elsewhere (an earlier range): their records count as duplicates. */
  seen?: Iterable<string>;
  /**
   * Keep only tweets posted inside this window (start included, end excluded; epoch ms UTC).
   * The others are counted per file (`outsideWindow`), never rejected, and never reach the
   * duplicate filter: a copy of a tweet outside the window is outside it too.
   */
  window?: TimeWindow;
}

export interface IngestRun {
  /** Every accepted, de-duplicated tweet of all files, in file order. Iterate once. */
  tweets: AsyncIterable<Tweet>;
  /** The same tweets in batches (one per chunk read): less per-tweet overhead. Use one of the two. */
  batches: AsyncIterable<Tweet[]>;
  /** Per-file counts, filled as the files are read (final when the iteration ends). */
  counts: () => FileCounts[];
}

const READERS: Readonly<Record<FormatName, Reader>> = {
  v1: readV1,
  v2: readV2,
  'twarc-csv': readTwarcCsv,
  rtweet: readRtweet,
  tcat: readTcat,
  cresci: readCresci,
};

/** Recognises every file (and pairs cresci files) before any is read: a bad file fails fast. */
export async function planInputs(files: readonly string[], format?: FormatName): Promise<DetectedInput[]> {
  const detected: DetectedInput[] = [];
  for (const file of files) detected.push(await detectInput(file, format));
  return pairCresci(detected);
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('ingestion aborted');
}

/**
 * Streams every accepted, de-duplicated tweet of all files; counts are filled as it goes.
 * Each call starts afresh (files are reopened, the duplicate filter is new), so later stages
 * can read the same files in several passes.
 */
export function ingestTweets(files: readonly string[], options: IngestOptions = {}): IngestRun {
  const counts: FileCounts[] = [];
  const { onReject, onProgress, signal, keep, window } = options;

  async function* run(): AsyncGenerator<Tweet[]> {
    const inputs = await planInputs(files, options.format);
    if (options.range !== undefined && inputs.length !== 1) throw new Error('a byte range applies to one file');
    const seen = new TweetIdSet();
    for (const id of options.seen ?? []) seen.add(id);
    const allBytesTotal = inputs.reduce((sum, d) => sum + d.info.size, 0);
    let allBytesDone = 0;
    let accepted = 0;
    for (let fileIndex = 0; fileIndex < inputs.length; fileIndex++) {
      const input = inputs[fileIndex];
      const c: FileCounts = { path: input.file, format: input.format, read: 0, accepted: 0, rejected: 0, duplicates: 0, notices: 0 };
      if (window !== undefined) c.outsideWindow = 0;
      if (input.companion) c.companion = { path: input.companion.file, rejected: 0 };
      counts.push(c);
      const bytes = openBytes(input.file, input.info, signal, options.range);
      const source: ReaderInput = {
        input,
        chunks: bytes.chunks,
        openCompanion: (companion) => openBytes(companion.file, companion.info, signal).chunks,
      };
      for await (const batch of READERS[input.format](source)) {
        if (signal?.aborted) throw abortError(signal);
        const out: Tweet[] = [];
        for (let k = 0; k < batch.length; k++) {
          const item: ReadItem = batch[k];
          if (item === NOTICE) {
            c.notices++;
          } else if ((item as RejectItem).reject !== undefined) {
            const r = item as RejectItem;
            if (keep !== undefined && !keep.reject(r.reject)) continue;
            if (r.account && c.companion) c.companion.rejected++;
            else {
              c.read++;
              c.rejected++;
            }
            onReject?.(r.reject);
          } else {
            const tweet = item as Tweet;
            if (keep !== undefined && !keep.tweet(tweet.id)) continue;
            c.read++;
            if (window !== undefined && !insideWindow(window, tweet.createdAt)) {
              (c.outsideWindow as number)++;
              continue;
            }
            if (seen.add(tweet.id)) {
              c.accepted++;
              out.push(tweet);
            } else c.duplicates++;
          }
        }
        accepted += out.length;
        onProgress?.({
          file: input.file, fileIndex, fileCount: inputs.length,
          bytesRead: bytes.bytesRead(), bytesTotal: input.info.size,
          allBytesRead: allBytesDone + bytes.bytesRead(), allBytesTotal, accepted,
        });
        if (out.length > 0) yield out;
      }
      allBytesDone += input.info.size;
    }
  }

  let started = false;
  const start = (): AsyncGenerator<Tweet[]> => {
    if (started) throw new Error('an ingest run can be iterated only once; call ingestTweets again for another pass');
    started = true;
    return run();
  };
  const batches: AsyncIterable<Tweet[]> = { [Symbol.asyncIterator]: () => start() };
  const tweets: AsyncIterable<Tweet> = {
    [Symbol.asyncIterator]: () => {
      const source = start();
      return (async function* flat() {
        for await (const batch of { [Symbol.asyncIterator]: () => source }) yield* batch;
      })();
    },
  };
  return { tweets, batches, counts: () => counts.map((c) => ({ ...c, companion: c.companion && { ...c.companion } })) };
}
