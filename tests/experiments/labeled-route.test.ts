/**
 * A small version of docs/evidence/labeled-route.json: the labeled route run end to end on
 * ground-truth corpora (sample → an oracle labels the first rows → report --labels), held to
 * the bar: intervals that cover, and a model-assisted error no larger than the
 * labels-only estimator's on the same sample.
 */
import path from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateLabeledRoute, humanLikeBots } from '../../src/experiments/labeled-route.js';
import { spreadShares } from '../../src/experiments/evaluate-estimators.js';
import { loadLabeledSets } from '../../src/labeled/load.js';
import { loadModelScorer } from '../../src/pipeline/load-scorer.js';
import { loadActivityModel } from '../../src/simulate/activity-model.js';
import { readHeldOut, selectHeldOut } from '../../src/simulate/held-out.js';
import { describeShared, REPO_ROOT } from '../helpers/shared.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');

describeShared('the labeled route on ground-truth corpora', (datasets) => {
  it('covers the planted shares of tweets and of accounts in at least 5 of 6 corpora, with a model-assisted error no larger than labels only', async () => {
    const heldOut = readHeldOut(path.join(MODEL, 'card.json'));
    const labeled = await loadLabeledSets(path.join(datasets, 'labeled'), { sets: [...new Set(heldOut.map((h) => h.dataset))] });
    const result = await evaluateLabeledRoute({
      accounts: selectHeldOut(labeled, heldOut),
      activity: loadActivityModel(path.join(REPO_ROOT, 'datasets', 'activity-model.json')),
      scorer: await loadModelScorer(MODEL, 'out-of-domain'),
      shares: spreadShares(6),
      mix: 'uniform',
      tweetsPerCorpus: 24_000,
      window: { start: Date.UTC(2020, 2, 11), end: Date.UTC(2020, 2, 24) },
      seed: 11,
      drawn: 150,
      labeled: 100,
      workDir: mkdtempSync(path.join(tmpdir(), 'botshare-labeled-route-test-')),
    });
    const fig = (method: string, unit = 'tweets') => result.accuracy.find((a) => a.unit === unit && a.method === method);
    const ma = fig('model-assisted');
    const lo = fig('labels-only');
    const accounts = fig('model-assisted', 'accounts');
    if (ma === undefined || lo === undefined || accounts === undefined) throw new Error('no accuracy');
    expect(accounts.covered).toBeGreaterThanOrEqual(5);
    expect(ma.corpora).toBe(6);
    expect(ma.covered).toBeGreaterThanOrEqual(5);
    expect(ma.maePoints).toBeLessThanOrEqual(lo.maePoints);
    expect(ma.maePoints).toBeLessThan(2);
    expect(ma.meanWidthPoints).toBeLessThan(lo.meanWidthPoints);
  }, 180_000);
});

describe('the human-like bots design', () => {
  it('gives bots the humans’ hours and behaviour and a human rate of posting, leaving the humans as they are', () => {
    const activity = loadActivityModel(path.join(REPO_ROOT, 'datasets', 'activity-model.json'));
    const design = humanLikeBots(activity);
    expect(design.bot.hourWeights).toEqual(activity.human.hourWeights);
    expect(design.bot.behaviour).toBe(activity.human.behaviour);
    expect(design.bot.activity.maxRate).toBeLessThan(activity.bot.activity.minRate);
    expect(design.human).toBe(activity.human);
  });
});
