import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../../src/model/card.js';
import { loadModel } from '../../src/model/scorer.js';
import { ratesFromCard } from '../../src/model/card-rates.js';
import { REPO_ROOT } from '../helpers/shared.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');

describe('ratesFromCard: the per-set rates whose spread the intervals carry', () => {
  it('reads the shipped card\'s per-set leave-one-dataset-out results as out-of-domain per-set rates (none in domain)', async () => {
    const model = await loadModel(MODEL);
    model.dispose();
    const out = ratesFromCard(model, 'out-of-domain');
    const lodo = model.card.evaluation.leaveOneDatasetOut.perDataset;
    expect(out.perSet?.map((r) => r.set)).toEqual(lodo.map((d) => d.dataset));
    const bots = out.perSet?.filter((r) => r.bots !== undefined) ?? [];
    const humans = out.perSet?.filter((r) => r.humans !== undefined) ?? [];
    expect(bots.length).toBe(lodo.filter((d) => d.bots > 0).length);
    expect(humans.length).toBe(lodo.filter((d) => d.humans > 0).length);
    // The same scores as the pooled rates: weighted by accounts, the sets give them back.
    const pooled = (xs: typeof bots, side: 'bots' | 'humans'): number =>
      xs.reduce((s, r) => s + (r[side]?.n ?? 0) * (r[side]?.rate ?? 0), 0) / xs.reduce((s, r) => s + (r[side]?.n ?? 0), 0);
    expect(pooled(bots, 'bots')).toBeCloseTo(out.tpr, 10);
    expect(pooled(humans, 'humans')).toBeCloseTo(out.fpr, 10);
    expect(ratesFromCard(model, 'in-domain').perSet).toBeUndefined();
  });

  it('prefers rates.perSet as train writes it, and drops malformed entries', async () => {
    const model = await loadModel(MODEL);
    model.dispose();
    const card = {
      ...model.card,
      rates: {
        ...model.card.rates,
        perSet: [
          { set: 'a', bots: { n: 10, rate: 0.7, meanScore: 0.6, sdScore: 0.1 } },
          { set: 'b', humans: { n: 0, rate: 0.2 } },
          { set: 7, humans: { n: 5, rate: 0.2 } },
        ],
      },
    } as unknown as ModelCard;
    const rates = ratesFromCard({ card, dir: MODEL }, 'out-of-domain');
    expect(rates.perSet).toEqual([{ set: 'a', bots: { n: 10, rate: 0.7, meanScore: 0.6, sdScore: 0.1 } }, { set: 'b' }]);
  });
});
