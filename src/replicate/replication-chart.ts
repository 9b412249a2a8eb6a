/**
 * The replication chart drawn again from a summary.json that `replicate` wrote (`botshare
 * charts`): its `replication` block checked field by field (the file is a user's), then the
 * rows and spec that `replicate` draws (./compose.ts, ../report/charts/replication.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import { replicationSpec } from '../report/charts/replication.js';
import type { Summary } from '../report/summary.js';
import { UserError } from '../util/errors.js';
import { replicationChartRows, type ReplicationRecord } from './compose.js';

export const REPLICATION_CHART = { name: 'replication', title: 'Replication of the March 2020 case' } as const;

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const own = (o: Json, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);
const isInterval = (x: unknown): boolean => x === null || (Array.isArray(x) && x.length === 2 && x.every((v) => v === null || typeof v === 'number'));

/** What the chart reads of one hashtag, or the first field that is not as `replicate` writes it. */
function badHashtag(h: unknown): string | null {
  if (!isObject(h)) return 'is not an object';
  if (typeof own(h, 'hashtag') !== 'string') return 'hashtag must be text';
  if (typeof own(h, 'published_share_tweets') !== 'number') return 'published_share_tweets must be a number';
  const planted = own(h, 'planted');
  if (planted !== null && !(isObject(planted) && typeof own(planted, 'share_tweets') === 'number')) return 'planted must be null or { share_tweets }';
  const estimates = own(h, 'estimates');
  const tweets = isObject(estimates) ? own(estimates, 'tweets') : undefined;
  if (!isObject(tweets)) return 'estimates.tweets must be an object';
  for (const key of ['default', 'cc', 'activity_corpus', 'activity_profile', 'activity_either']) {
    const f = own(tweets, key);
    if (!isObject(f) || !(own(f, 'estimate') === null || typeof own(f, 'estimate') === 'number') || !isInterval(own(f, 'ci95')) || typeof own(f, 'method') !== 'string') {
      return `estimates.tweets.${key} must be { estimate, ci95, method }`;
    }
  }
  return null;
}

/** The chart's spec, or null when the summary is not a replication's (it has no `replication`). */
export function replicationChartOf(summary: Summary, file: string): TopLevelSpec | null {
  const s = summary as unknown as Json;
  const replication = own(s, 'replication');
  if (replication === undefined) return null;
  const hashtags = isObject(replication) ? own(replication, 'hashtags') : undefined;
  if (!Array.isArray(hashtags)) throw new UserError(`${file}: replication.hashtags must be a list`);
  for (const [i, h] of hashtags.entries()) {
    const bad = badHashtag(h);
    if (bad !== null) throw new UserError(`${file}: replication.hashtags[${i}]: ${bad}`);
  }
  const reconstruction = own(s, 'reconstruction');
  return replicationSpec(replicationChartRows(replication as unknown as ReplicationRecord), { simulated: isObject(reconstruction) });
}
