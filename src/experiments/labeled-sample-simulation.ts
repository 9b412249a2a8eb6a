/**
 * The evidence for docs/labeled-sample.md: on generated populations (./labeled-population.ts)
 * with a known bot share, draw many labeled samples by the sequential Poisson design, label them
 * from the truth (an oracle labeler), and measure the model-assisted and labels-only estimators:
 * bias, RMSE, coverage of the 95% intervals (t, normal, Korn–Graubard) and their widths, for a good, a
 * useless and an inverted score, and for the cross-fitted export model learning from activity
 * when the public score is useless. Also labelsNeeded's n against the half-width it realises.
 *
 *   npx tsc -p tsconfig.json && node dist/experiments/main.js labeled-sample-simulation \
 *     --draws 1000 --out docs/evidence/labeled-sample-simulation.json
 *   node dist/experiments/main.js labeled-sample-simulation \
 *     --tables docs/evidence/labeled-sample-simulation.json     # the docs' tables
 */
import { readFile, writeFile } from 'node:fs/promises';
import {
  estimateLabeledShare,
  labelsNeeded,
  type IntervalKind,
  type SampledAccount,
} from '../estimate/model-assisted.js';
import { inclusionProbabilities, labelingOrder, sizeMeasures } from '../estimate/sample-design.js';
import { fitExportModel, scoreLogit } from '../model/export-model.js';
import { refittedStandardErrors } from '../estimate/refitted-variance.js';
import { createRandom } from '../util/random.js';
import { makePopulation, mean, trueShare, type Population, type ScoreKind } from './labeled-population.js';

export interface SimulationSettings {
  accounts: number;
  botShare: number;
  labels: readonly number[];
  draws: number;
  /** Draws on which the export model's jackknife is measured too (the first ones). */
  jackknifeDraws?: number;
  seed: number;
}

export interface Measured {
  draws: number;
  bias: number;
  rmse: number;
  coverage: number;
  meanWidth: number;
  meanLambda: number;
}

export interface SimulationRow {
  botShare: number;
  labels: number;
  predictions: ScoreKind | 'export model (useless public score, activity)';
  domain: string;
  truth: number;
  /** PPI++-tuned λ. */
  modelAssisted: Record<IntervalKind, Measured>;
  /** λ = 1: the plain difference estimator (what `report --labels` uses, see src/pipeline/labeled.ts). */
  difference: Record<IntervalKind, Measured>;
  labelsOnly: Record<IntervalKind, Measured>;
  /**
   * Export model only: λ = 1 with the refitted jackknife's standard error (what `report
   * --labels` uses, src/estimate/refitted-variance.ts) and, on the same draws, the design's with
   * the predictions held fixed (Korn–Graubard). Measured on the first `jackknifeDraws` draws:
   * a hundred refits per draw.
   */
  refitted?: { jackknife: Measured; fixedPredictions: Measured };
}

type Domains = Record<string, Float64Array>;

function domainsOf(pop: Population): Domains {
  return {
    'all tweets': Float64Array.from(pop.frame, (a) => a.tweets),
    'all accounts': new Float64Array(pop.frame.length).fill(1),
    'hashtag tweets': pop.hashtagTweets,
    'hashtag accounts': Float64Array.from(pop.hashtagTweets, (t) => (t > 0 ? 1 : 0)),
  };
}

function oracleSample(pop: Population, seed: number, n: number, pi: Float64Array): SampledAccount[] {
  return labelingOrder(pop.frame, seed)
    .slice(0, n)
    .map(({ index }) => ({ index, label: pop.isBot[index] ? 'bot' : 'human', inclusionProbability: pi[index] }));
}

interface Accumulator {
  errors: number[];
  covered: number;
  widths: number[];
  lambdas: number[];
}

const fresh = (): Accumulator => ({ errors: [], covered: 0, widths: [], lambdas: [] });

function summarise(a: Accumulator): Measured {
  return {
    draws: a.errors.length,
    bias: mean(a.errors),
    rmse: Math.sqrt(mean(a.errors.map((e) => e * e))),
    coverage: a.covered / a.errors.length,
    meanWidth: mean(a.widths),
    meanLambda: mean(a.lambdas),
  };
}

