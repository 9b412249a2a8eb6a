/**
 * The training pipeline behind `botshare train` and the notebooks:
 *
 * 1. hold out a seeded, stratified 20% of the accounts of every set (by set, sub-set and
 *    label; all copies of an id together) — never trained on, listed in the card for the
 *    replication (protocol.ts);
 * 2. on the remaining accounts, choose the model family by nested leave-one-dataset-out
 *    selection (nested-selection.ts): its pick on all sets is what ships (or the family
 *    named in the config when the selection is off);
 * 3. measure the shipped family, a comparison family and the feature-set ablation: leave one
 *    data set out (train without a set, test on it) and stratified 5-fold, with feature
 *    families chosen by nested selection inside every fold (protocol.ts);
 * 4. fit the calibration on the pooled leave-one-dataset-out predictions (cross-fitted
 *    per set for the reported figures), and measure the operating rates (operating-rates.ts);
 * 5. train the shipped family on all training accounts as one tfjs model, score the held-out
 *    accounts (final-fit.ts), and write model.json + weights.bin + card.json + card.md
 *    (card-builder.ts).
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { ensureBackend } from './backend.js';
import { buildCard, cardName } from './card-builder.js';
import { writeCard, type ModelCard } from './card.js';
import type { LabeledCorpus } from './labeled-corpus.js';
import { kFolds, leaveOneGroupOut } from './cross-validate.js';
import { shippedFamily } from './family-classifier.js';
import { fitFinalModel, scoreHeldOut } from './final-fit.js';
import type { LogisticHyperParameters } from './logistic.js';
import type { MlpHyperParameters } from './mlp.js';
import { DEFAULT_CONFIG, type ModelConfig } from './model-config.js';
import { candidateOutOfFold, DEFAULT_CANDIDATES, LOGISTIC, NETWORK, nestedSelection, type Candidate } from './nested-selection.js';
import { calibrateProtocol } from './operating-rates.js';
import { accountTable, bothClassSets, FamilySelector, splitHeldOut, type ProtocolSettings } from './protocol.js';
import type { ReferenceForest } from './reference-forest-results.js';
import { dropConflictingLabels, type FeatureSet } from './training-data.js';

export { splitHeldOut };

export interface TrainOptions {
  corpus: LabeledCorpus;
  seed: number;
  /** The model folder to write (created; an existing model there is replaced only with `force`). */
  outDir: string;
  name?: string;
  config?: Partial<Omit<ModelConfig, 'mlp' | 'logistic'>> & { mlp?: Partial<MlpHyperParameters>; logistic?: Partial<LogisticHyperParameters> };
  force?: boolean;
  /** The out-of-domain yardstick (models/reference-forest.json), shown beside the LODO figures. */
  reference?: ReferenceForest;
  /** Candidates of the nested family selection (default: DEFAULT_CANDIDATES). */
  candidates?: readonly Candidate[];
  onProgress?: (message: string) => void;
}

async function prepareOutDir(dir: string, force: boolean): Promise<void> {
  const existing = await readdir(dir).catch(() => null);
  if (existing !== null && existing.length > 0) {
    if (!force) throw new UserError(`${dir} already exists and is not empty; choose another -o or pass --force to replace the model in it`);
    for (const f of ['model.json', 'weights.bin', 'card.json', 'card.md']) await rm(path.join(dir, f), { force: true });
  }
  await mkdir(dir, { recursive: true });
}

function mergeConfig(partial: TrainOptions['config']): ModelConfig {
  return {
    ...DEFAULT_CONFIG,
    ...(partial ?? {}),
    mlp: { ...DEFAULT_CONFIG.mlp, ...(partial?.mlp ?? {}) },
    logistic: { ...DEFAULT_CONFIG.logistic, ...(partial?.logistic ?? {}) },
  };
}

/** Cards written before the family could be chosen say 'mlp' for the network. */
const candidateName = (classifier: string): string => (classifier === 'mlp' ? NETWORK.name : classifier);

function findCandidate(name: string, candidates: readonly Candidate[]): Candidate {
  const c = candidates.find((x) => x.name === name);
  if (c === undefined) throw new UserError(`unknown model family "${name}"; the candidates are ${candidates.map((x) => x.name).join(', ')}`);
  return c;
}

