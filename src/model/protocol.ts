/**
 * The evaluation protocol of training: the held-out split, the account table the
 * cross-validations index into, the nested family selection (cached by fold), and the
 * out-of-fold account scores of one model variant — `outOfFoldScores` with a `prepare`
 * that builds each fold's rows from its training accounts only.
 */
import type { LabeledAccount, LabeledTimeline } from '../labeled/types.js';
import type { Classifier } from './classifier.js';
import { outOfFoldScores, type Fold } from './cross-validate.js';
import { LogisticRegression, type LogisticHyperParameters } from './logistic.js';
import { MlpClassifier, type MlpHyperParameters } from './mlp.js';
import { backwardFamilySelection, type SelectionFold, type SelectionResult } from './select-features.js';
import { stratifiedHoldout } from './split.js';
import { prepareTest, prepareTraining, type FeatureSet, type RowOptions } from './training-data.js';
import type { WeightScheme } from './weights.js';

export interface AccountTable {
  accounts: LabeledAccount[];
  label: Uint8Array;
  dataset: string[];
}

export function accountTable(accounts: LabeledAccount[]): AccountTable {
  return {
    accounts,
    label: Uint8Array.from(accounts, (a) => (a.label === 'bot' ? 1 : 0)),
    dataset: accounts.map((a) => a.dataset),
  };
}

/**
 * Held-out accounts: a stratified fraction of every set × sub-set × label. All copies of an
 * id (the same account distributed in two sets) go to the same side.
 */
export function splitHeldOut(accounts: readonly LabeledAccount[], fraction: number, seed: number): { train: LabeledAccount[]; heldOut: LabeledAccount[] } {
  const strata = accounts.map((a) => `${a.dataset}/${a.subset ?? ''}`);
  const labels = Uint8Array.from(accounts, (a) => (a.label === 'bot' ? 1 : 0));
  const mark = stratifiedHoldout(labels, fraction, seed, strata);
  const heldIds = new Set(accounts.filter((_, i) => mark[i] === 1).map((a) => a.id));
  return {
    train: accounts.filter((a) => !heldIds.has(a.id)),
    heldOut: accounts.filter((a) => heldIds.has(a.id)),
  };
}

/** Data sets that hold both classes (the only ones an AUC can be measured on), sorted. */
export function bothClassSets(t: AccountTable): string[] {
  const seen = new Map<string, Set<number>>();
  t.dataset.forEach((d, i) => seen.set(d, (seen.get(d) ?? new Set<number>()).add(t.label[i])));
  return [...seen].filter(([, s]) => s.size === 2).map(([d]) => d).sort();
}

/** What every fold's rows and models are built from. */
export interface ProtocolSettings {
  timelines: ReadonlyMap<string, LabeledTimeline>;
  seed: number;
  weightScheme: WeightScheme;
  windowsPerAccount: number;
  maxAccountsPerCell: number;
  mlp: MlpHyperParameters;
  logistic: LogisticHyperParameters;
  /** 'nested': backward elimination of feature families by inner LODO, inside every fold. */
  selection: 'nested' | 'none';
  /** Accounts per data set × class used by the selection's logistic fits. */
  selectionMaxAccountsPerCell: number;
}

export function rowOptions(s: ProtocolSettings, features: FeatureSet, excludeFamilies: readonly string[], seed: number, cap = s.maxAccountsPerCell): RowOptions {
  return { seed, features, weightScheme: s.weightScheme, windowsPerAccount: s.windowsPerAccount, maxAccountsPerCell: cap, excludeFamilies };
}

export function newClassifier(s: ProtocolSettings, kind: 'mlp' | 'logistic'): Classifier {
  return kind === 'mlp' ? new MlpClassifier(s.mlp) : new LogisticRegression(s.logistic);
}

/**
 * Feature families to leave out of a model trained on some accounts, chosen on those
 * accounts only (inner leave-one-dataset-out of the logistic baseline), cached by fold.
 */
export class FamilySelector {
  private readonly results = new Map<string, SelectionResult>();

  constructor(
    private readonly settings: ProtocolSettings,
    private readonly progress: (message: string) => void,
  ) {}

