/**
 * A partition of the input by tweet id, for collections whose files overlap: every shard
 * reads every file and keeps the tweets whose id hashes to it, so a tweet and all its
 * duplicates land in one shard, where ingest's dedupe sees them together. Unreadable records
 * have no trustworthy id and go by line instead. Both rules are plain arithmetic that any
 * tool can reproduce (docs/scaling.md).
 */
import { UserError } from '../util/errors.js';
import { fnv1a32 } from '../util/hash.js';
import type { Reject } from '../ingest/input-errors.js';

export interface Partition {
  /** 0-based shard. */
  index: number;
  count: number;
}

export { fnv1a32 } from '../util/hash.js';

/** The 0-based shard of a tweet id. */
export function shardOfTweet(id: string, count: number): number {
  return fnv1a32(id) % count;
}

/** The 0-based shard of an unreadable record: (line − 1) mod count. */
export function shardOfReject(reject: Pick<Reject, 'line'>, count: number): number {
  return (((reject.line - 1) % count) + count) % count;
}

/** `K/N` (1 ≤ K ≤ N) → the 0-based partition. */
export function parsePartition(text: string): Partition {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const k = m === null ? Number.NaN : Number(m[1]);
  const n = m === null ? Number.NaN : Number(m[2]);
  if (!(Number.isSafeInteger(k) && Number.isSafeInteger(n) && n >= 1 && k >= 1 && k <= n)) {
    throw new UserError(`--partition must be K/N with 1 ≤ K ≤ N (e.g. 2/8), got "${text}"`);
  }
  return { index: k - 1, count: n };
}

/** The ingest filter that keeps one shard. */
export function keepShard(p: Partition): { tweet: (id: string) => boolean; reject: (r: Reject) => boolean } {
  return {
    tweet: (id) => shardOfTweet(id, p.count) === p.index,
    reject: (r) => shardOfReject(r, p.count) === p.index,
  };
}
