/**
 * A replicate variance for the model-assisted share when the predictions come from a model
 * fitted to the same labels: the delete-one jackknife over the sampled accounts that are not
 * take-all, the model refitted in every replicate (Quenouille–Tukey; for survey designs Rust &
 * Rao 1996, Stat. Methods Med. Res. 5(3); Kott 2001, J. Off. Stat. 17(4)). The design variance
 * of model-assisted.ts treats the predictions as fixed; the jackknife also counts how far the
 * refitted model, and with it Σ_U w·f, moves with each label — the export model's own
 * estimation error, which grows in weight as the predictions sharpen.
 *
 * The finite population correction enters each unit's replicate factor (a deleted unit keeps
 * 1 − √(1 − π) of its weight, the others gain √(1 − π)/(n − 1)), so that with fixed predictions
 * the jackknife reproduces a fixed-size πps variance with the factors (1 − π_i), as Rosén's does:
 * an account drawn with π near 1 would be in almost every sample and moves the estimate little.
 * Take-all accounts (π = 1) are in every replicate unchanged.
 */
import type { DomainPopulation, SampledAccount } from './model-assisted.js';

export interface JackknifeDesign {
  /** Positions in the sample of the units that replicates delete (π < 1). */
  units: number[];
}

/** The replicate units of a sample: every sampled account that is not take-all. */
export function jackknifeDesign(sample: readonly SampledAccount[]): JackknifeDesign {
  return { units: sample.flatMap((s, j) => (s.inclusionProbability < 1 ? [j] : [])) };
}

/**
 * Replicate r's factor for every sampled account (in the sample's order): 1 for take-all,
 * 1 − √(1 − π) for the deleted unit, 1 + √(1 − π)/(n − 1) for the other n − 1 units.
 */
export function jackknifeFactors(sample: readonly SampledAccount[], design: JackknifeDesign, r: number): Float64Array {
  const n = design.units.length;
  const factors = new Float64Array(sample.length).fill(1);
  if (n < 2) return factors;
  for (const j of design.units) factors[j] = 1 + Math.sqrt(1 - sample[j].inclusionProbability) / (n - 1);
  const deleted = design.units[r];
  factors[deleted] = 1 - Math.sqrt(1 - sample[deleted].inclusionProbability);
  return factors;
}

/**
 * The difference estimator's share with replicate factors on the sampled terms:
 * (λ·Σ_U w f + Σ_s a_j w_j (y_j − λ f_j)/π_j) / Σ_U w. Labels other than bot and human take the
 * prediction (a zero residual), as the estimator's point estimate does.
 */
export function replicateShare(pop: DomainPopulation, sample: readonly SampledAccount[], factors: ArrayLike<number>, lambda: number): number {
  let total = 0;
  let modelTotal = 0;
  for (let i = 0; i < pop.weights.length; i++) {
    total += pop.weights[i];
    modelTotal += pop.weights[i] * pop.predictions[i];
  }
  let ht = 0;
  sample.forEach((s, j) => {
    const w = pop.weights[s.index];
    if (w <= 0 || (s.label !== 'bot' && s.label !== 'human')) return;
    const f = pop.predictions[s.index];
    ht += (factors[j] * w * ((s.label === 'bot' ? 1 : 0) - lambda * f)) / s.inclusionProbability;
  });
  return total > 0 ? (lambda * modelTotal + ht) / total : Number.NaN;
}

/** The delete-one jackknife's standard error over n replicate values: √((n − 1)/n · Σ (θ_r − θ̄)²). */
export function jackknifeStandardError(replicates: ArrayLike<number>): number {
  const n = replicates.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let r = 0; r < n; r++) mean += replicates[r] / n;
  let s = 0;
  for (let r = 0; r < n; r++) s += (replicates[r] - mean) ** 2;
  return Math.sqrt(((n - 1) / n) * s);
}