  async select(foldKey: string, train: readonly LabeledAccount[]): Promise<SelectionResult> {
    const cached = this.results.get(foldKey);
    if (cached) return cached;
    const s = this.settings;
    let result: SelectionResult = { excluded: [], score: Number.NaN, steps: [] };
    const sets = bothClassSets(accountTable([...train]));
    if (s.selection === 'nested' && sets.length >= 2) {
      const folds: SelectionFold[] = sets.map((d, k) => {
        const inTrain = train.filter((a) => a.dataset !== d);
        const inTest = train.filter((a) => a.dataset === d);
        const o = rowOptions(s, 'account', [], s.seed + 17 * k, s.selectionMaxAccountsPerCell);
        const m = prepareTraining(inTrain, s.timelines, o);
        const test = prepareTest(inTest, s.timelines, m, o);
        return {
          name: d,
          Xtrain: m.X,
          ytrain: m.y,
          weights: m.weights,
          Xtest: test.X,
          ytest: Uint8Array.from(test.owner, (i) => (inTest[i].label === 'bot' ? 1 : 0)),
          owner: test.owner,
          inputNames: m.inputNames,
        };
      });
      result = await backwardFamilySelection(folds, () => new LogisticRegression(s.logistic), { seed: s.seed });
    }
    this.progress(`feature selection (${foldKey}): leave out ${result.excluded.length ? result.excluded.join(', ') : 'nothing'}`);
    this.results.set(foldKey, result);
    return result;
  }

  /** Every selection made so far, by fold, in the order made (for the card). */
  perFold(): Record<string, { excluded: string[]; score: number }> {
    return Object.fromEntries([...this.results].map(([k, v]) => [k, { excluded: v.excluded, score: v.score }]));
  }
}

export interface VariantSpec {
  protocol: string;
  kind: 'mlp' | 'logistic';
  features: FeatureSet;
  /** Overrides of the settings' hyper-parameters / cap (nested candidates). */
  mlp?: MlpHyperParameters;
  maxAccountsPerCell?: number;
  /** Feature families to leave out in every fold instead of the per-fold selection. */
  fixedExclusion?: readonly string[];
}

/**
 * Raw out-of-fold scores per account of one model variant: each fold's families chosen on
 * its training accounts, its rows built from them, its model fitted with seed
 * `seed + 1000·(fold + 1)`; an account's score is the mean over its rows.
 */
export async function variantOutOfFold(
  s: ProtocolSettings,
  selector: FamilySelector,
  variant: VariantSpec,
  folds: readonly Fold[],
  t: AccountTable,
  log: (line: string) => void,
): Promise<Float32Array> {
  const accountsOf = (rows: Int32Array): LabeledAccount[] => Array.from(rows, (i) => t.accounts[i]);
  const excluded: (readonly string[])[] = [];
  for (const fold of folds) {
    excluded.push(variant.fixedExclusion ?? (await selector.select(`${variant.protocol}:${fold.name}`, accountsOf(fold.train))).excluded);
  }
  const index = new Map(folds.map((f, k) => [f, k]));
  let started = Date.now();
  const settings: ProtocolSettings = { ...s, ...(variant.mlp ? { mlp: variant.mlp } : {}) };
  const scores = await outOfFoldScores(
    () => newClassifier(settings, variant.kind),
    folds,
    t.accounts.length,
    (trainRows, testRows, fold) => {
      const k = index.get(fold) ?? 0;
      const o = rowOptions(s, variant.features, excluded[k], s.seed + 1000 * (k + 1), variant.maxAccountsPerCell ?? s.maxAccountsPerCell);
      const train = accountsOf(trainRows);
      const m = prepareTraining(train, s.timelines, o);
      const x = prepareTest(accountsOf(testRows), s.timelines, m, o);
      return { Xtrain: m.X, ytrain: m.y, weights: m.weights, groups: m.groups, Xtest: x.X, testOwner: x.owner };
    },
    s.seed + 1000,
    undefined,
    (fold) => {
      log(`${variant.kind} ${variant.features} ${variant.protocol} ${fold.name}: ${fold.train.length} training accounts, ${fold.test.length} tested, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      started = Date.now();
    },
  );
  return scores;
}
