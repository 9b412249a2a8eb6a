/**
 * Candidate standard errors for the model-assisted share with a refitted export model, replayed
 * offline on the estimator inputs that `labeled-route --keep DIR --keep-inputs` keeps
 * (src/experiments/estimator-inputs.ts). None of the candidates reads the truth; the truth is
 * read only to score them (coverage, width) and to diagnose the misses of the shipped rule
 * (bias or variance: the model's error on the labeled accounts against the unlabeled ones).
 * docs/labeled-sample.md §6 says what was measured.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  estimateLabeledShare,
  estimateLabelsOnlyShare,
  type DomainPopulation,
  type LabeledShareEstimate,
  type SampledAccount,
} from '../estimate/model-assisted.js';
import { studentTQuantile } from '../estimate/quantiles.js';
import { estimateWithRefittedModel, labelsOnlyScaledSe, REFITTED_LAMBDA_RULE, standardErrorAt, type ReplicateLines } from '../estimate/replicates.js';
import { UserError } from '../util/errors.js';
import { parseJsonData } from '../util/json.js';
import type { EstimatorInputs } from './estimator-inputs.js';

export type Unit = 'tweets' | 'accounts';

/** One corpus's kept inputs with its planted shares. */
export interface KeptInputs extends EstimatorInputs {
  name: string;
  planted: Record<Unit, number>;
}

/**
 * The jackknife's effective degrees of freedom (Satterthwaite's, from the replicate deviations
 * d_r: (Σ d_r²)² / Σ d_r⁴): near n − 1 when the replicates share the variance, near 1 when one
 * deleted account carries it all.
 */
export function jackknifeEffectiveDf(replicates: ArrayLike<number>): number {
  const n = replicates.length;
  if (n < 2) return 1;
  let mean = 0;
  for (let r = 0; r < n; r++) mean += replicates[r] / n;
  let s2 = 0;
  let s4 = 0;
  for (let r = 0; r < n; r++) {
    const d2 = (replicates[r] - mean) ** 2;
    s2 += d2;
    s4 += d2 * d2;
  }
  return s4 > 0 ? Math.max(1, Math.min(n - 1, (s2 * s2) / s4)) : n - 1;
}

/**
 * The residuals' variance if every label were a Bernoulli draw with the model's own prediction
 * as its probability, estimated on the sample: Σ_s (1 − π_j)/π_j² · w_j² f_j(1 − f_j), over
 * (Σ_U w)² — what the design variance of y − f would be with calibrated predictions, whatever
 * residuals this sample happened to draw. Take-all accounts (π = 1) add nothing.
 */
export function bernoulliFloorSe(pop: DomainPopulation, sample: readonly SampledAccount[]): number {
  let total = 0;
  for (let i = 0; i < pop.weights.length; i++) total += pop.weights[i];
  let v = 0;
  for (const s of sample) {
    const w = pop.weights[s.index];
    const pi = s.inclusionProbability;
    const f = pop.predictions[s.index];
    if (w > 0 && pi < 1) v += ((1 - pi) / (pi * pi)) * w * w * f * (1 - f);
  }
  return total > 0 ? Math.sqrt(v) / total : Number.NaN;
}


/**
 * Candidate (d) as first measured: labels alone's SE scaled by √(min(1, (Σ (y − f)² + ½) /
 * ((n + 1) p̄(1 − p̄)))) over every labeled account alike. The estimator ships it with the labels
 * weighted by the design (labelsOnlyScaledSe), to which it reduces when the weights are equal.
 */
export function unweightedScaledSe(labelsOnlySe: number, sample: readonly SampledAccount[], predictions: ArrayLike<number>): number {
  let n = 0;
  let bots = 0;
  let sq = 0;
  for (const s of sample) {
    if (s.label !== 'bot' && s.label !== 'human') continue;
    const y = s.label === 'bot' ? 1 : 0;
    n++;
    bots += y;
    sq += (y - predictions[s.index]) ** 2;
  }
  const p = n > 0 ? bots / n : 0;
  if (!(p > 0 && p < 1)) return labelsOnlySe;
  return labelsOnlySe * Math.sqrt(Math.min(1, (sq + 0.5) / ((n + 1) * p * (1 - p))));
}

export interface ReplayedFigure {
  estimate: number;
  ci95: [number, number];
  standardError: number;
}

const figure = (e: LabeledShareEstimate): ReplayedFigure => ({ estimate: e.value, ci95: e.interval, standardError: e.standardError });

export const CANDIDATES = [
  'shipped',
  'lambda-one',
  'labels-only',
  'bernoulli-floor',
  'in-sample-design-max',
  't-effective-df',
  'labels-only-scaled-floor',
  'labels-only-weighted-floor',
  'floor-and-t',
] as const;
export type Candidate = (typeof CANDIDATES)[number];

