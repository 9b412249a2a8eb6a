/**
 * Which λ `report --labels` should use with the export model (issue 23, docs/labeled-sample.md
 * §2): on the generated populations of ./labeled-population.ts, the export model fitted and
 * cross-fitted on each draw's labels, its jackknife refitted, and every candidate rule for λ
 * measured on the same draws — coverage, width, error, and how often its interval is wider
 * than labels alone by more than 2 points. Two sets of export features: one that carries the
 * bots' activity signal (as the simulation of §4), one of noise only (a poor export model, as on
 * real exports where it learns little of what the labeler sees).
 *
 *   npx tsc -p tsconfig.json && node dist/experiments/main.js lambda-choice \
 *     --draws 120 --out docs/evidence/lambda-choice-simulation.json
 */
import { writeFile } from 'node:fs/promises';
import { DEFAULT_MODEL_ASSISTED, estimateLabeledShare, estimateLabelsOnlyShare, type LabeledShareEstimate, type SampledAccount } from '../estimate/model-assisted.js';
import { estimateWithRefittedModel, standardErrorAt, type RefittedLambdaRule } from '../estimate/replicates.js';
import { inclusionProbabilities, labelingOrder, sizeMeasures } from '../estimate/sample-design.js';
import { fitExportModel, scoreLogit, type ExportFeatures } from '../model/export-model.js';
import { refittedReplicates } from '../estimate/refitted-variance.js';
import { createRandom } from '../util/random.js';
import { makePopulation, mean, trueShare } from './labeled-population.js';

export const LAMBDA_CANDIDATES = [
  'one',
  'one-or-labels-only',
  'jackknife-tuned',
  'jackknife-tuned-or-labels-only',
  'jackknife-tuned-one-or-labels-only',
  'jackknife-tuned-one-or-labels-only-floored',
  'design-tuned',
  'labels-only',
] as const;
export type LambdaCandidate = (typeof LAMBDA_CANDIDATES)[number];

export interface CandidateFigures {
  draws: number;
  coverage: number;
  meanWidth: number;
  rmse: number;
  meanLambda: number;
  /** Draws whose interval is wider than labels alone's by more than 2 points. */
  widerThanLabelsOnlyBy2Points: number;
  /** Mean of width / labels-only width. */
  meanWidthRatio: number;
  /** Draws whose estimate lies outside its own interval (must be 0). */
  estimateOutside: number;
}

export interface LambdaChoiceRow {
  botShare: number;
  features: 'activity' | 'noise';
  labels: number;
  domain: string;
  truth: number;
  /** Draws where the export model was fitted (the others use the public score, PPI++-tuned, for every rule). */
  fitted: number;
  candidates: Record<LambdaCandidate, CandidateFigures>;
}

export interface LambdaChoiceEvidence {
  command: string;
  population: string;
  candidates: Record<LambdaCandidate, string>;
  rows: LambdaChoiceRow[];
}

const ABOUT: Record<LambdaCandidate, string> = {
  one: 'λ = 1, the refitted jackknife at λ = 1 (what report --labels used before issue 23)',
  'one-or-labels-only': 'λ = 1, and labels alone where its interval is wider than theirs by more than a point of half-width',
  'jackknife-tuned': 'λ minimising the refitted jackknife variance, re-chosen in every replicate without it (tuneOnReplicates)',
  'jackknife-tuned-or-labels-only': 'jackknife-tuned, and labels alone where its interval is wider than theirs by more than a point of half-width',
  'jackknife-tuned-one-or-labels-only': 'jackknife-tuned-or-labels-only, but λ = 1 before labels alone where λ = 1 is not that much wider',
  'jackknife-tuned-one-or-labels-only-floored': 'jackknife-tuned-one-or-labels-only with every jackknife standard error floored at labels alone\'s scaled by the out-of-fold residual share (what report --labels uses)',
  'design-tuned': 'PPI++ λ from the design covariances with the cross-fitted predictions held fixed, the refitted jackknife at that λ (its choice not replicated)',
  'labels-only': 'λ = 0, the design variance (Rosén)',
};

