/**
 * Cross-validation protocols, generic over the classifier and over how a fold's inputs are
 * built: `prepare` sees only the fold's training rows when it fits anything (vectoriser,
 * bigram table), so nothing learned from the test rows reaches the model.
 */
import type { ClassifierFactory } from './classifier.js';
import type { Matrix } from './matrix.js';
import { evaluateScores, type Metrics } from './metrics.js';
import { stratifiedFolds } from './split.js';

/** Out-of-domain result for one data set: trained without it, tested on it. */
export interface DatasetResult extends Metrics {
  dataset: string;
}

export interface ProtocolResult {
  /** Pooled metrics over every test row of the protocol. */
  pooled: Metrics;
  /** Per data set (for LODO: the set left out; for 5-fold: the rows of that set). */
  perDataset: DatasetResult[];
  /** Mean AUC over the sets that have both classes. */
  meanAuc: number;
  /** Mean AUC over the four reference sets compared with the BotometerLite-style forest. */
  meanAucReference?: number;
}

export interface Fold {
  name: string;
  train: Int32Array;
  test: Int32Array;
}

export interface PreparedFold {
  Xtrain: Matrix;
  ytrain: Uint8Array;
  weights: Float32Array;
  groups: string[];
  Xtest: Matrix;
  /**
   * When a test unit (e.g. an account) has several rows: row r of Xtest belongs to unit
   * test[testOwner[r]], and the unit's score is the mean of its rows' scores.
   */
  testOwner?: Int32Array;
}

/** Builds the fold's matrices from row indices (fitting any preprocessing on `train` only). */
export type PrepareFold = (train: Int32Array, test: Int32Array, fold: Fold) => PreparedFold;

/** Stratified k folds (by data set × label). */
export function kFolds(labels: Uint8Array, groups: readonly string[], k: number, seed: number): Fold[] {
  const fold = stratifiedFolds(labels, k, seed, groups);
  return Array.from({ length: k }, (_, f) => ({
    name: `fold ${f + 1}/${k}`,
    train: Int32Array.from(indices(fold.length).filter((i) => fold[i] !== f)),
    test: Int32Array.from(indices(fold.length).filter((i) => fold[i] === f)),
  }));
}

/** One fold per data set: train on every other set, test on it. */
export function leaveOneGroupOut(groups: readonly string[]): Fold[] {
  const names = [...new Set(groups)].sort();
  return names.map((name) => ({
    name,
    train: Int32Array.from(indices(groups.length).filter((i) => groups[i] !== name)),
    test: Int32Array.from(indices(groups.length).filter((i) => groups[i] === name)),
  }));
}

function indices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Out-of-fold scores: each row's score comes from the model of the fold that tested it
 * (NaN for a row no fold tests).
 */
export async function outOfFoldScores(
  factory: ClassifierFactory,
  folds: readonly Fold[],
  rows: number,
  prepare: PrepareFold,
  seed: number,
  onProgress?: (message: string) => void,
  onFoldDone?: (fold: Fold) => void,
): Promise<Float32Array> {
  const scores = new Float32Array(rows).fill(Number.NaN);
  for (const [f, fold] of folds.entries()) {
    const data = prepare(fold.train, fold.test, fold);
    const model = factory();
    onProgress?.(`${model.kind}: ${fold.name} (${fold.train.length} training rows, ${fold.test.length} test rows)`);
    try {
      await model.fit(data.Xtrain, data.ytrain, { seed: seed + 1000 * f, sampleWeight: data.weights, groups: data.groups });
      const p = await model.predictProba(data.Xtest);
      const owner = data.testOwner;
      if (owner === undefined) {
        fold.test.forEach((row, k) => {
          scores[row] = p[k];
        });
      } else {
        const sum = new Float64Array(fold.test.length);
        const count = new Float64Array(fold.test.length);
        owner.forEach((k, r) => {
          sum[k] += p[r];
          count[k] += 1;
        });
        fold.test.forEach((row, k) => {
          scores[row] = count[k] > 0 ? sum[k] / count[k] : Number.NaN;
        });
      }
    } finally {
      model.dispose();
    }
    onFoldDone?.(fold);
  }
  return scores;
}

/** Metrics pooled over the scored rows and per data set. */
export function summarize(
  labels: Uint8Array,
  groups: readonly string[],
  scores: Float32Array,
  threshold: number,
  referenceSets: readonly string[] = [],
): ProtocolResult {
  const scored = indices(labels.length).filter((i) => Number.isFinite(scores[i]));
  const pick = (rows: number[]): [number[], number[]] => [rows.map((i) => labels[i]), rows.map((i) => scores[i])];
  const pooled = evaluateScores(...pick(scored), threshold);
  const perDataset: DatasetResult[] = [...new Set(scored.map((i) => groups[i]))].sort().map((dataset) => {
    const m: Metrics = evaluateScores(...pick(scored.filter((i) => groups[i] === dataset)), threshold);
    return { dataset, ...m };
  });
  const both = perDataset.filter((d) => Number.isFinite(d.auc));
  const mean = (xs: number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
  const refs = perDataset.filter((d) => referenceSets.includes(d.dataset));
  const result: ProtocolResult = { pooled, perDataset, meanAuc: mean(both.map((d) => d.auc)) };
  if (referenceSets.length > 0) {
    result.meanAucReference = refs.length === referenceSets.length ? mean(refs.map((d) => d.auc)) : Number.NaN;
  }
  return result;
}
