/**
 * The evidence for the default method. From a pool of labelled, scored accounts the model
 * never saw, build ground-truth corpora with planted bot shares of tweets, run every method
 * on each (without the labels), and score the methods: mean absolute error against the
 * corpus's true share, bias, and how often the 95% interval covers the truth.
 *
 * The rates either come from the model card (`rates`), or are measured on a calibration
 * part of the pool that no corpus draws from — the way a model card measures them on
 * validation accounts.
 */

import { ShareAccumulator } from './accumulator.js';
import { DEFAULT_BOOTSTRAP, type BootstrapOptions } from './bootstrap.js';
import { estimateSeries, type ShareFigure } from './estimate-shares.js';
import { ratesFromLabeledAccounts, type LabeledAccount } from '../model/rates.js';
import { syntheticPool, type SyntheticPoolOptions } from './synthetic-scores.js';
import type { ClassifierRates } from '../model/rates.js';
import type { MethodName, Unit } from './types.js';
import { METHOD_NAMES, UNITS } from './types.js';
import { createRandom, type Random } from '../util/random.js';

export interface EvaluationOptions {
  /** Planted bot shares of tweets, one corpus each (e.g. 24 values from 0.05 to 0.70). */
  shares: readonly number[];
  /** About how many tweets each corpus holds. */
  tweetsPerCorpus: number;
  /** The decision threshold (ignored when `rates` is given: theirs is used). */
  threshold?: number;
  /** The model card's rates. When absent, rates are measured on a calibration part of the pool. */
  rates?: ClassifierRates;
  /** Fraction of each class set aside to measure the rates when `rates` is absent (default 0.5). */
  calibrationFraction?: number;
  /** Correct tweet shares with tweet-level rates when measured here (default true; false shows what account rates alone do). */
  tweetLevelRates?: boolean;
  bootstrap?: BootstrapOptions;
  seed: number;
}

export interface CorpusResult {
  planted: number;
  /** The corpus's true bot shares, computed from the labels after the estimation. */
  truth: Record<Unit, number>;
  tweets: number;
  accounts: number;
  figures: Record<Unit, Partial<Record<MethodName, ShareFigure>>>;
}

export interface MethodScore {
  method: MethodName;
  unit: Unit;
  corpora: number;
  /** Mean absolute error, in share units (0.03 = 3 points). */
  mae: number;
  /** Mean signed error (estimate − truth). */
  bias: number;
  maxError: number;
  /** Corpora whose 95% interval contains the true share. */
  covered: number;
  meanWidth: number;
}

export interface EvaluationResult {
  rates: ClassifierRates;
  corpora: CorpusResult[];
  scores: MethodScore[];
  /** The method with the smallest MAE per unit. */
  best: Record<Unit, MethodName>;
}

interface Split {
  bots: LabeledAccount[];
  humans: LabeledAccount[];
}

function tweetsOf(accounts: readonly LabeledAccount[]): number {
  return accounts.reduce((s, a) => s + a.scores.length, 0);
}

/**
 * Draws accounts without replacement until their tweets reach `target` (at least one account
 * when target > 0). Throws when the pool runs dry: a corpus must not reuse an account.
 */
function drawTweets(pool: readonly LabeledAccount[], target: number, rng: Random, what: string): LabeledAccount[] {
  if (target <= 0) return [];
  const order = rng.shuffle([...pool.keys()]);
  const out: LabeledAccount[] = [];
  let tweets = 0;
  for (const i of order) {
    if (tweets >= target) break;
    out.push(pool[i]);
    tweets += pool[i].scores.length;
  }
  if (tweets < target) {
    throw new RangeError(`the pool holds only ${tweets} ${what} tweets, fewer than the ${Math.round(target)} a corpus needs`);
  }
  return out;
}

/** A ground-truth corpus with a planted tweet share, as labelled accounts. */
export function buildCorpus(split: Split, planted: number, tweets: number, rng: Random): LabeledAccount[] {
  const bots = drawTweets(split.bots, planted * tweets, rng, 'bot');
  const humans = drawTweets(split.humans, (1 - planted) * tweets, rng, 'human');
  return [...bots, ...humans];
}

