/**
 * A small version of docs/evidence/labeled-route-unseen-bots.json: corpora whose bots all
 * come from one labeled set D, scored in the route (sample → oracle → report --labels) by a
 * model trainModel fitted without D and without the shipped card's held-out accounts (a tiny
 * training here, for speed), then read back from the cache instead of retrained.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { spreadShares } from '../../src/experiments/evaluate-estimators.js';
import { evaluateLabeledRoute } from '../../src/experiments/labeled-route.js';
import { heldOutIds, unseenSetScoring, type UnseenSetScoringOptions } from '../../src/experiments/unseen-set-models.js';
import { loadLabeledSets } from '../../src/labeled/load.js';
import { readCard } from '../../src/model/card.js';
import { loadModelScorer } from '../../src/pipeline/load-scorer.js';
import { loadActivityModel } from '../../src/simulate/activity-model.js';
import { readHeldOut, selectHeldOut } from '../../src/simulate/held-out.js';
import { describeShared, REPO_ROOT } from '../helpers/shared.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const CARD = path.join(MODEL, 'card.json');
const WINDOW = { start: Date.UTC(2020, 2, 11), end: Date.UTC(2020, 2, 24) };

describeShared('the labeled route scored by models that never saw the bots’ set', (datasets) => {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'botshare-unseen-set-test-'));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('scores each corpus with a model trained without its bots’ set and the card’s held-out accounts, covers the planted share, and reuses the cached models', async () => {
    const heldOut = readHeldOut(CARD);
    const labeled = await loadLabeledSets(path.join(datasets, 'labeled'), { sets: [...new Set(heldOut.map((h) => h.dataset))] });
    const accounts = selectHeldOut(labeled, heldOut);
    const activity = loadActivityModel(path.join(REPO_ROOT, 'datasets', 'activity-model.json'));
    const shares = spreadShares(2, 0.2, 0.4);
    const options: UnseenSetScoringOptions = {
      accounts,
      cardFile: CARD,
      dataDir: path.join(datasets, 'labeled'),
      cacheDir,
      subsample: { maxAccountsPerCell: 40, selectionMaxAccountsPerCell: 40, folds: 2 },
      overrides: { selection: 'none', mlp: { maxEpochs: 8 } },
      seed: 1,
      botActivity: activity.bot.activity,
      windowDays: 13,
      tweetsPerCorpus: 6000,
      shares,
    };
    const unseen = unseenSetScoring(options);
    const result = await evaluateLabeledRoute({
      accounts,
      activity,
      scorer: await loadModelScorer(MODEL, 'out-of-domain'),
      shares,
      mix: 'uniform',
      tweetsPerCorpus: 6000,
      window: WINDOW,
      seed: 3,
      drawn: 150,
      labeled: 100,
      workDir: mkdtempSync(path.join(tmpdir(), 'botshare-unseen-set-route-')),
      corpusScoring: async (i) => {
        const c = await unseen.corpus(i);
        // Every bot of the corpus's pool is of the unseen set.
        expect(new Set(c.accounts.filter((a) => a.label === 'bot').map((a) => a.dataset))).toEqual(new Set([c.unseenSet]));
        return { accounts: c.accounts, scorer: await loadModelScorer(c.modelDir, 'out-of-domain'), unseenSet: c.unseenSet };
      },
    });

    const models = unseen.models();
    expect(result.corpora.map((c) => c.unseenSet)).toEqual(['botwiki-2019', 'cresci-2015']);
    expect(models.map((m) => m.unseenSet)).toEqual(['botwiki-2019', 'cresci-2015']);
    const ids = heldOutIds(CARD);
    for (const m of models) {
      expect(m.trainedSets).not.toContain(m.unseenSet);
      expect(m.trainedSets.length).toBeGreaterThan(5);
      expect(m.excludedHeldOut).toBeGreaterThan(0);
      expect(m.config.familySelection).toBe('none');
      const card = await readCard(m.dir);
      expect(card.datasets.map((d) => d.name)).not.toContain(m.unseenSet);
      // The model's own held-out split is drawn from its training accounts: none of the shipped card's.
      expect(card.heldOut.some((h) => ids.has(String(h.accountId)))).toBe(false);
    }
    for (const c of result.corpora) {
      expect(c.scoringModel).toMatch(new RegExp(`^without-${c.unseenSet} `));
      const f = c.figures.tweets['model-assisted'];
      expect(f.labeled).toBe(100);
      expect(Math.abs(f.estimate - c.planted.tweets)).toBeLessThan(0.1);
    }
    const ma = result.accuracy.find((a) => a.unit === 'tweets' && a.method === 'model-assisted');
    expect(ma?.covered).toBeGreaterThanOrEqual(1);

    // A second run reads the models back from the cache.
    const again = unseenSetScoring(options);
    const first = await again.corpus(0);
    expect(first.modelDir).toBe(models[0].dir);
    expect(again.models()[0].trainingSeconds).toBe(models[0].trainingSeconds);
  }, 240_000);
});
