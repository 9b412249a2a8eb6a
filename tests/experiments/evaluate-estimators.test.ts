import path from 'node:path';
import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';
import { DEFAULT_METHODS } from '../../src/estimate/default-method.js';
import { loadLabeledSets } from '../../src/labeled/load.js';
import { loadModelScorer } from '../../src/pipeline/scorer.js';
import { loadActivityModel } from '../../src/simulate/activity-model.js';
import { evaluateEstimators, formatAccuracy, spreadShares } from '../../src/experiments/evaluate-estimators.js';
import { readHeldOut, selectHeldOut } from '../../src/simulate/held-out.js';
import { describeShared, REPO_ROOT } from '../helpers/shared.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const CORPORA = 20;

describeShared('the estimators on 20 simulated ground-truth corpora (issue 4)', (datasets) => {
  // Two designs, 20 corpora each, at the study's size (47,821 tweets): accounts drawn Italian
  // sets first (as the March 2020 hashtags would) and all held-out sets alike. Measured (seed
  // 4, in-domain rates from the card's 5-fold out-of-fold scores), shares of tweets: acc 2.65
  // and 2.18 points, 20/20 covered in both; pacc 4.14 and 8.71; cc 12.23 and 9.98. Shares of
  // accounts: pacc 0.46 and 0.35 points, 20/20 in both; acc 1.21 and 1.03. The README has
  // seeds 4–8 and the 24,000-tweet corpora, where acc is at the bar on average (2.93) but not
  // in every run.
  it('default estimates (issue 4): shares of tweets within 3 points and shares of accounts within 1 in each design, 95% intervals covering the planted share in ≥ 18 of 20; the smaller error of the corrected methods; far better than classify-and-count', async () => {
    const heldOut = readHeldOut(path.join(MODEL, 'card.json'));
    const labeled = await loadLabeledSets(path.join(datasets, 'labeled'), { sets: [...new Set(heldOut.map((h) => h.dataset))] });
    const accounts = selectHeldOut(labeled, heldOut);
    const scorer = await loadModelScorer(MODEL, 'in-domain');
    const meanMae: Record<string, number> = {};
    const meanMaeAccounts: Record<string, number> = {};
    let headline: string | undefined;
    for (const mix of ['italian-first', 'uniform'] as const) {
      const result = await evaluateEstimators({
        accounts,
        activity: loadActivityModel(path.join(REPO_ROOT, 'datasets', 'activity-model.json')),
        scorer,
        shares: spreadShares(CORPORA, 0.05, 0.7),
        tweetsPerCorpus: 47_821,
        window: { start: Date.UTC(2020, 2, 11), end: Date.UTC(2020, 2, 24) },
        seed: 4,
        mix,
        workDir: path.join(tmpdir(), `botshare-eval-test-${process.pid}`),
        bootstrap: { replicates: 500 },
      });
      console.log(formatAccuracy(result));
      expect(result.corpora).toHaveLength(CORPORA);
      const planted = result.corpora.map((c) => c.planted.tweets);
      expect(Math.min(...planted)).toBeCloseTo(0.05, 3);
      expect(Math.max(...planted)).toBeCloseTo(0.7, 3);
      headline = result.corpora[0].headline;
      expect(headline).toBeDefined();
      const of = (method: string) => result.accuracy.find((a) => a.unit === 'tweets' && a.method === method);
      const ofAccounts = (method: string) => result.accuracy.find((a) => a.unit === 'accounts' && a.method === method);
      for (const m of ['acc', 'pacc']) {
        meanMae[m] = (meanMae[m] ?? 0) + (of(m)?.maePoints ?? Number.NaN) / 2;
        meanMaeAccounts[m] = (meanMaeAccounts[m] ?? 0) + (ofAccounts(m)?.maePoints ?? Number.NaN) / 2;
      }
      const main = of(headline as string);
      expect(main?.corpora).toBe(CORPORA);
      expect(main?.maePoints).toBeLessThanOrEqual(3);
      expect(main?.covered).toBeGreaterThanOrEqual(18);
      expect(of('cc')?.maePoints).toBeGreaterThan((main?.maePoints ?? 0) + 5);
      const mainAccounts = ofAccounts(DEFAULT_METHODS.accounts);
      expect(mainAccounts?.maePoints).toBeLessThanOrEqual(1);
      expect(mainAccounts?.covered).toBeGreaterThanOrEqual(18);
    }
    // Each unit's default is the corrected method with the smaller error there over both designs.
    expect(headline).toBe(DEFAULT_METHODS.tweets);
    const other = (m: string): string => (m === 'acc' ? 'pacc' : 'acc');
    expect(meanMae[DEFAULT_METHODS.tweets]).toBeLessThan(meanMae[other(DEFAULT_METHODS.tweets)]);
    expect(meanMaeAccounts[DEFAULT_METHODS.accounts]).toBeLessThan(meanMaeAccounts[other(DEFAULT_METHODS.accounts)]);
  }, 600_000);
});
