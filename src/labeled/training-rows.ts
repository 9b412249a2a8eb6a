/**
 * Training examples from the labeled data, computed by the same feature code that scores.
 *
 * Every labeled account gives one row of account features at its probe time with timing
 * missing (what the model sees when timing is absent). An account that also has a labeled
 * timeline gives `windowsPerAccount` more rows, each with timing features over a random
 * window of consecutive tweets of its timeline, sized like what a hashtag corpus shows of an
 * account: 1 to 40 tweets, log-uniform (small windows are the common case), capped by the
 * timeline's length. Windows are drawn from a seeded PRNG.
 *
 * Timelines are joined to profiles by user id, requiring the same label. A timeline without
 * a profile row is skipped by default: in these data such accounts are all bots (cresci-2017's
 * social_spambots_2/3, traditional_spambots_1, most fake_followers), so rows with every
 * account feature missing would teach "profile missing → bot", an artefact of the data.
 * `unmatchedTimelines: 'timing-only'` keeps them anyway, for experiments.
 *
 * The same user id can appear in several sets (11 ids in the distributed data). With the
 * same label each copy stays, in its own set; with different labels (4 ids that gilani-2017
 * calls bot and verified-2019 human) every copy is left out: there is no telling which is right.
 *
 * `weight` gives each account a total weight of 1 over its rows, so that the accounts with
 * timelines do not count several times in the account features.
 */
import { accountFeatures } from '../features/account.js';
import { fitBigramModel, type BigramModel } from '../features/screen-name-likelihood.js';
import { missingTiming, timingFeatures } from '../features/timing.js';
import { ACCOUNT_FEATURES, FEATURES } from '../features/registry.js';
import { createRandom, type Random } from '../util/random.js';
import type { LabeledAccount, LabeledTimeline } from './types.js';

export interface TrainingRowsOptions {
  seed: number;
  /** Timing windows per account with a timeline (default 4). */
  windowsPerAccount?: number;
  /** Window sizes in tweets (default 1 and 40). */
  minWindow?: number;
  maxWindow?: number;
  /** The screen-name bigram table; default: fitted on the given accounts' screen names. */
  bigrams?: BigramModel;
  /** Timelines whose user has no profile among the accounts: 'skip' (default) or 'timing-only'. */
  unmatchedTimelines?: 'skip' | 'timing-only';
}

export interface TrainingRows {
  /** FEATURES order, NaN = missing. */
  raw: Float64Array[];
  /** 1 = bot, 0 = human. */
  label: Uint8Array;
  dataset: string[];
  accountId: string[];
  /** 1 when the row has timing features. */
  hasTiming: Uint8Array;
  /** 1 / (rows of the same account): every account weighs 1 in total. */
  weight: Float32Array;
  bigrams: BigramModel;
  stats: {
    /** Accounts given (including those left out for cross-set label conflicts). */
    accounts: number;
    accountsWithTiming: number;
    timingRows: number;
    /** Timelines with no profile among the accounts. */
    timelinesWithoutProfile: number;
    /** Timelines whose label disagrees with the profile's: not used. */
    labelConflicts: number;
    /** User ids that two sets label differently: all their accounts are left out. */
    crossSetLabelConflicts: number;
  };
}

/** Log-uniform integer in [lo, hi]: P(k) ∝ log((k + 1) / k). */
export function windowSize(rng: Random, lo: number, hi: number): number {
  if (hi <= lo) return lo;
  const k = Math.floor(lo * Math.pow((hi + 1) / lo, rng.uniform()));
  return Math.min(hi, Math.max(lo, k));
}

export function buildTrainingRows(
  accounts: readonly LabeledAccount[],
  timelines: ReadonlyMap<string, LabeledTimeline>,
  options: TrainingRowsOptions,
): TrainingRows {
  const windows = options.windowsPerAccount ?? 4;
  const lo = options.minWindow ?? 1;
  const hi = options.maxWindow ?? 40;
  if (!Number.isInteger(windows) || windows < 0) throw new Error('windowsPerAccount must be a non-negative integer');
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) throw new Error('need 1 ≤ minWindow ≤ maxWindow');
  const rng = createRandom(options.seed);
  const bigrams =
    options.bigrams ?? fitBigramModel(accounts.flatMap((a) => (a.author.screenName === undefined ? [] : [a.author.screenName])));

  const raw: Float64Array[] = [];
  const label: number[] = [];
  const dataset: string[] = [];
  const accountId: string[] = [];
  const hasTiming: number[] = [];
  const weight: number[] = [];
  const labelsById = new Map<string, Set<string>>();
  for (const a of accounts) labelsById.set(a.id, (labelsById.get(a.id) ?? new Set<string>()).add(a.label));
  const conflicting = new Set([...labelsById].filter(([, labels]) => labels.size > 1).map(([id]) => id));
  const stats = {
    accounts: accounts.length,
    accountsWithTiming: 0,
    timingRows: 0,
    timelinesWithoutProfile: 0,
    labelConflicts: 0,
    crossSetLabelConflicts: conflicting.size,
  };

  const push = (profile: Float64Array, timing: Float64Array, bot: boolean, ds: string, id: string, timed: boolean, w: number): void => {
    const row = new Float64Array(FEATURES.length);
    row.set(profile, 0);
    row.set(timing, ACCOUNT_FEATURES.length);
    raw.push(row);
    label.push(bot ? 1 : 0);
    dataset.push(ds);
    accountId.push(id);
    hasTiming.push(timed ? 1 : 0);
    weight.push(w);
  };
  const windowRows = (profile: Float64Array, timeline: LabeledTimeline, ds: string, id: string, w: number): void => {
    const events = timeline.events;
    for (let i = 0; i < windows; i++) {
      const k = windowSize(rng, Math.min(lo, events.length), Math.min(hi, events.length));
      const start = rng.int(events.length - k + 1);
      push(profile, timingFeatures(events.slice(start, start + k)), timeline.label === 'bot', ds, id, true, w);
      stats.timingRows += 1;
    }
  };

  const used = new Set<string>();
  for (const a of accounts) {
    if (conflicting.has(a.id)) continue;
    const profile = accountFeatures(a.author, a.probeTime, bigrams);
    let timeline = timelines.get(a.id);
    if (timeline !== undefined && (used.has(a.id) || timeline.events.length === 0)) timeline = undefined;
    if (timeline !== undefined && timeline.label !== a.label) {
      stats.labelConflicts += 1;
      timeline = undefined;
    }
    const rows = 1 + (timeline === undefined ? 0 : windows);
    push(profile, missingTiming(), a.label === 'bot', a.dataset, a.id, false, 1 / rows);
    if (timeline !== undefined) {
      used.add(a.id);
      stats.accountsWithTiming += 1;
      windowRows(profile, timeline, a.dataset, a.id, 1 / rows);
    }
  }
  const noAccount = new Float64Array(ACCOUNT_FEATURES.length).fill(Number.NaN);
  const profiled = new Set(accounts.map((a) => a.id));
  for (const [id, timeline] of timelines) {
    if (profiled.has(id) || timeline.events.length === 0) continue;
    stats.timelinesWithoutProfile += 1;
    if (options.unmatchedTimelines === 'timing-only' && windows > 0) windowRows(noAccount, timeline, timeline.dataset, id, 1 / windows);
  }
  return {
    raw,
    label: Uint8Array.from(label),
    dataset,
    accountId,
    hasTiming: Uint8Array.from(hasTiming),
    weight: Float32Array.from(weight),
    bigrams,
    stats,
  };
}
