/**
 * The bot share of one series (a hashtag, or all tweets) by every available method, on
 * both units, with percentile-bootstrap intervals over accounts; plus the threshold
 * sensitivity curve, the score distribution and the daily series. Reads aggregates only.
 */

import { normalizeHashtag } from '../ingest/tweet.js';
import { HISTOGRAM_BINS, SeriesAccumulator, type ShareAccumulator } from './accumulator.js';
import {
  accountUnits,
  bootstrapReplicates,
  DEFAULT_BOOTSTRAP,
  percentileInterval,
  sampleStats,
  type BootstrapOptions,
  type Replicates,
} from './bootstrap.js';
import { bootstrapInParallel } from './bootstrap-pool.js';
import { DEFAULT_METHODS, HEADLINE_PREFERENCE } from './default-method.js';
import { acc, correctionGap, METHODS, pacc, ratesForUnit, UNSTABLE_GAP, type PrevalenceMethod } from './methods.js';
import { kindRanges, setValuedInterval, undefinedShare } from './rate-spread.js';
import { sensitivityCurve, type SensitivityPoint } from './sensitivity.js';
import type { ClassifierRates } from '../model/rates.js';
import type { MethodName, Unit } from './types.js';
import { METHOD_NAMES, UNITS } from './types.js';
import { DAY_MS } from '../util/time.js';

/** Fewer accounts than this and a bootstrap over accounts says little. */
export const FEW_ACCOUNTS = 30;

export type FlagCode =
  | 'unstable_correction'
  | 'clipped'
  | 'method_unavailable'
  | 'few_accounts'
  | 'no_tweets'
  | 'no_corrected_estimate'
  | 'account_rates_on_tweets'
  | 'rates_spread'
  | 'not_bounded'
  | 'rates_contradicted'
  | 'overall_outside_hashtags';

export interface Flag {
  code: FlagCode;
  message: string;
  method?: MethodName;
  unit?: Unit;
}

/** One number and where it came from. */
export interface ShareFigure {
  method: MethodName;
  unit: Unit;
  /** The share in [0, 1] (clipped when the correction overshoots). */
  estimate: number;
  /** Before clipping. */
  raw: number;
  /** Percentile bootstrap interval over accounts, or null when no replicate was usable. */
  ci95: [number, number] | null;
}

export interface DailyPoint {
  /** YYYY-MM-DD (UTC). */
  date: string;
  tweets: number;
  /** Estimated bot tweets that day by each method (share of the day × tweets of the day). */
  botTweets: Partial<Record<MethodName, number>>;
}

export interface ScoreBin {
  /** Lower edge; the bin is [from, from + 0.05), the last one includes 1. */
  from: number;
  tweets: number;
  accounts: number;
}

export interface SeriesEstimate {
  tweets: number;
  accounts: number;
  /** Every available method's figure, per unit. */
  figures: Record<Unit, Partial<Record<MethodName, ShareFigure>>>;
  /** The answer: the default method's figure per unit (null when no corrected estimate exists). */
  headline: Record<Unit, ShareFigure | null>;
  sensitivity: SensitivityPoint[];
  daily: DailyPoint[];
  scoreDistribution: ScoreBin[];
  flags: Flag[];
}

export interface EstimateOptions {
  bootstrap?: BootstrapOptions;
  /** The method of the headline figures of both units; by default each unit's, chosen by evidence. */
  method?: MethodName;
}

/**
 * Methods that can run on the rates of both units (one method gives both shares), and
 * flags for those that cannot.
 */
export function availableMethods(rates: ClassifierRates): { methods: PrevalenceMethod[]; flags: Flag[] } {
  const methods: PrevalenceMethod[] = [];
  const flags: Flag[] = [];
  for (const name of METHOD_NAMES) {
    const m = METHODS[name];
    const reasons = UNITS.map((unit) => {
      const reason = m.unavailableReason(ratesForUnit(rates, unit));
      return reason === undefined ? undefined : rates.tweetLevel === undefined ? reason : `${reason} (${unit})`;
    }).filter((r): r is string => r !== undefined);
    if (reasons.length === 0) methods.push(m);
    else flags.push({ code: 'method_unavailable', method: name, message: `${name} not computed: ${[...new Set(reasons)].join('; ')}.` });
  }
  return { methods, flags };
}

