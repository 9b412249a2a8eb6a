/**
 * The evidence behind each unit's default method, as data: the estimator evaluation harness
 * (`node dist/experiments/main.js evaluate-estimators … --out FILE`) writes it, with the
 * command that made it, and the report quotes it. Nothing measured is typed in here.
 */
import { DEFAULT_METHODS } from './default-method.js';
import type { MethodName, Unit } from './types.js';

/** How one method did on one unit over a set of ground-truth corpora. */
export interface MethodAccuracy {
  method: string;
  unit: Unit;
  corpora: number;
  /** Mean absolute error in percentage points. */
  maePoints: number;
  biasPoints: number;
  maxErrorPoints: number;
  /** Corpora whose 95% interval contains the planted share. */
  covered: number;
  meanWidthPoints: number;
}

export interface EstimatorEvidence {
  kind: 'botshare_estimator_evidence';
  version: 1;
  /** The command that wrote this file. */
  command: string;
  created: string;
  model: string;
  /** Which of the card's rates corrected the shares. */
  rates: string;
  tweetsPerCorpus: number;
  /** Planted shares, [lowest, highest], per unit. */
  planted: Record<Unit, [number, number]>;
  runs: { seed: number; mix: string; corpora: number; accuracy: MethodAccuracy[] }[];
  pooled: { corpora: number; accuracy: MethodAccuracy[] };
}

/** How the harness's designs read in a sentence. */
const MIX_NAMES: Record<string, string> = { 'italian-first': 'Italian sets first', uniform: 'all held-out sets alike' };

const points = (x: number): string => (x >= 1 ? x.toFixed(1) : x.toFixed(2));
const pctRange = ([a, b]: [number, number]): string => `${(100 * a).toFixed(1)}–${(100 * b).toFixed(1)}%`;

function accuracy(e: EstimatorEvidence, unit: Unit, method: string): MethodAccuracy | undefined {
  return e.pooled.accuracy.find((a) => a.unit === unit && a.method === method);
}

/**
 * The share of corpora a method's 95% intervals must cover to be the answer: an interval that
 * does not hold is not an honest answer, however small the point error.
 */
export const MIN_DEFAULT_COVERAGE = 0.9;

/**
 * What the default should be on `unit`: the corrected method with the smallest pooled error
 * among those whose intervals covered the truth in at least MIN_DEFAULT_COVERAGE of the
 * corpora (among all corrected methods when none did).
 */
export function bestMethod(e: EstimatorEvidence, unit: Unit): MethodName | undefined {
  const corrected = e.pooled.accuracy.filter((a) => a.unit === unit && (a.method === 'acc' || a.method === 'pacc'));
  const holding = corrected.filter((a) => a.corpora > 0 && a.covered / a.corpora >= MIN_DEFAULT_COVERAGE);
  const pool = holding.length > 0 ? holding : corrected;
  pool.sort((a, b) => a.maePoints - b.maePoints);
  return pool[0]?.method as MethodName | undefined;
}

/** Why the evidence makes `method` the default: the smallest error, or the smallest among methods whose intervals held. */
function defaultWhy(e: EstimatorEvidence, unit: Unit, method: string): string {
  const mine = accuracy(e, unit, method);
  const smaller = e.pooled.accuracy.some((a) => a.unit === unit && (a.method === 'acc' || a.method === 'pacc') && mine !== undefined && a.maePoints < mine.maePoints);
  return smaller ? `had the smallest error among the corrected methods whose 95% intervals covered the truth in at least ${Math.round(100 * MIN_DEFAULT_COVERAGE)}% of corpora` : 'had the smallest error';
}

/** The evidence for a unit's default in one paragraph, for summary.json and the report. */
export function methodReason(e: EstimatorEvidence, unit: Unit): string {
  const method = DEFAULT_METHODS[unit];
  const mine = accuracy(e, unit, method);
  if (mine === undefined) return `${method} is the default for shares of ${unit}; the evidence file (${e.command}) has no figures for it.`;
  const others = ['acc', 'pacc', 'cc']
    .filter((m) => m !== method)
    .map((m) => ({ m, a: accuracy(e, unit, m) }))
    .filter((x): x is { m: string; a: MethodAccuracy } => x.a !== undefined)
    .map(({ m, a }) => `${points(a.maePoints)} points and ${a.covered} of ${a.corpora} covered for ${m === 'cc' ? 'the uncorrected count (cc)' : m}`);
  const seeds = new Set(e.runs.map((r) => r.seed)).size;
  const mixes = [...new Set(e.runs.map((r) => MIX_NAMES[r.mix] ?? r.mix))].join(' or ');
  return (
    `${method} ${bestMethod(e, unit) === method ? defaultWhy(e, unit, method) : 'is the default, although another corrected method had a smaller error'} on shares of ${unit} on ground-truth corpora built end to end from held-out accounts the shipped model never saw: ` +
    `over ${mine.corpora} corpora (${e.tweetsPerCorpus.toLocaleString('en-US')} tweets each, planted bot shares of ${pctRange(e.planted[unit])} of ${unit}; ${seeds} seed${seeds === 1 ? '' : 's'}, accounts drawn ${mixes}; ${e.rates} rates), ` +
    `its mean absolute error was ${points(mine.maePoints)} points and its 95% interval covered the truth in ${mine.covered} of ${mine.corpora}` +
    (others.length > 0 ? `, against ${others.join('; ')}` : '') +
    `. Its accuracy depends on the error rates fitting the export: with rates from another domain the correction can be far off. (Evidence: ${e.command}.)`
  );
}

/** The figures the report's caveats quote. */
export interface EvidenceDigest {
  command: string;
  tweets_per_corpus: number;
  rates: string;
  units: { unit: Unit; method: string; corpora: number; covered: number; mae_points: number; planted: [number, number] }[];
}

export function evidenceDigest(e: EstimatorEvidence): EvidenceDigest {
  const units: EvidenceDigest['units'] = [];
  for (const unit of ['tweets', 'accounts'] as const) {
    const a = accuracy(e, unit, DEFAULT_METHODS[unit]);
    if (a !== undefined) units.push({ unit, method: a.method, corpora: a.corpora, covered: a.covered, mae_points: a.maePoints, planted: e.planted[unit] });
  }
  return { command: e.command, tweets_per_corpus: e.tweetsPerCorpus, rates: e.rates, units };
}
