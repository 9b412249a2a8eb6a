/**
 * Does the export model learn what a labeler sees? On real exports: a whole-export sample
 * drawn by the labeled-sample design, its first rows labeled by rule-based stand-ins for a
 * person (rules on what the labeling page shows, 10% of labels flipped), and the cross-fitted
 * predictions of the labeled accounts scored against those labels (AUC, log-loss), for the
 * export model with the page's features (src/features/export-activity.ts) against the model
 * with the eight activity features it had before (fixed ridge 0.05), and the public score
 * alone. Also the share of tweets with its interval (model-assisted with the refitted
 * jackknife, and labels only), against the stand-in's truth over every account.
 *
 * The rules read the export's feature table, so they share its vocabulary: this checks that
 * the model can use what the page shows, not that it finds a labeler's judgement it was never
 * given (an independent harness with its own labelers measures that).
 */
import path from 'node:path';
import { CROSS_FITTED_MODEL_ASSISTED, estimateLabeledShare, estimateLabelsOnlyShare, type SampledAccount } from '../estimate/model-assisted.js';
import { asDesignV1, inclusionProbabilities, labelingOrder, orderBySizes, sizeMeasures, type FrameAccount } from '../estimate/sample-design.js';
import { ExportActivity, type ExportFeatureTable } from '../features/export-activity.js';
import { fitExportModel, withPublicScore, type ExportFeatures, type ExportModelFit, type ExportModelOptions } from '../model/export-model.js';
import { auc, logLoss } from '../model/metrics.js';
import { openExports } from '../pipeline/exports.js';
import { refittedStandardErrors } from '../estimate/refitted-variance.js';
import type { Scorer } from '../pipeline/load-scorer.js';
import { aggregateBatches } from '../pipeline/summarise.js';
import { fnv1a32 } from '../util/hash.js';
import { mean, trueShare } from './labeled-population.js';

/** A stand-in labeler: bot or not from an account's feature values (raw scale), by name. */
export interface StandInRule {
  name: string;
  description: string;
  isBot: (v: (name: string) => number) => boolean;
}

const official = (v: (name: string) => number, names: readonly string[]): number =>
  names.filter((n) => /^client_share:Twitter (for|Web)/u.test(n)).reduce((s, n) => s + (Number.isNaN(v(n)) ? 0 : v(n)), 0);

/** Three labelers who weigh different parts of the page. NaN comparisons are false (unknown: not evidence). */
export function standInRules(names: readonly string[]): StandInRule[] {
  return [
    {
      name: 'profile',
      description: 'statuses per day of account age > 50, or < 30 followers with > 300 friends, or an account younger than 60 days',
      isBot: (v) => v('statuses_per_day') > 50 || (v('followers_count') < 30 && v('friends_count') > 300) || v('account_age_days') < 60,
    },
    {
      name: 'behaviour',
      description: 'half its tweets or more from clients other than Twitter’s own apps, or ≥ 30% of its own tweets repeating a text, or ≥ 8 tweets in an hour',
      isBot: (v) => (v('distinct_clients') > 0 && 1 - official(v, names) >= 0.5) || v('duplicate_text_share') >= 0.3 || v('max_tweets_per_hour') >= 8,
    },
    {
      name: 'points',
      description:
        'two or more of: > 25 statuses a day, followers/friends < 0.1, half its tweets from non-Twitter clients, ≥ 20% repeated texts, ≥ 80% tweets with links, ≥ 90% retweets, ≥ 20 tweets on its busiest day',
      isBot: (v) =>
        [
          v('statuses_per_day') > 25,
          v('followers_friends_ratio') < 0.1,
          v('distinct_clients') > 0 && 1 - official(v, names) >= 0.5,
          v('duplicate_text_share') >= 0.2,
          v('url_share') >= 0.8,
          v('retweet_share') >= 0.9,
          v('max_tweets_in_a_day') >= 20,
        ].filter(Boolean).length >= 2,
    },
  ];
}

/** The columns the export model had before the page's features, and its fixed ridge. */
export const BEFORE_COLUMNS = [
  'public_score_logit',
  'corpus_tweets',
  'active_days',
  'max_tweets_in_a_day',
  'retweet_share',
  'reply_share',
  'automation_client_share',
  'interarrival_mean',
];
export const BEFORE_OPTIONS: Partial<ExportModelOptions> = { l2: 0.05, l2Grid: [] };

