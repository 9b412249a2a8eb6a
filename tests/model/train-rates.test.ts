import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainModel } from '../../src/model/train.js';
import { readHeldOut } from '../../src/simulate/held-out.js';
import { createRandom } from '../../src/util/random.js';
import { fakePool } from '../simulate/fixtures.js';
import { expectRatesFromKfold } from './rates-provenance.js';

describe('trainModel: where the in-domain rates come from', () => {
  it('measures them out of fold on every training account, checks them on half the held-out accounts, and keeps those out of simulations', async () => {
    // Two sets with both classes; profiles blurred by seeded noise so that the classes overlap.
    const rng = createRandom(3);
    const accounts = fakePool(160, 160).map((a) => ({
      ...a,
      author: {
        ...a.author,
        statuses: Math.round((a.author.statuses ?? 0) * (0.2 + 3 * rng.uniform())),
        followers: Math.round((a.author.followers ?? 0) * (0.2 + 3 * rng.uniform())),
        favourites: Math.round(1 + 900 * rng.uniform()),
        defaultProfile: rng.uniform() < 0.5,
      },
    }));
    const out = mkdtempSync(path.join(tmpdir(), 'botshare-train-rates-'));
    const card = await trainModel({
      corpus: { accounts, timelines: new Map(), sources: [] },
      seed: 2,
      outDir: out,
      force: true,
      config: { mlp: { maxEpochs: 4, hidden: [8] }, selection: 'none' },
    });
    // The 5-fold protocol's own scores, on every training account.
    const { rc } = expectRatesFromKfold(card);
    // The check: the accounts of role 'check', and none of them is simulation material.
    const check = card.heldOut.filter((h) => h.role === 'check');
    expect(rc.support).toEqual({ bots: check.filter((h) => h.label === 'bot').length, humans: check.filter((h) => h.label === 'human').length });
    expect(check.length).toBeGreaterThan(0);
    const sim = readHeldOut(path.join(out, 'card.json'));
    expect(sim.length + check.length).toBe(card.heldOut.length);
    const simIds = new Set(sim.map((h) => h.accountId));
    for (const h of check) expect(simIds.has(h.accountId)).toBe(false);
    // Out of domain, the same scores per set: each set's rates, which pool to the card's rates
    // and match its leave-one-dataset-out results set by set.
    const perSet = card.rates.perSet ?? [];
    const lodo = card.evaluation.leaveOneDatasetOut.perDataset;
    expect(perSet.map((r) => r.set)).toEqual(lodo.map((d) => d.dataset));
    for (const r of perSet) {
      const d = lodo.find((x) => x.dataset === r.set);
      expect(r.bots?.n ?? 0).toBe(d?.bots);
      expect(r.humans?.n ?? 0).toBe(d?.humans);
      if (r.bots !== undefined) expect(r.bots.rate).toBeCloseTo(d?.tpr as number, 10);
      if (r.humans !== undefined) expect(r.humans.rate).toBeCloseTo(d?.fpr as number, 10);
    }
    const pooledTpr = perSet.reduce((s, r) => s + (r.bots?.n ?? 0) * (r.bots?.rate ?? 0), 0) / perSet.reduce((s, r) => s + (r.bots?.n ?? 0), 0);
    expect(pooledTpr).toBeCloseTo(card.rates.tpr, 10);
  }, 120_000);
});
