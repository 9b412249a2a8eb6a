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

/** Per account, in slots: typed columns (no object an account), its days in a small array. */
export class ActivityTally {
  private readonly slots = new Map<string, number>();
  /** Distinct days a slot; most accounts post on a few, so a small array beats a Set. */
  private readonly days: number[][] = [];
  private latestAt = new Float64Array(1024);
  private rates = new Float64Array(1024);

  add(t: Tweet): void {
    let slot = this.slots.get(t.author.id);
    if (slot === undefined) {
      slot = this.days.length;
      if (slot === this.latestAt.length) this.grow();
      this.slots.set(t.author.id, slot);
      this.days.push([]);
      this.latestAt[slot] = Number.NEGATIVE_INFINITY;
      this.rates[slot] = Number.NaN;
    }
    const days = this.days[slot];
    const day = Math.floor(t.createdAt / DAY_MS);
    if (days[days.length - 1] !== day && !days.includes(day)) days.push(day);
    const rate = profileRate(t.author.statuses, t.author.createdAt, t.createdAt);
    const latestAt = this.latestAt[slot];
    const kept = this.rates[slot];
    if (t.createdAt > latestAt || (t.createdAt === latestAt && (Number.isNaN(kept) ? !Number.isNaN(rate) : rate > kept))) {
      this.latestAt[slot] = t.createdAt;
      this.rates[slot] = rate;
    }
  }

  get(userId: string): TallyActivity | undefined {
    const slot = this.slots.get(userId);
    if (slot === undefined) return undefined;
    return { days: [...this.days[slot]].sort((p, q) => p - q), latestAt: this.latestAt[slot], profileRate: this.rates[slot] };
  }

  private grow(): void {
    const latestAt = new Float64Array(this.latestAt.length * 2);
    latestAt.set(this.latestAt);
    const rates = new Float64Array(latestAt.length);
    rates.set(this.rates);
    this.latestAt = latestAt;
    this.rates = rates;
  }
}
