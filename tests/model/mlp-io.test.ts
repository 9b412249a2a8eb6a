import { mkdtemp, readFile, rm, writeFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LayersClassifier } from '../../src/model/family-classifier.js';
import { MlpClassifier } from '../../src/model/mlp.js';
import { LogisticRegression } from '../../src/model/logistic.js';
import { loadLayersModel, saveLayersModel } from '../../src/model/io.js';
import { auc } from '../../src/model/metrics.js';
import { UserError } from '../../src/util/errors.js';
import { syntheticData } from './synthetic.js';

const train = syntheticData(3000, 6, 1);
const test = syntheticData(1000, 6, 2);
const small = { maxEpochs: 12, patience: 4, hidden: [16, 8] };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'botshare-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('MlpClassifier', () => {
  it('learns a nonlinear rule that the linear baseline cannot', async () => {
    // The generating rule's own AUC on this test set is 0.862; the logistic baseline's 0.782.
    const mlp = new MlpClassifier({ ...small, maxEpochs: 40 });
    await mlp.fit(train.X, train.y, { seed: 3, groups: train.groups });
    const pm = await mlp.predictProba(test.X);
    const lr = new LogisticRegression();
    await lr.fit(train.X, train.y, { seed: 3 });
    const pl = await lr.predictProba(test.X);
    expect(auc(test.y, pm)).toBeGreaterThan(0.83);
    expect(auc(test.y, pm)).toBeGreaterThan(auc(test.y, pl) + 0.04);
    mlp.dispose();
  });

  it('is reproducible: the same seed gives the same predictions, another seed others', async () => {
    const fit = async (seed: number): Promise<Float32Array> => {
      const m = new MlpClassifier({ ...small, ensemble: 2 });
      await m.fit(train.X, train.y, { seed, groups: train.groups });
      const p = await m.predictProba(test.X);
      m.dispose();
      return p;
    };
    const a = await fit(5);
    const b = await fit(5);
    const c = await fit(6);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });
});

describe('save and load', () => {
  it('round-trips a fitted ensemble with identical predictions', async () => {
    const m = new MlpClassifier({ ...small, ensemble: 2 });
    await m.fit(train.X, train.y, { seed: 9 });
    const before = await m.predictProba(test.X);
    const saved = await saveLayersModel(m.layersModel, dir);
    const json: unknown = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(json).toMatchObject({ format: 'layers-model', weightsManifest: [{ paths: ['./weights.bin'] }] });
    const loaded = new LayersClassifier('mlp', await loadLayersModel(dir, { inputs: 6, sha256: saved.sha256 }));
    const after = await loaded.predictProba(test.X);
    expect(Array.from(after)).toEqual(Array.from(before));
    m.dispose();
    loaded.dispose();
  });

  it('refuses a model whose input width differs from the card', async () => {
    await expect(loadLayersModel(dir, { inputs: 7 })).rejects.toThrow(/takes 6 inputs, the model card lists 7/);
  });

  it('refuses an edited weights.bin (checksum) and a truncated one (size)', async () => {
    const m = new MlpClassifier(small);
    await m.fit(train.X, train.y, { seed: 1 });
    const saved = await saveLayersModel(m.layersModel, dir);
    m.dispose();
    const bin = path.join(dir, 'weights.bin');
    const bytes = await readFile(bin);
    bytes[10] ^= 0xff;
    await writeFile(bin, bytes);
    await expect(loadLayersModel(dir, { inputs: 6, sha256: saved.sha256 })).rejects.toThrow(/sha256 mismatch/);
    await truncate(bin, bytes.byteLength - 8);
    const err = await loadLayersModel(dir, { inputs: 6 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/weights\.bin: holds \d+ bytes, the manifest needs \d+/);
  });

  it('refuses a model.json that is not a layers model', async () => {
    await writeFile(path.join(dir, 'model.json'), '{"hello": 1}');
    await expect(loadLayersModel(dir, { inputs: 6 })).rejects.toThrow(/not a tfjs layers model/);
    await writeFile(path.join(dir, 'model.json'), '{not json');
    await expect(loadLayersModel(dir, { inputs: 6 })).rejects.toThrow(/not valid JSON/);
  });
});