export function truthOf(corpus: readonly LabeledAccount[]): Record<Unit, number> {
  const bots = corpus.filter((a) => a.label === 'bot');
  return { tweets: tweetsOf(bots) / tweetsOf(corpus), accounts: bots.length / corpus.length };
}

/** Runs the estimators on one corpus exactly as on real input: scored tweets into an accumulator. */
export function estimateCorpusOf(
  corpus: readonly LabeledAccount[],
  rates: ClassifierRates,
  bootstrap: BootstrapOptions,
  key: string,
): CorpusResult['figures'] {
  const acc = new ShareAccumulator({ threshold: rates.threshold });
  const start = Date.UTC(2020, 2, 11);
  corpus.forEach((account, a) => {
    account.scores.forEach((score, t) => {
      acc.add({
        id: `${a}-${t}`,
        userId: `u${a}`,
        createdAt: start + ((a * 7919 + t * 104_729) % (13 * 86_400)) * 1000,
        hashtags: ['planted'],
        kind: 'original',
        score,
      });
    });
  });
  return estimateSeries(acc.overall, rates, key, { bootstrap }).figures;
}

export function evaluateMethods(pool: readonly LabeledAccount[], options: EvaluationOptions): EvaluationResult {
  const rng = createRandom(options.seed);
  const bots = rng.shuffle(pool.filter((a) => a.label === 'bot' && a.scores.length > 0));
  const humans = rng.shuffle(pool.filter((a) => a.label === 'human' && a.scores.length > 0));
  let rates = options.rates;
  let split: Split = { bots, humans };
  if (rates === undefined) {
    const f = options.calibrationFraction ?? 0.5;
    const nb = Math.round(bots.length * f);
    const nh = Math.round(humans.length * f);
    rates = ratesFromLabeledAccounts(
      [...bots.slice(0, nb), ...humans.slice(0, nh)],
      options.threshold ?? 0.5,
      `calibration part of the pool (${nb} bots, ${nh} humans)`,
    );
    split = { bots: bots.slice(nb), humans: humans.slice(nh) };
    if (options.tweetLevelRates === false) rates = { ...rates, tweetLevel: undefined };
  }
  const bootstrap = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  const corpora = options.shares.map((planted, i): CorpusResult => {
    const corpus = buildCorpus(split, planted, options.tweetsPerCorpus, rng);
    const figures = estimateCorpusOf(corpus, rates, bootstrap, `corpus ${i}`);
    return {
      planted,
      truth: truthOf(corpus),
      tweets: tweetsOf(corpus),
      accounts: corpus.length,
      figures,
    };
  });
  const scores = scoreMethods(corpora);
  const best = {} as Record<Unit, MethodName>;
  for (const unit of UNITS) {
    const ranked = scores.filter((s) => s.unit === unit).sort((a, b) => a.mae - b.mae);
    best[unit] = ranked[0].method;
  }
  return { rates, corpora, scores, best };
}

export function scoreMethods(corpora: readonly CorpusResult[]): MethodScore[] {
  const scores: MethodScore[] = [];
  for (const unit of UNITS) {
    for (const method of METHOD_NAMES) {
      const rows = corpora
        .map((c) => ({ truth: c.truth[unit], fig: c.figures[unit][method] }))
        .filter((r): r is { truth: number; fig: ShareFigure } => r.fig !== undefined);
      if (rows.length === 0) continue;
      const errors = rows.map((r) => r.fig.estimate - r.truth);
      const covered = rows.filter((r) => r.fig.ci95 !== null && r.fig.ci95[0] <= r.truth && r.truth <= r.fig.ci95[1]).length;
      const widths = rows.map((r) => (r.fig.ci95 === null ? Number.NaN : r.fig.ci95[1] - r.fig.ci95[0]));
      scores.push({
        method,
        unit,
        corpora: rows.length,
        mae: errors.reduce((s, e) => s + Math.abs(e), 0) / rows.length,
        bias: errors.reduce((s, e) => s + e, 0) / rows.length,
        maxError: Math.max(...errors.map(Math.abs)),
        covered,
        meanWidth: widths.reduce((s, w) => s + w, 0) / rows.length,
      });
    }
  }
  return scores;
}

