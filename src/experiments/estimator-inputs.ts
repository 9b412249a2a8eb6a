/**
 * The inputs of `report --labels`'s estimator for one domain, kept by a harness so that a
 * variance or interval can be replayed offline on them (docs/labeled-sample.md §6): the same
 * steps as src/pipeline/labeled.ts's labeledSection (frame, labeled prefix, export model,
 * refitted jackknife lines, seed 1), with what the harness alone knows beside them — each
 * frame account's planted label and the export model's in-sample predictions of the labeled
 * accounts. Harness only: the estimator never reads the truth.
 */
import type { SampledAccount } from '../estimate/model-assisted.js';
import { refittedReplicates } from '../estimate/refitted-variance.js';
import { readLabeledPrefix } from '../estimate/sample-check.js';
import { fitExportModel, replicateExportPredictions, withPublicScore } from '../model/export-model.js';
import type { ReportStats } from '../pipeline/summary-of.js';

export interface EstimatorInputs {
  hashtag: string;
  /** Per frame account: its tweets in the hashtag (share of tweets; >0 → 1 for accounts). */
  tweets: number[];
  /** f_i as the estimator uses them: cross-fitted for labeled accounts, the mean of the K fold models otherwise. */
  predictions: number[];
  /** Every account predicted by the mean of the K fold models (labeled ones in-sample too). */
  inSamplePredictions: number[];
  publicScore: number[];
  /** 1 bot, 0 human, null where the simulation's truth does not name the account. */
  truth: (0 | 1 | null)[];
  sample: SampledAccount[];
  exportModel: string;
  /** The refitted jackknife's lines (src/estimate/replicates.ts) for tweets and accounts, or null without a fitted model. */
  lines: { tweets: { a: number[]; b: number[] }; accounts: { a: number[]; b: number[] } } | null;
}

export async function estimatorInputs(stats: ReportStats, hashtag: string, truth: ReadonlyMap<string, 'bot' | 'human'>, seed = 1): Promise<EstimatorInputs> {
  const labeled = stats.labeled;
  if (labeled === undefined) throw new Error('estimator inputs need a labeled sample');
  const accumulator = stats.accumulator.canonical();
  const frame = labeled.activity.frame();
  const prefix = readLabeledPrefix(labeled.labels.file, labeled.labels.labels, frame);
  const scores = accumulator.meanScores();
  const publicScore = Float64Array.from(frame, (a) => scores.get(a.userId) ?? 0.5);
  const features = withPublicScore(labeled.activity.featureTable(frame.map((a) => a.userId)), publicScore);
  const sample = prefix.sample;
  const labels = sample.flatMap((s) => (s.label === 'bot' || s.label === 'human' ? [{ index: s.index, bot: s.label === 'bot' }] : []));
  const model = await fitExportModel(features, labels, { seed });
  const byUser = accumulator.tweetsIn(hashtag);
  const tweets = Float64Array.from(frame, (a) => byUser.get(a.userId) ?? 0);
  const accounts = Float64Array.from(tweets, (w) => (w > 0 ? 1 : 0));
  let lines: EstimatorInputs['lines'] = null;
  let inSample: Float64Array = Float64Array.from(model.predictions);
  if (model.method === 'cross-fitted-logistic') {
    const [t, a] = await refittedReplicates(features, labels, model, sample, [tweets, accounts], seed);
    lines = { tweets: { a: [...t.a], b: [...t.b] }, accounts: { a: [...a.a], b: [...a.b] } };
    // Every account a non-fold (−1): each fold model is fitted on all labels and every account gets their mean.
    const all = replicateExportPredictions(features, labels, { ...model, foldOf: new Int32Array(frame.length).fill(-1) }, [new Float64Array(labels.length).fill(1)], { seed });
    for await (const p of all) inSample = p;
  }
  return {
    hashtag,
    tweets: [...tweets],
    predictions: [...model.predictions],
    inSamplePredictions: [...inSample],
    publicScore: [...publicScore],
    truth: frame.map((a) => {
      const l = truth.get(a.userId);
      return l === undefined ? null : l === 'bot' ? 1 : 0;
    }),
    sample: sample.map((s) => ({ index: s.index, label: s.label, inclusionProbability: s.inclusionProbability })),
    exportModel: model.method,
    lines,
  };
}