export interface ReplayRow {
  corpus: string;
  unit: Unit;
  planted: number;
  lambda: number;
  method: 'model-assisted' | 'labels-only';
  figures: Record<Candidate, ReplayedFigure>;
  /** What the estimator's inputs say, read against the truth (harness only). */
  diagnosis: Diagnosis;
}

export interface Diagnosis {
  /** (estimate − planted) / SE of the shipped figure. */
  z: number;
  /** Share points: Σ_U w(y − f)/Σ_U w, the model's error over the domain the difference term must estimate. */
  modelErrorPoints: number;
  /** Its Horvitz–Thompson estimate from the labeled accounts (cross-fitted f): the difference term. */
  sampleModelErrorPoints: number;
  /** The model's error on the unlabeled accounts alone (points of the domain). */
  unlabeledErrorPoints: number;
  /** Mean |y − f| of labeled accounts, cross-fitted and in-sample, and of unlabeled ones (weighted by w). */
  meanAbsResidual: { labeledCrossFitted: number; labeledInSample: number; unlabeled: number };
  /** Accounts of the domain whose |y − f| > 0.5, how many of them were labeled, and how many a draw would hold on average (Σ π). */
  mispredicted: { frame: number; labeled: number; expectedInSample: number };
  /** Share of Σ_U w|y − f| carried by the five largest contributions. */
  topFiveShare: number;
  jackknifeDf: number;
  se: { jackknife: number; bernoulliFloor: number; inSampleDesign: number; labelsOnly: number };
}

function lines(k: KeptInputs, unit: Unit): ReplicateLines | null {
  const l = k.lines?.[unit];
  return l === undefined ? null : { a: Float64Array.from(l.a), b: Float64Array.from(l.b) };
}

/** Rebuild the shipped figure and every candidate for one corpus and unit. */
export function replay(k: KeptInputs, unit: Unit): ReplayRow | null {
  const rep = lines(k, unit);
  if (rep === null) return null;
  const weights = Float64Array.from(k.tweets, (t) => (unit === 'tweets' ? t : t > 0 ? 1 : 0));
  const predictions = Float64Array.from(k.predictions);
  const pop: DomainPopulation = { weights, predictions };
  const sample = k.sample;
  const shipped = estimateWithRefittedModel(pop, sample, rep, REFITTED_LAMBDA_RULE);
  const labelsOnly = estimateLabelsOnlyShare(pop, sample);
  const seOne = standardErrorAt(rep, 1);
  const one = estimateLabeledShare(pop, sample, { lambda: 1 }, seOne);
  const isLabelsOnly = shipped.method === 'labels-only' && shipped.standardError === labelsOnly.standardError;
  const lambda = shipped.lambda;
  const seJk = shipped.standardError;
  const at = (se: number): ReplayedFigure => (isLabelsOnly ? figure(shipped) : figure(estimateLabeledShare(pop, sample, { lambda }, se)));

  // (a) the jackknife's SE, floored by the predictions' own Bernoulli variance.
  const floorSe = bernoulliFloorSe(pop, sample);
  // (b) the design variance of the in-sample residuals (every labeled account predicted by the
  // models fitted on it too) against the jackknife: the larger.
  const inSample = estimateLabeledShare({ weights, predictions: Float64Array.from(k.inSamplePredictions) }, sample, { lambda });
  // (c) t with the jackknife's effective degrees of freedom instead of n − 1.
  const shares = Float64Array.from(rep.a, (a, r) => a + lambda * rep.b[r]);
  const df = jackknifeEffectiveDf(shares);
  const nMinus1 = Math.max(1, shipped.labeled - 1);
  const tScale = studentTQuantile(0.975, df) / studentTQuantile(0.975, nMinus1);
  // (d) labels alone scaled by the model's out-of-fold residual share, every label alike.
  const scaled = unweightedScaledSe(labelsOnly.standardError, sample, predictions);
  // (e) the same with the labels weighted as the design weighs them (what the estimator ships).
  const weighted = labelsOnlyScaledSe(labelsOnly.standardError, sample, pop);

  const figures: Record<Candidate, ReplayedFigure> = {
    shipped: figure(shipped),
    'lambda-one': figure(one),
    'labels-only': figure(labelsOnly),
    'bernoulli-floor': at(Math.max(seJk, floorSe)),
    'in-sample-design-max': at(Math.max(seJk, inSample.standardError)),
    't-effective-df': at(seJk * tScale),
    'labels-only-scaled-floor': at(Math.max(seJk, scaled)),
    'labels-only-weighted-floor': at(Math.max(seJk, weighted)),
    'floor-and-t': at(Math.max(seJk, floorSe) * tScale),
  };
  return {
    corpus: k.name,
    unit,
    planted: k.planted[unit],
    lambda,
    method: isLabelsOnly ? 'labels-only' : 'model-assisted',
    figures,
    diagnosis: diagnose(k, pop, shipped, { jackknife: seJk, bernoulliFloor: floorSe, inSampleDesign: inSample.standardError, labelsOnly: labelsOnly.standardError }, df, unit),
  };
}

