import path from 'node:path';
import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';
import { DEFAULT_METHODS } from '../../src/estimate/default-method.js';
import { bestMethod, MIN_DEFAULT_COVERAGE } from '../../src/estimate/evidence.js';
import { loadEstimatorEvidence } from '../../src/pipeline/load-evidence.js';
import { STUDY_WINDOW } from '../../src/replicate/replicate.js';
import { loadLabeledSets } from '../../src/labeled/load.js';
import { loadModelScorer } from '../../src/pipeline/load-scorer.js';
import { loadActivityModel } from '../../src/simulate/activity-model.js';
import { evaluateEstimators, formatAccuracy, spreadShares } from '../../src/experiments/evaluate-estimators.js';
import { readHeldOut, selectHeldOut } from '../../src/simulate/held-out.js';
import { describeShared, REPO_ROOT } from '../helpers/shared.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const CORPORA = 20;

describeShared('the estimators on simulated ground-truth corpora: a small version of datasets/evidence/estimators.json', (datasets) => {
  // Seed 4 of both designs, as the evidence file's command runs them (24,000 tweets, 20
  // corpora, planted shares of 5–70% of tweets, in-domain rates): the harness must reproduce
  // the shipped evidence's figures exactly, and the evidence must back the defaults. Issue 4's
  // bar (tweets within 3 points in every design) was met by the network that shipped then; the
  // shipped family is now the nested selection's pick (logistic), whose in-domain error is
  // larger and whose acc intervals miss more often Italian sets first (docs/estimation.md).
  it('reproduces the evidence’s seed-4 runs; the default’s intervals cover in ≥ 90% of the corpora over both designs; far better than classify-and-count', async () => {
    const evidence = loadEstimatorEvidence(path.join(REPO_ROOT, 'datasets', 'evidence', 'estimators.json'));
    if (evidence === null) throw new Error('no datasets/evidence/estimators.json');
    const heldOut = readHeldOut(path.join(MODEL, 'card.json'));
    const labeled = await loadLabeledSets(path.join(datasets, 'labeled'), { sets: [...new Set(heldOut.map((h) => h.dataset))] });
    const accounts = selectHeldOut(labeled, heldOut);
    const scorer = await loadModelScorer(MODEL, 'in-domain');
    expect(scorer.model).toBe(evidence.model);
    let covered = 0;
    for (const mix of ['italian-first', 'uniform'] as const) {
      const result = await evaluateEstimators({
        accounts,
        activity: loadActivityModel(path.join(REPO_ROOT, 'datasets', 'activity-model.json')),
        scorer,
        shares: spreadShares(CORPORA),
        tweetsPerCorpus: evidence.tweetsPerCorpus,
        window: STUDY_WINDOW,
        seed: 4,
        mix,
        workDir: path.join(tmpdir(), `botshare-eval-test-${process.pid}`),
      });
      console.log(formatAccuracy(result));
      const shipped = evidence.runs.find((r) => r.seed === 4 && r.mix === mix);
      expect(shipped).toBeDefined();
      for (const a of shipped?.accuracy ?? []) {
        const mine = result.accuracy.find((x) => x.unit === a.unit && x.method === a.method);
        expect(mine?.covered, `${mix} ${a.unit} ${a.method}`).toBe(a.covered);
        expect(mine?.maePoints, `${mix} ${a.unit} ${a.method}`).toBeCloseTo(a.maePoints, 6);
      }
      const of = (unit: 'tweets' | 'accounts', method: string) => result.accuracy.find((a) => a.unit === unit && a.method === method);
      const main = of('tweets', DEFAULT_METHODS.tweets);
      covered += main?.covered ?? 0;
      expect(of('tweets', 'cc')?.maePoints).toBeGreaterThan((main?.maePoints ?? 0) + 5);
      const mainAccounts = of('accounts', DEFAULT_METHODS.accounts);
      expect(mainAccounts?.maePoints).toBeLessThanOrEqual(1);
      expect(mainAccounts?.covered).toBeGreaterThanOrEqual(18);
    }
    expect(covered).toBeGreaterThanOrEqual(MIN_DEFAULT_COVERAGE * 2 * CORPORA);
    // The evidence backs each unit's default by its rule.
    expect(bestMethod(evidence, 'tweets')).toBe(DEFAULT_METHODS.tweets);
    expect(bestMethod(evidence, 'accounts')).toBe(DEFAULT_METHODS.accounts);
  }, 600_000);
});
