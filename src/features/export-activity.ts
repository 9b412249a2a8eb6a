/**
 * What an export itself says about each account: how much and how it posts inside the export
 * (tweets, active days, busiest day, retweet and reply shares, automation clients, gaps). The
 * public model cannot learn these from the public sets; an export-specific model fitted on the
 * researcher's labels can. Also the sampling frame: each account's tweets in scope (all tweets,
 * or those with one of some hashtags). Memory grows with accounts and their active days.
 */
import { isAutomationClient } from './automation-clients.js';
import { normalizeHashtag, type Tweet } from '../ingest/tweet.js';
import { DAY_MS } from '../util/time.js';

/** The features, in the order `exportFeatureRow` writes them. */
export const EXPORT_FEATURES = [
  { name: 'log_tweets_in_export', meaning: 'log(1 + tweets of the account in the export)' },
  { name: 'active_days', meaning: 'UTC days with at least one tweet of the account' },
  { name: 'log_max_tweets_in_a_day', meaning: 'log(1 + tweets on its busiest UTC day)' },
  { name: 'retweet_share', meaning: 'retweets / tweets' },
  { name: 'reply_share', meaning: 'replies / tweets' },
  { name: 'automation_client_share', meaning: 'tweets posted through a known automation service / tweets' },
  { name: 'log_mean_gap_hours', meaning: 'log(1 + (last − first tweet) / (tweets − 1), in hours); 0 for one tweet' },
] as const;

interface Activity {
  tweets: number;
  inScope: number;
  retweets: number;
  replies: number;
  automation: number;
  first: number;
  last: number;
  days: Map<number, number>;
}

export class ExportActivity {
  private readonly byUser = new Map<string, Activity>();
  private readonly scope: ReadonlySet<string> | undefined;

  /** `scope`: hashtags whose tweets the frame counts (default: every tweet). */
  constructor(scope?: readonly string[]) {
    this.scope = scope === undefined || scope.length === 0 ? undefined : new Set(scope.map(normalizeHashtag));
  }

  add(t: Tweet): void {
    let a = this.byUser.get(t.author.id);
    if (a === undefined) {
      a = { tweets: 0, inScope: 0, retweets: 0, replies: 0, automation: 0, first: t.createdAt, last: t.createdAt, days: new Map() };
      this.byUser.set(t.author.id, a);
    }
    a.tweets++;
    if (this.scope === undefined || t.hashtags.some((h) => (this.scope as ReadonlySet<string>).has(h))) a.inScope++;
    if (t.kind === 'retweet') a.retweets++;
    else if (t.kind === 'reply') a.replies++;
    if (t.client !== undefined && isAutomationClient(t.client)) a.automation++;
    if (t.createdAt < a.first) a.first = t.createdAt;
    if (t.createdAt > a.last) a.last = t.createdAt;
    const day = Math.floor(t.createdAt / DAY_MS);
    a.days.set(day, (a.days.get(day) ?? 0) + 1);
  }

  /** The sampling frame: accounts with at least one tweet in scope, by user id, with those tweets. */
  frame(): { userId: string; tweets: number }[] {
    const out: { userId: string; tweets: number }[] = [];
    for (const [userId, a] of this.byUser) if (a.inScope > 0) out.push({ userId, tweets: a.inScope });
    return out;
  }

  /** The account's feature row (EXPORT_FEATURES order), or undefined when it has no tweet. */
  featureRow(userId: string): number[] | undefined {
    const a = this.byUser.get(userId);
    if (a === undefined) return undefined;
    let busiest = 0;
    for (const n of a.days.values()) if (n > busiest) busiest = n;
    const gapHours = a.tweets > 1 ? (a.last - a.first) / (a.tweets - 1) / 3_600_000 : 0;
    return [
      Math.log1p(a.tweets),
      a.days.size,
      Math.log1p(busiest),
      a.retweets / a.tweets,
      a.replies / a.tweets,
      a.automation / a.tweets,
      Math.log1p(gapHours),
    ];
  }

  /** The export's first and last tweet (epoch ms UTC), or null when empty. */
  period(): { start: number; end: number } | null {
    let start = Infinity;
    let end = -Infinity;
    for (const a of this.byUser.values()) {
      if (a.first < start) start = a.first;
      if (a.last > end) end = a.last;
    }
    return Number.isFinite(start) ? { start, end } : null;
  }
}
