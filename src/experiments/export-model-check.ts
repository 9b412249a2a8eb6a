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
import { CROSS_FITTED_MODEL_ASSISTED, estimateLabeledShare, estimateLabelsOnlyShare, type SampledAccount } from '../estimate/model-assisted.js';
import { drawSample, inclusionProbabilities, sizeMeasures } from '../estimate/sample-design.js';
import { ExportActivity } from '../features/export-activity.js';
import { fitExportModel, withPublicScore, type ExportFeatures, type ExportModelOptions } from '../model/export-model.js';
import { auc, logLoss } from '../model/metrics.js';
import { openExports } from '../pipeline/exports.js';
import { refittedStandardErrors } from '../pipeline/refitted-variance.js';
import type { Scorer } from '../pipeline/scorer.js';
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

/** One export: score, build the frame and features, then for every rule and seed the comparison. */
export async function checkExport(
  file: string,
  scorer: Scorer,
  options: { seeds: readonly number[]; drawn: number; labeled: number; flip: number },
): Promise<CheckRow[]> {
  const activity = new ExportActivity([], { features: true });
  const exports = openExports([file], { tap: (t) => activity.add(t) });
  const acc = await aggregateBatches(scorer.scoreBatches(() => exports.batches()), { threshold: scorer.rates.threshold });
  const frame = activity.frame();
  const scores = acc.meanScores();
  const publicScore = Float64Array.from(frame, (a) => scores.get(a.userId) ?? 0.5);
  const table = activity.featureTable(frame.map((a) => a.userId));
  const after = withPublicScore(table, publicScore);
  const before = columns(after, BEFORE_COLUMNS);
  const weights = Float64Array.from(frame, (a) => a.tweets);
  const out: CheckRow[] = [];
  for (const rule of standInRules(table.names)) {
    const isBot = Uint8Array.from(table.rows, (row, i) => {
      const v = (name: string): number => {
        const x = row[table.names.indexOf(name)];
        return LOG1P.has(name) ? Math.expm1(x) : x;
      };
      const flipped = fnv1a32(`${rule.name}\u0000${frame[i].userId}`) / 2 ** 32 < options.flip;
      return rule.isBot(v) !== flipped ? 1 : 0;
    });
    const truth = trueShare(weights, isBot);
    for (const seed of options.seeds) {
      const draw = drawSample(frame, options.drawn, seed);
      const k = Math.min(options.labeled, draw.n);
      const pi = inclusionProbabilities(sizeMeasures(frame), k);
      const index = new Map(frame.map((a, i) => [a.userId, i]));
      const sample: SampledAccount[] = draw.rows.slice(0, k).map((r) => {
        const i = index.get(r.userId) as number;
        return { index: i, label: isBot[i] ? 'bot' : 'human', inclusionProbability: pi[i] };
      });
      const labels = sample.map((s) => ({ index: s.index, bot: s.label === 'bot' }));
      const y = Uint8Array.from(labels, (l) => (l.bot ? 1 : 0));
      const pop = (predictions: Float64Array) => ({ weights, predictions });
      const row: CheckRow = {
        export: file.split('/').pop() as string,
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
      const lo = estimateLabelsOnlyShare(pop(publicScore), sample);
      row.labels_only = { estimate: lo.value, half_width: (lo.interval[1] - lo.interval[0]) / 2, covered: lo.interval[0] <= truth && truth <= lo.interval[1] };
      const variants: [string, ExportFeatures, Partial<ExportModelOptions>][] = [
        ['before', before, BEFORE_OPTIONS],
        ['after', after, {}],
      ];
      for (const [name, features, opts] of variants) {
        const fit = await fitExportModel(features, labels, { ...opts, seed });
        const p = Float64Array.from(labels, (l) => fit.predictions[l.index]);
        const se =
          fit.method === 'cross-fitted-logistic'
            ? (await refittedStandardErrors(features, labels, fit, sample, [weights], CROSS_FITTED_MODEL_ASSISTED.lambda, seed))[0]
            : undefined;
        const e = estimateLabeledShare(pop(fit.predictions), sample, CROSS_FITTED_MODEL_ASSISTED, se);
        row.models[name] = {
          auc: auc(y, p),
          log_loss: logLoss(y, p),
          estimate: e.value,
          half_width: (e.interval[1] - e.interval[0]) / 2,
          covered: e.interval[0] <= truth && truth <= e.interval[1],
        };
      }
      const ps = Float64Array.from(labels, (l) => publicScore[l.index]);
      row.models.public_score = { auc: auc(y, ps), log_loss: logLoss(y, ps), estimate: Number.NaN, half_width: Number.NaN, covered: false };
      out.push(row);
    }
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
