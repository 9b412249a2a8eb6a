/**
 * The published criterion of the March 2020 study, as a transparent rule: an account is a
 * bot if it posts more than 50 tweets a day. The study did not say how "a day" was
 * measured, so both readings are computed, and their union:
 * - `profile`: statuses_count / account age in days, on the profile the account shows on
 *   its latest tweet in the corpus (its probe time); age = (tweet time − created_at) in
 *   days, floored at 1 day, as the feature registry defines it;
 * - `corpus`: the account's tweets in the corpus / the distinct UTC days on which it
 *   posted in the corpus.
 * The share of tweets and of accounts flagged per hashtag gets a percentile bootstrap
 * interval over accounts, like the model-based estimates. Pure: no labels, no scores.
 */
import { normalizeHashtag, type Tweet } from '../ingest/tweet.js';
import { createRandom } from '../util/random.js';
import { profileRate } from '../estimate/activity-tally.js';
import { DAY_MS } from '../util/time.js';

export const PUBLISHED_RATE = 50;

export type RuleCriterion = 'profile' | 'corpus' | 'either';
export const RULE_CRITERIA: readonly RuleCriterion[] = ['profile', 'corpus', 'either'];

export const CRITERION_DESCRIPTIONS: Record<RuleCriterion, string> = {
  profile: 'statuses_count / account age (days) > 50 on the profile at the account’s latest tweet',
  corpus: 'tweets in the corpus / distinct days with a tweet in the corpus > 50',
  either: 'either of the two',
};

/** What the rule needs to know about one account. */
export interface AccountActivity {
  id: string;
  tweets: number;
  activeDays: number;
  /** statuses / age in days at the latest tweet; NaN when statuses or created_at is unknown. */
  profileRate: number;
  /** Tweets per hashtag. */
  byHashtag: Map<string, number>;
}

export interface RuleFigure {
  estimate: number;
  ci95: [number, number] | null;
}

export interface RuleShares {
  tweets: RuleFigure;
  accounts: RuleFigure;
}

export interface RuleHashtagResult {
  hashtag: string;
  tweets: number;
  accounts: number;
  /** Accounts whose profile rate cannot be computed (they count as not flagged by `profile`). */
  profileUnknown: number;
  shares: Record<RuleCriterion, RuleShares>;
}

export interface ActivityRuleResult {
  rate: number;
  criteria: Record<RuleCriterion, string>;
  bootstrap: { replicates: number; seed: number };
  hashtags: RuleHashtagResult[];
}

/** Whether an account is flagged, by each criterion. */
export function flags(a: AccountActivity, rate = PUBLISHED_RATE): Record<RuleCriterion, boolean> {
  const profile = Number.isFinite(a.profileRate) && a.profileRate > rate;
  const corpus = a.activeDays > 0 && a.tweets / a.activeDays > rate;
  return { profile, corpus, either: profile || corpus };
}

// Defined beside the tally that carries it across shards.
export { profileRate };

interface Running {
  tweets: number;
  days: Set<number>;
  latest: number;
  profileRate: number;
  byHashtag: Map<string, number>;
}

/** Folds tweets one at a time into per-account activity (memory grows with accounts). */
export class ActivityRuleAccumulator {
  private readonly accounts = new Map<string, Running>();
  private readonly tracked: ReadonlySet<string> | undefined;

  constructor(hashtags?: readonly string[]) {
    this.tracked = hashtags === undefined ? undefined : new Set(hashtags.map(normalizeHashtag));
  }

  add(t: Tweet): void {
    let a = this.accounts.get(t.author.id);
    if (a === undefined) {
      a = { tweets: 0, days: new Set(), latest: Number.NEGATIVE_INFINITY, profileRate: Number.NaN, byHashtag: new Map() };
      this.accounts.set(t.author.id, a);
    }
    a.tweets++;
    a.days.add(Math.floor(t.createdAt / DAY_MS));
    if (t.createdAt >= a.latest) {
      a.latest = t.createdAt;
      a.profileRate = profileRate(t.author.statuses, t.author.createdAt, t.createdAt);
    }
    for (const tag of new Set(t.hashtags)) {
      if (this.tracked !== undefined && !this.tracked.has(tag)) continue;
      a.byHashtag.set(tag, (a.byHashtag.get(tag) ?? 0) + 1);
    }
  }

