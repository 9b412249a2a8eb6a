import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVectorizer } from '../../src/features/vectorize.js';
import { LogisticRegression } from '../../src/model/logistic.js';
import { loadModel } from '../../src/model/scorer.js';
import { expectScoresMissingRow } from '../helpers/trained-model.js';
import { trainModel } from '../../src/model/train.js';
import type { Candidate } from '../../src/model/nested-selection.js';
import { fourSets } from './four-sets.js';

const candidates: Candidate[] = [
  { name: 'network', description: 'small network', members: [{ kind: 'mlp', families: 'selected' }] },
  { name: 'logistic', description: 'logistic', members: [{ kind: 'logistic', families: 'selected' }] },
  { name: 'network+logistic', description: 'both averaged', members: [{ kind: 'mlp', families: 'selected' }, { kind: 'logistic', families: 'selected' }] },
];
const small = { mlp: { maxEpochs: 3, hidden: [4] }, selection: 'none' as const, windowsPerAccount: 1 };

describe('trainModel ships the model family the nested procedure picks', () => {
  it('measures, records and ships the pick as one loadable model', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'botshare-ships-pick-'));
    const card = await trainModel({ corpus: { accounts: fourSets(), timelines: new Map(), sources: [] }, seed: 4, outDir: out, force: true, candidates, config: small });
    const nested = card.evaluation.nestedSelection;
    expect(nested).toBeDefined();
    const chosen = nested?.chosen as string;
    // The pick is the best LODO mean on all sets, and it is what the card says ships.
    const best = Math.max(...(nested?.candidates ?? []).map((c) => c.outerMean));
    expect(nested?.candidates.find((c) => c.name === chosen)?.outerMean).toBe(best);
    expect(nested?.shipped).toBe(chosen);
    expect(card.classifier.family?.name).toBe(chosen);
    expect(card.classifier.kind).toBe({ network: 'mlp', logistic: 'logistic', 'network+logistic': 'mlp+logistic' }[chosen]);
    expect((card.classifier.hyperParameters.config as { classifier: string }).classifier).toBe(chosen);
    // The comparison is the other kind of model.
    expect(card.evaluation.comparison.name).toBe(chosen === 'logistic' ? 'network' : 'logistic');
    await expectScoresMissingRow(out);
  }, 300_000);

  it('ships a named family without the selection, with the logistic model’s exact coefficients', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'botshare-ships-named-'));
    const card = await trainModel({
      corpus: { accounts: fourSets(), timelines: new Map(), sources: [] },
      seed: 4,
      outDir: out,
      force: true,
      config: { ...small, classifier: 'logistic', familySelection: 'none' },
    });
    expect(card.evaluation.nestedSelection).toBeUndefined();
    expect(card.classifier.kind).toBe('logistic');
    const coefficients = card.classifier.hyperParameters.coefficients as { coef: number[]; intercept: number };
    expect(coefficients.coef).toHaveLength(card.inputs.length);
    const model = await loadModel(out);
    try {
      // The raw output of the loaded model is the logistic function of the recorded coefficients.
      const raw = new Float64Array(model.card.features.length).fill(Number.NaN);
      const [p] = await model.rawScores([raw]);
      const lr = LogisticRegression.fromState({ kind: 'logistic', ...coefficients });
      const v = loadVectorizer(card.vectorizer);
      const full = v.transform(raw);
      const inputs = Float32Array.from(card.inputs, (name) => full[v.inputNames.indexOf(name)]);
      const [expected] = await lr.predictProba({ rows: 1, cols: inputs.length, data: inputs });
      expect(p).toBeCloseTo(expected, 5);
    } finally {
      model.dispose();
    }
  }, 300_000);

  it('refuses an unknown family by name', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'botshare-ships-unknown-'));
    await expect(
      trainModel({ corpus: { accounts: fourSets(), timelines: new Map(), sources: [] }, seed: 4, outDir: out, force: true, config: { ...small, classifier: 'forest', familySelection: 'none' } }),
    ).rejects.toThrow(/unknown model family "forest"/);
  });
});