/** A plain-text table of the scores (for the README and logs). */
export function formatScores(result: EvaluationResult): string {
  const pct = (x: number): string => (100 * x).toFixed(2);
  const lines = ['| unit | method | MAE (points) | bias (points) | max error | 95% CI covers truth | mean CI width |', '|---|---|---|---|---|---|---|'];
  for (const s of result.scores) {
    lines.push(
      `| ${s.unit} | ${s.method} | ${pct(s.mae)} | ${pct(s.bias)} | ${pct(s.maxError)} | ${s.covered}/${s.corpora} | ${pct(s.meanWidth)} |`,
    );
  }
  return lines.join('\n');
}

/** n planted shares evenly spaced from `from` to `to` (both included). */
export function plantedShares(n: number, from = 0.05, to = 0.7): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? from : from + ((to - from) * i) / (n - 1)));
}

/** One synthetic setting of the recorded evidence (src/estimate/README.md). */
export interface EvidenceSetting {
  name: string;
  pool: Omit<SyntheticPoolOptions, 'seed'>;
  tweetsPerCorpus: number;
}

export const EVIDENCE_SETTINGS: readonly EvidenceSetting[] = [
  { name: 'A. Beta(5,2) vs Beta(2,5), 20k tweets', pool: { bots: 3000, humans: 14_000 }, tweetsPerCorpus: 20_000 },
  { name: 'B. as A, 5k tweets per corpus', pool: { bots: 3000, humans: 14_000 }, tweetsPerCorpus: 5000 },
  { name: 'C. as A, tweet scores noisier (sd 0.1)', pool: { bots: 3000, humans: 14_000, tweetNoise: 0.1 }, tweetsPerCorpus: 20_000 },
  { name: 'D. busier accounts score higher (tilt 3)', pool: { bots: 3000, humans: 30_000, activityTilt: 3 }, tweetsPerCorpus: 20_000 },
  {
    name: 'E. weak separation Beta(3,2) vs Beta(2,3)',
    pool: { bots: 3000, humans: 14_000, botScore: [3, 2], humanScore: [2, 3] },
    tweetsPerCorpus: 20_000,
  },
];

/**
 * The evidence table of the README: every setting, `seeds` pools each, 24 corpora per pool
 * with planted tweet shares 5–70%; mean MAE (points) and intervals covering the truth.
 * Deterministic: the same call prints the same table.
 */
export function evidenceTable(seeds: readonly number[] = [1, 2, 3], replicates = 300): string {
  const lines = [
    `| setting | unit | ${METHOD_NAMES.map((m) => `${m}: MAE, covered`).join(' | ')} |`,
    `|---|---|${METHOD_NAMES.map(() => '---').join('|')}|`,
  ];
  for (const setting of EVIDENCE_SETTINGS) {
    const totals = new Map<string, { mae: number; covered: number; corpora: number }>();
    for (const seed of seeds) {
      const pool = syntheticPool({ ...setting.pool, seed: seed * 101 });
      const result = evaluateMethods(pool, {
        shares: plantedShares(24),
        tweetsPerCorpus: setting.tweetsPerCorpus,
        threshold: 0.5,
        seed,
        bootstrap: { replicates, seed },
      });
      for (const s of result.scores) {
        const key = `${s.unit}/${s.method}`;
        const t = totals.get(key) ?? { mae: 0, covered: 0, corpora: 0 };
        t.mae += s.mae / seeds.length;
        t.covered += s.covered;
        t.corpora += s.corpora;
        totals.set(key, t);
      }
    }
    for (const unit of UNITS) {
      const cells = METHOD_NAMES.map((m) => {
        const t = totals.get(`${unit}/${m}`);
        return t === undefined ? '—' : `${(100 * t.mae).toFixed(2)}, ${t.covered}/${t.corpora}`;
      });
      lines.push(`| ${setting.name} | ${unit} | ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}
