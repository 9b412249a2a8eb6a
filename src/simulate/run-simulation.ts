/**
 * A whole simulation run, as `botshare simulate` and the replication's reconstruction do
 * it: held-out accounts of a model card → planned corpus → v1.1 JSONL + truth.json.
 */
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { createRandom } from '../util/random.js';
import { assertWritable, writeFileAtomic } from '../util/atomic-write.js';
import { VERSION } from '../version.js';
import { loadActivityModel } from './activity-model.js';
import { simulateCorpus } from './corpus.js';
import { loadHeldOutPools } from './held-out.js';
import { splitTweets, type HashtagRequest } from './plan.js';
import type { GroundTruth, SimTweet, TimeWindow } from './types.js';
import { writeV1Jsonl } from './v1-writer.js';

export interface SimulationRunOptions {
  /** Folder of the labeled sets (laid out as in datasets/manifest.json). */
  dataDir: string;
  /** The model folder whose card.json lists the held-out accounts. */
  modelDir: string;
  /** datasets/activity-model.json. */
  activityFile: string;
  tweets: number;
  hashtags: readonly HashtagRequest[];
  /** Share of the tweets that carry every hashtag. */
  overlapShare: number;
  window: TimeWindow;
  seed: number;
  corpusFile: string;
  truthFile: string;
  force?: boolean;
  onProgress?: (written: number, total: number) => void;
}

export interface SimulationRun {
  truth: GroundTruth;
  corpusFile: string;
  truthFile: string;
}

/** Separates the pool order's random stream from the corpus's. */
const POOL_STREAM = 0x5eed;

export async function runSimulation(o: SimulationRunOptions): Promise<SimulationRun> {
  if (path.resolve(o.corpusFile) === path.resolve(o.truthFile)) {
    throw new UserError('the corpus and the truth file must be different files');
  }
  // Fail before the work, not after it.
  await assertWritable(o.corpusFile, { force: o.force });
  await assertWritable(o.truthFile, { force: o.force });
  const activity = loadActivityModel(o.activityFile);
  const cardFile = path.join(o.modelDir, 'card.json');
  const { pools, heldOut, found } = await loadHeldOutPools(o.dataDir, cardFile, createRandom(o.seed ^ POOL_STREAM));
  const plan = splitTweets(o.tweets, o.hashtags, o.overlapShare);
  const sim = simulateCorpus({
    pools,
    hashtags: plan.hashtags,
    overlapTweets: plan.overlapTweets,
    window: o.window,
    seed: o.seed,
    activity,
  });
  const truth: GroundTruth = {
    ...sim.truth,
    provenance: {
      generator: `botshare ${VERSION} simulate`,
      modelCard: cardFile,
      heldOutAccounts: heldOut,
      heldOutFound: found,
      poolBots: pools.bot.length,
      poolHumans: pools.human.length,
      activityModel: o.activityFile,
    },
  };
  const total = truth.tweets;
  let written = 0;
  function* counted(): Generator<SimTweet> {
    for (const t of sim.tweets()) {
      yield t;
      written++;
      if (written % 2000 === 0) o.onProgress?.(written, total);
    }
  }
  await writeV1Jsonl(counted(), o.corpusFile, { overwrite: o.force === true });
  o.onProgress?.(total, total);
  await writeFileAtomic(o.truthFile, `${JSON.stringify(truth, null, 1)}\n`, { force: o.force });
  return { truth, corpusFile: o.corpusFile, truthFile: o.truthFile };
}
