/**
 * The model-assisted standard error when the predictions come from the export model fitted to
 * the same labels: the delete-one jackknife of src/estimate/replicates.ts, the export model
 * refitted in every replicate (src/model/export-model.ts). `report --labels` and the
 * simulation of docs/labeled-sample.md §4 both call it, so that they measure the same thing.
 */
import type { SampledAccount } from './model-assisted.js';
import { jackknifeDesign, jackknifeFactors, replicateLine, standardErrorAt, type ReplicateLines } from './replicates.js';
import { replicateExportPredictions, type AccountLabel, type ExportFeatures, type ExportModelFit } from '../model/export-model.js';

/**
 * Every replicate's share as a line in λ, one ReplicateLines per domain (`weights`: w_i over the
 * frame, tweets or 1/0): λ is chosen afterwards (src/estimate/replicates.ts, tuneOnReplicates).
 * Replicates are computed one at a time and reduced at once to a line per domain, so memory
 * holds one replicate's predictions.
 */
export async function refittedReplicates(
  features: ExportFeatures,
  labels: readonly AccountLabel[],
  model: ExportModelFit,
  sample: readonly SampledAccount[],
  weights: readonly ArrayLike<number>[],
  seed: number,
  onReplicate?: (done: number, total: number) => void,
): Promise<ReplicateLines[]> {
  const design = jackknifeDesign(sample);
  const positionOf = new Map(sample.map((s, j) => [s.index, j]));
  for (const l of labels) if (!positionOf.has(l.index)) throw new Error(`labeled account at index ${l.index} is not in the sample`);
  const factorsOf = (r: number) => jackknifeFactors(sample, design, r);
  function* labelWeights(): Generator<Float64Array> {
    for (let r = 0; r < design.units.length; r++) {
      const factors = factorsOf(r);
      yield Float64Array.from(labels, (l) => factors[positionOf.get(l.index) as number]);
    }
  }
  const lines = weights.map(() => ({ a: new Float64Array(design.units.length), b: new Float64Array(design.units.length) }));
  let r = 0;
  for await (const predictions of replicateExportPredictions(features, labels, model, labelWeights(), { seed })) {
    const factors = factorsOf(r);
    weights.forEach((w, k) => {
      const line = replicateLine({ weights: w, predictions }, sample, factors);
      lines[k].a[r] = line.a;
      lines[k].b[r] = line.b;
    });
    r++;
    onReplicate?.(r, design.units.length);
  }
  return lines;
}

/** One standard error per domain for the difference estimator with a fixed `lambda`. */
export async function refittedStandardErrors(
  features: ExportFeatures,
  labels: readonly AccountLabel[],
  model: ExportModelFit,
  sample: readonly SampledAccount[],
  weights: readonly ArrayLike<number>[],
  lambda: number,
  seed: number,
  onReplicate?: (done: number, total: number) => void,
): Promise<number[]> {
  const lines = await refittedReplicates(features, labels, model, sample, weights, seed, onReplicate);
  return lines.map((l) => standardErrorAt(l, lambda));
}
