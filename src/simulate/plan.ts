/**
 * Planning a ground-truth corpus: how many tweets of each class carry which hashtags
 * (so that the planted shares are exact), and how many tweets each account posts on which
 * days (so that activity follows the activity model). Pure and seeded.
 */
import { UserError } from '../util/errors.js';
import type { Random } from '../util/random.js';
import { distinctSorted, drawFromUrn, evenSplit, randomSplit, weightedPicker } from './weighted-draws.js';
import type { ActivityModel, BotActivity, HashtagPlan, HumanActivity, Label, PoolAccount } from './types.js';
import { DAY_MS } from '../util/time.js';


/**
 * The hashtag combinations a tweet can carry: one category per hashtag alone, plus, when
 * `overlapTweets` > 0, one category for the tweets that carry every planned hashtag.
 * Counts are per class, in category order.
 */
export interface CategoryPlan {
  categories: string[][];
  bot: number[];
  human: number[];
}

export function planCategories(hashtags: readonly HashtagPlan[], overlapTweets: number): CategoryPlan {
  if (hashtags.length === 0) throw new UserError('at least one hashtag is needed');
  const seen = new Set<string>();
  for (const h of hashtags) {
    const key = h.tag.toLowerCase();
    if (!/^[\p{L}\p{N}_]+$/u.test(h.tag)) throw new UserError(`hashtag "${h.tag}": use letters, digits and _ only, without #`);
    if (seen.has(key)) throw new UserError(`hashtag "${h.tag}" is listed twice`);
    seen.add(key);
    if (!Number.isInteger(h.tweets) || h.tweets < 1) throw new UserError(`hashtag "${h.tag}": tweets must be a positive integer, got ${h.tweets}`);
    if (!(h.botShare >= 0 && h.botShare <= 1)) throw new UserError(`hashtag "${h.tag}": the bot share must lie in [0, 1], got ${h.botShare}`);
  }
  const overlap = hashtags.length >= 2 ? overlapTweets : 0;
  if (!Number.isInteger(overlap) || overlap < 0) throw new UserError(`the number of tweets carrying every hashtag must be a non-negative integer, got ${overlapTweets}`);
  for (const h of hashtags) {
    if (h.tweets < overlap) throw new UserError(`hashtag "${h.tag}": ${h.tweets} tweets cannot include ${overlap} tweets that carry every hashtag`);
  }
  const botPerTag = hashtags.map((h) => Math.round(h.botShare * h.tweets));
  let botOverlap = 0;
  if (overlap > 0) {
    const lo = Math.max(0, ...hashtags.map((h, i) => botPerTag[i] - (h.tweets - overlap)));
    const hi = Math.min(overlap, ...botPerTag);
    if (lo > hi) throw new UserError('these bot shares cannot be planted with so many tweets carrying every hashtag; lower the overlap');
    const meanShare = hashtags.reduce((s, h) => s + h.botShare, 0) / hashtags.length;
    botOverlap = Math.min(hi, Math.max(lo, Math.round(overlap * meanShare)));
  }
  const categories = hashtags.map((h) => [h.tag]);
  const bot = botPerTag.map((b) => b - botOverlap);
  const human = hashtags.map((h, i) => h.tweets - overlap - bot[i]);
  if (overlap > 0) {
    categories.push(hashtags.map((h) => h.tag));
    bot.push(botOverlap);
    human.push(overlap - botOverlap);
  }
  return { categories, bot, human };
}

/** An account's planned activity: tweets per active day, and tweets per hashtag category. */
export interface PlannedAccount {
  account: PoolAccount;
  label: Label;
  /** Active days as indices from the window's first day, ascending. */
  days: number[];
  /** Tweets on each active day (same order as `days`), each ≥ 1. */
  perDay: number[];
  /** Tweets in each category of the `CategoryPlan`. */
  categories: number[];
  tweets: number;
}

interface Allocation {
  account: PoolAccount;
  tweets: number;
  days: number;
}

