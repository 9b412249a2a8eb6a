import { describe, expect, it } from 'vitest';
import { CROSS_FITTED_MODEL_ASSISTED, estimateLabeledShare, estimateLabelsOnlyShare, type SampledAccount } from '../../src/estimate/model-assisted.js';
import { inclusionProbabilities, labelingOrder, sizeMeasures } from '../../src/estimate/sample-design.js';
import { DEFAULT_EXPORT_MODEL, fitExportModel, replicateExportPredictions, scoreLogit, type AccountLabel, type ExportFeatures } from '../../src/model/export-model.js';
import { makePopulation, mean, trueShare } from '../../src/experiments/labeled-population.js';
import { estimateWithRefittedModel, REFITTED_LAMBDA_RULE, standardErrorAt } from '../../src/estimate/replicates.js';
import { refittedReplicates } from '../../src/estimate/refitted-variance.js';

const N = 1500;
const LABELS = 100;
// The public score is useless on this export (random); activity inside the export carries the signal.
const pop = makePopulation(N, 0.3, 4242);
const features: ExportFeatures = {
  names: ['public_score_logit', 'activity', 'log_tweets_in_export'],
  rows: pop.frame.map((a, i) => [scoreLogit(pop.scores.useless[i]), pop.activity[i], Math.log(a.tweets)]),
  publicScore: pop.scores.useless,
};
const sizes = sizeMeasures(pop.frame);
const pi = inclusionProbabilities(sizes, LABELS);

function labeledPrefix(seed: number): { sample: SampledAccount[]; labels: AccountLabel[] } {
  const sample = labelingOrder(pop.frame, seed)
    .slice(0, LABELS)
    .map(({ index }): SampledAccount => ({ index, label: pop.isBot[index] ? 'bot' : 'human', inclusionProbability: pi[index] }));
  return { sample, labels: sample.map((s) => ({ index: s.index, bot: s.label === 'bot' })) };
}

