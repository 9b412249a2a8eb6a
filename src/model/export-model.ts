/**
 * The export-specific model: a ridge logistic regression (./logistic.ts) on per-account
 * features that any export provides, fitted on the researcher's labeled accounts and
 * cross-fitted so that no labeled account's prediction uses its own label. That is what keeps
 * the model-assisted estimate (src/estimate/model-assisted.ts) unbiased while the model learns
 * from the same labels (Zrnic & Candès 2024, "Cross-prediction-powered inference", PNAS,
 * arXiv 2309.16598; Egami, Hinck, Stewart & Wei 2023, "Using imperfect surrogates for
 * downstream inference: design-based supervised learning", NeurIPS, DSL).
 *
 * Labeled accounts are split into K folds (seeded); each fold is predicted by the model fitted
 * on the other K − 1; every other account gets the mean of the K fold models. The fit is
 * unweighted (not by 1/π): any model keeps the estimator valid, and unweighted fits vary less.
 * With too few labels of one class the model would be noise: the public score is used as is,
 * flagged.
 *
 * Ridge strength: with 50–300 labels and some forty features, a fixed penalty either wastes
 * the labels (too strong) or fits their noise (too weak). Each fold's penalty is chosen from
 * `l2Grid` by an inner cross-validation on that fold's training labels alone (the log-loss of
 * the inner held-out labels), so the choice never sees the fold's own labels and the
 * cross-fit stays honest; replicates reuse each fold's choice. A missing value (NaN) is
 * filled with its column's mean over all accounts (0 once standardised).
 */
import { LogisticRegression } from './logistic.js';
import type { Matrix } from './matrix.js';
import { createRandom } from '../util/random.js';

export interface ExportFeatures {
  names: readonly string[];
  /** One row per account of the frame, in the frame's order. */
  rows: readonly ArrayLike<number>[];
  /** The public model's score in [0, 1] for every account: the fallback predictions. */
  publicScore: ArrayLike<number>;
}

/** A labeled account: `bot` or `human` only (unsure and empty are not labels). */
export interface AccountLabel {
  index: number;
  bot: boolean;
}

export interface ExportModelOptions {
  /** Folds for cross-fitting (fewer when a class has fewer labels). */
  folds: number;
  seed: number;
  /** Ridge penalty of the logistic regression on standardised features, when `l2Grid` is empty or a fold has too few labels to choose. */
  l2: number;
  /** Penalties a fold chooses among by inner cross-validation on its training labels (empty: always `l2`). */
  l2Grid: readonly number[];
  /** Inner folds for that choice (fewer when the training labels' smaller class is smaller). */
  innerFolds: number;
  /** Fewer labels than this in either class and the public score is used instead. */
  minPerClass: number;
}

export const DEFAULT_EXPORT_MODEL: ExportModelOptions = { folds: 5, seed: 1, l2: 0.05, l2Grid: [0.03, 0.1, 0.3, 1, 3], innerFolds: 4, minPerClass: 5 };

export type ExportModelFlagCode = 'too_few_labels_for_model' | 'fewer_folds';

export interface ExportModelFit {
  method: 'cross-fitted-logistic' | 'public-score';
  /** f_i ∈ [0, 1] for every account. */
  predictions: Float64Array;
  /** The fold of each account (−1 when not labeled, or when the public score is used). */
  foldOf: Int32Array;
  folds: number;
  /** The ridge penalty of each fold's model (chosen on its training labels). */
  l2: number[];
  /** Mean coefficients over the folds, on standardised features (for the report). */
  coefficients: { name: string; coefficient: number }[];
  flags: { code: ExportModelFlagCode; message: string }[];
}

/** A score as a feature: its logit, clamped away from 0 and 1. */
export function scoreLogit(score: number): number {
  const s = Math.min(1 - 1e-4, Math.max(1e-4, score));
  return Math.log(s / (1 - s));
}

/** An export's feature table with the public score's logit as its first column, the public score as the fallback. */
export function withPublicScore(table: { names: readonly string[]; rows: readonly ArrayLike<number>[] }, publicScore: Float64Array): ExportFeatures {
  if (table.rows.length !== publicScore.length) throw new Error(`export features: ${table.rows.length} rows for ${publicScore.length} public scores`);
  return {
    names: ['public_score_logit', ...table.names],
    rows: table.rows.map((r, i) => [scoreLogit(publicScore[i]), ...Array.from(r)]),
    publicScore,
  };
}

/**
 * Standardises every column over all accounts (no label is used, so no leak); a missing value
 * (NaN) becomes the column's mean, 0 once standardised.
 */