function diagnose(k: KeptInputs, pop: DomainPopulation, shipped: LabeledShareEstimate, se: Diagnosis['se'], df: number, unit: Unit): Diagnosis {
  const labeledAt = new Map(k.sample.flatMap((s) => (s.label === 'bot' || s.label === 'human' ? [[s.index, s] as const] : [])));
  let total = 0;
  let err = 0;
  let unlabeledErr = 0;
  let ht = 0;
  const abs = { lc: 0, lcW: 0, li: 0, u: 0, uW: 0 };
  const mis = { frame: 0, labeled: 0, expectedInSample: 0 };
  const piOf = new Map(k.sample.map((s) => [s.index, s.inclusionProbability]));
  const contributions: number[] = [];
  for (let i = 0; i < pop.weights.length; i++) {
    const w = pop.weights[i];
    const y = k.truth[i];
    if (w <= 0 || y === null) continue;
    total += w;
    const f = pop.predictions[i];
    err += w * (y - f);
    contributions.push(w * Math.abs(y - f));
    const s = labeledAt.get(i);
    if (s !== undefined) {
      ht += (w * (y - f)) / s.inclusionProbability;
      abs.lc += w * Math.abs(y - f);
      abs.li += w * Math.abs(y - k.inSamplePredictions[i]);
      abs.lcW += w;
    } else {
      unlabeledErr += w * (y - f);
      abs.u += w * Math.abs(y - f);
      abs.uW += w;
    }
    if (Math.abs(y - f) > 0.5) {
      mis.frame++;
      if (s !== undefined) mis.labeled++;
    }
  }
  // Σ π over the mispredicted accounts: the draw's π where the account was drawn; otherwise unknown
  // here (the frame's π are not kept), so the expected count is taken from the labeled ones' mean π.
  const meanPi = k.sample.length > 0 ? k.sample.reduce((s, x) => s + x.inclusionProbability, 0) / k.sample.length : 0;
  for (let i = 0; i < pop.weights.length; i++) {
    const y = k.truth[i];
    if (pop.weights[i] > 0 && y !== null && Math.abs(y - pop.predictions[i]) > 0.5) mis.expectedInSample += piOf.get(i) ?? meanPi;
  }
  contributions.sort((a, b) => b - a);
  const sumC = contributions.reduce((s, c) => s + c, 0);
  return {
    z: (shipped.value - k.planted[unit]) / shipped.standardError,
    modelErrorPoints: (100 * err) / total,
    sampleModelErrorPoints: (100 * ht) / total,
    unlabeledErrorPoints: (100 * unlabeledErr) / total,
    meanAbsResidual: { labeledCrossFitted: abs.lc / abs.lcW, labeledInSample: abs.li / abs.lcW, unlabeled: abs.uW > 0 ? abs.u / abs.uW : 0 },
    mispredicted: mis,
    topFiveShare: sumC > 0 ? contributions.slice(0, 5).reduce((s, c) => s + c, 0) / sumC : 0,
    jackknifeDf: df,
    se,
  };
}

export interface CandidateSummary {
  candidate: Candidate;
  unit: Unit;
  corpora: number;
  covered: number;
  meanHalfWidthPoints: number;
  maePoints: number;
  /** Root mean square of (estimate − planted)/SE. */
  rmsZ: number;
}

export function summarise(rows: readonly ReplayRow[]): CandidateSummary[] {
  return (['tweets', 'accounts'] as const).flatMap((unit) =>
    CANDIDATES.map((candidate) => {
      const rs = rows.filter((r) => r.unit === unit);
      const fs = rs.map((r) => ({ f: r.figures[candidate], t: r.planted }));
      const n = fs.length;
      return {
        candidate,
        unit,
        corpora: n,
        covered: fs.filter(({ f, t }) => t >= f.ci95[0] - 1e-12 && t <= f.ci95[1] + 1e-12).length,
        meanHalfWidthPoints: n === 0 ? Number.NaN : fs.reduce((s, { f }) => s + 50 * (f.ci95[1] - f.ci95[0]), 0) / n,
        maePoints: n === 0 ? Number.NaN : fs.reduce((s, { f, t }) => s + 100 * Math.abs(f.estimate - t), 0) / n,
        rmsZ: n === 0 ? Number.NaN : Math.sqrt(fs.reduce((s, { f, t }) => s + (f.standardError > 0 ? ((f.estimate - t) / f.standardError) ** 2 : 0), 0) / n),
      };
    }),
  );
}