function estimateBy(candidate: LambdaCandidate, pop: { weights: Float64Array; predictions: Float64Array }, sample: readonly SampledAccount[], lines: Parameters<typeof standardErrorAt>[0] | null): LabeledShareEstimate {
  if (candidate === 'labels-only') return estimateLabelsOnlyShare(pop, sample);
  if (lines === null) return estimateLabeledShare(pop, sample, DEFAULT_MODEL_ASSISTED);
  if (candidate === 'design-tuned') {
    const lambda = estimateLabeledShare(pop, sample, DEFAULT_MODEL_ASSISTED).lambda;
    return estimateLabeledShare(pop, sample, { ...DEFAULT_MODEL_ASSISTED, lambda }, standardErrorAt(lines, lambda));
  }
  return estimateWithRefittedModel(pop, sample, lines, candidate as RefittedLambdaRule);
}

export async function measureLambdaChoice(o: { botShare: number; features: 'activity' | 'noise'; labels: number; draws: number; seed: number }): Promise<LambdaChoiceRow[]> {
  const pop = makePopulation(2000, o.botShare, o.seed);
  const noise = createRandom(o.seed + 17);
  const features: ExportFeatures =
    o.features === 'activity'
      ? { names: ['public_score_logit', 'activity', 'log_tweets_in_export'], rows: pop.frame.map((a, i) => [scoreLogit(pop.scores.useless[i]), pop.activity[i], Math.log(a.tweets)]), publicScore: pop.scores.useless }
      : { names: ['public_score_logit', 'noise_1', 'noise_2'], rows: pop.frame.map((_, i) => [scoreLogit(pop.scores.useless[i]), noise.uniform(), noise.uniform()]), publicScore: pop.scores.useless };
  const domains: Record<string, Float64Array> = {
    'all tweets': Float64Array.from(pop.frame, (a) => a.tweets),
    'all accounts': new Float64Array(pop.frame.length).fill(1),
    'hashtag tweets': pop.hashtagTweets,
    'hashtag accounts': Float64Array.from(pop.hashtagTweets, (t) => (t > 0 ? 1 : 0)),
  };
  const pi = inclusionProbabilities(sizeMeasures(pop.frame), o.labels);
  type Acc = { errors: number[]; widths: number[]; lambdas: number[]; ratios: number[]; covered: number; wider: number; outside: number };
  const byKey = new Map<string, Acc>();
  const get = (k: string): Acc => {
    let a = byKey.get(k);
    if (a === undefined) byKey.set(k, (a = { errors: [], widths: [], lambdas: [], ratios: [], covered: 0, wider: 0, outside: 0 }));
    return a;
  };
  const fittedDraws = new Map<string, number>();
  for (let d = 0; d < o.draws; d++) {
    const sample: SampledAccount[] = labelingOrder(pop.frame, o.seed * 100003 + d)
      .slice(0, o.labels)
      .map(({ index }) => ({ index, label: pop.isBot[index] ? 'bot' : 'human', inclusionProbability: pi[index] }));
    const labels = sample.map((s) => ({ index: s.index, bot: s.label === 'bot' }));
    const fit = await fitExportModel(features, labels, { seed: d });
    const weights = Object.values(domains);
    const lines = fit.method === 'cross-fitted-logistic' ? await refittedReplicates(features, labels, fit, sample, weights, d) : null;
    Object.entries(domains).forEach(([domain, w], k) => {
      const truth = trueShare(w, pop.isBot);
      const p = { weights: w, predictions: fit.predictions };
      if (lines !== null) fittedDraws.set(domain, (fittedDraws.get(domain) ?? 0) + 1);
      const lo = estimateLabelsOnlyShare(p, sample);
      const loWidth = lo.interval[1] - lo.interval[0];
      for (const c of LAMBDA_CANDIDATES) {
        const e = estimateBy(c, p, sample, lines?.[k] ?? null);
        const a = get(`${domain}|${c}`);
        const width = e.interval[1] - e.interval[0];
        a.errors.push(e.value - truth);
        a.widths.push(width);
        a.lambdas.push(e.lambda);
        a.ratios.push(loWidth > 0 ? width / loWidth : 1);
        if (e.interval[0] <= truth && truth <= e.interval[1]) a.covered++;
        if (width > loWidth + 0.02) a.wider++;
        if (!(e.interval[0] <= e.value && e.value <= e.interval[1])) a.outside++;
      }
    });
  }
  return Object.entries(domains).map(([domain, w]) => ({
    botShare: o.botShare,
    features: o.features,
    labels: o.labels,
    domain,
    truth: trueShare(w, pop.isBot),
    fitted: fittedDraws.get(domain) ?? 0,
    candidates: Object.fromEntries(
      LAMBDA_CANDIDATES.map((c) => {
        const a = get(`${domain}|${c}`);
        return [
          c,
          {
            draws: a.errors.length,
            coverage: a.covered / a.errors.length,
            meanWidth: mean(a.widths),
            rmse: Math.sqrt(mean(a.errors.map((e) => e * e))),
            meanLambda: mean(a.lambdas),
            widerThanLabelsOnlyBy2Points: a.wider,
            meanWidthRatio: mean(a.ratios),
            estimateOutside: a.outside,
          },
        ];
      }),
    ) as Record<LambdaCandidate, CandidateFigures>,
  }));
}