describe('cross-fitted export model', () => {
  it('refits on replicates: weights of 1 give the fit itself, a label left out moves the others but not its own fold', async () => {
    const { labels } = labeledPrefix(5);
    const fit = await fitExportModel(features, labels, { seed: 2 });
    const ones = new Float64Array(labels.length).fill(1);
    const dropped = ones.slice();
    dropped[9] = 0;
    const replicates: Float64Array[] = [];
    for await (const p of replicateExportPredictions(features, labels, fit, [ones, dropped], { seed: 2 })) replicates.push(p);
    expect(replicates).toHaveLength(2);
    replicates[0].forEach((p, i) => expect(p).toBeCloseTo(fit.predictions[i], 6));
    // Label 9 trains every fold model but its own: its own prediction stays, an unlabeled account's moves.
    const i = labels[9].index;
    expect(replicates[1][i]).toBeCloseTo(fit.predictions[i], 12);
    const unlabeled = fit.foldOf.indexOf(-1);
    expect(Math.abs(replicates[1][unlabeled] - fit.predictions[unlabeled])).toBeGreaterThan(1e-6);
    const otherFold = labels.find((l) => fit.foldOf[l.index] !== fit.foldOf[i]) as AccountLabel;
    expect(replicates[1][otherFold.index]).not.toBeCloseTo(fit.predictions[otherFold.index], 9);
  });

  it('no labeled account’s prediction uses its own label (flipping it leaves the prediction unchanged)', async () => {
    const { labels } = labeledPrefix(1);
    const fit = await fitExportModel(features, labels, { seed: 3 });
    expect(fit.method).toBe('cross-fitted-logistic');
    expect(fit.folds).toBe(5);
    for (const j of [0, 17, 63]) {
      const flipped = labels.map((l, k) => (k === j ? { ...l, bot: !l.bot } : l));
      const refit = await fitExportModel(features, flipped, { seed: 3 });
      const i = labels[j].index;
      expect(refit.predictions[i]).toBe(fit.predictions[i]);
      // …while the accounts that were not labeled see the change (their models used that label).
      const unlabeled = fit.foldOf.indexOf(-1);
      expect(refit.predictions[unlabeled]).not.toBe(fit.predictions[unlabeled]);
    }
  });

  it('learns the export’s own signal: activity gets a positive coefficient, the useless score about none', async () => {
    const fit = await fitExportModel(features, labeledPrefix(2).labels, { seed: 1 });
    const coef = Object.fromEntries(fit.coefficients.map((c) => [c.name, c.coefficient]));
    expect(coef.activity).toBeGreaterThan(0.8);
    expect(Math.abs(coef.public_score_logit)).toBeLessThan(coef.activity / 3);
    const folds = new Set(Array.from(fit.foldOf).filter((f) => f >= 0));
    expect([...folds].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('chooses each fold\'s ridge penalty on that fold\'s training labels, fills missing values with the column mean, and stays cross-fitted', async () => {
    const { labels } = labeledPrefix(7);
    // A column missing for a third of the accounts, and one missing everywhere: neither breaks the fit.
    const holes: ExportFeatures = {
      names: [...features.names, 'sometimes', 'never'],
      rows: features.rows.map((r, i) => [...Array.from(r), i % 3 === 0 ? Number.NaN : pop.activity[i], Number.NaN]),
      publicScore: features.publicScore,
    };
    const fit = await fitExportModel(holes, labels, { seed: 4 });
    expect(fit.l2).toHaveLength(5);
    for (const l2 of fit.l2) expect(DEFAULT_EXPORT_MODEL.l2Grid).toContain(l2);
    expect(fit.coefficients.find((c) => c.name === 'never')?.coefficient).toBe(0);
    expect(fit.predictions.every((p) => p > 0 && p < 1)).toBe(true);
    const flipped = labels.map((l, k) => (k === 11 ? { ...l, bot: !l.bot } : l));
    const refit = await fitExportModel(holes, flipped, { seed: 4 });
    expect(refit.predictions[labels[11].index]).toBe(fit.predictions[labels[11].index]);
    // An empty grid is the fixed penalty.
    expect((await fitExportModel(features, labels, { seed: 4, l2Grid: [] })).l2).toEqual([0.05, 0.05, 0.05, 0.05, 0.05]);
    await expect(fitExportModel({ ...features, rows: features.rows.map((r, i) => (i === 3 ? [Infinity, 0, 0] : r)) }, labels)).rejects.toThrow(/Infinity/);
  });

  it('falls back to the public score, flagged, with too few labels of one class', async () => {
    const labels: AccountLabel[] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ index: i, bot: i < 2 }));
    const fit = await fitExportModel(features, labels);
    expect(fit.method).toBe('public-score');
    expect(Array.from(fit.predictions)).toEqual(Array.from(features.publicScore));
    expect(fit.flags.map((f) => f.code)).toEqual(['too_few_labels_for_model']);
    const fewer = await fitExportModel(features, labels, { minPerClass: 2 });
    expect(fewer.folds).toBe(2);
    expect(fewer.flags.map((f) => f.code)).toEqual(['fewer_folds']);
  });

  it('rejects labels outside the accounts or twice the same account', async () => {
    await expect(fitExportModel(features, [{ index: N, bot: true }])).rejects.toThrow(/outside/);
    await expect(fitExportModel(features, [{ index: 1, bot: true }, { index: 1, bot: false }])).rejects.toThrow(/twice/);
  });

  it('with the estimator as report --labels runs it (the refitted jackknife, λ by its rule), over 150 draws: intervals cover ≥ 90% and are narrower than labels-only', async () => {
    const weights = Float64Array.from(pop.frame, (a) => a.tweets);
    const truth = trueShare(weights, pop.isBot);
    let covered = 0;
    let coveredOne = 0;
    let coveredFixed = 0;
    const ratios: number[] = [];
    const errors: number[] = [];
    const seRatios: number[] = [];
    for (let d = 0; d < 150; d++) {
      const { sample, labels } = labeledPrefix(300 + d);
      const fit = await fitExportModel(features, labels, { seed: d });
      const [lines] = await refittedReplicates(features, labels, fit, sample, [weights], d);
      const pop1 = { weights, predictions: fit.predictions };
      const e = estimateWithRefittedModel(pop1, sample, lines, REFITTED_LAMBDA_RULE);
      const se = standardErrorAt(lines, 1);
      const one = estimateLabeledShare(pop1, sample, CROSS_FITTED_MODEL_ASSISTED, se);
      const fixed = estimateLabeledShare(pop1, sample, CROSS_FITTED_MODEL_ASSISTED);
      const lo = estimateLabelsOnlyShare(pop1, sample);
      if (e.interval[0] <= truth && truth <= e.interval[1]) covered++;
      if (one.interval[0] <= truth && truth <= one.interval[1]) coveredOne++;
      if (fixed.interval[0] <= truth && truth <= fixed.interval[1]) coveredFixed++;
      ratios.push((e.interval[1] - e.interval[0]) / (lo.interval[1] - lo.interval[0]));
      seRatios.push(se / fixed.standardError);
      errors.push(e.raw - truth);
    }
    expect(covered / 150).toBeGreaterThanOrEqual(0.9);
    expect(coveredOne).toBeGreaterThanOrEqual(coveredFixed);
    expect(mean(ratios)).toBeLessThan(0.9);
    // The jackknife counts the model's own error on top of the design's: larger on average.
    expect(mean(seRatios)).toBeGreaterThan(1);
    expect(Math.abs(mean(errors))).toBeLessThan(0.01);
  }, 180_000);
});
