import path from 'node:path';
import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';
import { measureNoLabelsCoverage, pooledOnly } from '../../src/experiments/no-labels-coverage.js';
import { loadLabeledSets } from '../../src/labeled/load.js';
import { loadModelScorer } from '../../src/pipeline/load-scorer.js';
import { loadActivityModel } from '../../src/simulate/activity-model.js';
import { readHeldOut, selectHeldOut } from '../../src/simulate/held-out.js';
import { describeShared, REPO_ROOT } from '../helpers/shared.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');

describeShared('without labels, under rates that are not the export\'s (issue 13 item 4, small version of docs/evidence/no-labels.json)', (datasets) => {
  it('the default intervals cover the planted shares of tweets and of accounts in ≥ 90% of corpora, none of zero width', async () => {
    const heldOut = readHeldOut(path.join(MODEL, 'card.json'));
    const labeled = await loadLabeledSets(path.join(datasets, 'labeled'), { sets: [...new Set(heldOut.map((h) => h.dataset))] });
    const scorer = await loadModelScorer(MODEL, 'out-of-domain');
    expect(scorer.rates.perSet?.length).toBeGreaterThan(1);
    expect(pooledOnly(scorer).rates.perSet).toBeUndefined();
    const [run] = await measureNoLabelsCoverage({
      accounts: selectHeldOut(labeled, heldOut),
      activity: loadActivityModel(path.join(REPO_ROOT, 'datasets', 'activity-model.json')),
      scorer,
      mixes: ['italian-first'],
      variants: ['per-set'],
      corpora: 4,
      tweetsPerCorpus: 1500,
      seed: 2,
      replicates: 200,
      workDir: path.join(tmpdir(), `botshare-no-labels-test-${process.pid}`),
    });
    for (const [unit, method] of [['tweets', 'acc'], ['accounts', 'pacc']] as const) {
      const row = run.rows.find((r) => r.unit === unit && r.method === method);
      expect(row?.corpora).toBe(4);
      expect(row?.coverage).toBeGreaterThanOrEqual(0.9);
      expect(row?.zeroWidth).toBe(0);
    }
  }, 120_000);
});