/**
 * Bots at the published rates: each gets a rate in (minRate, maxRate] and 1..D active
 * days; bots are added from the pool until their tweets cover `total`, the first one pinned
 * at maxRate when its tweets fit. Counts are then adjusted so that they sum to `total`
 * exactly while every bot keeps minRate < tweets/days ≤ maxRate.
 */
export function allocateBots(
  pool: readonly PoolAccount[],
  total: number,
  windowDays: number,
  activity: BotActivity,
  rng: Random,
  adjustments: string[],
): Allocation[] {
  if (total === 0) return [];
  const { minRate, maxRate, rateShape } = activity;
  const lo = (d: number): number => Math.floor(minRate * d + 1e-9) + 1;
  const hi = (d: number): number => Math.floor(maxRate * d + 1e-9);
  if (total < lo(1)) {
    throw new UserError(
      `cannot plant ${total} bot tweets: every bot posts more than ${minRate} tweets on each of its active days under the published criterion; plant a larger share or more tweets`,
    );
  }
  const drawn: Array<{ account: PoolAccount; rate: number; days: number }> = [];
  let sum = 0;
  for (const account of pool) {
    if (sum >= total) break;
    let rate = minRate + (maxRate - minRate) * rng.uniform() ** rateShape;
    let days = rng.intBetween(1, windowDays);
    if (drawn.length === 0) {
      // The most active bot of the study: 91.2 tweets a day, on the fewest days that make it whole.
      const pinDays = smallestWholeDays(maxRate, windowDays);
      if (Math.round(maxRate * pinDays) <= total) {
        rate = maxRate;
        days = pinDays;
      }
    }
    drawn.push({ account, rate, days });
    sum += rate * days;
  }
  if (drawn.length === 0) throw new UserError('no bot account is available to plant bot tweets');

  // Make the bounds feasible: drop the last bot while the minimums overshoot, add days while the maximums fall short.
  const sumLo = (): number => drawn.reduce((s, b) => s + lo(b.days), 0);
  const sumHi = (): number => drawn.reduce((s, b) => s + hi(b.days), 0);
  let stretched = 0;
  for (;;) {
    if (sumLo() > total) {
      if (drawn.length > 1) {
        drawn.pop();
        continue;
      }
      const only = drawn[0];
      while (only.days > 1 && lo(only.days) > total) only.days--;
      if (lo(only.days) > total) throw new UserError(`cannot plant ${total} bot tweets at more than ${minRate} a day`);
      continue;
    }
    if (sumHi() < total) {
      const short = drawn.filter((b) => b.days < windowDays);
      if (short.length === 0) {
        throw new UserError(
          `cannot plant ${total} bot tweets with the ${drawn.length} bot accounts available (at most ${maxRate} tweets a day over ${windowDays} days each); use more held-out bot accounts, fewer tweets or a smaller bot share`,
        );
      }
      short[rng.int(short.length)].days++;
      stretched++;
      continue;
    }
    break;
  }
  if (stretched > 0) {
    adjustments.push(
      `All ${drawn.length} available bot accounts were needed; ${stretched} active bot-days were added to reach ${total} bot tweets within ${maxRate} tweets a day.`,
    );
  }
  const counts = drawn.map((b) => Math.min(hi(b.days), Math.max(lo(b.days), Math.round(b.rate * b.days))));
  settle(
    counts,
    drawn.map((b) => lo(b.days)),
    drawn.map((b) => hi(b.days)),
    total,
    rng,
  );
  return drawn.map((b, i) => ({ account: b.account, tweets: counts[i], days: b.days }));
}

/** The fewest days d ≤ max for which rate·d is a whole number (max when there is none). */
function smallestWholeDays(rate: number, max: number): number {
  for (let d = 1; d <= max; d++) {
    const x = rate * d;
    if (Math.abs(x - Math.round(x)) < 1e-9) return d;
  }
  return max;
}