function standardise(features: ExportFeatures): Matrix {
  const rows = features.rows.length;
  const cols = features.names.length;
  const mean = new Float64Array(cols);
  const sq = new Float64Array(cols);
  const present = new Float64Array(cols);
  features.rows.forEach((row, i) => {
    if (row.length !== cols) throw new Error(`export features: row ${i} has ${row.length} values, expected ${cols} (${features.names.join(', ')})`);
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (Number.isNaN(v)) continue;
      if (!Number.isFinite(v)) throw new Error(`export features: row ${i}, ${features.names[j]} is ${v}`);
      mean[j] += v;
      sq[j] += v * v;
      present[j]++;
    }
  });
  const data = new Float32Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    mean[j] /= Math.max(1, present[j]);
    const sd = Math.sqrt(Math.max(0, sq[j] / Math.max(1, present[j]) - mean[j] ** 2));
    for (let i = 0; i < rows; i++) {
      const v = features.rows[i][j];
      data[i * cols + j] = sd > 0 && !Number.isNaN(v) ? (v - mean[j]) / sd : 0;
    }
  }
  return { rows, cols, data };
}

function rowsOf(m: Matrix, indices: readonly number[]): Matrix {
  const data = new Float32Array(indices.length * m.cols);
  indices.forEach((i, k) => data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols));
  return { rows: indices.length, cols: m.cols, data };
}

/**
 * Fits the cross-fitted export model. Fold assignment depends on the seed and on which
 * accounts are labeled, never on their labels: so an account's prediction cannot move when
 * only its own label changes.
 */
export async function fitExportModel(
  features: ExportFeatures,
  labels: readonly AccountLabel[],
  options: Partial<ExportModelOptions> = {},
): Promise<ExportModelFit> {
  const opts = { ...DEFAULT_EXPORT_MODEL, ...options };
  const n = features.rows.length;
  if (features.publicScore.length !== n) throw new Error(`export features: ${features.publicScore.length} public scores for ${n} accounts`);
  const seen = new Set<number>();
  for (const l of labels) {
    if (!(Number.isInteger(l.index) && l.index >= 0 && l.index < n)) throw new Error(`labeled index ${l.index} is outside the ${n} accounts`);
    if (seen.has(l.index)) throw new Error(`account at index ${l.index} is labeled twice`);
    seen.add(l.index);
  }
  const bots = labels.filter((l) => l.bot).length;
  const minority = Math.min(bots, labels.length - bots);
  const foldOf = new Int32Array(n).fill(-1);

  if (minority < opts.minPerClass) {
    return {
      method: 'public-score',
      predictions: Float64Array.from(features.publicScore),
      foldOf,
      folds: 0,
      l2: [],
      coefficients: [],
      flags: [
        {
          code: 'too_few_labels_for_model',
          message: `${bots} bot and ${labels.length - bots} human labels: fewer than ${opts.minPerClass} in a class, so the export model is not fitted and the public score is used`,
        },
      ],
    };
  }

  const flags: ExportModelFit['flags'] = [];
  const k = Math.max(2, Math.min(opts.folds, minority));
  if (k < opts.folds) flags.push({ code: 'fewer_folds', message: `${k} folds instead of ${opts.folds}: only ${minority} labels in the smaller class` });
  const order = createRandom(opts.seed).shuffle(labels.map((_, j) => j));
  order.forEach((j, position) => (foldOf[labels[j].index] = position % k));

  const x = standardise(features);
  const l2 = await chooseL2(x, labels, foldOf, k, opts);
  const { predictions, coefficients } = await crossFit(x, labels, foldOf, k, l2, opts);
  return {
    method: 'cross-fitted-logistic',
    predictions,
    foldOf,
    folds: k,
    l2,
    coefficients: features.names.map((name, j) => ({ name, coefficient: coefficients[j] })),
    flags,
  };
}

/**
 * Each fold's ridge penalty: the grid value whose inner cross-validation on that fold's
 * training labels (inner folds seeded, assigned by position as the outer ones) has the least
 * held-out log-loss; ties go to the stronger penalty. The fold's own labels are never read.
 */