  activities(): AccountActivity[] {
    return [...this.accounts.entries()].map(([id, a]) => ({
      id,
      tweets: a.tweets,
      activeDays: a.days.size,
      profileRate: a.profileRate,
      byHashtag: a.byHashtag,
    }));
  }
}

export interface RuleOptions {
  rate?: number;
  replicates?: number;
  seed?: number;
}

/** Shares flagged per hashtag, with bootstrap intervals over the hashtag's accounts. */
export function applyActivityRule(
  accounts: readonly AccountActivity[],
  hashtags: readonly string[],
  options: RuleOptions = {},
): ActivityRuleResult {
  const rate = options.rate ?? PUBLISHED_RATE;
  const replicates = options.replicates ?? 1000;
  const seed = options.seed ?? 1;
  const results = hashtags.map((raw, h) => {
    const hashtag = normalizeHashtag(raw);
    const rows = accounts
      .map((a) => ({ n: a.byHashtag.get(hashtag) ?? 0, f: flags(a, rate), unknown: !Number.isFinite(a.profileRate) }))
      .filter((r) => r.n > 0);
    const n = rows.length;
    const weights = Float64Array.from(rows, (r) => r.n);
    const flagged = RULE_CRITERIA.map((c) => Uint8Array.from(rows, (r) => (r.f[c] ? 1 : 0)));
    const reps = RULE_CRITERIA.map(() => ({ tweets: new Float64Array(n > 0 ? replicates : 0), accounts: new Float64Array(n > 0 ? replicates : 0) }));
    const rng = createRandom(seed * 7919 + h);
    // One resample of accounts serves every criterion, so that their intervals are comparable.
    for (let b = 0; b < replicates && n > 0; b++) {
      let total = 0;
      const tw = [0, 0, 0];
      const ac = [0, 0, 0];
      for (let k = 0; k < n; k++) {
        const i = rng.int(n);
        total += weights[i];
        for (let c = 0; c < 3; c++) {
          if (flagged[c][i] === 1) {
            tw[c] += weights[i];
            ac[c]++;
          }
        }
      }
      for (let c = 0; c < 3; c++) {
        reps[c].tweets[b] = tw[c] / total;
        reps[c].accounts[b] = ac[c] / n;
      }
    }
    const shares = {} as Record<RuleCriterion, RuleShares>;
    RULE_CRITERIA.forEach((c, ci) => {
      const point = shareOf(weights, flagged[ci]);
      shares[c] = {
        tweets: { estimate: point.tweets, ci95: interval(reps[ci].tweets) },
        accounts: { estimate: point.accounts, ci95: interval(reps[ci].accounts) },
      };
    });
    return {
      hashtag,
      tweets: rows.reduce((s, r) => s + r.n, 0),
      accounts: n,
      profileUnknown: rows.filter((r) => r.unknown).length,
      shares,
    };
  });
  return { rate, criteria: { ...CRITERION_DESCRIPTIONS }, bootstrap: { replicates, seed }, hashtags: results };
}

function shareOf(weights: Float64Array, flagged: Uint8Array): { tweets: number; accounts: number } {
  let tw = 0;
  let tf = 0;
  let af = 0;
  for (let i = 0; i < weights.length; i++) {
    tw += weights[i];
    if (flagged[i] === 1) {
      tf += weights[i];
      af++;
    }
  }
  const n = weights.length;
  return { tweets: n === 0 ? Number.NaN : tf / tw, accounts: n === 0 ? Number.NaN : af / n };
}

function interval(reps: Float64Array): [number, number] | null {
  if (reps.length === 0) return null;
  const sorted = Float64Array.from(reps).sort();
  const q = (p: number): number => {
    const x = p * (sorted.length - 1);
    const lo = Math.floor(x);
    const hi = Math.ceil(x);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (x - lo);
  };
  return [q(0.025), q(0.975)];
}
