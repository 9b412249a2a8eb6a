/**
 * What the activity rule (more than 50 tweets a day) needs of each account, gathered one tweet
 * at a time and mergeable across shards: the distinct UTC days it posted on, and its profile's
 * statuses / age at its latest tweet. Ties in time keep the greater rate, not the later read,
 * so that shards read in any order agree with one pass.
 */
import type { Tweet } from '../ingest/tweet.js';
import type { TallyActivity } from './tally.js';

import { DAY_MS } from '../util/time.js';

/** statuses / max(age in days, 1) at time `at`; NaN when unknown or created after `at`. */
export function profileRate(statuses: number | undefined, createdAt: number | undefined, at: number): number {
  if (statuses === undefined || createdAt === undefined || !(createdAt <= at)) return Number.NaN;
  return statuses / Math.max(1, (at - createdAt) / DAY_MS);
}

interface Running {
  /** Distinct days; most accounts post on a few, so a small array beats a Set. */
  days: number[];
  latestAt: number;
  profileRate: number;
}

export class ActivityTally {
  private readonly accounts = new Map<string, Running>();

  add(t: Tweet): void {
    let a = this.accounts.get(t.author.id);
    if (a === undefined) {
      a = { days: [], latestAt: Number.NEGATIVE_INFINITY, profileRate: Number.NaN };
      this.accounts.set(t.author.id, a);
    }
    const day = Math.floor(t.createdAt / DAY_MS);
    if (a.days[a.days.length - 1] !== day && !a.days.includes(day)) a.days.push(day);
    const rate = profileRate(t.author.statuses, t.author.createdAt, t.createdAt);
    if (t.createdAt > a.latestAt || (t.createdAt === a.latestAt && (Number.isNaN(a.profileRate) ? !Number.isNaN(rate) : rate > a.profileRate))) {
      a.latestAt = t.createdAt;
      a.profileRate = rate;
    }
  }

  get(userId: string): TallyActivity | undefined {
    const a = this.accounts.get(userId);
    if (a === undefined) return undefined;
    return { days: [...a.days].sort((p, q) => p - q), latestAt: a.latestAt, profileRate: a.profileRate };
  }
}