/** Moves counts within [lo, hi] until they sum to `total` (feasibility is the caller's job). */
function settle(counts: number[], lo: number[], hi: number[], total: number, rng: Random): void {
  let delta = total - counts.reduce((s, c) => s + c, 0);
  const order = rng.shuffle(counts.map((_, i) => i));
  for (const i of order) {
    if (delta === 0) break;
    const step = delta > 0 ? Math.min(delta, hi[i] - counts[i]) : Math.max(delta, lo[i] - counts[i]);
    counts[i] += step;
    delta -= step;
  }
  if (delta !== 0) throw new Error(`internal: could not settle counts (${delta} left)`);
}

/**
 * Humans as observed in the export: each account draws a (tweets, active days) pair from the
 * export's accounts; accounts are added from the pool until they cover `total`. When the
 * pool is too small for that, active days are stretched (keeping the observed tweets per
 * active day), then — only if every account is active every day — tweets per day are
 * raised; every such departure is recorded in `adjustments`.
 */
export function allocateHumans(
  pool: readonly PoolAccount[],
  total: number,
  windowDays: number,
  activity: HumanActivity,
  rng: Random,
  adjustments: string[],
): Allocation[] {
  if (total === 0) return [];
  if (pool.length === 0) throw new UserError('no human account is available for the human tweets');
  const pairs = activity.accounts.map(([tweets, days]) => ({ tweets, days: Math.min(days, windowDays, tweets) }));
  const pick = weightedPicker(activity.accounts.map(([, , n]) => n));
  const drawn: Allocation[] = [];
  let sum = 0;
  for (const account of pool) {
    if (sum >= total) break;
    const p = pairs[pick(rng)];
    drawn.push({ account, tweets: p.tweets, days: p.days });
    sum += p.tweets;
  }
  if (sum < total) {
    const base = drawn.map((a) => ({ ...a }));
    const meanTweets =
      activity.accounts.reduce((s, [t, , n]) => s + t * n, 0) / activity.accounts.reduce((s, [, , n]) => s + n, 0);
    const stretchedAt = (k: number, q: number): Allocation[] =>
      base.map((a) => {
        const days = Math.min(windowDays, Math.max(a.days, Math.round(a.days * k)));
        const tweets = Math.max(days, Math.round((a.tweets / a.days) * days * q));
        return { account: a.account, tweets, days };
      });
    const total0 = (xs: Allocation[]): number => xs.reduce((s, a) => s + a.tweets, 0);
    let k = 1;
    let q = 1;
    if (total0(stretchedAt(windowDays, 1)) >= total) {
      k = smallestFactor((f) => total0(stretchedAt(f, 1)) >= total, 1, windowDays);
    } else {
      k = windowDays;
      q = smallestFactor((f) => total0(stretchedAt(windowDays, f)) >= total, 1, total);
    }
    drawn.splice(0, drawn.length, ...stretchedAt(k, q));
    sum = total0(drawn);
    adjustments.push(
      `The ${pool.length} available human accounts are fewer than the about ${Math.ceil(total / meanTweets)} that ${total} human tweets need at the export's ${meanTweets.toFixed(2)} tweets per account: ` +
        (q === 1
          ? `each human's active days were multiplied by ${k.toFixed(2)} (at most ${windowDays}), keeping the observed tweets per active day.`
          : `every human is active on all ${windowDays} days and posts ${q.toFixed(2)} times the observed tweets per active day.`),
    );
  }
  // Trim the excess: from the last account first, never below one tweet per active day.
  let excess = sum - total;
  for (let i = drawn.length - 1; i >= 0 && excess > 0; i--) {
    const a = drawn[i];
    const cut = Math.min(excess, a.tweets - 1);
    a.tweets -= cut;
    a.days = Math.min(a.days, a.tweets);
    excess -= cut;
    if (a.tweets === 0) drawn.splice(i, 1);
  }
  if (excess !== 0) throw new Error('internal: human tweets could not be trimmed');
  return drawn;
}