/** Every (labels, predictions, domain) setting for one population. */
export async function simulateLabeledEstimators(settings: SimulationSettings): Promise<SimulationRow[]> {
  const pop = makePopulation(settings.accounts, settings.botShare, settings.seed);
  const domains = domainsOf(pop);
  const sizes = sizeMeasures(pop.frame);
  const features = {
    names: ['public_score_logit', 'activity', 'log_tweets_in_export'],
    rows: pop.frame.map((a, i) => [scoreLogit(pop.scores.useless[i]), pop.activity[i], Math.log(a.tweets)]),
    publicScore: pop.scores.useless,
  };
  const rows: SimulationRow[] = [];
  for (const n of settings.labels) {
    const pi = inclusionProbabilities(sizes, n);
    const kinds = ['good', 'useless', 'inverted', 'export'] as const;
    const byKey = new Map<string, Accumulator>();
    const get = (key: string): Accumulator => {
      let a = byKey.get(key);
      if (!a) byKey.set(key, (a = fresh()));
      return a;
    };
    for (let d = 0; d < settings.draws; d++) {
      const sample = oracleSample(pop, settings.seed * 100003 + d, n, pi);
      for (const kind of kinds) {
        const labels = sample.map((s) => ({ index: s.index, bot: s.label === 'bot' }));
        const fit = kind === 'export' ? await fitExportModel(features, labels, { seed: d }) : null;
        const predictions = fit?.predictions ?? pop.scores[kind as ScoreKind];
        if (fit !== null && fit.method === 'cross-fitted-logistic' && d < (settings.jackknifeDraws ?? 0)) {
          const weights = Object.values(domains);
          const ses = await refittedStandardErrors(features, labels, fit, sample, weights, 1, d);
          Object.entries(domains).forEach(([domain, w], k) => {
            const truth = trueShare(w, pop.isBot);
            for (const [method, se] of [
              ['jackknife', ses[k]],
              ['fixed', undefined],
            ] as const) {
              const e = estimateLabeledShare({ weights: w, predictions }, sample, { interval: 'korn-graubard', lambda: 1 }, se);
              const a = get(`refitted|${domain}|${method}`);
              a.errors.push(e.raw - truth);
              a.widths.push(e.interval[1] - e.interval[0]);
              a.lambdas.push(e.lambda);
              if (e.interval[0] <= truth && truth <= e.interval[1]) a.covered++;
            }
          });
        }
        for (const [domain, weights] of Object.entries(domains)) {
          const truth = trueShare(weights, pop.isBot);
          for (const method of ['ma', 'd1', 'lo'] as const) {
            for (const interval of ['t', 'normal', 'korn-graubard'] as const) {
              const lambda = method === 'ma' ? 'tuned' : method === 'd1' ? 1 : 0;
              const e = estimateLabeledShare({ weights, predictions }, sample, { interval, lambda });
              const a = get(`${kind}|${domain}|${method}|${interval}`);
              a.errors.push(e.raw - truth);
              a.widths.push(e.interval[1] - e.interval[0]);
              a.lambdas.push(e.lambda);
              if (e.interval[0] <= truth && truth <= e.interval[1]) a.covered++;
            }
          }
        }
      }
    }
    for (const kind of kinds) {
      for (const [domain, weights] of Object.entries(domains)) {
        const m = (method: string, interval: IntervalKind): Measured => summarise(get(`${kind}|${domain}|${method}|${interval}`));
        rows.push({
          botShare: settings.botShare,
          labels: n,
          predictions: kind === 'export' ? 'export model (useless public score, activity)' : kind,
          domain,
          truth: trueShare(weights, pop.isBot),
          modelAssisted: { t: m('ma', 't'), normal: m('ma', 'normal'), 'korn-graubard': m('ma', 'korn-graubard') },
          difference: { t: m('d1', 't'), normal: m('d1', 'normal'), 'korn-graubard': m('d1', 'korn-graubard') },
          labelsOnly: { t: m('lo', 't'), normal: m('lo', 'normal'), 'korn-graubard': m('lo', 'korn-graubard') },
          ...(kind === 'export' && byKey.has(`refitted|${domain}|jackknife`)
            ? { refitted: { jackknife: summarise(get(`refitted|${domain}|jackknife`)), fixedPredictions: summarise(get(`refitted|${domain}|fixed`)) } }
            : {}),
        });
      }
    }
  }
  return rows;
}

