/**
 * Exports the rows the reference forest is measured on (src/experiments/reference-forest.py):
 * the training accounts of `train --seed S` (the same seeded held-out split), every account
 * feature (the forest's profile features: counts, growth, flags, age, name shape,
 * description length, screen-name likelihood), one CSV per leave-one-dataset-out fold of a
 * set with both classes. Each fold's screen-name bigrams and scaling are fitted on its
 * training accounts only, as for the network.
 *
 *   node dist/experiments/main.js export-forest-features --data ../shared/datasets/labeled --seed 1 -o /tmp/forest
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPublicCorpus } from '../model/labeled-corpus.js';
import { accountTable, bothClassSets, splitHeldOut } from '../model/protocol.js';
import { DEFAULT_CONFIG } from '../model/model-config.js';
import { dropConflictingLabels, prepareTest, prepareTraining, type RowOptions } from '../model/training-data.js';

/** Writes one CSV per leave-one-dataset-out fold into `output`. */
export async function exportForestFeatures(flags: { data: string; output: string; seed: number }): Promise<void> {
  const corpus = await loadPublicCorpus(flags.data);
  const { kept } = dropConflictingLabels(corpus.accounts);
  const train = splitHeldOut(kept, DEFAULT_CONFIG.heldOutFraction, flags.seed).train;
  const sets = bothClassSets(accountTable(train));
  await mkdir(flags.output, { recursive: true });
  for (const [k, d] of sets.entries()) {
    const o: RowOptions = {
      seed: flags.seed + 1000 * (k + 1),
      features: 'account',
      weightScheme: DEFAULT_CONFIG.weightScheme,
      windowsPerAccount: DEFAULT_CONFIG.windowsPerAccount,
      maxAccountsPerCell: DEFAULT_CONFIG.maxAccountsPerCell,
      excludeFamilies: [],
    };
    const inTrain = train.filter((a) => a.dataset !== d);
    const inTest = train.filter((a) => a.dataset === d);
    const m = prepareTraining(inTrain, corpus.timelines, o);
    const x = prepareTest(inTest, corpus.timelines, m, o);
    const lines = [['role', 'dataset', 'label', 'weight', ...m.inputNames].join(',')];
    const row = (role: string, dataset: string, label: number, weight: number, data: Float32Array, r: number, cols: number): string =>
      [role, dataset, label, weight, ...Array.from(data.subarray(r * cols, (r + 1) * cols))].join(',');
    for (let r = 0; r < m.X.rows; r++) lines.push(row('train', m.groups[r], m.y[r], m.weights[r], m.X.data, r, m.X.cols));
    for (let r = 0; r < x.X.rows; r++) {
      const a = inTest[x.owner[r]];
      lines.push(row('test', a.dataset, a.label === 'bot' ? 1 : 0, 1, x.X.data, r, x.X.cols));
    }
    await writeFile(path.join(flags.output, `${d}.csv`), `${lines.join('\n')}\n`);
    process.stderr.write(`${d}: ${m.X.rows} training rows, ${x.X.rows} test rows, ${m.inputNames.length} columns\n`);
  }
}