/** A table per candidate over all rows: lowest and mean coverage, mean width ratio, rows wider by 2 points. */
export function formatLambdaChoice(j: LambdaChoiceEvidence): string {
  const pct = (x: number): string => (100 * x).toFixed(1);
  const out = ['| features | candidate | lowest coverage | mean coverage | mean width (points) | mean width / labels only | draws wider than labels only by > 2 points | estimate outside interval |', '|---|---|---|---|---|---|---|---|'];
  for (const features of ['activity', 'noise'] as const) {
    const rows = j.rows.filter((r) => r.features === features);
    if (rows.length === 0) continue;
    for (const c of LAMBDA_CANDIDATES) {
      const f = rows.map((r) => r.candidates[c]);
      const draws = f.reduce((s, x) => s + x.draws, 0);
      out.push(
        `| ${features} | ${c} | ${pct(Math.min(...f.map((x) => x.coverage)))}% | ${pct(mean(f.map((x) => x.coverage)))}% | ${pct(mean(f.map((x) => x.meanWidth)))} | ${mean(f.map((x) => x.meanWidthRatio)).toFixed(2)} | ${pct(f.reduce((s, x) => s + x.widerThanLabelsOnlyBy2Points, 0) / draws)}% | ${f.reduce((s, x) => s + x.estimateOutside, 0)} |`,
      );
    }
  }
  return out.join('\n');
}

export async function runLambdaChoice(o: { draws: number; labels: readonly number[]; out?: string; command: string }): Promise<LambdaChoiceEvidence> {
  const started = Date.now();
  const rows: LambdaChoiceRow[] = [];
  for (const features of ['activity', 'noise'] as const) {
    for (const botShare of [0.3, 0.08]) {
      for (const labels of o.labels) {
        rows.push(...(await measureLambdaChoice({ botShare, features, labels, draws: o.draws, seed: 2023 })));
        process.stderr.write(`${features}, ${botShare * 100}% bots, ${labels} labels: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      }
    }
  }
  const evidence: LambdaChoiceEvidence = {
    command: o.command,
    population: '2000 generated accounts (src/experiments/labeled-population.ts, seed 2023), labeled by the truth; export model cross-fitted on the labels, its jackknife refitted',
    candidates: ABOUT,
    rows,
  };
  if (o.out !== undefined) await writeFile(o.out, `${JSON.stringify(evidence, null, 1)}\n`);
  process.stdout.write(`${formatLambdaChoice(evidence)}\n`);
  return evidence;
}
