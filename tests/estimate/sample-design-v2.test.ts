/**
 * Design v2, a draw for the hashtags a researcher names: each named hashtag gets an equal part
 * of the size measure, so its expected labeled accounts do not depend on how big it is, while
 * the design stays a πps order sample with known π (Σ π = n, realised frequencies match π).
 */
import { describe, expect, it } from 'vitest';
import {
  asDesignV1,
  designOf,
  drawSample,
  inclusionProbabilities,
  labelingOrder,
  parseSampleId,
  SAMPLE_DESIGN_V1,
  SAMPLE_DESIGN_V2,
  sampleId,
  sizeMeasures,
  type FrameAccount,
} from '../../src/estimate/sample-design.js';
import { readLabeledPrefix, type SampleFileRow } from '../../src/estimate/sample-check.js';
import { createRandom } from '../../src/util/random.js';

/** A big hashtag (1,600 accounts, busy) and a small one (120 accounts), 40 accounts in both. */
function twoHashtags(seed: number): FrameAccount[] {
  const rng = createRandom(seed);
  const frame: FrameAccount[] = [];
  for (let i = 0; i < 1600; i++) {
    const big = 1 + Math.floor(rng.uniform() * 12);
    const small = i < 40 ? 1 + Math.floor(rng.uniform() * 3) : 0;
    frame.push({ userId: `b${i}`, tweets: big + small, byHashtag: [big, small] });
  }
  for (let i = 0; i < 80; i++) {
    const small = 1 + Math.floor(rng.uniform() * 4);
    frame.push({ userId: `s${i}`, tweets: small, byHashtag: [0, small] });
  }
  return frame;
}

const expectedIn = (frame: readonly FrameAccount[], pi: Float64Array, h: number): number =>
  frame.reduce((s, a, i) => s + ((a.byHashtag as readonly number[])[h] > 0 ? pi[i] : 0), 0);

describe('sample design v2 (named hashtags)', () => {
  const frame = twoHashtags(3);
  const n = 200;

  it('gives each named hashtag about n/m expected labeled accounts or more, where v1 gives the small one a few', () => {
    const v1 = inclusionProbabilities(sizeMeasures(asDesignV1(frame)), n);
    const v2 = inclusionProbabilities(sizeMeasures(frame), n);
    const [bigV1, smallV1] = [expectedIn(frame, v1, 0), expectedIn(frame, v1, 1)];
    const [bigV2, smallV2] = [expectedIn(frame, v2, 0), expectedIn(frame, v2, 1)];
    expect(smallV1).toBeLessThan(0.15 * n);
    expect(smallV2).toBeGreaterThanOrEqual(n / 2);
    expect(bigV2).toBeGreaterThanOrEqual(n / 2);
    // Within a factor of 1.5 of each other (v1: a factor of more than 6).
    expect(Math.max(bigV2, smallV2) / Math.min(bigV2, smallV2)).toBeLessThan(1.5);
    expect(bigV1 / smallV1).toBeGreaterThan(6);
  });

  it('is a valid πps design: sizes sum to 1, π to n, realised inclusion frequencies match π', () => {
    const sizes = sizeMeasures(frame);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    const k = 60;
    const pi = inclusionProbabilities(sizes, k);
    expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(k, 9);
    const draws = 800;
    const hits = new Float64Array(frame.length);
    for (let s = 0; s < draws; s++) for (const { index } of labelingOrder(frame, 500 + s).slice(0, k)) hits[index]++;
    // The 120 accounts of the small hashtag, and 120 of the big one alone: mean frequency against mean π.
    for (const group of [Array.from({ length: 120 }, (_, j) => 1560 + j), Array.from({ length: 120 }, (_, j) => 100 + j)]) {
      const meanPi = group.reduce((a, i) => a + pi[i], 0) / group.length;
      const freq = group.reduce((a, i) => a + hits[i] / draws, 0) / group.length;
      const se = Math.sqrt((meanPi * (1 - meanPi)) / (draws * group.length));
      expect(Math.abs(freq - meanPi)).toBeLessThan(4 * se + 0.01 * meanPi);
    }
  });

  it('names itself in the sample id (sps2) and equals v1 with fewer than two hashtags', () => {
    const draw = drawSample(frame, 50, 4);
    expect(draw.design).toBe(SAMPLE_DESIGN_V2);
    expect(draw.sampleId).toMatch(/^sps2:4:50:[0-9a-f]{16}$/);
    expect(parseSampleId(draw.sampleId)).toEqual({ seed: 4, n: 50, design: SAMPLE_DESIGN_V2 });
    const plain = asDesignV1(frame);
    expect(designOf(plain)).toBe(SAMPLE_DESIGN_V1);
    expect(drawSample(plain, 50, 4).sampleId).toMatch(/^sps1:/);
    // Per-hashtag counts change the v2 id, not only the totals.
    const edited = frame.map((a, i) => (i === 5 ? { ...a, byHashtag: [(a.byHashtag as number[])[0] - 1, (a.byHashtag as number[])[1] + 1] } : a));
    expect(sampleId(edited, 4, 50)).not.toBe(draw.sampleId);
  });

  it('reads a v1 sample (drawn before v2) from a frame that carries per-hashtag counts with v1’s measure', () => {
    const old = drawSample(asDesignV1(frame), 30, 9);
    const rows: SampleFileRow[] = old.rows.map((r, j) => ({
      line: j + 2,
      rank: r.rank,
      userId: r.userId,
      label: j < 20 ? (j % 3 === 0 ? 'bot' : 'human') : null,
      tweets: r.tweets,
      inclusionProbability: r.inclusionProbability,
      sampleId: old.sampleId,
    }));
    const prefix = readLabeledPrefix('sample.csv', { sampleId: old.sampleId, rows }, frame);
    expect(prefix.design).toBe(SAMPLE_DESIGN_V1);
    expect(prefix.prefix).toBe(20);
    const pi = inclusionProbabilities(sizeMeasures(asDesignV1(frame)), 20);
    prefix.sample.forEach((s) => expect(s.inclusionProbability).toBe(pi[s.index]));
    // A v2 sample of the same frame reads with v2's π.
    const v2 = drawSample(frame, 30, 9);
    const rows2 = v2.rows.map((r, j) => ({ ...rows[j], userId: r.userId, tweets: r.tweets, inclusionProbability: r.inclusionProbability, sampleId: v2.sampleId }));
    const prefix2 = readLabeledPrefix('sample.csv', { sampleId: v2.sampleId, rows: rows2 }, frame);
    const pi2 = inclusionProbabilities(sizeMeasures(frame), 20);
    prefix2.sample.forEach((s) => expect(s.inclusionProbability).toBe(pi2[s.index]));
  });
});
