import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { estimateStudyCorpus } from '../../src/replicate/analyse-study.js';
import type { Scorer } from '../../src/pipeline/load-scorer.js';
import { loadModelScorer } from '../../src/pipeline/load-scorer.js';
import { loadActivityModel } from '../../src/simulate/activity-model.js';
import { simulateCorpus } from '../../src/simulate/corpus.js';
import { loadHeldOutPools } from '../../src/simulate/held-out.js';
import type { GroundTruth } from '../../src/simulate/types.js';
import { writeV1Jsonl } from '../../src/simulate/v1-writer.js';
import { createRandom } from '../../src/util/random.js';
import { describeShared, REPO_ROOT } from '../helpers/shared.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const WINDOW = { start: Date.UTC(2020, 2, 11), end: Date.UTC(2020, 2, 24) };

describeShared('planted shares are recovered end to end (other shares than the published ones)', (datasets) => {
  let scorer: Scorer;
  let truth: GroundTruth;
  let corpusFile: string;

  beforeAll(async () => {
    scorer = await loadModelScorer(MODEL, 'in-domain');
    const { pools } = await loadHeldOutPools(path.join(datasets, 'labeled'), path.join(MODEL, 'card.json'), createRandom(12));
    const sim = simulateCorpus({
      pools,
      hashtags: [
        { tag: 'planted12', tweets: 2500, botShare: 0.12 },
        { tag: 'planted63', tweets: 2500, botShare: 0.63 },
      ],
      window: WINDOW,
      seed: 1263,
      activity: loadActivityModel(path.join(REPO_ROOT, 'datasets', 'activity-model.json')),
    });
    truth = sim.truth;
    // The corpus alone goes to a folder of its own; the truth exists only in this test's memory.
    corpusFile = path.join(mkdtempSync(path.join(tmpdir(), 'botshare-recovery-')), 'corpus.jsonl.gz');
    await writeV1Jsonl(sim.tweets(), corpusFile);
  });

  it('plants exactly 12% and 63% of tweets', () => {
    expect(truth.hashtags.map((h) => h.botTweets)).toEqual([300, 1575]);
  });

  it('finds each planted share inside the default estimate’s 95% interval, reading only the corpus file', async () => {
    const { estimate, filter } = await estimateStudyCorpus([corpusFile], scorer, {
      hashtags: ['planted12', 'planted63'],
      window: WINDOW,
      bootstrap: { replicates: 1000, seed: 5 },
    });
    expect(filter.kept).toBe(5000);
    expect(estimate.method).toBeDefined();
    for (const { hashtag, estimate: series } of estimate.hashtags) {
      const planted = truth.hashtags.find((h) => h.tag.toLowerCase() === hashtag);
      const headline = series.headline.tweets;
      expect(planted, hashtag).toBeDefined();
      expect(headline, hashtag).not.toBeNull();
      if (planted === undefined || headline === null || headline.ci95 === null) throw new Error(`${hashtag}: no interval`);
      const report = `${hashtag}: planted ${planted.plantedShare}, ${headline.method} ${headline.estimate.toFixed(3)} [${headline.ci95[0].toFixed(3)}, ${headline.ci95[1].toFixed(3)}], cc ${series.figures.tweets.cc?.estimate.toFixed(3)}`;
      console.log(report);
      expect(planted.plantedShare, report).toBeGreaterThanOrEqual(headline.ci95[0]);
      expect(planted.plantedShare, report).toBeLessThanOrEqual(headline.ci95[1]);
    }
    rmSync(path.dirname(corpusFile), { recursive: true, force: true });
    expect(existsSync(corpusFile)).toBe(false);
  });
});