export interface LabelsNeededCheck {
  method: 'model-assisted' | 'labels-only';
  n: number;
  targetHalfWidth: number;
  realisedMeanHalfWidth: number;
  draws: number;
}

/** labelsNeeded on a population whose score is calibrated, against the half-width (default interval) its n realises. */
export function checkLabelsNeeded(accounts: number, draws: number, seed: number): LabelsNeededCheck[] {
  const base = makePopulation(accounts, 0.3, seed);
  const scores = Float64Array.from(base.scores.good, (s) => 0.15 + 0.7 * s);
  const rng = createRandom(seed + 1);
  const pop: Population = { ...base, isBot: Uint8Array.from(scores, (s) => (rng.uniform() < s ? 1 : 0)) };
  const weights = Float64Array.from(pop.frame, (a) => a.tweets);
  const sizes = sizeMeasures(pop.frame);
  const needed = labelsNeeded(weights, scores, sizes);
  return (
    [
      ['model-assisted', needed.modelAssisted, 'tuned'],
      ['labels-only', needed.labelsOnly, 0],
    ] as const
  ).map(([method, n, lambda]) => {
    const pi = inclusionProbabilities(sizes, n);
    const halfWidths: number[] = [];
    for (let d = 0; d < draws; d++) {
      const e = estimateLabeledShare({ weights, predictions: scores }, oracleSample(pop, seed * 7919 + d, n, pi), { lambda });
      halfWidths.push((e.interval[1] - e.interval[0]) / 2);
    }
    return { method, n, targetHalfWidth: needed.halfWidth, realisedMeanHalfWidth: mean(halfWidths), draws };
  });
}

export interface SimulationEvidence {
  command: string;
  population: string;
  rows: SimulationRow[];
  labelsNeeded: LabelsNeededCheck[];
}

