/**
 * How well the estimators recover a known bot share, end to end: for each planted share,
 * simulate a ground-truth corpus from accounts the model never saw, write it as v1.1
 * JSONL, and give only that file to the estimation path (ingest → model → estimators).
 * The truth stays here and is compared with the estimates afterwards: mean absolute
 * error, bias, and how often each 95% interval covers the planted share — for every
 * method, classify-and-count and the activity rule included.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BootstrapOptions } from '../estimate/bootstrap.js';
import type { SensitivityPoint } from '../estimate/sensitivity.js';
import type { EstimatorEvidence, MethodAccuracy } from '../estimate/evidence.js';
import { METHOD_NAMES, type MethodName } from '../estimate/types.js';
import { estimateStudyCorpus } from '../replicate/analyse-study.js';
import type { Scorer } from '../pipeline/load-scorer.js';
import { RULE_CRITERIA } from '../replicate/activity-rule.js';
import { createRandom } from '../util/random.js';
import { simulateCorpus, windowDays } from '../simulate/corpus.js';
import { orderPools } from '../simulate/held-out.js';
import type { ActivityModel, PoolAccount, TimeWindow } from '../simulate/types.js';
import { writeV1Jsonl } from '../simulate/v1-writer.js';

export type EvaluatedMethod = MethodName | 'activity_corpus' | 'activity_profile' | 'activity_either';

export interface EstimatorEvaluationOptions {
  /** The held-out accounts (any order: each corpus orders them with its own seed). */
  accounts: readonly PoolAccount[];
  /**
   * Which accounts a corpus draws first: the Italian sets (as the March 2020 hashtags would;
   * the default), or all held-out accounts alike ('uniform': the same mix of sets as the
   * training accounts that measured the in-domain rates, i.e. no shift in what bots and humans look like).
   */
  mix?: 'italian-first' | 'uniform';
  activity: ActivityModel;
  scorer: Scorer;
  /** One corpus per planted share of bot tweets. */
  shares: readonly number[];
  tweetsPerCorpus: number;
  window: TimeWindow;
  seed: number;
  /** Where the corpora are written (removed afterwards unless `keep`). */
  workDir: string;
  keep?: boolean;
  bootstrap?: Partial<BootstrapOptions>;
  onCorpus?: (done: number, total: number) => void;
}

export interface Figure {
  estimate: number;
  ci95: [number, number] | null;
}

export interface CorpusOutcome {
  seed: number;
  /** Planted share of tweets (realised, exact) and the resulting share of accounts. */
  planted: { tweets: number; accounts: number };
  tweets: number;
  accounts: number;
  botAccounts: number;
  /** The headline method of the estimation module on this corpus. */
  headline: MethodName | undefined;
  figures: { tweets: Partial<Record<EvaluatedMethod, Figure>>; accounts: Partial<Record<EvaluatedMethod, Figure>> };
  /** The corpus's threshold-sensitivity curve (classify-and-count and adjusted count per threshold). */
  sensitivity: SensitivityPoint[];
}

export interface EstimatorEvaluation {
  mix: 'italian-first' | 'uniform';
  tweetsPerCorpus: number;
  seed: number;
  corpora: CorpusOutcome[];
  accuracy: MethodAccuracy[];
}

export const EVALUATION_TAG = 'evaluation';

/** `n` shares evenly spread over [from, to]. */
export function spreadShares(n: number, from = 0.05, to = 0.7): number[] {
  if (n === 1) return [from];
  return Array.from({ length: n }, (_, i) => Math.round((from + ((to - from) * i) / (n - 1)) * 1e4) / 1e4);
}

/**
 * The i-th ground-truth corpus of a run (one hashtag, planted share `shares[i]`, seed
 * `seed·1000 + i`), written as v1.1 JSONL to `file`; the truth stays with the caller.
 */
export async function writeEvaluationCorpus(
  o: Pick<EstimatorEvaluationOptions, 'accounts' | 'mix' | 'tweetsPerCorpus' | 'shares' | 'window' | 'seed' | 'activity'>,
  i: number,
  file: string,
): Promise<ReturnType<typeof simulateCorpus>> {
  const seed = o.seed * 1000 + i;
  const sim = simulateCorpus({
    pools: o.mix === 'uniform' ? orderPools(o.accounts, createRandom(seed), () => false) : orderPools(o.accounts, createRandom(seed)),
    hashtags: [{ tag: EVALUATION_TAG, tweets: o.tweetsPerCorpus, botShare: o.shares[i] }],
    window: o.window,
    seed,
    activity: o.activity,
  });
  await writeV1Jsonl(sim.tweets(), file, { overwrite: true });
  return sim;
}