function columns(f: ExportFeatures, keep: readonly string[]): ExportFeatures {
  const at = keep.map((n) => f.names.indexOf(n));
  if (at.includes(-1)) throw new Error(`missing column among ${keep.join(', ')}`);
  return { names: [...keep], rows: f.rows.map((r) => at.map((j) => r[j])), publicScore: f.publicScore };
}

const LOG1P = new Set(['statuses_per_day', 'followers_count', 'friends_count', 'account_age_days', 'max_tweets_per_hour', 'max_tweets_in_a_day', 'followers_friends_ratio', 'corpus_tweets', 'distinct_clients']);

export interface CheckRow {
  export: string;
  rule: string;
  seed: number;
  accounts: number;
  bots_in_frame: number;
  labeled: number;
  labeled_bots: number;
  truth_tweets: number;
  models: Record<string, { auc: number; log_loss: number; estimate: number; half_width: number; covered: boolean }>;
  labels_only: { estimate: number; half_width: number; covered: boolean };
}

interface ExportSetup {
  frame: FrameAccount[];
  /** The named hashtags in the frame's per-hashtag order (sorted), when two or more. */
  named: readonly string[] | undefined;
  table: ExportFeatureTable;
  publicScore: Float64Array;
  after: ExportFeatures;
}

/** Scores the export and builds its frame (of `scope`'s hashtags, or every tweet) and feature table. */
async function setUp(file: string, scorer: Scorer, scope: readonly string[] = []): Promise<ExportSetup> {
  const activity = new ExportActivity(scope, { features: true });
  const exports = openExports([file], { tap: (t) => activity.add(t) });
  const accumulator = await aggregateBatches(scorer.scoreBatches(() => exports.batches()), { threshold: scorer.rates.threshold });
  const frame = activity.frame();
  const scores = accumulator.meanScores();
  const publicScore = Float64Array.from(frame, (a) => scores.get(a.userId) ?? 0.5);
  const table = activity.featureTable(frame.map((a) => a.userId));
  return { frame, named: activity.named, table, publicScore, after: withPublicScore(table, publicScore) };
}

/** The stand-in's label of every account of the frame: the rule, then a seeded `flip` share flipped. */
function standInLabels(setup: ExportSetup, rule: StandInRule, flip: number): Uint8Array {
  const { table, frame } = setup;
  return Uint8Array.from(table.rows, (row, i) => {
    const v = (name: string): number => {
      const x = row[table.names.indexOf(name)];
      return LOG1P.has(name) ? Math.expm1(x) : x;
    };
    const flipped = fnv1a32(`${rule.name}\u0000${frame[i].userId}`) / 2 ** 32 < flip;
    return rule.isBot(v) !== flipped ? 1 : 0;
  });
}

/** The first k of a labeling order as the estimator's sample, labeled by `isBot`, with π at size k. */
function sampleOf(order: readonly { index: number }[], sizes: Float64Array, k: number, isBot: Uint8Array): SampledAccount[] {
  const pi = inclusionProbabilities(sizes, k);
  return order.slice(0, k).map(({ index }) => ({ index, label: isBot[index] ? 'bot' : 'human', inclusionProbability: pi[index] }));
}

/** Per domain, the model-assisted share (one refitted jackknife for all of them) and the labels-only share, against the truth. */
async function domainFigures(
  features: ExportFeatures,
  fit: ExportModelFit,
  sample: readonly SampledAccount[],
  domains: readonly { weights: Float64Array; truth: number }[],
  seed: number,
): Promise<{ model_assisted: Figure; labels_only: Figure }[]> {
  const labels = sample.map((s) => ({ index: s.index, bot: s.label === 'bot' }));
  const se =
    fit.method === 'cross-fitted-logistic'
      ? await refittedStandardErrors(features, labels, fit, sample, domains.map((d) => d.weights), CROSS_FITTED_MODEL_ASSISTED.lambda, seed)
      : undefined;
  return domains.map((d, j) => {
    const pop = { weights: d.weights, predictions: fit.predictions };
    const figure = (e: { value: number; interval: [number, number] }): Figure => ({
      estimate: e.value,
      half_width: (e.interval[1] - e.interval[0]) / 2,
      covered: e.interval[0] <= d.truth && d.truth <= e.interval[1],
    });
    return {
      model_assisted: figure(estimateLabeledShare(pop, sample, CROSS_FITTED_MODEL_ASSISTED, se?.[j])),
      labels_only: figure(estimateLabelsOnlyShare(pop, sample)),
    };
  });
}

interface Figure {
  estimate: number;
  half_width: number;
  covered: boolean;
}

