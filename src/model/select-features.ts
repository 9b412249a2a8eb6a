/**
 * Feature selection that can be trusted out of domain: greedy backward elimination of
 * feature families, each candidate scored by the mean leave-one-dataset-out AUC of a cheap
 * classifier (the logistic baseline) over the data sets that have both classes.
 *
 * Used nested: to report the result on a data set, the selection runs on the other sets
 * only (inner LODO), so the set being reported never influences which features are used.
 */
import type { ClassifierFactory } from './classifier.js';
import { takeColumns, type Matrix } from './matrix.js';
import { auc } from './metrics.js';
import { familyOfInput } from './feature-families.js';

export interface SelectionFold {
  name: string;
  Xtrain: Matrix;
  ytrain: Uint8Array;
  weights: Float32Array;
  Xtest: Matrix;
  /** Label of each test row (rows of one account share it). */
  ytest: Uint8Array;
  /** Account of each test row: scores are averaged per account before the AUC. */
  owner: Int32Array;
  /** Names of the columns of Xtrain / Xtest. */
  inputNames: string[];
}

export interface SelectionStep {
  excluded: string[];
  score: number;
  perFold: Record<string, number>;
}

export interface SelectionResult {
  excluded: string[];
  score: number;
  /** Every candidate scored, in order, for the model card. */
  steps: SelectionStep[];
}

function accountAuc(ytest: Uint8Array, owner: Int32Array, p: Float32Array): number {
  const sum = new Map<number, number>();
  const count = new Map<number, number>();
  const label = new Map<number, number>();
  owner.forEach((o, r) => {
    sum.set(o, (sum.get(o) ?? 0) + p[r]);
    count.set(o, (count.get(o) ?? 0) + 1);
    label.set(o, ytest[r]);
  });
  const keys = [...sum.keys()];
  return auc(
    keys.map((k) => label.get(k) as number),
    keys.map((k) => (sum.get(k) as number) / (count.get(k) as number)),
  );
}

async function scoreExclusion(
  folds: readonly SelectionFold[],
  excluded: readonly string[],
  factory: ClassifierFactory,
  seed: number,
): Promise<SelectionStep> {
  const perFold: Record<string, number> = {};
  let total = 0;
  for (const fold of folds) {
    const columns = fold.inputNames.flatMap((name, j) => (excluded.includes(familyOfInput(name)) ? [] : [j]));
    if (columns.length === 0) return { excluded: [...excluded], score: Number.NaN, perFold };
    const model = factory();
    try {
      await model.fit(takeColumns(fold.Xtrain, columns), fold.ytrain, { seed, sampleWeight: fold.weights });
      const p = await model.predictProba(takeColumns(fold.Xtest, columns));
      perFold[fold.name] = accountAuc(fold.ytest, fold.owner, p);
    } finally {
      model.dispose();
    }
    total += perFold[fold.name];
  }
  return { excluded: [...excluded], score: total / folds.length, perFold };
}

/**
 * Removes, one at a time, the family whose removal raises the mean AUC most, while it
 * raises it by more than `tolerance`; never removes the last family.
 */
export async function backwardFamilySelection(
  folds: readonly SelectionFold[],
  factory: ClassifierFactory,
  options: { seed: number; tolerance?: number; onProgress?: (message: string) => void },
): Promise<SelectionResult> {
  if (folds.length === 0) return { excluded: [], score: Number.NaN, steps: [] };
  const tolerance = options.tolerance ?? 0.002;
  const families = [...new Set(folds[0].inputNames.map(familyOfInput))];
  const steps: SelectionStep[] = [];
  let current = await scoreExclusion(folds, [], factory, options.seed);
  steps.push(current);
  for (;;) {
    const remaining = families.filter((f) => !current.excluded.includes(f));
    if (remaining.length <= 1) break;
    let best: SelectionStep | undefined;
    for (const family of remaining) {
      const step = await scoreExclusion(folds, [...current.excluded, family], factory, options.seed);
      steps.push(step);
      if (Number.isFinite(step.score) && (best === undefined || step.score > best.score)) best = step;
    }
    options.onProgress?.(`feature selection: best removal ${best?.excluded.at(-1) ?? '–'} → ${best?.score.toFixed(4) ?? '–'} (was ${current.score.toFixed(4)})`);
    if (best === undefined || !(best.score > current.score + tolerance)) break;
    current = best;
  }
  return { excluded: current.excluded, score: current.score, steps };
}