export async function evaluateEstimators(o: EstimatorEvaluationOptions): Promise<EstimatorEvaluation> {
  windowDays(o.window);
  await mkdir(o.workDir, { recursive: true });
  const corpora: CorpusOutcome[] = [];
  try {
    for (let i = 0; i < o.shares.length; i++) {
      const seed = o.seed * 1000 + i;
      const file = path.join(o.workDir, `corpus-${String(i).padStart(2, '0')}.jsonl`);
      const sim = await writeEvaluationCorpus(o, i, file);
      // Only the file goes to the estimators.
      const { estimate, activityRule } = await estimateStudyCorpus([file], o.scorer, {
        hashtags: [EVALUATION_TAG],
        window: o.window,
        bootstrap: { seed, ...o.bootstrap },
      });
      const series = estimate.hashtags[0].estimate;
      const rule = activityRule.hashtags[0];
      const truth = sim.truth.hashtags[0];
      const figures: CorpusOutcome['figures'] = { tweets: {}, accounts: {} };
      for (const unit of ['tweets', 'accounts'] as const) {
        for (const m of METHOD_NAMES) {
          const f = series.figures[unit][m];
          if (f !== undefined) figures[unit][m] = { estimate: f.estimate, ci95: f.ci95 };
        }
        for (const c of RULE_CRITERIA) {
          const f = rule.shares[c][unit];
          figures[unit][`activity_${c}`] = { estimate: f.estimate, ci95: f.ci95 };
        }
      }
      corpora.push({
        seed,
        planted: { tweets: truth.plantedShare, accounts: truth.plantedAccountShare },
        tweets: series.tweets,
        accounts: series.accounts,
        botAccounts: truth.botAccounts,
        headline: estimate.method,
        figures,
        sensitivity: series.sensitivity,
      });
      o.onCorpus?.(i + 1, o.shares.length);
    }
  } finally {
    if (o.keep !== true) await rm(o.workDir, { recursive: true, force: true });
  }
  return { mix: o.mix ?? 'italian-first', tweetsPerCorpus: o.tweetsPerCorpus, seed: o.seed, corpora, accuracy: accuracyOf(corpora) };
}

/** Error, bias and coverage of one method's figures against the planted truth of each corpus. */
export function figureAccuracy(method: string, unit: 'tweets' | 'accounts', rows: readonly { truth: number; f: Figure }[]): MethodAccuracy {
  const errors = rows.map((r) => 100 * (r.f.estimate - r.truth));
  const widths = rows.flatMap((r) => (r.f.ci95 === null ? [] : [100 * (r.f.ci95[1] - r.f.ci95[0])]));
  return {
    method,
    unit,
    corpora: rows.length,
    maePoints: errors.reduce((s, e) => s + Math.abs(e), 0) / rows.length,
    biasPoints: errors.reduce((s, e) => s + e, 0) / rows.length,
    maxErrorPoints: Math.max(...errors.map(Math.abs)),
    covered: rows.filter((r) => r.f.ci95 !== null && r.truth >= r.f.ci95[0] - 1e-12 && r.truth <= r.f.ci95[1] + 1e-12).length,
    meanWidthPoints: widths.length === 0 ? Number.NaN : widths.reduce((s, w) => s + w, 0) / widths.length,
  };
}

export function accuracyOf(corpora: readonly CorpusOutcome[]): MethodAccuracy[] {
  const out: MethodAccuracy[] = [];
  const methods: EvaluatedMethod[] = [...METHOD_NAMES, 'activity_corpus', 'activity_profile', 'activity_either'];
  for (const unit of ['tweets', 'accounts'] as const) {
    for (const method of methods) {
      const rows = corpora
        .map((c) => ({ truth: c.planted[unit], f: c.figures[unit][method] }))
        .filter((r): r is { truth: number; f: Figure } => r.f !== undefined && Number.isFinite(r.f.estimate));
      if (rows.length > 0) out.push(figureAccuracy(method, unit, rows));
    }
  }
  return out;
}

/** A plain-text table of the accuracy, one line per method and unit. */
export function formatAccuracy(e: EstimatorEvaluation): string {
  const lines = [
    `${e.corpora.length} simulated corpora of ${e.tweetsPerCorpus} tweets, planted bot shares of tweets ${pctRange(e.corpora.map((c) => c.planted.tweets))}, accounts drawn ${e.mix}, seed ${e.seed}`,
    'unit      method            corpora  MAE(pts)  bias(pts)  max(pts)  covered  mean CI width(pts)',
  ];
  for (const a of e.accuracy) {
    lines.push(
      `${a.unit.padEnd(9)} ${a.method.padEnd(17)} ${String(a.corpora).padStart(7)}  ${a.maePoints.toFixed(2).padStart(8)}  ${a.biasPoints.toFixed(2).padStart(9)}  ${a.maxErrorPoints.toFixed(2).padStart(8)}  ${`${a.covered}/${a.corpora}`.padStart(7)}  ${a.meanWidthPoints.toFixed(2).padStart(8)}`,
    );
  }
  return lines.join('\n');
}

function pctRange(xs: readonly number[]): string {
  return `${(100 * Math.min(...xs)).toFixed(1)}%–${(100 * Math.max(...xs)).toFixed(1)}%`;
}

/** Several runs as one piece of evidence: each run's figures and all corpora pooled. */
export function estimatorEvidence(runs: readonly EstimatorEvaluation[], meta: { command: string; rates: string; model: string }): EstimatorEvidence {
  const all = runs.flatMap((r) => r.corpora);
  const range = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];
  return {
    kind: 'botshare_estimator_evidence',
    version: 1,
    command: meta.command,
    created: new Date().toISOString(),
    model: meta.model,
    rates: meta.rates,
    tweetsPerCorpus: runs[0]?.tweetsPerCorpus ?? 0,
    planted: { tweets: range(all.map((c) => c.planted.tweets)), accounts: range(all.map((c) => c.planted.accounts)) },
    runs: runs.map((r) => ({ seed: r.seed, mix: r.mix, corpora: r.corpora.length, accuracy: r.accuracy })),
    pooled: { corpora: all.length, accuracy: accuracyOf(all) },
  };
}