async function chooseL2(x: Matrix, labels: readonly AccountLabel[], foldOf: Int32Array, k: number, opts: ExportModelOptions): Promise<number[]> {
  const out: number[] = [];
  for (let fold = 0; fold < k; fold++) {
    const train = labels.filter((l) => foldOf[l.index] !== fold);
    const bots = train.filter((l) => l.bot).length;
    const inner = Math.min(opts.innerFolds, bots, train.length - bots);
    if (opts.l2Grid.length === 0 || inner < 2) {
      out.push(opts.l2);
      continue;
    }
    const innerFold = new Int32Array(train.length);
    createRandom(opts.seed + 7919 * (fold + 1))
      .shuffle(train.map((_, j) => j))
      .forEach((j, position) => (innerFold[j] = position % inner));
    let best = opts.l2Grid[0];
    let bestLoss = Infinity;
    for (const l2 of [...opts.l2Grid].sort((a, b) => b - a)) {
      let loss = 0;
      for (let f = 0; f < inner; f++) {
        const fitOn = train.filter((_, j) => innerFold[j] !== f);
        const held = train.filter((_, j) => innerFold[j] === f);
        const model = new LogisticRegression({ l2 });
        await model.fit(rowsOf(x, fitOn.map((l) => l.index)), Uint8Array.from(fitOn, (l) => (l.bot ? 1 : 0)), { seed: opts.seed });
        const p = await model.predictProba(rowsOf(x, held.map((l) => l.index)));
        held.forEach((l, j) => {
          const q = Math.min(1 - 1e-6, Math.max(1e-6, p[j]));
          loss -= l.bot ? Math.log(q) : Math.log(1 - q);
        });
      }
      if (loss < bestLoss - 1e-9) {
        bestLoss = loss;
        best = l2;
      }
    }
    out.push(best);
  }
  return out;
}

/** Fold `fold`'s model: the prediction of its own labeled accounts, a K-th of every unlabeled one's. */
function addFold(predictions: Float64Array, p: Float32Array, foldOf: Int32Array, fold: number, k: number): void {
  for (let i = 0; i < p.length; i++) {
    const f = foldOf[i];
    if (f === fold) predictions[i] = p[i];
    else if (f === -1) predictions[i] += p[i] / k;
  }
}

/**
 * The cross-fit itself: fold k's labeled accounts are predicted by the model fitted on the
 * other folds, every other account by the mean of the K models. `labelWeights` (one per label,
 * default 1) reweights the labels in the fits: a replicate of the sample (see
 * replicateExportPredictions).
 */
async function crossFit(
  x: Matrix,
  labels: readonly AccountLabel[],
  foldOf: Int32Array,
  k: number,
  l2: readonly number[],
  opts: ExportModelOptions,
  labelWeights?: Float64Array,
): Promise<{ predictions: Float64Array; coefficients: Float64Array }> {
  const n = x.rows;
  const predictions = new Float64Array(n);
  const coefficients = new Float64Array(x.cols);
  for (let fold = 0; fold < k; fold++) {
    const train = labels.map((l, j) => ({ l, weight: labelWeights?.[j] ?? 1 })).filter((t) => foldOf[t.l.index] !== fold && t.weight > 0);
    const model = new LogisticRegression({ l2: l2[fold] });
    // Unweighted in the main fit (see the module comment); a replicate's weights otherwise.
    const sampleWeight = labelWeights === undefined ? {} : { sampleWeight: Float32Array.from(train, (t) => t.weight) };
    await model.fit(rowsOf(x, train.map((t) => t.l.index)), Uint8Array.from(train, (t) => (t.l.bot ? 1 : 0)), { seed: opts.seed, ...sampleWeight });
    addFold(predictions, await model.predictProba(x), foldOf, fold, k);
    model.state().coef.forEach((c, j) => (coefficients[j] += c / k));
  }
  return { predictions, coefficients };
}

/**
 * The export model refitted on replicates of the labeled sample, with the main fit's folds:
 * for each replicate the labels' weights (one per label, in `labels`' order; 0 leaves a label
 * out), the predictions of every account. A replicate variance (src/estimate/replicates.ts)
 * over them counts what the variance with fixed predictions leaves out: how far the model,
 * and so the estimate, moves with the labels it was fitted on. Yields one replicate at a time,
 * so that memory does not grow with their number.
 */
export async function* replicateExportPredictions(
  features: ExportFeatures,
  labels: readonly AccountLabel[],
  fit: ExportModelFit,
  replicateLabelWeights: Iterable<Float64Array>,
  options: Partial<ExportModelOptions> = {},
): AsyncGenerator<Float64Array> {
  if (fit.method !== 'cross-fitted-logistic') throw new Error('replicates need the cross-fitted export model');
  const opts = { ...DEFAULT_EXPORT_MODEL, ...options };
  const x = standardise(features);
  for (const weights of replicateLabelWeights) {
    if (weights.length !== labels.length) throw new Error(`replicate: ${weights.length} label weights for ${labels.length} labels`);
    yield (await crossFit(x, labels, fit.foldOf, fit.folds, fit.l2, opts, weights)).predictions;
  }
}
