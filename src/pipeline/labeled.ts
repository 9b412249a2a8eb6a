/**
 * `report --labels`: the researcher's labeled sample of this export turned into shares whose
 * intervals hold whatever the classifier. The draw is recomputed from the export and checked
 * against the file (src/estimate/sample-check.ts); an export-specific model learns, from the
 * labels, what the public sets could not teach (activity inside this export, clients, the
 * public score), cross-fitted so that no account's prediction uses its own label; the
 * model-assisted estimator (src/estimate/model-assisted.ts) then gives each hashtag's shares.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ShareAccumulator } from '../estimate/accumulator.js';
import {
  DEFAULT_MODEL_ASSISTED,
  estimateLabeledShare,
  estimateLabelsOnlyShare,
  type LabeledShareEstimate,
  type SampledAccount,
} from '../estimate/model-assisted.js';
import { readLabeledPrefix } from '../estimate/sample-check.js';
import type { FrameAccount } from '../estimate/sample-design.js';
import type { ExportActivity } from '../features/export-activity.js';
import { fitExportModel, withPublicScore, type ExportFeatures } from '../model/export-model.js';
import { parseLabels, type ParsedLabels } from '../labeled/sample-csv.js';
import type { LabeledAgreement, LabeledDomain, LabeledFigure, LabeledSection } from '../report/summary.js';
import { readAgreementOf } from './merge-labelers.js';
import { UserError } from '../util/errors.js';
import type { TimeWindow } from '../util/time.js';
import { sameWindow, windowLabel, windowOfBounds } from '../util/window.js';
import { labelsToTarget } from './labels-needed.js';
import { refittedReplicates } from '../estimate/refitted-variance.js';
import { estimateWithRefittedModel, REFITTED_LAMBDA_RULE } from '../estimate/replicates.js';
import type { SampleManifest } from './sample.js';

export const LABELED_METHOD =
  'model-assisted difference estimator with the sample’s design weights: predictions from an export-specific ridge logistic model cross-fitted on the labels, λ tuned to the least refitted-jackknife variance (its choice replicated); where that interval is wider than labels alone’s by more than a point of half-width, λ = 1, and labels alone where λ = 1 is that much wider too (PPI++-tuned λ on the public score where too few labels of a class leave no model); Korn–Graubard 95% intervals on the part not counted, the labeled take-all accounts counted exactly';

const DESIGN_VARIANCE = 'the design variance with the predictions held fixed (Rosén/Deville, finite-population factors)';
const REFITTED_JACKKNIFE_VARIANCE =
  'delete-one jackknife over the labeled accounts that are not take-all, the export model refitted in every replicate (finite-population factors in the replicate weights): it counts the model’s own estimation error; its standard error floored at labels alone’s times the share of the labels’ variance the cross-fitted predictions leave unexplained (half a pseudo-error added), so that a draw that labels none of the accounts the model gets wrong does not claim a near-perfect model';

/**
 * A filled sample.csv and, beside it, the sample.json that says what frame it was drawn from,
 * and the agreement `botshare agree` wrote when it merged several labelers' files.
 */
export interface LabelsFile {
  file: string;
  labels: ParsedLabels;
  manifest: SampleManifest | null;
  agreement?: LabeledAgreement;
}

export async function readLabelsFile(file: string): Promise<LabelsFile> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`${file}: cannot read the labels (${err.code ?? err.message})`);
  });
  const labels = parseLabels(text, file);
  const manifestFile = path.join(path.dirname(file), 'sample.json');
  const manifestText = await readFile(manifestFile, 'utf8').catch(() => null);
  let manifest: SampleManifest | null = null;
  if (manifestText !== null) {
    const value: unknown = JSON.parse(manifestText);
    const m = value as Partial<SampleManifest> | null;
    if (m !== null && typeof m === 'object' && m.kind === 'botshare_sample' && Array.isArray(m.hashtags) && m.sample_id === labels.sampleId) {
      manifest = m as SampleManifest;
    }
  }
  const agreement = await readAgreementOf(file, labels.sampleId);
  return { file, labels, manifest, ...(agreement === null ? {} : { agreement }) };
}

/**
 * The window the frame must be rebuilt in: the sample's (sample.json), which a window given
 * to the report must equal. A sample drawn from all times is estimated over all times.
 */
export function labelsWindow(labels: LabelsFile, given: TimeWindow | undefined): TimeWindow | undefined {
  const recorded = labels.manifest?.window;
  let drawn: TimeWindow | undefined;
  if (recorded !== undefined) {
    const bound = (x: unknown): boolean => x === null || (typeof x === 'string' && !Number.isNaN(Date.parse(x)));
    drawn = typeof recorded === 'object' && recorded !== null && bound(recorded.since) && bound(recorded.until) ? windowOfBounds(recorded) : undefined;
    if (drawn === undefined) throw new UserError(`${labels.file}: the window in sample.json beside it is not readable`);
  }
  if (given === undefined || labels.manifest === null) return drawn ?? given;
  if (!sameWindow(drawn, given)) {
    throw new UserError(
      `${labels.file} was drawn from ${drawn === undefined ? 'all times' : `the window ${windowLabel(drawn)}`} (sample.json), not ${windowLabel(given)}: ` +
        'the estimate must rebuild the frame the sample was drawn from (drop --since/--until, or give the sample\'s)',
    );
  }
  return drawn;
}

/** The frame's hashtags: the sample's own (sample.json), else the report's (see the CLI). */
export function frameScope(labels: LabelsFile, reportHashtags: readonly string[] | undefined): string[] {
  return labels.manifest?.hashtags ?? [...(reportHashtags ?? [])];
}

