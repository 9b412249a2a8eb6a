import { describe, expect, it } from 'vitest';
import { LogisticRegression, DEFAULT_LOGISTIC } from '../../src/model/logistic.js';
import { auc } from '../../src/model/metrics.js';
import { DEFAULT_MLP } from '../../src/model/mlp.js';
import { nestedSelection, type Candidate } from '../../src/model/nested-selection.js';
import { accountTable, FamilySelector, rowOptions, type ProtocolSettings } from '../../src/model/protocol.js';
import { prepareTest, prepareTraining } from '../../src/model/training-data.js';
import { fourSets } from './four-sets.js';

const settings: ProtocolSettings = {
  timelines: new Map(),
  seed: 5,
  weightScheme: 'dataset-balanced',
  windowsPerAccount: 1,
  maxAccountsPerCell: 1000,
  mlp: { ...DEFAULT_MLP, hidden: [4], maxEpochs: 3 },
  logistic: DEFAULT_LOGISTIC,
  selection: 'none',
  selectionMaxAccountsPerCell: 1000,
};

const candidates: Candidate[] = [
  { name: 'logistic', description: 'logistic', members: [{ kind: 'logistic', families: 'selected' }] },
  { name: 'network', description: 'small network', members: [{ kind: 'mlp', families: 'selected' }] },
  { name: 'average', description: 'both averaged', members: [{ kind: 'mlp', families: 'selected' }, { kind: 'logistic', families: 'selected' }] },
];

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('nestedSelection', () => {
  it('chooses per outer set by the inner LODO over the other sets only, and reports the choice’s outer AUC', async () => {
    const accounts = fourSets();
    const t = accountTable(accounts);
    const r = await nestedSelection(settings, new FamilySelector(settings, () => undefined), t, candidates, 1000, () => undefined);
    expect(r).toBeDefined();
    if (r === undefined) return;
    expect(r.sets).toEqual(['set0', 'set1', 'set2', 'set3']);
    for (const f of r.folds) {
      const inner = r.sets.filter((d) => d !== f.leftOut);
      for (const c of candidates) {
        // The outer set never scores a candidate for its own fold.
        expect(Object.keys(f.innerAuc[c.name]).sort()).toEqual(inner);
        expect(f.innerMean[c.name]).toBeCloseTo(mean(Object.values(f.innerAuc[c.name])), 12);
      }
      const bestInner = Math.max(...candidates.map((c) => f.innerMean[c.name]));
      expect(f.innerMean[f.chosen]).toBe(bestInner);
      expect(f.outerAuc).toBe(r.candidates.find((c) => c.name === f.chosen)?.outerAuc[f.leftOut]);
    }
    expect(r.procedure.mean).toBeCloseTo(mean(r.folds.map((f) => f.outerAuc)), 12);
    const bestOuter = Math.max(...r.candidates.map((c) => c.outerMean));
    expect(r.candidates.find((c) => c.name === r.chosen)?.outerMean).toBe(bestOuter);

    // One inner AUC recomputed by hand: the logistic model trained without set0 and set2, tested on set2.
    const train = accounts.filter((a) => a.dataset !== 'set0' && a.dataset !== 'set2');
    const test = accounts.filter((a) => a.dataset === 'set2');
    const o = rowOptions(settings, 'account', [], settings.seed + 1000, 1000);
    const m = prepareTraining(train, settings.timelines, o);
    const model = new LogisticRegression(settings.logistic);
    await model.fit(m.X, m.y, { seed: settings.seed + 1000, sampleWeight: m.weights, groups: m.groups });
    const p = await model.predictProba(prepareTest(test, settings.timelines, m, o).X);
    const expected = auc(test.map((a) => (a.label === 'bot' ? 1 : 0)), p);
    expect(r.folds.find((f) => f.leftOut === 'set0')?.innerAuc.logistic.set2).toBeCloseTo(expected, 10);
    // …and it differs from the model that also saw set0 (the outer set stays out of the inner loop).
    expect(expected).not.toBe(r.candidates[0].outerAuc.set2);
  }, 120_000);

  it('needs three sets with both classes', async () => {
    const t = accountTable(fourSets().filter((a) => a.dataset === 'set0' || a.dataset === 'set1'));
    expect(await nestedSelection(settings, new FamilySelector(settings, () => undefined), t, candidates, 1000, () => undefined)).toBeUndefined();
  });
});
