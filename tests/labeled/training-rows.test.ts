import { describe, expect, it } from 'vitest';
import { ACCOUNT_FEATURES, FEATURES, TIMING_FEATURES, featureIndex } from '../../src/features/registry.js';
import { accountFeatures } from '../../src/features/account.js';
import { fitBigramModel } from '../../src/features/screen-name-likelihood.js';
import { timingFeatures, type TimingEvent } from '../../src/features/timing.js';
import { buildTrainingRows, windowSize } from '../../src/labeled/training-rows.js';
import type { LabeledAccount, LabeledTimeline } from '../../src/labeled/types.js';
import { createRandom } from '../../src/util/random.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2014, 0, 1);

const account = (id: string, label: 'bot' | 'human', dataset = 'toy'): LabeledAccount => ({
  dataset,
  id,
  label,
  probeTime: T0 + 100 * DAY,
  author: { id, screenName: `user_${id}`, createdAt: T0, statuses: 1000, followers: 10, friends: 10 },
});
const timeline = (label: 'bot' | 'human', n: number, stepMs: number): LabeledTimeline => ({
  dataset: 'toy',
  subset: label === 'bot' ? 'spam' : 'genuine',
  label,
  events: Array.from({ length: n }, (_, i): TimingEvent => ({ createdAt: T0 + i * stepMs, kind: 'original', quotesKnown: false })),
});

describe('training rows', () => {
  const accounts = [account('1', 'human'), account('2', 'bot'), account('3', 'bot'), account('4', 'human')];
  const timelines = new Map<string, LabeledTimeline>([
    ['1', timeline('human', 60, 3 * 3600_000)],
    ['2', timeline('bot', 5, 60_000)],
    ['4', timeline('bot', 10, 60_000)], // label disagrees with the profile: not used
    ['9', timeline('bot', 10, 60_000)], // no profile
  ]);
  const rows = buildTrainingRows(accounts, timelines, { seed: 1, windowsPerAccount: 3 });

  it('gives every account a row without timing, and accounts with a timeline window rows', () => {
    expect(rows.raw).toHaveLength(4 + 2 * 3);
    expect(rows.accountId).toEqual(['1', '1', '1', '1', '2', '2', '2', '2', '3', '4']);
    expect(Array.from(rows.hasTiming)).toEqual([0, 1, 1, 1, 0, 1, 1, 1, 0, 0]);
    expect(Array.from(rows.label)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 0]);
    expect(rows.stats).toEqual({
      accounts: 4,
      accountsWithTiming: 2,
      timingRows: 6,
      timelinesWithoutProfile: 1,
      labelConflicts: 1,
      crossSetLabelConflicts: 0,
    });
    for (const r of rows.raw) expect(r).toHaveLength(FEATURES.length);
  });

  it('weighs every account 1 in total', () => {
    const total = new Map<string, number>();
    rows.accountId.forEach((id, i) => total.set(id, (total.get(id) ?? 0) + rows.weight[i]));
    for (const w of total.values()) expect(w).toBeCloseTo(1, 6);
  });

  it('puts account features at probe time in every row of an account, and timing NaN in the no-timing row', () => {
    const acc = accountFeatures(accounts[0].author, accounts[0].probeTime, rows.bigrams);
    for (let i = 0; i < 4; i++) expect(Array.from(rows.raw[i].subarray(0, ACCOUNT_FEATURES.length))).toEqual(Array.from(acc));
    expect(rows.raw[0].subarray(ACCOUNT_FEATURES.length).every(Number.isNaN)).toBe(true);
  });

  it('computes timing over a window of consecutive tweets of 1 to 40, capped by the timeline', () => {
    const n = featureIndex('corpus_tweets');
    for (let i = 0; i < rows.raw.length; i++) {
      if (rows.hasTiming[i] === 0) continue;
      const k = rows.raw[i][n];
      const cap = rows.accountId[i] === '2' ? 5 : 40;
      expect(k >= 1 && k <= cap && Number.isInteger(k)).toBe(true);
    }
    // Account 2 tweets once a minute, so any k consecutive tweets give the features of its first k.
    const row = rows.raw[5];
    const k = row[n];
    const expected = timingFeatures(timelines.get('2')?.events.slice(0, k) ?? []);
    const got = row.subarray(ACCOUNT_FEATURES.length);
    TIMING_FEATURES.forEach((f, j) => {
      if (Number.isNaN(expected[j])) expect(got[j], f.name).toBeNaN();
      else expect(got[j], f.name).toBe(expected[j]);
    });
  });

  it('is reproducible from its seed and changes with it', () => {
    const again = buildTrainingRows(accounts, timelines, { seed: 1, windowsPerAccount: 3 });
    const other = buildTrainingRows(accounts, timelines, { seed: 2, windowsPerAccount: 3 });
    const flat = (r: typeof rows): number[] => r.raw.flatMap((x) => Array.from(x)).map((x) => (Number.isNaN(x) ? -1 : x));
    expect(flat(again)).toEqual(flat(rows));
    expect(flat(other)).not.toEqual(flat(rows));
  });

  it('keeps timelines without profile as timing-only rows only when asked', () => {
    const kept = buildTrainingRows(accounts, timelines, { seed: 1, windowsPerAccount: 2, unmatchedTimelines: 'timing-only' });
    const orphan = kept.raw.filter((_, i) => kept.accountId[i] === '9');
    expect(orphan).toHaveLength(2);
    for (const r of orphan) expect(r.subarray(0, ACCOUNT_FEATURES.length).every(Number.isNaN)).toBe(true);
  });

  it('leaves out every copy of an id that two sets label differently', () => {
    const r = buildTrainingRows([account('1', 'human', 'a'), account('1', 'bot', 'b'), account('5', 'bot', 'a'), account('5', 'bot', 'b')], new Map(), {
      seed: 1,
    });
    expect(r.accountId).toEqual(['5', '5']);
    expect(r.dataset).toEqual(['a', 'b']);
    expect(r.stats.crossSetLabelConflicts).toBe(1);
  });

  it('uses the bigram table it is given', () => {
    const table = fitBigramModel(['user_1']);
    const r = buildTrainingRows(accounts, new Map(), { seed: 1, bigrams: table });
    expect(r.bigrams).toBe(table);
    expect(r.raw).toHaveLength(4);
  });
});

describe('window sizes', () => {
  it('are log-uniform on [1, 40]: P(k) = log2((k+1)/k) / log2(41)', () => {
    const rng = createRandom(5);
    const counts = new Array<number>(41).fill(0);
    const N = 40_000;
    for (let i = 0; i < N; i++) counts[windowSize(rng, 1, 40)] += 1;
    expect(counts[0]).toBe(0);
    const p = (k: number): number => Math.log((k + 1) / k) / Math.log(41);
    expect(counts[1] / N).toBeCloseTo(p(1), 2); // ≈ 0.187
    expect(counts[10] / N).toBeCloseTo(p(10), 2);
    expect(counts[40] / N).toBeCloseTo(p(40), 2);
    expect(windowSize(rng, 3, 3)).toBe(3);
  });
});
