/**
 * `botshare score`'s rows: every tweet of some exports with its calibrated bot score, one CSV
 * row a tweet in input order. One function makes the rows of a pass over files (or one share
 * of a file), so that one thread and the workers of `score --workers` write the same bytes.
 */
import type { Tweet } from '../ingest/tweet.js';
import type { FormatName } from '../ingest/index.js';
import type { LoadedModel } from '../model/scorer.js';
import { scoreTweetBatches } from '../model/score-tweets.js';
import { csvRow } from '../util/csv-safe.js';
import { SCORES_HEADER } from '../report/scores-csv.js';
import { openExports, type ExportOptions } from './exports.js';

/** The columns of `report --scores` (scores.csv) too: one header for both files. */
export const SCORE_COLUMNS: readonly string[] = SCORES_HEADER;

/** What a row needs of its tweet (kept while the tweet's batch waits for its scores). */
interface RowFields {
  id: string;
  userId: string;
  screenName: string | undefined;
  createdAt: number;
  hashtags: readonly string[];
}

function rowFields(t: Tweet): RowFields {
  return { id: t.id, userId: t.author.id, screenName: t.author.screenName, createdAt: t.createdAt, hashtags: t.hashtags };
}

function scoreCsvRow(f: RowFields, score: number): string {
  return csvRow([f.id, f.userId, f.screenName, new Date(f.createdAt).toISOString(), f.hashtags.join('|'), Number(score.toFixed(6))]);
}

export function scoreCsvHeader(): string {
  return csvRow([...SCORE_COLUMNS]);
}

export interface ScoreCsvOptions {
  format?: FormatName;
  signal?: AbortSignal;
  /** One share of the one file, and the ids accepted before it (`score --workers`). */
  range?: ExportOptions['range'];
  seen?: ExportOptions['seen'];
  /** --since/--until: only the tweets of this window get a row; the others are counted. */
  window?: ExportOptions['window'];
  /** Receives the id of every accepted tweet, in reading order. */
  ids?: { push(id: string): void };
  /** After each scoring batch: tweets scored so far, pass (2 when a first pass read timing), accounts (NaN without timing). */
  onProgress?: (p: { pass: 1 | 2; tweets: number; accounts: number }) => void;
  /** Receives the rows (no header), in input order, in pieces of about 64 KB. */
  write: (chunk: string) => Promise<void>;
}

export interface ScoreCsvResult {
  tweets: number;
  /** Unreadable records (counted on the first pass only). */
  rejects: number;
  /** With a window: readable tweets outside it (no row). */
  outsideWindow?: number;
}

/** Scores every tweet of `files` with `model` and writes their rows. */
export async function scoreToCsv(files: readonly string[], model: LoadedModel, options: ScoreCsvOptions): Promise<ScoreCsvResult> {
  const { ids } = options;
  const exports = openExports(files, {
    format: options.format,
    signal: options.signal,
    range: options.range,
    seen: options.seen,
    window: options.window,
    tap: ids === undefined ? undefined : (t) => ids.push(t.id),
  });
  let tweets = 0;
  let buffer = '';
  for await (const { tweets: kept, scores } of scoreTweetBatches(() => exports.batches(), model, { onProgress: options.onProgress }, rowFields)) {
    for (let i = 0; i < kept.length; i++) {
      buffer += scoreCsvRow(kept[i], scores[i]);
      if (buffer.length > 1 << 16) {
        await options.write(buffer);
        buffer = '';
      }
    }
    tweets += kept.length;
  }
  if (buffer.length > 0) await options.write(buffer);
  const result: ScoreCsvResult = { tweets, rejects: exports.rejects().length };
  if (options.window !== undefined) result.outsideWindow = exports.files().reduce((n, f) => n + (f.outsideWindow ?? 0), 0);
  return result;
}
