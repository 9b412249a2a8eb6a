/**
 * The shipped model: fitted on every training account, saved as model.json + weights.bin,
 * then scored on the held-out accounts (calibrated as it ships). Half of those accounts
 * check the in-domain rates; the other half stay untouched for simulations.
 */
import type { LabeledAccount } from '../labeled/types.js';
import { calibrateAll, type Calibrator } from './calibration.js';
import type { OperatingRates } from './card.js';
import type { ProtocolResult } from './cross-validate.js';
import { summarize } from './cross-validate.js';
import type { Classifier } from './classifier.js';
import { FamilyClassifier, type ShippedFamily } from './family-classifier.js';
import { saveLayersModel, type SavedFiles } from './io.js';
import { accountRates } from './operating-rates.js';
import { accountTable, rowOptions, type ProtocolSettings } from './protocol.js';
import { stratifiedHoldout } from './split.js';
import { prepareTest, prepareTraining, type FeatureSet, type TrainingMatrix } from './training-data.js';

export interface FinalModel {
  saved: SavedFiles;
  matrix: TrainingMatrix;
  hyperParameters: Record<string, unknown>;
  trainingLog: FamilyClassifier['trainingLog'];
}

/** Fits the shipped family on `train` (feature families in `excluded` left out) and writes it to `outDir`. */
export async function fitFinalModel(
  s: ProtocolSettings,
  family: ShippedFamily,
  features: FeatureSet,
  excluded: readonly string[],
  train: readonly LabeledAccount[],
  outDir: string,
  progress: (message: string) => void,
): Promise<FinalModel & { model: FamilyClassifier }> {
  const m = prepareTraining([...train], s.timelines, rowOptions(s, features, excluded, s.seed));
  progress(`training the shipped model (${family.name}) on ${m.X.rows} rows (${m.inputNames.length} inputs)`);
  const model = new FamilyClassifier(family);
  await model.fit(m.X, m.y, { seed: s.seed, sampleWeight: m.weights, groups: m.groups });
  const saved = await saveLayersModel(model.layersModel(), outDir);
  return { model, saved, matrix: m, hyperParameters: model.hyperParameters(), trainingLog: model.trainingLog };
}

export interface HeldOutScores {
  heldOutAccounts?: ProtocolResult;
  ratesCheck?: OperatingRates;
  /** 1 = the account checks the in-domain rates; 0 = left for simulations. */
  role: Uint8Array;
}

/** Scores the held-out accounts with the shipped model and checks the in-domain rates on half of them. */
export async function scoreHeldOut(
  s: ProtocolSettings,
  net: Classifier,
  final: FinalModel,
  features: FeatureSet,
  excluded: readonly string[],
  heldOut: readonly LabeledAccount[],
  calibrator: Calibrator,
  threshold: number,
  referenceSets: readonly string[],
): Promise<HeldOutScores> {
  const role = new Uint8Array(heldOut.length);
  if (heldOut.length === 0) return { role };
  const h = accountTable([...heldOut]);
  const x = prepareTest([...heldOut], s.timelines, final.matrix, rowOptions(s, features, excluded, s.seed));
  const p = calibrateAll(calibrator, await net.predictProba(x.X));
  const sum = new Float64Array(h.accounts.length);
  const n = new Float64Array(h.accounts.length);
  x.owner.forEach((k, r) => {
    sum[k] += p[r];
    n[k] += 1;
  });
  const scores = Float32Array.from(sum, (v, k) => (n[k] > 0 ? v / n[k] : Number.NaN));
  const heldOutAccounts = summarize(h.label, h.dataset, scores, threshold, referenceSets);
  // So that no corpus is built from accounts that measured anything.
  role.set(stratifiedHoldout(h.label, 0.5, s.seed + 7, heldOut.map((a) => `${a.dataset}/${a.subset ?? ''}`)));
  const check = heldOut.flatMap((a, k) => (role[k] === 1 && Number.isFinite(scores[k]) ? [{ label: a.label, scores: [scores[k]] }] : []));
  const ratesCheck = accountRates(
    check,
    threshold,
    `the shipped model on half of its held-out accounts (${check.length}; never trained on), a check of the in-domain rates; account score = mean of its rows`,
  );
  return { heldOutAccounts, ...(ratesCheck !== undefined ? { ratesCheck } : {}), role };
}