/** One export: score, build the frame and features, then for every rule and seed the comparison. */
export async function checkExport(
  file: string,
  scorer: Scorer,
  options: { seeds: readonly number[]; drawn: number; labeled: number; flip: number },
): Promise<CheckRow[]> {
  const setup = await setUp(file, scorer);
  const { frame, table, publicScore, after } = setup;
  const before = columns(after, BEFORE_COLUMNS);
  const weights = Float64Array.from(frame, (a) => a.tweets);
  const sizes = sizeMeasures(frame);
  const out: CheckRow[] = [];
  for (const rule of standInRules(table.names)) {
    const isBot = standInLabels(setup, rule, options.flip);
    const truth = trueShare(weights, isBot);
    for (const seed of options.seeds) {
      const k = Math.min(options.labeled, options.drawn, frame.length);
      const sample = sampleOf(labelingOrder(frame, seed), sizes, k, isBot);
      const labels = sample.map((s) => ({ index: s.index, bot: s.label === 'bot' }));
      const y = Uint8Array.from(labels, (l) => (l.bot ? 1 : 0));
      const row: CheckRow = {
        export: path.basename(file),
        rule: rule.name,
        seed,
        accounts: frame.length,
        bots_in_frame: isBot.reduce((s, b) => s + b, 0),
        labeled: k,
        labeled_bots: y.reduce((s, b) => s + b, 0),
        truth_tweets: truth,
        models: {},
        labels_only: { estimate: 0, half_width: 0, covered: false },
      };
      const variants: [string, ExportFeatures, Partial<ExportModelOptions>][] = [
        ['before', before, BEFORE_OPTIONS],
        ['after', after, {}],
      ];
      for (const [name, features, opts] of variants) {
        const fit = await fitExportModel(features, labels, { ...opts, seed });
        const p = Float64Array.from(labels, (l) => fit.predictions[l.index]);
        const [f] = await domainFigures(features, fit, sample, [{ weights, truth }], seed);
        row.models[name] = { auc: auc(y, p), log_loss: logLoss(y, p), ...f.model_assisted };
        row.labels_only = f.labels_only;
      }
      const ps = Float64Array.from(labels, (l) => publicScore[l.index]);
      row.models.public_score = { auc: auc(y, ps), log_loss: logLoss(y, ps), estimate: Number.NaN, half_width: Number.NaN, covered: false };
      out.push(row);
    }
  }
  return out;
}

/** Score clamp of the Neyman-like measure: a confident score must not make an account nearly undrawable. */
const NEYMAN_CLAMP = 0.05;

/**
 * The Neyman-like candidate for named hashtags: design v2's balance, with each hashtag's tweet
 * half proportional to tweets × √(s(1 − s)) (s the public score, clamped to [0.05, 0.95])
 * instead of tweets; the uniform half unchanged.
 */
export function neymanSizes(frame: readonly FrameAccount[], scores: ArrayLike<number>): Float64Array {
  const m = frame[0]?.byHashtag?.length ?? 0;
  if (m < 2) throw new Error('the Neyman-like measure is for two or more named hashtags');
  const spread = Float64Array.from(scores, (s) => {
    const c = Math.min(1 - NEYMAN_CLAMP, Math.max(NEYMAN_CLAMP, s));
    return Math.sqrt(c * (1 - c));
  });
  const out = new Float64Array(frame.length);
  for (let h = 0; h < m; h++) {
    let mass = 0;
    let accounts = 0;
    frame.forEach((a, i) => {
      const t = (a.byHashtag as readonly number[])[h];
      mass += t * spread[i];
      if (t > 0) accounts++;
    });
    if (accounts === 0) continue;
    frame.forEach((a, i) => {
      const t = (a.byHashtag as readonly number[])[h];
      if (t > 0) out[i] += (0.5 * ((t * spread[i]) / mass) + 0.5 / accounts) / m;
    });
  }
  const sum = out.reduce((x, y) => x + y, 0);
  return out.map((p) => p / sum);
}

export interface NamedRow {
  export: string;
  hashtags: string[];
  rule: string;
  design: string;
  seed: number;
  labeled: number;
  per_hashtag: {
    hashtag: string;
    tweets: number;
    accounts: number;
    labeled_accounts: number;
    truth: number;
    model_assisted: Figure;
    labels_only: Figure;
  }[];
}

/**
 * Two named hashtags (the export's two most tweeted, unless given): `labeled` accounts drawn by
 * design v1, v2 and the Neyman-like candidate, labeled by each stand-in; per hashtag the
 * share of tweets with its interval.
 */
