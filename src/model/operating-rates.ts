/**
 * From out-of-fold scores to what the card reports: the calibration (fitted on the pooled
 * leave-one-dataset-out scores when there are several sets), calibrated protocol figures
 * (cross-fitted per set for LODO), and the operating rates out of domain and in domain.
 */
import { ratesBySet, ratesFromLabeledAccounts, type LabeledAccount as LabeledAccountScores } from './rates.js';
import { calibrateAll, fitCalibrator, type CalibrationMethod, type Calibrator } from './calibration.js';
import type { OperatingRates } from './card.js';
import type { ProtocolResult } from './cross-validate.js';
import { summarize } from './cross-validate.js';
import type { AccountTable } from './protocol.js';
import { rowWeights, type WeightScheme } from './weights.js';

export interface CalibrationSettings {
  calibration: CalibrationMethod;
  weightScheme: WeightScheme;
  threshold: number;
  folds: number;
  /** Sets whose mean AUC is compared with the reference forest. */
  referenceSets: readonly string[];
}

export interface ProtocolPair {
  inDomain5Fold: ProtocolResult;
  leaveOneDatasetOut: ProtocolResult;
}

export interface CalibratedProtocol {
  calibrator: Calibrator;
  fittedOn: string;
  /** Calibrated figures of a variant's LODO and k-fold scores. */
  pair: (lodo: Float32Array, kfold: Float32Array) => ProtocolPair;
  /** Out-of-domain rates (in domain when there is a single set). */
  rates: OperatingRates;
  ratesInDomain: OperatingRates | undefined;
}

function fitOn(t: AccountTable, raw: Float32Array, rows: number[], method: CalibrationMethod, scheme: WeightScheme): Calibrator {
  const y = rows.map((i) => t.label[i]);
  const w = rowWeights(y, rows.map((i) => t.dataset[i]), scheme);
  return fitCalibrator(method, rows.map((i) => raw[i]), y, w);
}

/** Per-set cross-fitted calibration: each set's scores calibrated by a map fitted on the other sets. */
function crossFittedCalibration(t: AccountTable, raw: Float32Array, method: CalibrationMethod, scheme: WeightScheme): Float32Array {
  const out = new Float32Array(raw.length).fill(Number.NaN);
  for (const d of [...new Set(t.dataset)]) {
    const fitRows = t.dataset.flatMap((g, i) => (g !== d && Number.isFinite(raw[i]) ? [i] : []));
    const c = fitOn(t, raw, fitRows, method, scheme);
    t.dataset.forEach((g, i) => {
      if (g === d && Number.isFinite(raw[i])) out[i] = calibrateAll(c, [raw[i]])[0];
    });
  }
  return out;
}

/** Per-account rates without `tweetLevel` (not measurable on one profile row per account); undefined when a class is missing. */
export function accountRates(accounts: readonly LabeledAccountScores[], threshold: number, source: string): OperatingRates | undefined {
  try {
    const { tweetLevel: _unmeasured, ...r } = ratesFromLabeledAccounts(accounts, threshold, source);
    void _unmeasured;
    return r;
  } catch {
    return undefined;
  }
}

function scoredAccounts(t: AccountTable, scores: Float32Array): LabeledAccountScores[] {
  return t.accounts.flatMap((a, i) => (Number.isFinite(scores[i]) ? [{ label: a.label, scores: [scores[i]] }] : []));
}

/**
 * Calibrates the shipped variant's out-of-fold scores and measures its operating rates.
 * `lodo` is empty (all NaN) when there is a single data set.
 */
export function calibrateProtocol(t: AccountTable, lodo: Float32Array, kfold: Float32Array, s: CalibrationSettings): CalibratedProtocol {
  const useLodo = lodo.some(Number.isFinite);
  const calibSource = useLodo ? lodo : kfold;
  const calibRows = t.label.reduce<number[]>((kept, _, i) => (Number.isFinite(calibSource[i]) ? [...kept, i] : kept), []);
  const calibrator = fitOn(t, calibSource, calibRows, s.calibration, s.weightScheme);
  const fittedOn = useLodo
    ? 'the pooled leave-one-dataset-out predictions of the training accounts (each set scored by a model trained without it), rows weighted so that every set × class weighs the same'
    : `the pooled ${s.folds}-fold out-of-fold predictions of the training accounts (a single data set: no leave-one-dataset-out), weighted per class`;
  const lodoCalibrated = (raw: Float32Array): Float32Array => crossFittedCalibration(t, raw, s.calibration, s.weightScheme);
  const kfoldCalibrated = (raw: Float32Array): Float32Array => calibrateAll(calibrator, raw);
  const th = s.threshold;
  const pair = (l: Float32Array, k: Float32Array): ProtocolPair => ({
    inDomain5Fold: summarize(t.label, t.dataset, kfoldCalibrated(k), th, s.referenceSets),
    leaveOneDatasetOut: summarize(t.label, t.dataset, lodoCalibrated(l), th, s.referenceSets),
  });

  // Out of domain: cross-fitted calibrated LODO scores per account. One score per account:
  // the labeled data carry no tweets per account for most sets, so tweet-level rates cannot
  // be measured here; `accountRates` leaves `tweetLevel` out and tells the estimators so.
  const source = useLodo
    ? 'pooled leave-one-dataset-out predictions on the training accounts (calibration cross-fitted per set); account score = mean of its rows'
    : `pooled ${s.folds}-fold out-of-fold predictions (in domain: only one data set)`;
  const ratesScores = useLodo ? lodoCalibrated(lodo) : kfoldCalibrated(kfold);
  // Each set's own rates from the same scores: their spread is what no pooled rate can say
  // about an export's kind of bots, and the bootstrap draws from it (estimate/rate-spread.ts).
  const perSet = useLodo
    ? ratesBySet(
        t.accounts.flatMap((a, i) => (Number.isFinite(ratesScores[i]) ? [{ set: t.dataset[i], label: a.label, scores: [ratesScores[i]] }] : [])),
        th,
      )
    : undefined;
  const pooled = accountRates(scoredAccounts(t, ratesScores), th, source);
  const rates: OperatingRates = (pooled === undefined ? undefined : { ...pooled, ...(perSet === undefined ? {} : { perSet }) }) ?? {
    threshold: th,
    tpr: Number.NaN,
    fpr: Number.NaN,
    meanScoreBot: Number.NaN,
    meanScoreHuman: Number.NaN,
    source,
  };

  // In domain: the k-fold out-of-fold predictions on every training account, calibrated as
  // the shipped model's scores are (Forman 2008 measures the rates by cross-validation on
  // the training set). Many times the accounts of a held-out half: the rates' own sampling
  // error was the largest error of the corrected shares on ground-truth corpora
  // (docs/estimation.md).
  const kfoldAccounts = scoredAccounts(t, kfoldCalibrated(kfold));
  const ratesInDomain = accountRates(
    kfoldAccounts,
    th,
    `pooled ${s.folds}-fold out-of-fold predictions on the training accounts (${kfoldAccounts.length}; in domain: the training sets' own kind of accounts, each scored by a model trained without it), calibrated as the shipped model; account score = mean of its rows`,
  );
  return { calibrator, fittedOn, pair, rates, ratesInDomain };
}