/** Smallest f in [lo, hi] (to 1e-3) with ok(f), given ok(hi) and ok monotone. */
function smallestFactor(ok: (f: number) => boolean, lo: number, hi: number): number {
  if (ok(lo)) return lo;
  let a = lo;
  let b = hi;
  while (b - a > 1e-3 * Math.max(1, a)) {
    const m = (a + b) / 2;
    if (ok(m)) b = m;
    else a = m;
  }
  return b;
}

export interface AccountPlanOptions {
  pools: { bot: readonly PoolAccount[]; human: readonly PoolAccount[] };
  categoryPlan: CategoryPlan;
  windowDays: number;
  activity: ActivityModel;
}

/** Assigns every class tweet to an account, an active day and a hashtag category. */
export function planAccounts(
  options: AccountPlanOptions,
  rng: Random,
): { accounts: PlannedAccount[]; adjustments: string[] } {
  const { pools, categoryPlan, windowDays, activity } = options;
  const adjustments: string[] = [];
  const botTotal = categoryPlan.bot.reduce((s, c) => s + c, 0);
  const humanTotal = categoryPlan.human.reduce((s, c) => s + c, 0);
  const bots = allocateBots(pools.bot, botTotal, windowDays, activity.bot.activity, rng, adjustments);
  const humans = allocateHumans(pools.human, humanTotal, windowDays, activity.human.activity, rng, adjustments);
  const accounts: PlannedAccount[] = [];
  const urns = { bot: categoryPlan.bot.slice(), human: categoryPlan.human.slice() };
  const seen = new Set<string>();
  for (const [label, list] of [
    ['bot', bots],
    ['human', humans],
  ] as const) {
    for (const a of list) {
      if (seen.has(a.account.id)) throw new UserError(`account ${a.account.id} appears twice in the pools`);
      seen.add(a.account.id);
      const days = distinctSorted(windowDays, a.days, rng);
      // Bots post steadily on their active days; humans in the uneven way the export shows.
      const perDay = label === 'bot' ? evenSplit(a.tweets, a.days, rng) : randomSplit(a.tweets, a.days, 1, rng);
      const categories = new Array<number>(categoryPlan.categories.length).fill(0);
      for (let i = 0; i < a.tweets; i++) categories[drawFromUrn(urns[label], rng)]++;
      accounts.push({ account: a.account, label, days, perDay, categories, tweets: a.tweets });
    }
  }
  return { accounts, adjustments };
}

export interface HashtagRequest {
  tag: string;
  botShare: number;
  /** Relative weight of this hashtag among the single-hashtag tweets (default 1). */
  weight?: number;
}

/**
 * Turns a corpus size into per-hashtag counts: `overlapShare` of the `total` distinct
 * tweets carry every hashtag; the others carry one, split by the weights (largest
 * remainder, so that the counts add up exactly).
 */
export function splitTweets(
  total: number,
  requests: readonly HashtagRequest[],
  overlapShare: number,
): { hashtags: HashtagPlan[]; overlapTweets: number } {
  if (!Number.isInteger(total) || total < 1) throw new UserError(`the number of tweets must be a positive integer, got ${total}`);
  if (requests.length === 0) throw new UserError('at least one hashtag is needed');
  if (!(overlapShare >= 0 && overlapShare < 1)) throw new UserError(`the overlap must lie in [0, 1), got ${overlapShare}`);
  const overlap = requests.length >= 2 ? Math.round(overlapShare * total) : 0;
  const single = total - overlap;
  const weights = requests.map((r) => r.weight ?? 1);
  if (weights.some((w) => !(w > 0) || !Number.isFinite(w))) throw new UserError('hashtag weights must be positive numbers');
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (single * w) / sum);
  const counts = exact.map(Math.floor);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; k < single - counts.reduce((s, c) => s + c, 0); k++) counts[order[k].i]++;
  return {
    hashtags: requests.map((r, i) => ({ tag: r.tag, tweets: counts[i] + overlap, botShare: r.botShare })),
    overlapTweets: overlap,
  };
}
