import { describe, expect, it } from 'vitest';
import { FEATURES, featureIndex } from '../../src/features/registry.js';
import { CLIP, applyScale, fitVectorizer, loadVectorizer } from '../../src/features/vectorize.js';

/** A raw row with the given named values, NaN elsewhere. */
function row(values: Record<string, number>): Float64Array {
  const r = new Float64Array(FEATURES.length).fill(Number.NaN);
  for (const [k, v] of Object.entries(values)) r[featureIndex(k)] = v;
  return r;
}

describe('scales', () => {
  it('applies log1p, signed log and identity', () => {
    expect(applyScale('log1p', Math.E - 1)).toBeCloseTo(1, 15);
    expect(applyScale('signed_log', -(Math.E - 1))).toBeCloseTo(-1, 15);
    expect(applyScale('signed_log', 0)).toBe(0);
    expect(applyScale('linear', -3.5)).toBe(-3.5);
  });
});

describe('vectorizer', () => {
  // followers_count (log1p): e−1, e³−1 → scaled 1, 3 → mean 2, std 1; missing in row 3.
  // verified (linear): 0, 1, 1 → mean 2/3, std √2/3; never missing.
  // retweet_share (linear): constant 0.5 → value left out; missing in row 2 → indicator kept.
  // quote_share: never present → left out entirely.
  const rows = [
    row({ followers_count: Math.E - 1, verified: 0, retweet_share: 0.5 }),
    row({ followers_count: Math.E ** 3 - 1, verified: 1 }),
    row({ verified: 1, retweet_share: 0.5 }),
  ];
  const v = fitVectorizer(rows);

  it('keeps a value column for features that vary, an indicator for those sometimes missing', () => {
    expect(v.inputNames).toEqual(['followers_count', 'followers_count__missing', 'verified', 'retweet_share__missing']);
    const byName = Object.fromEntries(v.columns.map((c) => [c.name, c]));
    expect(byName.quote_share.note).toMatch(/never present/);
    expect(byName.retweet_share.note).toMatch(/constant/);
    expect(byName.followers_count).toMatchObject({ present: 2, missing: 1, value: true, indicator: true });
    expect(byName.followers_count.mean).toBeCloseTo(2, 12);
    expect(byName.followers_count.std).toBeCloseTo(1, 12);
  });

  it('standardises after scaling and fills a missing value with 0 plus its indicator', () => {
    const out = v.transformMany(rows);
    const s = Math.sqrt(2) / 3;
    const expected = [
      [-1, 0, (0 - 2 / 3) / s, 0],
      [1, 0, (1 - 2 / 3) / s, 1],
      [0, 1, (1 - 2 / 3) / s, 0],
    ].flat();
    expect(out).toHaveLength(12);
    expected.forEach((x, i) => expect(out[i]).toBeCloseTo(x, 6));
  });

  it('clips extreme values at ±CLIP standard deviations', () => {
    const out = v.transform(row({ followers_count: 1e300, verified: 0 }));
    expect(out[0]).toBe(CLIP);
  });

  it('treats a missing value of a feature never missing in training as the mean (0), without indicator', () => {
    const out = v.transform(row({ followers_count: Math.E ** 2 - 1 }));
    expect(Array.from(out)).toEqual([0, 0, 0, 1]);
  });

  it('survives a JSON round trip bit for bit', () => {
    const back = loadVectorizer(JSON.parse(JSON.stringify(v.toJSON())));
    expect(back.inputNames).toEqual(v.inputNames);
    for (const r of rows) expect(Array.from(back.transform(r))).toEqual(Array.from(v.transform(r)));
  });

  it('refuses a state from another registry or a damaged one', () => {
    const state = JSON.parse(JSON.stringify(v.toJSON()));
    state.columns[0].name = 'renamed';
    expect(() => loadVectorizer(state)).toThrow(/registry has "statuses_count"/);
    const short = { ...v.toJSON(), columns: v.toJSON().columns.slice(1) };
    expect(() => loadVectorizer(short)).toThrow(/columns/);
    expect(() => loadVectorizer({ kind: 'other' })).toThrow(/kind/);
  });

  it('refuses rows of the wrong length and an empty training set', () => {
    expect(() => v.transform(new Float64Array(3))).toThrow(/expected 35/);
    expect(() => fitVectorizer([])).toThrow(/no training rows/);
  });
});
