/**
 * scores.csv, one row per scored tweet, streamed in 64 kB chunks to an atomic writer (so an
 * interrupted run leaves no half file). Cells are guarded against formula injection.
 */
import path from 'node:path';
import type { ScoredTweet } from '../estimate/types.js';
import { openAtomicWriter, type AtomicWriter } from '../util/atomic-write.js';
import { csvRow } from '../util/csv-safe.js';
import type { Pseudonymizer } from './pseudonymize.js';

export const SCORES_HEADER: readonly string[] = ['tweet_id', 'user_id', 'screen_name', 'created_at', 'hashtags', 'bot_score'];

/** One tweet's row of scores.csv (pseudonymized with `p`). */
export function scoresCsvRow(t: ScoredTweet, p: Pseudonymizer | undefined): string {
  const sn = t.screenName ?? '';
  return csvRow([
    p ? p.tweetId(t.id) : t.id,
    p ? p.userId(t.userId) : t.userId,
    p && sn !== '' ? p.screenName(sn) : sn,
    new Date(t.createdAt).toISOString(),
    t.hashtags.join('|'),
    t.score,
  ]);
}

export class ScoresCsv {
  private buffer = '';
  private constructor(
    private readonly writer: AtomicWriter,
    private readonly p: Pseudonymizer | undefined,
  ) {
    this.buffer = csvRow(SCORES_HEADER);
  }

  /** Opens OUTDIR/scores.csv (refusing to replace one unless `force`). */
  static async open(outDir: string, options: { force: boolean; pseudonymizer?: Pseudonymizer }): Promise<ScoresCsv> {
    const writer = await openAtomicWriter(path.join(outDir, 'scores.csv'), { force: options.force });
    return new ScoresCsv(writer, options.pseudonymizer);
  }

  get path(): string {
    return this.writer.path;
  }

  async add(t: ScoredTweet): Promise<void> {
    this.buffer += scoresCsvRow(t, this.p);
    if (this.buffer.length >= 65_536) await this.flush();
  }

  /** Rows made elsewhere by `scoresCsvRow` (a worker's part file), as text or UTF-8 bytes. */
  async addRows(rows: string | Uint8Array): Promise<void> {
    await this.flush();
    await this.writer.write(rows);
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    await this.writer.write(chunk);
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.writer.commit();
  }

  async abort(): Promise<void> {
    await this.writer.abort();
  }
}
