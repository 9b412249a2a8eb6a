import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FamilyClassifier, LayersClassifier, shippedFamily } from '../../src/model/family-classifier.js';
import { loadLayersModel, saveLayersModel } from '../../src/model/io.js';
import { LogisticRegression } from '../../src/model/logistic.js';
import { MlpClassifier, DEFAULT_MLP } from '../../src/model/mlp.js';
import { DEFAULT_LOGISTIC } from '../../src/model/logistic.js';
import { DEFAULT_CANDIDATES, LOGISTIC, NETWORK, type Candidate } from '../../src/model/nested-selection.js';
import { UserError } from '../../src/util/errors.js';
import { syntheticData } from './synthetic.js';

const train = syntheticData(2000, 6, 1);
const test = syntheticData(500, 6, 2);
const base = { mlp: { ...DEFAULT_MLP, maxEpochs: 8, patience: 3, hidden: [8, 4] }, logistic: { ...DEFAULT_LOGISTIC } };
const byName = (name: string): Candidate => DEFAULT_CANDIDATES.find((c) => c.name === name) as Candidate;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'botshare-family-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Saves the family's packed graph, loads it back as the scorer does, and predicts the test rows. */
async function roundTrip(model: FamilyClassifier, sub: string): Promise<Float32Array> {
  const out = path.join(dir, sub);
  await mkdir(out);
  const saved = await saveLayersModel(model.layersModel(), out);
  const loaded = new LayersClassifier(model.kind, await loadLayersModel(out, { inputs: train.X.cols, sha256: saved.sha256 }));
  try {
    return await loaded.predictProba(test.X);
  } finally {
    loaded.dispose();
  }
}

const maxGap = (a: Float32Array, b: ArrayLike<number>): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('shippedFamily', () => {
  it('resolves every default candidate into one shippable model', () => {
    const kinds = Object.fromEntries(DEFAULT_CANDIDATES.map((c) => [c.name, shippedFamily(c, base).kind]));
    expect(kinds).toEqual({
      network: 'mlp',
      'network-l2': 'mlp',
      'network-l2-ensemble': 'mlp',
      logistic: 'logistic',
      'logistic-all-families': 'logistic',
      'network+logistic': 'mlp+logistic',
    });
    const ensemble = shippedFamily(byName('network-l2-ensemble'), base);
    expect(ensemble.mlp?.ensemble).toBe(2);
    expect(ensemble.mlp?.l2).toBe(0.01);
    expect(shippedFamily(byName('logistic-all-families'), base).families).toBe('all');
  });

  it('refuses mixes that cannot share one input or one graph', () => {
    const mixed: Candidate = { name: 'mixed', description: '', members: [{ kind: 'mlp', families: 'selected' }, { kind: 'logistic', families: 'all' }] };
    const twoLogistic: Candidate = { name: 'two', description: '', members: [LOGISTIC.members[0], LOGISTIC.members[0]] };
    const differentNets: Candidate = { name: 'nets', description: '', members: [NETWORK.members[0], { kind: 'mlp', families: 'selected', mlp: { l2: 0.5 }, seedOffset: 1 }] };
    for (const c of [mixed, twoLogistic, differentNets]) expect(() => shippedFamily(c, base)).toThrow(UserError);
    expect(() => shippedFamily(mixed, base)).toThrow(/different feature families/);
  });
});

describe('FamilyClassifier', () => {
  it('ships a logistic model as one dense unit with its exact coefficients', async () => {
    const model = new FamilyClassifier(shippedFamily(LOGISTIC, base));
    await model.fit(train.X, train.y, { seed: 1 });
    const reference = new LogisticRegression(base.logistic);
    await reference.fit(train.X, train.y, { seed: 1 });
    const expected = await reference.predictProba(test.X);
    expect(maxGap(await model.predictProba(test.X), expected)).toBeLessThan(1e-5);
    expect(maxGap(await roundTrip(model, 'logistic'), expected)).toBeLessThan(1e-5);
    expect(model.hyperParameters()).toMatchObject({ family: 'logistic', coefficients: reference.state() });
    model.dispose();
  });

  it('averages a network and a logistic model inside one graph that survives save and load', async () => {
    const model = new FamilyClassifier(shippedFamily(byName('network+logistic'), base));
    await model.fit(train.X, train.y, { seed: 2, groups: train.groups });
    const net = new MlpClassifier(base.mlp);
    await net.fit(train.X, train.y, { seed: 2, groups: train.groups });
    const lr = new LogisticRegression(base.logistic);
    await lr.fit(train.X, train.y, { seed: 2 });
    const [pn, pl] = [await net.predictProba(test.X), await lr.predictProba(test.X)];
    const expected = Float32Array.from(pn, (v, i) => (v + pl[i]) / 2);
    const packed = await model.predictProba(test.X);
    expect(maxGap(packed, expected)).toBeLessThan(1e-5);
    expect(maxGap(await roundTrip(model, 'mixed'), packed)).toBeLessThan(1e-6);
    // Not trivially one member: the average differs from each of them.
    expect(maxGap(packed, pn)).toBeGreaterThan(1e-3);
    expect(maxGap(packed, pl)).toBeGreaterThan(1e-3);
    net.dispose();
    model.dispose();
  });
});
