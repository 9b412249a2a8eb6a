/**
 * A trained model folder, loaded and checked: raw feature rows in, calibrated bot scores
 * out, in batches. Everything that can be wrong with a folder (missing or edited files,
 * another botshare's feature list, a model graph that does not fit its card) is refused here
 * with a UserError naming the file, before any score is produced.
 */
import { UserError } from '../util/errors.js';
import { FEATURES, featureDef } from '../features/registry.js';
import { loadBigramModel, type BigramModel } from '../features/screen-name-likelihood.js';
import { loadVectorizer, MISSING_SUFFIX, type Vectorizer } from '../features/vectorize.js';
import { calibrateAll, type Calibrator } from './calibration.js';
import { readCard, CARD_JSON, type ModelCard } from './card.js';
import { loadLayersModel } from './io.js';
import { LayersClassifier } from './family-classifier.js';
import { PREDICT_CHUNK } from './mlp.js';
import { takeColumns, type Matrix } from './matrix.js';
import path from 'node:path';

/** A feature's push on one account's score (from the model's explanations). */
export interface FeatureContribution {
  feature: string;
  /** Positive pushes the score towards bot, negative towards human. */
  contribution: number;
}

/** An explanation as the model gives it: with the feature's meaning from the registry. */
export interface Contribution extends FeatureContribution {
  meaning: string;
}

export interface LoadedModel {
  readonly dir: string;
  readonly card: ModelCard;
  readonly bigrams: BigramModel;
  /** A short identifier for outputs: "<name> (<created>)". */
  readonly id: string;
  /** Calibrated P(bot) for raw rows in `FEATURES` order (NaN = missing). Batched. */
  scoreRows(raw: readonly Float64Array[]): Promise<Float32Array>;
  /** Uncalibrated model outputs (for tests and diagnostics). */
  rawScores(raw: readonly Float64Array[]): Promise<Float32Array>;
  /**
   * The k features that move each row's score most, by occlusion: each feature in turn is
   * set to the training mean (standardised value 0, present) and the change in the
   * calibrated score is its contribution.
   */
  explain(raw: readonly Float64Array[], k?: number): Promise<Contribution[][]>;
  dispose(): void;
}

function refuse(file: string, why: string): never {
  throw new UserError(`${file}: ${why}; refusing to load this model`);
}

export async function loadModel(dir: string): Promise<LoadedModel> {
  const card = await readCard(dir);
  const cardFile = path.join(dir, CARD_JSON);
  let vectorizer: Vectorizer;
  let bigrams: BigramModel;
  try {
    vectorizer = loadVectorizer(card.vectorizer);
    bigrams = loadBigramModel(card.bigrams);
  } catch (err) {
    return refuse(cardFile, err instanceof Error ? err.message : String(err));
  }
  const columns = card.inputs.map((name) => {
    const j = vectorizer.inputNames.indexOf(name);
    if (j < 0) refuse(cardFile, `input "${name}" is not produced by the card's vectoriser`);
    return j;
  });
  const calibrator = card.calibration as Calibrator;
  if (!['platt', 'isotonic', 'identity'].includes(calibrator.method)) refuse(cardFile, `unknown calibration "${String(calibrator.method)}"`);
  const net = await loadLayersModel(dir, { inputs: columns.length, sha256: card.files });
  const classifier = new LayersClassifier(card.classifier.kind, net);

  const matrixOf = (raw: readonly Float64Array[]): Matrix => {
    const full: Matrix = { rows: raw.length, cols: vectorizer.inputNames.length, data: vectorizer.transformMany(raw) };
    return takeColumns(full, columns);
  };
  const rawScores = async (raw: readonly Float64Array[]): Promise<Float32Array> => {
    const out = new Float32Array(raw.length);
    // Vectorise chunk by chunk too: memory stays bounded whatever the caller passes.
    for (let start = 0; start < raw.length; start += PREDICT_CHUNK) {
      const chunk = raw.slice(start, start + PREDICT_CHUNK);
      out.set(await classifier.predictProba(matrixOf(chunk)), start);
    }
    return out;
  };
  const scoreRows = async (raw: readonly Float64Array[]): Promise<Float32Array> => calibrateAll(calibrator, await rawScores(raw));

  // Occlusion groups: each registry feature that reaches the model, with its input columns.
  const groups = FEATURES.map((f) => ({
    feature: f.name,
    meaning: f.meaning,
    cols: card.inputs.flatMap((name, c) => (name === f.name || name === f.name + MISSING_SUFFIX ? [c] : [])),
  })).filter((g) => g.cols.length > 0);

  const explain = async (raw: readonly Float64Array[], k = 3): Promise<Contribution[][]> => {
    const x = matrixOf(raw);
    const base = calibrateAll(calibrator, await classifier.predictProba(x));
    const deltas = groups.map(() => new Float32Array(raw.length));
    for (const [g, group] of groups.entries()) {
      const data = x.data.slice();
      for (let i = 0; i < x.rows; i++) for (const c of group.cols) data[i * x.cols + c] = 0;
      const p = calibrateAll(calibrator, await classifier.predictProba({ rows: x.rows, cols: x.cols, data }));
      for (let i = 0; i < x.rows; i++) deltas[g][i] = base[i] - p[i];
    }
    return Array.from({ length: x.rows }, (_, i) =>
      groups
        .map((group, g) => ({ feature: group.feature, meaning: featureDef(group.feature).meaning, contribution: deltas[g][i] }))
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
        .slice(0, k),
    );
  };

  return {
    dir,
    card,
    bigrams,
    id: `${card.name} (${card.created})`,
    scoreRows,
    rawScores,
    explain,
    dispose: () => classifier.dispose(),
  };
}
