/**
 * What the activity rule (more than 50 tweets a day) needs of each account, gathered one tweet
 * at a time and mergeable across shards: the distinct UTC days it posted on, and its profile's
 * statuses / age at its latest tweet. Ties in time keep the greater rate, not the later read,
 * so that shards read in any order agree with one pass.
 */
import type { Tweet } from '../ingest/tweet.js';
import { laterWins } from '../util/merge-rule.js';
import { DAY_MS } from '../util/time.js';

/** What the activity rule needs of an account. */
export interface TallyActivity {
  /** Distinct UTC days (days since 1970-01-01) with a tweet, ascending. */
  days: number[];
  /** Time of the account's latest tweet. */
  latestAt: number;
  /** statuses / age in days at that tweet (the greatest on a tie); NaN when unknown. */
  profileRate: number;
}

/** The greater rate, NaN lowest. */
const greaterRate = (a: number, b: number): boolean => (Number.isNaN(b) ? !Number.isNaN(a) : a > b);

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
    const slot = this.slotOf(t.author.id);
    this.addDay(slot, Math.floor(t.createdAt / DAY_MS));
    this.keepLatest(slot, t.createdAt, profileRate(t.author.statuses, t.author.createdAt, t.createdAt));
  }

  /** Merges an account's activity (from a tally, or another shard's) into what is known of it. */
  addAccount(userId: string, activity: TallyActivity): void {
    const slot = this.slotOf(userId);
    for (const day of activity.days) this.addDay(slot, day);
    this.keepLatest(slot, activity.latestAt, activity.profileRate);
  }

  /** Folds another tally's activity in: the activity of both inputs, in any order. */
  merge(other: ActivityTally): void {
    for (const [userId, from] of other.slots) {
      const slot = this.slotOf(userId);
      for (const day of other.days[from]) this.addDay(slot, day);
      this.keepLatest(slot, other.latestAt[from], other.rates[from]);
    }
  }

  private slotOf(userId: string): number {
    let slot = this.slots.get(userId);
    if (slot === undefined) {
      slot = this.days.length;
      if (slot === this.latestAt.length) this.grow();
      this.slots.set(userId, slot);
      this.days.push([]);
      this.latestAt[slot] = Number.NEGATIVE_INFINITY;
      this.rates[slot] = Number.NaN;
    }
    return slot;
  }

  private addDay(slot: number, day: number): void {
    const days = this.days[slot];
    if (days[days.length - 1] !== day && !days.includes(day)) days.push(day);
  }

  /** The rate at the latest tweet; at a tie in time, the greater rate (NaN lowest), so that the order never decides. */
  private keepLatest(slot: number, at: number, rate: number): void {
    if (laterWins(at, this.latestAt[slot], () => greaterRate(rate, this.rates[slot]))) {
      this.latestAt[slot] = at;
      this.rates[slot] = rate;
    }
  }

  has(userId: string): boolean {
    return this.slots.has(userId);
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