/** Flags that depend on the rates only (the same for every series). */
export function rateFlags(rates: ClassifierRates): Flag[] {
  const flags: Flag[] = [];
  const spread = kindRanges(rates);
  if (spread !== undefined) {
    const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
    flags.push({
      code: 'rates_spread',
      message: `Without labels the export's error rates are unknown: measured on each labeled set by a model trained without it, TPR ranged ${pct(spread.tpr[0])}–${pct(spread.tpr[1])} over ${spread.bots} kinds of bots and FPR ${pct(spread.fpr[0])}–${pct(spread.fpr[1])} over ${spread.humans} kinds of humans. Each bootstrap replicate draws one kind of each, so the intervals span what the corrected share would be under each.`,
    });
  }
  if (rates.tweetLevel === undefined) {
    flags.push({
      code: 'account_rates_on_tweets',
      unit: 'tweets',
      message:
        'The model card gives no tweet-level rates, so tweet shares are corrected with account-level rates. That is right only if, among bots and among humans, how much an account tweets does not depend on its score; if busier accounts score higher, the corrected tweet shares are biased.',
    });
    return [...flags, ...gapFlags(rates, undefined)];
  }
  return [...flags, ...gapFlags(rates, 'accounts'), ...gapFlags(ratesForUnit(rates, 'tweets'), 'tweets')];
}

/** The unstable-correction flags of the adjusted methods, each judged by its own gap. */
function gapFlags(rates: ClassifierRates, unit: Unit | undefined): Flag[] {
  const flags: Flag[] = [];
  for (const method of [acc, pacc]) {
    const c = method.correction?.(rates);
    if (c === undefined || method.unstableMessage === undefined) continue;
    const gap = correctionGap(c);
    if (gap < UNSTABLE_GAP) {
      flags.push({ code: 'unstable_correction', method: method.name, ...(unit === undefined ? {} : { unit }), message: method.unstableMessage(gap, unit) });
    }
  }
  return flags;
}

/** A unit's headline method: the requested one if available, else the unit's default, else the first available adjusted one. */
export function headlineMethod(available: readonly PrevalenceMethod[], requested?: MethodName, unit: Unit = 'tweets'): MethodName | undefined {
  const names = new Set(available.map((m) => m.name));
  if (requested !== undefined) return names.has(requested) ? requested : undefined;
  return [DEFAULT_METHODS[unit], ...HEADLINE_PREFERENCE].find((n) => names.has(n));
}

export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Estimates one series. `key` names it for its bootstrap seed (a hashtag, or '' for all tweets). */
export function estimateSeries(
  series: SeriesAccumulator,
  rates: ClassifierRates,
  key: string,
  options: EstimateOptions = {},
  /** This series' bootstrap replicates when already computed (see `estimateCorpusInParallel`). */
  precomputed?: Replicates,
): SeriesEstimate {
  const { methods } = availableMethods(rates);
  const boot = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  const units = accountUnits(series.columns(), rates.threshold);
  const stats = sampleStats(units);
  const replicates = precomputed ?? bootstrapReplicates(units, rates, methods, boot, key);
  const flags: Flag[] = [];

  const figures: SeriesEstimate['figures'] = { tweets: {}, accounts: {} };
  const ciFlags: Flag[] = [];
  for (const unit of UNITS) {
    for (const m of methods) {
      const point = m.estimate(stats[unit], ratesForUnit(rates, unit));
      const reps = replicates[unit][m.name];
      const interval = reps === undefined || series.tweets === 0 ? undefined : adjustedInterval(m, unit, reps);
      if (interval !== undefined) ciFlags.push(...interval.flags);
      const ci = interval?.ci;
      figures[unit][m.name] = { method: m.name, unit, estimate: point.value, raw: point.raw, ci95: ci ?? null };
      if (Number.isFinite(point.raw) && point.raw !== point.value) {
        flags.push({
          code: 'clipped',
          method: m.name,
          unit,
          message: `${m.name} on ${unit} gave ${point.raw.toFixed(3)}, outside [0, 1]; clipped to ${point.value}. A small overshoot is expected when the true share is near ${point.value}; a large one means the model card rates do not hold on this corpus.`,
        });
      }
    }
  }

  const headline = {} as SeriesEstimate['headline'];
  for (const unit of UNITS) {
    const chosen = headlineMethod(methods, options.method, unit);
    headline[unit] = chosen === undefined ? null : (figures[unit][chosen] ?? null);
    // Interval flags are said of the answers only: every method's would repeat them.
    flags.push(...ciFlags.filter((f) => f.unit === unit && f.method === chosen));
  }
  if (headline.tweets === null) {
    flags.push({
      code: 'no_corrected_estimate',
      message:
        'No corrected estimate could be computed from the model card rates, and an uncorrected count is biased: no headline share is given.',
    });
  }
  if (series.tweets === 0) {
    flags.push({ code: 'no_tweets', message: 'No tweets: nothing to estimate.' });
  } else if (series.accounts < FEW_ACCOUNTS) {
    flags.push({
      code: 'few_accounts',
      message: `Only ${series.accounts} accounts: the share depends on a handful of accounts and the bootstrap interval is unreliable.`,
    });
  }

  return {
    tweets: series.tweets,
    accounts: series.accounts,
    figures,
    headline,
    sensitivity: sensitivityCurve(series.histogram, units, rates),
    daily: dailySeries(series, rates, methods),
    scoreDistribution: scoreDistribution(series.histogram, units.meanScore),
    flags,
  };
}