export interface DiagnosisSummary {
  unit: Unit;
  rows: number;
  /** Mean and root mean square of (estimate − planted)/SE, shipped: a mean far from 0 is bias. */
  meanZ: number;
  rmsZ: number;
  /** Mean over rows of the frame's model error and of the difference term's error (its HT estimate − the frame's), points. */
  meanModelErrorPoints: number;
  meanDifferenceTermErrorPoints: number;
  /** Mean |y − f| (weighted by w) of labeled accounts cross-fitted, in-sample, and of unlabeled ones. */
  meanAbsResidual: { labeledCrossFitted: number; labeledInSample: number; unlabeled: number };
  /** Rows whose frame holds accounts the model gets wrong (|y − f| > 0.5), and of them rows where no labeled account is one. */
  rowsWithMispredicted: number;
  rowsWithNoneLabeled: number;
  meanJackknifeDf: number;
}

export function diagnosisSummary(rows: readonly ReplayRow[]): DiagnosisSummary[] {
  const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length);
  return (['tweets', 'accounts'] as const).map((unit) => {
    const rs = rows.filter((r) => r.unit === unit && r.method === 'model-assisted');
    const d = rs.map((r) => r.diagnosis);
    return {
      unit,
      rows: rs.length,
      meanZ: mean(d.map((x) => x.z)),
      rmsZ: Math.sqrt(mean(d.map((x) => x.z ** 2))),
      meanModelErrorPoints: mean(d.map((x) => x.modelErrorPoints)),
      meanDifferenceTermErrorPoints: mean(d.map((x) => x.sampleModelErrorPoints - x.modelErrorPoints)),
      meanAbsResidual: {
        labeledCrossFitted: mean(d.map((x) => x.meanAbsResidual.labeledCrossFitted)),
        labeledInSample: mean(d.map((x) => x.meanAbsResidual.labeledInSample)),
        unlabeled: mean(d.map((x) => x.meanAbsResidual.unlabeled)),
      },
      rowsWithMispredicted: d.filter((x) => x.mispredicted.frame > 0).length,
      rowsWithNoneLabeled: d.filter((x) => x.mispredicted.frame > 0 && x.mispredicted.labeled === 0).length,
      meanJackknifeDf: mean(d.map((x) => x.jackknifeDf)),
    };
  });
}

/** The labeled-route command that kept the inputs (DIR/command.json, written with --keep), or null. */
export function keptCommand(dir: string): string | null {
  const file = path.join(dir, 'command.json');
  if (!existsSync(file)) return null;
  const v = parseJsonData(readFileSync(file, 'utf8')) as { command?: unknown } | null;
  return v !== null && typeof v === 'object' && typeof v.command === 'string' ? v.command : null;
}

/** Every `inputs.json` one level under `dir` (labeled-route's `--keep DIR --keep-inputs`), in name order. */
export function readKeptInputs(dir: string): KeptInputs[] {
  if (!existsSync(dir)) throw new UserError(`${dir}: no such folder (labeled-route --keep ${dir} --keep-inputs writes it)`);
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name, 'inputs.json');
      if (!existsSync(file)) return [];
      let value: unknown;
      try {
        value = parseJsonData(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new UserError(`${file}: not JSON (${(err as Error).message})`);
      }
      const v = value as Partial<KeptInputs> | null;
      if (v === null || typeof v !== 'object' || !Array.isArray(v.tweets) || !Array.isArray(v.predictions) || !Array.isArray(v.inSamplePredictions) || !Array.isArray(v.truth) || !Array.isArray(v.sample) || v.planted === undefined) {
        throw new UserError(`${file}: not the estimator inputs labeled-route --keep-inputs writes`);
      }
      return [{ ...(v as EstimatorInputs & { planted: Record<Unit, number> }), name }];
    });
}

/** Replay every kept corpus: rows, and the candidates' summaries over all of them, per design (the folder's suffix) and over the shipped misses. */
export function replayKept(kept: readonly KeptInputs[]): {
  summary: CandidateSummary[];
  byDesign: Record<string, CandidateSummary[]>;
  diagnosis: DiagnosisSummary[];
  shippedMisses: ReplayRow[];
  rows: ReplayRow[];
} {
  const rows = kept.flatMap((k) => (['tweets', 'accounts'] as const).flatMap((u) => replay(k, u) ?? []));
  const design = (name: string) => name.replace(/^seed-\d+-/, '');
  const designs = [...new Set(rows.map((r) => design(r.corpus)))];
  const miss = (r: ReplayRow) => r.planted < r.figures.shipped.ci95[0] - 1e-12 || r.planted > r.figures.shipped.ci95[1] + 1e-12;
  return {
    summary: summarise(rows),
    byDesign: Object.fromEntries(designs.map((d) => [d, summarise(rows.filter((r) => design(r.corpus) === d))])),
    diagnosis: diagnosisSummary(rows),
    shippedMisses: rows.filter(miss),
    rows,
  };
}
