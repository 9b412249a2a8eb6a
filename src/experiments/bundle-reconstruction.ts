/**
 * Writes the reconstruction that ships in datasets/reconstruction/, for machines without
 * the labeled sets (a fresh clone): exactly what `botshare replicate` simulates with the
 * default model, data and seed. Re-run after retraining the default model:
 *
 *   npm run build && node dist/replicate/bundle.js [--data DIR]
 *
 * A test checks that a fresh reconstruction still equals the bundled one.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runSimulation } from '../simulate/run-simulation.js';
import type { GroundTruth } from '../simulate/types.js';
import { BUNDLED_RECONSTRUCTION, DEFAULT_ACTIVITY_MODEL, DEFAULT_LABELED_DIR, DEFAULT_MODEL_DIR } from '../util/paths.js';
import { STUDY_WINDOW } from '../replicate/replicate.js';
import { RECONSTRUCTION_OVERLAP, RECONSTRUCTION_REQUESTS, RECONSTRUCTION_SEED, STUDY } from '../replicate/study.js';

export async function bundleReconstruction(dataDir: string): Promise<void> {
  const root = path.resolve(path.dirname(BUNDLED_RECONSTRUCTION.corpus), '..', '..');
  await mkdir(path.dirname(BUNDLED_RECONSTRUCTION.corpus), { recursive: true });
  await runSimulation({
    dataDir,
    modelDir: DEFAULT_MODEL_DIR,
    activityFile: DEFAULT_ACTIVITY_MODEL,
    tweets: STUDY.tweets,
    hashtags: RECONSTRUCTION_REQUESTS,
    overlapShare: RECONSTRUCTION_OVERLAP,
    window: STUDY_WINDOW,
    seed: RECONSTRUCTION_SEED,
    corpusFile: BUNDLED_RECONSTRUCTION.corpus,
    truthFile: BUNDLED_RECONSTRUCTION.truth,
    force: true,
  });
  // Paths in the provenance relative to the package, not to this machine.
  const truth = JSON.parse(await readFile(BUNDLED_RECONSTRUCTION.truth, 'utf8')) as GroundTruth;
  if (truth.provenance !== undefined) {
    truth.provenance.modelCard = path.relative(root, truth.provenance.modelCard);
    truth.provenance.activityModel = path.relative(root, truth.provenance.activityModel);
  }
  await writeFile(BUNDLED_RECONSTRUCTION.truth, `${JSON.stringify(truth, null, 1)}\n`);
  process.stderr.write(`wrote ${path.relative(root, BUNDLED_RECONSTRUCTION.corpus)} and ${path.relative(root, BUNDLED_RECONSTRUCTION.truth)}\n`);
}