function figure(e: LabeledShareEstimate): LabeledFigure {
  return {
    estimate: e.value,
    ci95: e.interval,
    raw: e.raw,
    standard_error: e.standardError,
    lambda: e.lambda,
    labeled: e.labeled,
    not_labeled: e.notLabeled,
    unsure_as_human: { estimate: e.bounds.unsureAsHuman.value, ci95: e.bounds.unsureAsHuman.interval },
    unsure_as_bot: { estimate: e.bounds.unsureAsBot.value, ci95: e.bounds.unsureAsBot.interval },
    flags: e.flags.map((f) => ({ code: f.code, message: f.message })),
  };
}

export async function labeledSection(
  input: LabelsFile,
  accumulator: ShareAccumulator,
  activity: ExportActivity,
  hashtags: readonly string[],
  scope: readonly string[],
  seed = 1,
  onReplicate?: (done: number, total: number) => void,
): Promise<LabeledSection> {
  const frame: FrameAccount[] = activity.frame();
  const prefix = readLabeledPrefix(input.file, input.labels, frame);
  const scores = accumulator.meanScores();
  const publicScore = Float64Array.from(frame, (a) => scores.get(a.userId) ?? 0.5);
  const exportFeatures: ExportFeatures = withPublicScore(activity.featureTable(frame.map((a) => a.userId)), publicScore);
  const sample: SampledAccount[] = prefix.sample;
  const labels = sample.flatMap((s) => (s.label === 'bot' || s.label === 'human' ? [{ index: s.index, bot: s.label === 'bot' }] : []));
  const model = await fitExportModel(exportFeatures, labels, { seed });
  // A frame of some hashtags' accounts holds every account of those hashtags, and only of those.
  const inFrame = scope.length === 0 ? hashtags : hashtags.filter((h) => scope.includes(h));
  const tweetWeights: { hashtag: string | null; tweets: Float64Array }[] = [
    { hashtag: null, tweets: Float64Array.from(frame, (a) => a.tweets) },
    ...inFrame.map((h) => {
      const byUser = accumulator.tweetsIn(h);
      return { hashtag: h, tweets: Float64Array.from(frame, (a) => byUser.get(a.userId) ?? 0) };
    }),
  ];
  const units = tweetWeights.map((d) => ({ tweets: d.tweets, accounts: Float64Array.from(d.tweets, (w) => (w > 0 ? 1 : 0)) }));
  // The export model is fitted to these labels: its own estimation error enters the variance,
  // and λ is tuned on that variance (src/estimate/replicates.ts). The public score alone was not
  // fitted to them: the design variance, PPI++-tuned λ (model-assisted.ts).
  const lines =
    model.method === 'cross-fitted-logistic'
      ? await refittedReplicates(exportFeatures, labels, model, sample, units.flatMap((u) => [u.tweets, u.accounts]), seed, onReplicate)
      : null;
  const domains: LabeledDomain[] = tweetWeights.map((d, k) => {
    const unit = (which: 'tweets' | 'accounts') => {
      const pop = { weights: units[k][which], predictions: model.predictions };
      const replicates = lines?.[2 * k + (which === 'tweets' ? 0 : 1)];
      return {
        model_assisted: figure(replicates === undefined ? estimateLabeledShare(pop, sample, DEFAULT_MODEL_ASSISTED) : estimateWithRefittedModel(pop, sample, replicates, REFITTED_LAMBDA_RULE)),
        labels_only: figure(estimateLabelsOnlyShare(pop, sample)),
      };
    };
    return { hashtag: d.hashtag, tweets: unit('tweets'), accounts: unit('accounts') };
  });
  const warnings = input.labels.warnings.map((w) => w.message);
  if (prefix.emptyInPrefix.length > 0) {
    warnings.push(`rows inside the labeled prefix left empty (lines ${prefix.emptyInPrefix.slice(0, 8).join(', ')}${prefix.emptyInPrefix.length > 8 ? ', …' : ''}): counted as sampled but not labeled, bounded as bots and as humans`);
  }
  const byIndex = new Map(frame.map((a, i) => [a.userId, i]));
  return {
    method: LABELED_METHOD,
    variance: lines === null ? DESIGN_VARIANCE : REFITTED_JACKKNIFE_VARIANCE,
    design: `${prefix.design}: sequential Poisson sampling by tweets and accounts${prefix.design === 'sequential-poisson-v2' ? ', balanced between the named hashtags' : ''} (seed ${prefix.seed}); inclusion probabilities recomputed from this export for the labeled prefix`,
    file: input.file,
    sample_id: prefix.sampleId,
    seed: prefix.seed,
    drawn: prefix.drawn,
    prefix: prefix.prefix,
    counts: { bot: prefix.counts.bot, human: prefix.counts.human, unsure: prefix.counts.unsure, empty: prefix.counts.none },
    frame_hashtags: [...scope],
    frame_accounts: frame.length,
    warnings,
    export_model: { method: model.method, folds: model.folds, coefficients: model.coefficients, flags: model.flags.map((f) => ({ code: f.code, message: f.message })) },
    overall: domains[0],
    hashtags: domains.slice(1),
    // The domains the sample was drawn for: its named hashtags, or all tweets.
    labels_to_target: labelsToTarget(scope.length === 0 ? [domains[0]] : domains.slice(1).filter((d) => scope.includes(d.hashtag as string)), prefix.prefix, frame.length),
    accounts: input.labels.rows.slice(0, prefix.prefix).map((r) => {
      const i = byIndex.get(r.userId) as number;
      return { rank: r.rank, user_id: r.userId, screen_name: r.screenName, label: r.label ?? '', public_score: scores.get(r.userId) ?? null, prediction: model.predictions[i] };
    }),
    ...(input.agreement === undefined ? {} : { agreement: input.agreement }),
  };
}