/**
 * A method's interval from its replicates, with what it means. Adjusted methods: replicates
 * whose correction was undefined count as any share (`setValuedInterval`); an interval of
 * zero width at 0 or 1 (every replicate clipped there) is not a finding but a sign that no
 * rates the bootstrap drew fit this series, so it becomes [0, 1], flagged.
 */
function adjustedInterval(m: PrevalenceMethod, unit: Unit, reps: Float64Array): { ci: [number, number] | undefined; flags: Flag[] } {
  if (!m.adjusted) return { ci: percentileInterval(reps), flags: [] };
  const ci = setValuedInterval(reps);
  if (ci === undefined) return { ci, flags: [] };
  const flags: Flag[] = [];
  const atBound = ci[1] - ci[0] < 1e-9 && (ci[1] <= 0 || ci[0] >= 1);
  if (atBound) {
    flags.push({
      code: 'rates_contradicted',
      method: m.name,
      unit,
      message: `Every bootstrap replicate of ${m.name} on ${unit} fell at or beyond ${ci[0] >= 1 ? '100%' : '0%'}: the classifier's error rates do not fit this series, so without labels the share is not bounded (interval [0%, 100%]).`,
    });
    return { ci: [0, 1], flags };
  }
  if (ci[0] <= 0 && ci[1] >= 1) {
    const undef = undefinedShare(reps);
    flags.push({
      code: 'not_bounded',
      method: m.name,
      unit,
      message:
        `Without labels the share of ${unit} is not bounded: under the error rates the bootstrap drew (with per-set rates: those of each kind of bots and humans the model was tested on), it could be anywhere from 0% to 100%` +
        (undef > 0 ? ` (in ${(100 * undef).toFixed(0)}% of the bootstrap replicates the rates drawn could not correct the count at all)` : '') +
        '. A labeled sample of the accounts (botshare sample) would bound it.',
    });
  }
  return { ci, flags };
}

function dailySeries(series: SeriesAccumulator, rates: ClassifierRates, methods: readonly PrevalenceMethod[]): DailyPoint[] {
  return series.daily().map((d) => {
    const botTweets: DailyPoint['botTweets'] = {};
    const tweetRates = ratesForUnit(rates, 'tweets');
    for (const m of methods) {
      const share = m.estimate({ total: d.tweets, above: d.above, scoreSum: d.scoreSum }, tweetRates).value;
      botTweets[m.name] = share * d.tweets;
    }
    return { date: dayString(d.day), tweets: d.tweets, botTweets };
  });
}

/** Twenty bins of width 0.05: tweets from the fine histogram, accounts from their mean scores. */
function scoreDistribution(histogram: Float64Array, meanScores: Float64Array): ScoreBin[] {
  const per = HISTOGRAM_BINS / 20;
  const bins: ScoreBin[] = Array.from({ length: 20 }, (_, i) => ({ from: i / 20, tweets: 0, accounts: 0 }));
  for (let i = 0; i < HISTOGRAM_BINS; i++) bins[Math.floor(i / per)].tweets += histogram[i];
  for (const s of meanScores) bins[Math.min(19, Math.floor(s * 20 + 1e-12))].accounts += 1;
  return bins;
}

export interface CorpusEstimate {
  threshold: number;
  bootstrap: BootstrapOptions;
  /** The headline method of shares of tweets, the answer (undefined when none is available). */
  method: MethodName | undefined;
  /** The headline method of each unit. */
  methods: Record<Unit, MethodName | undefined>;
  overall: SeriesEstimate;
  hashtags: { hashtag: string; estimate: SeriesEstimate }[];
  /** Flags that hold for every series (rates, unavailable methods). */
  flags: Flag[];
}

/**
 * Every series of an accumulator: all tweets, then the given hashtags (default: all tracked
 * hashtags, most tweeted first, at most `maxHashtags`).
 */
export type CorpusOptions = EstimateOptions & { hashtags?: readonly string[]; maxHashtags?: number };

/** The hashtags a corpus estimate reports: the given ones, or the most tweeted tracked ones. */
function reportedHashtags(accumulator: ShareAccumulator, options: CorpusOptions): string[] {
  return (
    options.hashtags?.map(normalizeHashtag) ??
    accumulator.hashtags().slice(0, options.maxHashtags ?? Number.POSITIVE_INFINITY)
  );
}

/** A requested hashtag that never occurred is reported with no tweets, not dropped. */
function seriesOf(accumulator: ShareAccumulator, hashtag: string): SeriesAccumulator {
  return accumulator.series(hashtag) ?? new SeriesAccumulator(accumulator.threshold);
}