/** The tables of docs/labeled-sample.md §4, from the evidence JSON. */
export function formatEvidence(j: SimulationEvidence): string {
  const pct = (x: number): string => (100 * x).toFixed(1);
  const KG = 'korn-graubard';
  const kinds: IntervalKind[] = ['korn-graubard', 't', 'normal'];
  const out: string[] = [
    'With 100 labels: coverage of the 95% intervals (Korn–Graubard, the default), mean width and RMSE in points; MA = model-assisted with PPI++-tuned λ, D = the difference estimator (λ = 1), LO = labels only (λ = 0):',
    '',
    '| population | predictions | domain | truth | covers MA | covers D | covers LO | width MA | width D | width LO | RMSE MA | RMSE D | RMSE LO | mean λ (MA) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of j.rows.filter((x) => x.labels === 100)) {
    const ma = r.modelAssisted[KG];
    const d = r.difference[KG];
    const lo = r.labelsOnly[KG];
    out.push(
      `| ${r.botShare * 100}% bots | ${r.predictions} | ${r.domain} | ${pct(r.truth)}% | ${pct(ma.coverage)}% | ${pct(d.coverage)}% | ${pct(lo.coverage)}% | ${pct(ma.meanWidth)} | ${pct(d.meanWidth)} | ${pct(lo.meanWidth)} | ${pct(ma.rmse)} | ${pct(d.rmse)} | ${pct(lo.rmse)} | ${ma.meanLambda.toFixed(2)} |`,
    );
  }
  out.push('', 'Over all 32 settings (2 populations × 4 predictions × 4 domains) for each number of labels:', '');
  out.push('| labels | lowest coverage MA: Korn–Graubard / t / normal | mean coverage MA: Korn–Graubard / t / normal | lowest / mean coverage D (K–G) | lowest coverage LO (K–G) | settings where K–G covers less than t | mean width K–G / t | largest width ratio MA / LO | largest \\|bias\\| MA (points) |');
  out.push('|---|---|---|---|---|---|---|---|---|');
  for (const n of [...new Set(j.rows.map((r) => r.labels))]) {
    const rs = j.rows.filter((r) => r.labels === n);
    const min = (f: (r: SimulationRow) => number): number => Math.min(...rs.map(f));
    const max = (f: (r: SimulationRow) => number): number => Math.max(...rs.map(f));
    const avg = (f: (r: SimulationRow) => number): number => mean(rs.map(f));
    const kgWorse = rs.filter((r) => r.modelAssisted[KG].coverage < r.modelAssisted.t.coverage).length;
    out.push(
      `| ${n} | ${kinds.map((k) => `${pct(min((r) => r.modelAssisted[k].coverage))}%`).join(' / ')} | ${kinds.map((k) => `${pct(avg((r) => r.modelAssisted[k].coverage))}%`).join(' / ')} | ${pct(min((r) => r.difference[KG].coverage))}% / ${pct(avg((r) => r.difference[KG].coverage))}% | ${pct(min((r) => r.labelsOnly[KG].coverage))}% | ${kgWorse} of ${rs.length} | ${avg((r) => r.modelAssisted[KG].meanWidth / r.modelAssisted.t.meanWidth).toFixed(2)} | ${max((r) => r.modelAssisted[KG].meanWidth / r.labelsOnly[KG].meanWidth).toFixed(2)} | ${pct(max((r) => Math.abs(r.modelAssisted[KG].bias)))} |`,
    );
  }
  out.push('', 'Settings below 90% coverage (Korn–Graubard; MA tuned, D λ = 1):', '');
  const low = j.rows.filter((r) => r.modelAssisted[KG].coverage < 0.9 || r.difference[KG].coverage < 0.9);
  if (low.length === 0) out.push('none.');
  for (const r of low) {
    out.push(`- ${r.botShare * 100}% bots, ${r.labels} labels, ${r.predictions}, ${r.domain}: MA ${pct(r.modelAssisted[KG].coverage)}% (t: ${pct(r.modelAssisted.t.coverage)}%), D ${pct(r.difference[KG].coverage)}%`);
  }
  const refitted = j.rows.filter((r) => r.refitted !== undefined);
  if (refitted.length > 0) {
    out.push(
      '',
      `The export model's standard error, λ = 1, Korn–Graubard: J = the refitted jackknife (what \`report --labels\` uses), F = the design's with the predictions held fixed; on the first ${refitted[0].refitted?.jackknife.draws ?? 0} draws with a fitted model:`,
      '',
    );
    out.push('| population | labels | domain | truth | covers J | covers F | width J | width F | RMSE |', '|---|---|---|---|---|---|---|---|---|');
    for (const r of refitted) {
      const { jackknife: jk, fixedPredictions: fx } = r.refitted as NonNullable<SimulationRow['refitted']>;
      out.push(
        `| ${r.botShare * 100}% bots | ${r.labels} | ${r.domain} | ${pct(r.truth)}% | ${pct(jk.coverage)}% | ${pct(fx.coverage)}% | ${pct(jk.meanWidth)} | ${pct(fx.meanWidth)} | ${pct(jk.rmse)} |`,
      );
    }
  }
  out.push('', '`labelsNeeded` on a population whose score is calibrated (4,000 accounts, share of tweets; planned and realised with the default interval):', '');
  out.push('| estimator | n for ±5 points | realised mean half-width | draws |', '|---|---|---|---|');
  for (const c of j.labelsNeeded) out.push(`| ${c.method} | ${c.n} | ±${pct(c.realisedMeanHalfWidth)} points | ${c.draws} |`);
  return out.join('\n');
}

/** The harness: every setting's figures, and labelsNeeded checked, as JSON with its command. */
export async function runLabeledSampleSimulation(o: { draws: number; jackknifeDraws: number; out?: string; command: string }): Promise<void> {
  const { draws } = o;
  const started = Date.now();
  const populations: SimulationRow[] = [];
  for (const botShare of [0.3, 0.08]) {
    populations.push(...(await simulateLabeledEstimators({ accounts: 2000, botShare, labels: [50, 100, 200], draws, jackknifeDraws: Math.min(draws, o.jackknifeDraws), seed: 2023 })));
    process.stderr.write(`bot share ${botShare}: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const labelsNeededCheck = checkLabelsNeeded(4000, Math.max(100, Math.floor(draws / 4)), 78);
  const result: SimulationEvidence = {
    command: o.command,
    population: '2000 generated accounts (src/experiments/labeled-population.ts, seed 2023); labeled by the truth',
    rows: populations,
    labelsNeeded: labelsNeededCheck,
  };
  process.stdout.write(`${populations.length} settings, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (o.out !== undefined) await writeFile(o.out, `${JSON.stringify(result, null, 1)}\n`);
}
