import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestTweets } from '../../src/ingest/index.js';
import { FEATURES } from '../../src/features/registry.js';
import { loadModel } from '../../src/model/scorer.js';
import { scoreTweets } from '../../src/model/score-tweets.js';
import { ratesFromCard } from '../../src/model/card-rates.js';
import { readHeldOut } from '../../src/simulate/held-out.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { expectRatesFromKfold } from './rates-provenance.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const FIXTURE = path.join(REPO_ROOT, 'tests', 'fixtures', 'ingest', 'v1');

describe('the shipped model (models/default)', () => {
  it('loads, and its card records the features, the data, both protocols and both kinds of rates', async () => {
    const model = await loadModel(MODEL);
    try {
      const { card } = model;
      expect(card.features.map((f) => f.name)).toEqual(FEATURES.map((f) => f.name));
      expect(card.datasets.length).toBeGreaterThanOrEqual(9);
      for (const d of card.datasets) expect(d.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
      // Measured figures (see card.md); these guard against a silently worse model. The
      // shipped family is the nested selection's pick (logistic at seed 1: 5-fold 0.871).
      expect(card.evaluation.inDomain5Fold.pooled.auc).toBeGreaterThan(0.85);
      expect(card.evaluation.leaveOneDatasetOut.meanAucReference).toBeGreaterThan(0.6);
      const out = ratesFromCard(model, 'out-of-domain');
      const inside = ratesFromCard(model, 'in-domain');
      expect(out.source).toMatch(/out-of-domain/);
      expect(inside.source).toMatch(/in-domain/);
      // In domain the classifier separates the classes far better than out of domain.
      expect(inside.tpr - inside.fpr).toBeGreaterThan(out.tpr - out.fpr);
      expect(inside.tpr - inside.fpr).toBeGreaterThan(0.5);
    } finally {
      model.dispose();
    }
  });

  it('is the model family the nested selection picks, measured as it ships', async () => {
    const model = await loadModel(MODEL);
    try {
      const { card } = model;
      const nested = card.evaluation.nestedSelection;
      expect(nested).toBeDefined();
      const best = Math.max(...(nested?.candidates ?? []).map((c) => c.outerMean));
      expect(nested?.candidates.find((c) => c.name === nested.chosen)?.outerMean).toBe(best);
      expect(nested?.shipped).toBe(nested?.chosen);
      expect(card.classifier.family?.name).toBe(nested?.chosen);
      expect((card.classifier.hyperParameters.config as { classifier: string }).classifier).toBe(nested?.chosen);
      // The comparison is the other kind of model, measured on the same folds.
      expect(card.evaluation.comparison.leaveOneDatasetOut.perDataset.map((d) => d.dataset)).toEqual(card.evaluation.leaveOneDatasetOut.perDataset.map((d) => d.dataset));
    } finally {
      model.dispose();
    }
  });

  it('measures the in-domain rates out of fold on every training account, and checks them on held-out accounts', async () => {
    const model = await loadModel(MODEL);
    const { card } = model;
    model.dispose();
    const { ri, rc } = expectRatesFromKfold(card);
    // The shipped model on accounts it never saw lands within sampling error of them.
    const z = (checked: number, rate: number, n: number): number => Math.abs(checked - rate) / Math.sqrt((rate * (1 - rate)) / n);
    expect(z(rc.tpr, ri.tpr, rc.support?.bots ?? 0)).toBeLessThan(3);
    expect(z(rc.fpr, ri.fpr, rc.support?.humans ?? 0)).toBeLessThan(3);
  });

  it('keeps the accounts that checked the in-domain rates out of every simulation', async () => {
    const model = await loadModel(MODEL);
    const { heldOut } = model.card;
    model.dispose();
    const check = heldOut.filter((h) => h.role === 'check');
    const sim = heldOut.filter((h) => h.role === 'simulation');
    expect(check.length + sim.length).toBe(heldOut.length);
    // Stratified halves: within a few accounts of half in every set × label.
    expect(Math.abs(check.length - sim.length)).toBeLessThan(0.05 * heldOut.length);
    const simKeys = new Set(readHeldOut(path.join(MODEL, 'card.json')).map((h) => `${h.dataset}/${h.accountId}`));
    expect(simKeys.size).toBe(sim.length);
    for (const r of check) expect(simKeys.has(`${r.dataset}/${r.accountId}`)).toBe(false);
  });

  it('scores a v1.1 export with probabilities, identically on two loads', async () => {
    const files = [path.join(FIXTURE, 'statuses.jsonl')];
    const run = async (): Promise<number[]> => {
      const model = await loadModel(MODEL);
      const out: number[] = [];
      try {
        for await (const s of scoreTweets(() => ingestTweets(files).tweets, model)) out.push(s.score);
      } finally {
        model.dispose();
      }
      return out;
    };
    const first = await run();
    expect(first.length).toBeGreaterThan(0);
    for (const s of first) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
    expect(await run()).toEqual(first);
  });
});