function corpusEstimate(
  accumulator: ShareAccumulator,
  rates: ClassifierRates,
  options: CorpusOptions,
  precomputed?: readonly Replicates[],
): CorpusEstimate {
  if (rates.threshold !== accumulator.threshold) {
    throw new RangeError(
      `the rates are for threshold ${rates.threshold} but the tweets were counted at ${accumulator.threshold}`,
    );
  }
  const bootstrap = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  const { methods, flags } = availableMethods(rates);
  const tags = reportedHashtags(accumulator, options);
  const chosen = { tweets: headlineMethod(methods, options.method, 'tweets'), accounts: headlineMethod(methods, options.method, 'accounts') };
  const overall = estimateSeries(accumulator.overall, rates, '', { ...options, bootstrap }, precomputed?.[0]);
  const hashtags = tags.map((hashtag, i) => ({
    hashtag,
    estimate: estimateSeries(seriesOf(accumulator, hashtag), rates, `#${hashtag}`, { ...options, bootstrap }, precomputed?.[i + 1]),
  }));
  const coherence = overallCoherence(
    overall,
    hashtags.map((h) => h.estimate),
    { tweets: accumulator.untaggedTweets, above: accumulator.untaggedAbove },
  );
  if (coherence !== undefined) overall.flags.push(coherence);
  return {
    threshold: rates.threshold,
    bootstrap,
    method: chosen.tweets,
    methods: chosen,
    overall,
    hashtags,
    flags: [...rateFlags(rates), ...flags],
  };
}

/** How far (in share) the all-tweets answer may fall outside its hashtags' answers unremarked. */
export const COHERENCE_MARGIN = 0.05;

/**
 * The all-tweets row against the hashtag rows. A corrected share is monotone in the raw
 * count, so when the hashtags partition the tweets the all-tweets answer lies within theirs; when
 * it falls far outside, the rows describe different tweets (tweets without a hashtag, or in
 * hashtags not reported), and an unstable correction magnifies the difference of their raw
 * counts. The flag says which, so the rows are not read as contradicting each other.
 */
export function overallCoherence(
  overall: SeriesEstimate,
  hashtags: readonly SeriesEstimate[],
  untagged: { tweets: number; above: number },
): Flag | undefined {
  const o = overall.headline.tweets;
  const points = hashtags.flatMap((h) => (h.headline.tweets === null || h.tweets === 0 ? [] : [h.headline.tweets.estimate]));
  if (o === null || points.length === 0) return undefined;
  const lo = Math.min(...points);
  const hi = Math.max(...points);
  if (o.estimate >= lo - COHERENCE_MARGIN && o.estimate <= hi + COHERENCE_MARGIN) return undefined;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const cause =
    untagged.tweets > 0
      ? ` ${untagged.tweets.toLocaleString('en-US')} of its ${overall.tweets.toLocaleString('en-US')} tweets (${pct(untagged.tweets / Math.max(1, overall.tweets))}) carry no hashtag, and ${pct(untagged.above / untagged.tweets)} of those score at or above the threshold: they are in no hashtag row.`
      : ' Its tweets are not all in the hashtags reported.';
  return {
    code: 'overall_outside_hashtags',
    method: o.method,
    unit: 'tweets',
    message: `All tweets: ${pct(o.estimate)} (${o.method}), outside the hashtags' ${pct(lo)}–${pct(hi)}.${cause} A small difference in raw counts becomes a large one after an unstable correction; compare the intervals, not the points.`,
  };
}

export function estimateCorpus(accumulator: ShareAccumulator, rates: ClassifierRates, options: CorpusOptions = {}): CorpusEstimate {
  return corpusEstimate(accumulator, rates, options);
}

/**
 * `estimateCorpus` with the series' bootstraps run on the machine's cores (worker threads):
 * the same estimate, number for number, in a fraction of the time on large corpora.
 */
export async function estimateCorpusInParallel(
  accumulator: ShareAccumulator,
  rates: ClassifierRates,
  options: CorpusOptions = {},
): Promise<CorpusEstimate> {
  if (rates.threshold !== accumulator.threshold) return corpusEstimate(accumulator, rates, options); // throws
  const bootstrap = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  const methods = availableMethods(rates).methods.map((m) => m.name);
  const keyed = [
    { key: '', series: accumulator.overall },
    ...reportedHashtags(accumulator, options).map((hashtag) => ({ key: `#${hashtag}`, series: seriesOf(accumulator, hashtag) })),
  ];
  const { replicates } = await bootstrapInParallel(
    keyed.map(({ key, series }) => ({
      accounts: series.accounts,
      units: () => accountUnits(series.columns(), rates.threshold),
      rates,
      methods,
      options: bootstrap,
      key,
    })),
  );
  return corpusEstimate(accumulator, rates, options, replicates);
}
