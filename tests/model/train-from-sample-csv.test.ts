/**
 * `train FILES --labels sample.csv`: the labeling page's own export trains a model. The file
 * is written as label.html writes it (sampleCsv's lines with the label and labeler cells
 * filled, rows nobody reached left empty, some unsure); the accounts are the bundled
 * reconstruction's, labeled by its truth. Unsure and unlabeled rows are skipped and counted;
 * a plain user_id,label file with the same labels gives the same corpus.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleCsv, type LabelWord } from '../../src/labeled/sample-csv.js';
import { expectScoresMissingRow } from '../helpers/trained-model.js';
import { trainModel } from '../../src/model/train.js';
import { loadUserCorpus, readLabelsCsv } from '../../src/model/user-labels.js';
import { REPO_ROOT } from '../helpers/shared.js';

const CORPUS = path.join(REPO_ROOT, 'datasets', 'reconstruction', 'corpus.jsonl.gz');
const TRUTH = JSON.parse(readFileSync(path.join(REPO_ROOT, 'datasets', 'reconstruction', 'truth.json'), 'utf8')) as {
  accounts: { id: string; label: 'bot' | 'human' }[];
};

describe('train --labels with the labeling page’s sample.csv', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'botshare-train-sample-'));
  // 50 bots and 50 humans, alternating; rows 1–80 labeled (every 10th unsure), 81–100 not reached.
  const bots = TRUTH.accounts.filter((a) => a.label === 'bot').slice(0, 50);
  const humans = TRUTH.accounts.filter((a) => a.label === 'human').slice(0, 50);
  const accounts = bots.flatMap((b, i) => [b, humans[i]]);
  const labels: (LabelWord | null)[] = accounts.map((a, i) => (i >= 80 ? null : i % 10 === 9 ? 'unsure' : a.label));
  const file = path.join(dir, 'sample.csv');
  writeFileSync(
    file,
    sampleCsv(
      accounts.map((a, i) => ({
        rank: i + 1,
        userId: a.id,
        screenName: null,
        label: labels[i],
        tweets: 1,
        inclusionProbability: 0.5,
        sampleId: 'sps1:1:100:0000000000000000',
        labeler: labels[i] === null ? null : 'AB',
      })),
    ),
  );
  const used = accounts.filter((_, i) => labels[i] === 'bot' || labels[i] === 'human');

  it('reads bot and human labels, counting the unsure and unlabeled rows it skips', async () => {
    const read = await readLabelsCsv(file);
    expect(read.skipped).toEqual({ unsure: 8, unlabeled: 20 });
    expect([...read.labels]).toEqual(used.map((a) => [a.id, a.label]));
    // A plain user_id,label file still reads, with the same words (unsure and empty skipped).
    const plain = path.join(dir, 'labels.csv');
    writeFileSync(plain, `user_id,label\n${accounts.map((a, i) => `${a.id},${labels[i] ?? ''}`).join('\n')}\n`);
    const fromPlain = await readLabelsCsv(plain);
    expect([...fromPlain.labels]).toEqual([...read.labels]);
    expect(fromPlain.skipped).toEqual({ unsure: 8, unlabeled: 20 });
  });

  it('trains a model that loads and scores', async () => {
    const corpus = await loadUserCorpus([CORPUS], file);
    expect(corpus.skipped).toEqual({ unsure: 8, unlabeled: 20 });
    expect(corpus.accounts).toHaveLength(used.length);
    expect(corpus.accounts.filter((a) => a.label === 'bot')).toHaveLength(used.filter((a) => a.label === 'bot').length);
    const out = path.join(dir, 'model');
    const card = await trainModel({
      corpus,
      seed: 1,
      outDir: out,
      force: true,
      config: { selection: 'none', mlp: { maxEpochs: 3, hidden: [4] }, windowsPerAccount: 1, classifier: 'logistic', familySelection: 'none' },
    });
    expect(card.classifier.kind).toBe('logistic');
    expect(card.evaluation.inDomain5Fold.pooled.auc).toBeGreaterThan(0.5);
    await expectScoresMissingRow(out);
  }, 300_000);
});
