/**
 * The model-assisted standard error when the predictions come from the export model fitted to
 * the same labels: the delete-one jackknife of src/estimate/replicates.ts, the export model
 * refitted in every replicate (src/model/export-model.ts). `report --labels` and the
 * simulation of docs/labeled-sample.md §4 both call it, so that they measure the same thing.
 */
import type { SampledAccount } from '../estimate/model-assisted.js';
import { jackknifeDesign, jackknifeFactors, jackknifeStandardError, replicateShare } from '../estimate/replicates.js';
import { replicateExportPredictions, type AccountLabel, type ExportFeatures, type ExportModelFit } from '../model/export-model.js';

/**
 * One standard error per domain (`weights`: w_i over the frame, tweets or 1/0), for the
 * difference estimator with `lambda`. Replicates are computed one at a time and reduced at once
 * to a share per domain, so memory holds one replicate's predictions.
 */
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
  const shares = weights.map(() => new Float64Array(design.units.length));
  let r = 0;
  for await (const predictions of replicateExportPredictions(features, labels, model, labelWeights(), { seed })) {
    const factors = factorsOf(r);
    weights.forEach((w, k) => (shares[k][r] = replicateShare({ weights: w, predictions }, sample, factors, lambda)));
    r++;
    onReplicate?.(r, design.units.length);
  }
  return shares.map(jackknifeStandardError);
}
