/**
 * Evidence for issue 13 item 4: how often the 95% intervals of `report` without labels cover
 * the truth when the error rates that correct the shares are not the export's. Ground-truth
 * corpora come from the held-out accounts (src/simulate/evaluate-estimators.ts); the shares are
 * corrected with the card's out-of-domain rates — by default with their spread across kinds
 * of bots (per-set rates), and as a comparison with the pooled rates alone. The truth is read
 * only after the estimates, by the evaluation harness.
 */
import path from 'node:path';
import type { Scorer } from '../pipeline/load-scorer.js';
import { evaluateEstimators, spreadShares, type CorpusOutcome, type EstimatorEvaluation } from './evaluate-estimators.js';
import type { MethodAccuracy } from '../estimate/evidence.js';
import type { PoolAccount, ActivityModel } from '../simulate/types.js';

export type RatesVariant = 'per-set' | 'pooled';
export type Mix = 'italian-first' | 'uniform';

export interface CoverageRow {
  method: string;
  unit: 'tweets' | 'accounts';
  corpora: number;
  covered: number;
  coverage: number;
  maePoints: number;
  biasPoints: number;
  meanWidthPoints: number;
  /** Intervals of zero width (at a clipping bound, they say nothing true). */
  zeroWidth: number;
  /** Intervals spanning all of [0, 1]: not bounded without labels. */
  unbounded: number;
}

export interface CoverageRun {
  mix: Mix;
  rates: RatesVariant;
  rows: CoverageRow[];
}

export interface NoLabelsCoverageOptions {
  accounts: readonly PoolAccount[];
  activity: ActivityModel;
  /** The scorer with the card's out-of-domain rates (per-set rates included when the card has them). */
  scorer: Scorer;
  mixes: readonly Mix[];
  variants: readonly RatesVariant[];
  corpora: number;
  tweetsPerCorpus: number;
  seed: number;
  replicates: number;
  workDir: string;
}

const REPORTED = ['acc', 'pacc', 'cc'] as const;

/** The same scorer, its rates without the per-set spread (the pooled rates alone). */
export function pooledOnly(scorer: Scorer): Scorer {
  const { perSet: _spread, ...rates } = scorer.rates;
  void _spread;
  return { ...scorer, rates };
}

export function coverageRows(e: Pick<EstimatorEvaluation, 'corpora' | 'accuracy'>): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const unit of ['tweets', 'accounts'] as const) {
    for (const method of REPORTED) {
      const a: MethodAccuracy | undefined = e.accuracy.find((x) => x.unit === unit && x.method === method);
      if (a === undefined) continue;
      const cis = e.corpora.flatMap((c: CorpusOutcome) => {
        const ci = c.figures[unit][method]?.ci95;
        return ci === undefined || ci === null ? [] : [ci];
      });
      rows.push({
        method,
        unit,
        corpora: a.corpora,
        covered: a.covered,
        coverage: a.covered / a.corpora,
        maePoints: a.maePoints,
        biasPoints: a.biasPoints,
        meanWidthPoints: a.meanWidthPoints,
        zeroWidth: cis.filter((ci) => ci[1] - ci[0] < 1e-9).length,
        unbounded: cis.filter((ci) => ci[0] <= 0 && ci[1] >= 1).length,
      });
    }
  }
  return rows;
}

export async function measureNoLabelsCoverage(o: NoLabelsCoverageOptions): Promise<CoverageRun[]> {
  const runs: CoverageRun[] = [];
  for (const mix of o.mixes) {
    for (const variant of o.variants) {
      const result = await evaluateEstimators({
        accounts: o.accounts,
        activity: o.activity,
        scorer: variant === 'pooled' ? pooledOnly(o.scorer) : o.scorer,
        shares: spreadShares(o.corpora),
        mix,
        tweetsPerCorpus: o.tweetsPerCorpus,
        window: { start: Date.UTC(2020, 2, 11), end: Date.UTC(2020, 2, 24) },
        seed: o.seed,
        workDir: path.join(o.workDir, `${mix}-${variant}`),
        bootstrap: { replicates: o.replicates },
      });
      runs.push({ mix, rates: variant, rows: coverageRows(result) });
    }
  }
  return runs;
}

export interface NoLabelsOptions {
  out: string;
  corpora: number;
  tweets: number;
  seed: number;
  replicates: number;
  /** Evaluation JSON written by an earlier commit, per design (the figures before a change). */
  before: { mix: string; file: string }[];
  beforeCommand?: string;
  command: string;
}

/** The harness (node dist/experiments/main.js no-labels-coverage --help). */
export async function runNoLabelsCoverage(o: NoLabelsOptions): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { loadModelScorer } = await import('../pipeline/load-scorer.js');
  const { DEFAULT_ACTIVITY_MODEL, DEFAULT_LABELED_DIR, DEFAULT_MODEL_DIR } = await import('../util/paths.js');
  const { loadActivityModel } = await import('../simulate/activity-model.js');
  const { readHeldOut, selectHeldOut } = await import('../simulate/held-out.js');
  const { loadLabeledSets } = await import('../labeled/load.js');
  const { out, corpora, tweets, seed, replicates } = o;
  const heldOut = readHeldOut(path.join(DEFAULT_MODEL_DIR, 'card.json'));
  const labeled = await loadLabeledSets(DEFAULT_LABELED_DIR, { sets: [...new Set(heldOut.map((h) => h.dataset))] });
  const scorer = await loadModelScorer(DEFAULT_MODEL_DIR, 'out-of-domain');
  const started = Date.now();
  const runs = await measureNoLabelsCoverage({
    accounts: selectHeldOut(labeled, heldOut),
    activity: loadActivityModel(DEFAULT_ACTIVITY_MODEL),
    scorer,
    mixes: ['italian-first', 'uniform'],
    variants: ['per-set', 'pooled'],
    corpora,
    tweetsPerCorpus: tweets,
    seed,
    replicates,
    workDir: path.join(tmpdir(), `botshare-no-labels-${process.pid}`),
  });
  const before: { mix: string; file: string; rows: CoverageRow[] }[] = [];
  for (const { mix, file } of o.before) {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Pick<EstimatorEvaluation, 'corpora' | 'accuracy'>;
    before.push({ mix, file: path.basename(file), rows: coverageRows(parsed) });
  }
  const evidence = {
    command: o.command,
    generated: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    model: scorer.model,
    rates: scorer.rates.source,
    kinds: {
      bots: (scorer.rates.perSet ?? []).filter((s) => s.bots !== undefined).map((s) => s.set),
      humans: (scorer.rates.perSet ?? []).filter((s) => s.humans !== undefined).map((s) => s.set),
    },
    design: { corpora, tweetsPerCorpus: tweets, seed, replicates, plantedTweetShares: spreadShares(corpora), accounts: 'held-out accounts of the card (role simulation)' },
    ...(before.length > 0 ? { before: { command: o.beforeCommand ?? '', runs: before } } : {}),
    runs,
  };
  await writeFile(out, `${JSON.stringify(evidence, null, 1)}\n`);
  for (const r of runs) {
    for (const row of r.rows) {
      process.stdout.write(
        `${r.mix.padEnd(13)} ${r.rates.padEnd(7)} ${row.unit.padEnd(8)} ${row.method.padEnd(4)} covered ${row.covered}/${row.corpora}  MAE ${row.maePoints.toFixed(2)}  width ${row.meanWidthPoints.toFixed(1)}  unbounded ${row.unbounded}  zero-width ${row.zeroWidth}\n`,
      );
    }
  }
}
