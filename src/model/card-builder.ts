/**
 * Assembles the model card from what the training steps measured: data sets and held-out
 * accounts, the protocol figures, the calibration and rates, and the notes that say how
 * each figure was obtained.
 */
import path from 'node:path';
import { tf } from './tf.js';
import type { LabeledAccount } from '../labeled/types.js';
import { VERSION } from '../version.js';
import { cardFeatures, type CardDataset, type HeldOutAccount, type ModelCard, type ModelEvaluation, type OperatingRates } from './card.js';
import type { LabeledCorpus } from './labeled-corpus.js';
import type { ShippedFamily } from './family-classifier.js';
import type { FinalModel, HeldOutScores } from './final-fit.js';
import type { NestedSelectionResult } from './nested-selection.js';
import type { CalibratedProtocol, ProtocolPair } from './operating-rates.js';
import type { ReferenceForest } from './reference-forest-results.js';
import type { ModelConfig } from './model-config.js';

export interface CardInputs {
  cfg: ModelConfig;
  corpus: LabeledCorpus;
  name: string;
  seed: number;
  backend: string;
  startedMs: number;
  kept: readonly LabeledAccount[];
  dropped: number;
  split: { train: LabeledAccount[]; heldOut: LabeledAccount[] };
  /** The family that ships (the nested procedure's pick, or the configured one). */
  family: ShippedFamily;
  main: ProtocolPair;
  /** The other kind of model (logistic beside a network, network beside a logistic model). */
  comparison: ProtocolPair & { name: string; description: string };
  ablation: ProtocolPair;
  calibrated: CalibratedProtocol;
  final: FinalModel;
  finalExcluded: readonly string[];
  heldOut: HeldOutScores;
  selections: Record<string, { excluded: string[]; score: number }>;
  foldLog: string[];
  reference?: ReferenceForest;
  nested?: NestedSelectionResult;
}

function datasetRows(kept: readonly LabeledAccount[], split: CardInputs['split'], corpus: LabeledCorpus, timingRows: Record<string, number>): CardDataset[] {
  const count = (list: readonly LabeledAccount[], d: string, l: 'bot' | 'human'): number => list.filter((a) => a.dataset === d && a.label === l).length;
  return [...new Set(kept.map((a) => a.dataset))].sort().map((d) => ({
    name: d,
    files: corpus.sources.find((s) => s.name === d)?.files ?? [],
    bots: count(kept, d, 'bot'),
    humans: count(kept, d, 'human'),
    trainBots: count(split.train, d, 'bot'),
    trainHumans: count(split.train, d, 'human'),
    heldOutBots: count(split.heldOut, d, 'bot'),
    heldOutHumans: count(split.heldOut, d, 'human'),
    timingRows: timingRows[d] ?? 0,
  }));
}

function heldOutRows(heldOut: readonly LabeledAccount[], role: Uint8Array): HeldOutAccount[] {
  return heldOut.map((a, k) => ({
    dataset: a.dataset,
    ...(a.subset !== undefined ? { subset: a.subset } : {}),
    accountId: a.id,
    label: a.label,
    role: role[k] === 1 ? 'check' : 'simulation',
  }));
}

function selectionNote(cfg: ModelConfig): string {
  return cfg.selection === 'nested'
    ? 'Feature families (feature-families.ts) were chosen by greedy backward elimination scored by the mean inner leave-one-dataset-out AUC of the logistic baseline over the sets with both classes, run separately inside every outer fold on that fold’s training accounts only; the shipped model uses the selection on all training accounts.'
    : 'No feature selection.';
}

export function buildCard(c: CardInputs): ModelCard {
  const { cfg, final, split } = c;
  const m = final.matrix;
  const notes: string[] = [];
  if (c.dropped > 0) notes.push(`${c.dropped} accounts whose id two sets label differently were left out of everything.`);
  notes.push(
    selectionNote(cfg),
    `Selected for the shipped model: leave out ${c.finalExcluded.length ? c.finalExcluded.join(', ') : 'nothing'}.`,
    'LODO threshold metrics, Brier and ECE use a calibration cross-fitted per set (fitted on the other sets’ LODO predictions); 5-fold figures use the shipped calibration (fitted on LODO predictions of the same training accounts: its two parameters saw their labels).',
    `Timing features exist only for accounts with a labeled timeline (${Object.entries(m.timingRows).map(([d, n]) => `${d}: ${n} window rows`).join(', ') || 'none'}); in LODO, the set left out is the only one with timelines when it is cresci-2017, so timing cannot help there.`,
    `Shipped family: ${c.family.name} (${c.family.description}); its hyper-parameters were fixed before measuring, and the family was chosen by the nested procedure below, not on these figures.`,
  );
  const accountOnlyIsMain = cfg.features === 'account';
  const evaluation: ModelEvaluation = {
    rows: `the ${split.train.length} training accounts (the ${split.heldOut.length} held-out accounts are scored only by the shipped model, below); account score = mean over its rows (its timing windows when it has a timeline)`,
    inDomain5Fold: c.main.inDomain5Fold,
    leaveOneDatasetOut: c.main.leaveOneDatasetOut,
    comparison: c.comparison,
    ablation: { accountOnly: accountOnlyIsMain ? c.main : c.ablation, accountPlusTiming: accountOnlyIsMain ? c.ablation : c.main },
    ...(c.heldOut.heldOutAccounts ? { heldOutAccounts: c.heldOut.heldOutAccounts } : {}),
    ...(c.reference ? { reference: c.reference } : {}),
    ...(c.nested ? { nestedSelection: c.nested } : {}),
    notes,
  };
  const calibrated = c.calibrated;
  const rates: OperatingRates = calibrated.rates;
  return {
    kind: 'botshare_model_card',
    cardVersion: 1,
    name: c.name,
    created: new Date().toISOString(),
    botshareVersion: VERSION,
    tfjsVersion: tf.version.tfjs,
    backend: c.backend,
    seed: c.seed,
    trainingSeconds: (Date.now() - c.startedMs) / 1000,
    classifier: {
      kind: c.family.kind,
      family: { name: c.family.name, description: c.family.description },
      hyperParameters: { ...final.hyperParameters, config: { ...cfg, mlp: undefined, logistic: cfg.logistic } },
      weightScheme: cfg.weightScheme,
      selection: `${selectionNote(cfg)} Per fold: ${JSON.stringify(c.selections)}`,
      trainingLog: { members: final.trainingLog, folds: c.foldLog },
    },
    files: final.saved.sha256,
    features: cardFeatures(),
    inputs: m.inputNames,
    vectorizer: m.vectorizer.toJSON(),
    bigrams: m.bigrams,
    calibration: {
      ...calibrated.calibrator,
      fittedOn: calibrated.fittedOn,
      prior: cfg.weightScheme === 'none' ? 'the class shares of the training accounts' : 'equal: bots and humans weigh the same (per data set)',
    },
    threshold: cfg.threshold,
    rates,
    ...(calibrated.ratesInDomain !== undefined ? { ratesInDomain: calibrated.ratesInDomain } : {}),
    ...(c.heldOut.ratesCheck !== undefined ? { ratesCheck: c.heldOut.ratesCheck } : {}),
    datasets: datasetRows(c.kept, split, c.corpus, m.timingRows),
    heldOut: heldOutRows(split.heldOut, c.heldOut.role),
    ...(c.corpus.labels ? { labels: c.corpus.labels } : {}),
    evaluation,
  };
}

export const cardName = (name: string | undefined, outDir: string): string => name ?? path.basename(path.resolve(outDir));