export async function checkNamedHashtags(
  file: string,
  scorer: Scorer,
  hashtags: readonly string[],
  options: { seeds: readonly number[]; labeled: number; flip: number },
): Promise<NamedRow[]> {
  const setup = await setUp(file, scorer, hashtags);
  const { frame, table, after, publicScore } = setup;
  const designs: [string, Float64Array][] = [
    ['v1', sizeMeasures(asDesignV1(frame))],
    ['v2', sizeMeasures(frame)],
    ['neyman', neymanSizes(frame, publicScore)],
  ];
  const domains = (setup.named ?? hashtags).map((h, j) => ({ hashtag: h, weights: Float64Array.from(frame, (a) => (a.byHashtag as readonly number[])[j]) }));
  const out: NamedRow[] = [];
  for (const rule of standInRules(table.names)) {
    const isBot = standInLabels(setup, rule, options.flip);
    for (const seed of options.seeds) {
      for (const [design, sizes] of designs) {
        const k = Math.min(options.labeled, frame.length);
        const sample = sampleOf(orderBySizes(frame, sizes, seed), sizes, k, isBot);
        const labels = sample.map((s) => ({ index: s.index, bot: s.label === 'bot' }));
        const fit = await fitExportModel(after, labels, { seed });
        const truths = domains.map((d) => trueShare(d.weights, isBot));
        const figures = await domainFigures(after, fit, sample, domains.map((d, j) => ({ weights: d.weights, truth: truths[j] })), seed);
        const perHashtag: NamedRow['per_hashtag'] = domains.map((d, j) => ({
          hashtag: d.hashtag,
          tweets: d.weights.reduce((x, y) => x + y, 0),
          accounts: d.weights.reduce((x, y) => x + (y > 0 ? 1 : 0), 0),
          labeled_accounts: sample.filter((s) => d.weights[s.index] > 0).length,
          truth: truths[j],
          ...figures[j],
        }));
        out.push({ export: path.basename(file), hashtags: [...hashtags], rule: rule.name, design, seed, labeled: k, per_hashtag: perHashtag });
      }
    }
  }
  return out;
}

/** Per design: mean half-width and coverage over every (row, hashtag), and the smaller hashtag's share of the labels. */
export function summariseNamed(rows: readonly NamedRow[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const design of [...new Set(rows.map((r) => r.design))]) {
    const mine = rows.filter((r) => r.design === design);
    const cells = mine.flatMap((r) => r.per_hashtag);
    out[design] = {
      cells: cells.length,
      mean_half_width_model_assisted: mean(cells.map((c) => c.model_assisted.half_width)),
      coverage_model_assisted: mean(cells.map((c) => (c.model_assisted.covered ? 1 : 0))),
      mean_half_width_labels_only: mean(cells.map((c) => c.labels_only.half_width)),
      coverage_labels_only: mean(cells.map((c) => (c.labels_only.covered ? 1 : 0))),
      worst_hashtag_half_width_model_assisted: mean(mine.map((r) => Math.max(...r.per_hashtag.map((c) => c.model_assisted.half_width)))),
      smaller_hashtag_labeled_share: mean(mine.map((r) => Math.min(...r.per_hashtag.map((c) => c.labeled_accounts)) / r.labeled)),
    };
  }
  return out;
}

/** Means over rows with both classes among the labels (AUC is undefined otherwise). */
export function summariseCheck(rows: readonly CheckRow[]): Record<string, Record<string, number>> {
  const usable = rows.filter((r) => r.labeled_bots > 0 && r.labeled_bots < r.labeled);
  const summary: Record<string, Record<string, number>> = {};
  for (const m of ['before', 'after', 'public_score']) {
    summary[m] = {
      rows: usable.length,
      mean_auc: mean(usable.map((r) => r.models[m].auc)),
      mean_log_loss: mean(usable.map((r) => r.models[m].log_loss)),
      ...(m === 'public_score'
        ? {}
        : {
            mean_half_width_tweets: mean(rows.map((r) => r.models[m].half_width)),
            coverage_tweets: mean(rows.map((r) => (r.models[m].covered ? 1 : 0))),
          }),
    };
  }
  summary.labels_only = { mean_half_width_tweets: mean(rows.map((r) => r.labels_only.half_width)), coverage_tweets: mean(rows.map((r) => (r.labels_only.covered ? 1 : 0))) };
  return summary;
}