/** Trains, evaluates and writes a model folder; returns its card. */
export async function trainModel(options: TrainOptions): Promise<ModelCard> {
  const startedMs = Date.now();
  const cfg = mergeConfig(options.config);
  const progress = options.onProgress ?? ((): void => undefined);
  const backend = await ensureBackend();
  await prepareOutDir(options.outDir, options.force === true);

  const { kept, dropped } = dropConflictingLabels(options.corpus.accounts);
  if (kept.length === 0) throw new UserError('no labeled accounts to train on');
  const split = splitHeldOut(kept, cfg.heldOutFraction, options.seed);
  const t = accountTable(split.train);
  if (new Set(t.label).size < 2) throw new UserError('training needs labeled accounts of both classes (bot and human)');
  const s: ProtocolSettings = { ...cfg, timelines: options.corpus.timelines, seed: options.seed };
  const selector = new FamilySelector(s, progress);
  const foldLog: string[] = [];
  const log = (line: string): void => {
    foldLog.push(line);
    progress(line);
  };
  const referenceSets = options.reference ? Object.keys(options.reference.leaveOneDatasetOutAuc) : [];

  // The family first: what the procedure picks on all sets is what every figure below measures and what ships.
  const candidates = options.candidates ?? DEFAULT_CANDIDATES;
  const nested =
    cfg.familySelection === 'nested' && bothClassSets(t).length >= 3
      ? await nestedSelection(s, selector, t, candidates, cfg.familySelectionMaxAccountsPerCell, log)
      : undefined;
  const shipped = findCandidate(nested?.chosen ?? candidateName(cfg.classifier), candidates);
  const family = shippedFamily(shipped, cfg);
  // The other kind of model, so that the card always compares a network with a logistic model.
  const comparison = family.mlp !== undefined ? LOGISTIC : NETWORK;

  // Leave one data set out (needs at least two sets) and stratified k-fold.
  const sets = [...new Set(t.dataset)].sort();
  const lodo = sets.length >= 2 ? leaveOneGroupOut(t.dataset) : [];
  const kfold = kFolds(t.label, t.accounts.map((a) => `${a.dataset}/${a.subset ?? ''}`), cfg.folds, options.seed);
  const other: FeatureSet = cfg.features === 'account' ? 'account+timing' : 'account';
  const run = (protocol: 'lodo' | 'kfold', c: Candidate, features: FeatureSet): Promise<Float32Array> =>
    candidateOutOfFold(s, selector, c, protocol, features, protocol === 'lodo' ? lodo : kfold, t, log);
  const mainLodo = await run('lodo', shipped, cfg.features);
  const mainKfold = await run('kfold', shipped, cfg.features);
  const cmpLodo = await run('lodo', comparison, cfg.features);
  const cmpKfold = await run('kfold', comparison, cfg.features);
  const ablLodo = await run('lodo', shipped, other);
  const ablKfold = await run('kfold', shipped, other);

  const calibrated = calibrateProtocol(t, mainLodo, mainKfold, { ...cfg, referenceSets });
  const finalExcluded = family.families === 'all' ? [] : (await selector.select('final', t.accounts)).excluded;
  const final = await fitFinalModel(s, family, cfg.features, finalExcluded, t.accounts, options.outDir, progress);
  let heldOut;
  try {
    heldOut = await scoreHeldOut(s, final.model, final, cfg.features, finalExcluded, split.heldOut, calibrated.calibrator, cfg.threshold, referenceSets);
  } finally {
    final.model.dispose();
  }

  const card = buildCard({
    cfg: { ...cfg, classifier: shipped.name },
    corpus: options.corpus,
    name: cardName(options.name, options.outDir),
    seed: options.seed,
    backend,
    startedMs,
    kept,
    dropped,
    split,
    family,
    main: calibrated.pair(mainLodo, mainKfold),
    comparison: { name: comparison.name, description: comparison.description, ...calibrated.pair(cmpLodo, cmpKfold) },
    ablation: calibrated.pair(ablLodo, ablKfold),
    calibrated,
    final,
    finalExcluded,
    heldOut,
    selections: selector.perFold(),
    foldLog,
    ...(options.reference ? { reference: options.reference } : {}),
    ...(nested ? { nested: { ...nested, shipped: shipped.name, shippedWhy: 'the procedure’s pick on all sets' } } : {}),
  });
  await writeCard(options.outDir, card);
  return card;
}
