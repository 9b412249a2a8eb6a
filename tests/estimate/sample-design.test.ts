import { describe, expect, it } from 'vitest';
import {
  drawSample,
  inclusionProbabilities,
  labelingOrder,
  prefixInclusionProbabilities,
  sampleId,
  sizeMeasures,
  type FrameAccount,
} from '../../src/estimate/sample-design.js';
import { createRandom } from '../../src/util/random.js';
import { makePopulation } from '../../src/experiments/labeled-population.js';

const pop = makePopulation(1500, 0.3, 11);

describe('sequential Poisson sampling', () => {
  it('size measures mix tweets and uniform halves and sum to 1', () => {
    const frame: FrameAccount[] = [
      { userId: 'a', tweets: 6 },
      { userId: 'b', tweets: 2 },
      { userId: 'c', tweets: 0 },
      { userId: 'd', tweets: 2 },
    ];
    expect(Array.from(sizeMeasures(frame))).toEqual([0.5 * 0.6 + 0.125, 0.5 * 0.2 + 0.125, 0.125, 0.5 * 0.2 + 0.125]);
  });

  it('the first k rows of an n-row draw are the draw of k (labeling can stop anywhere)', () => {
    const full = drawSample(pop.frame, 120, 5);
    for (const k of [1, 7, 40, 119]) {
      const small = drawSample(pop.frame, k, 5);
      expect(small.rows.map((r) => r.userId)).toEqual(full.rows.slice(0, k).map((r) => r.userId));
    }
  });

  it('does not depend on the order of the input, and the sample id ties it to frame, seed and n', () => {
    const shuffled = createRandom(3).shuffle(pop.frame.slice());
    const a = drawSample(pop.frame, 80, 9);
    const b = drawSample(shuffled, 80, 9);
    expect(b.rows.map((r) => r.userId)).toEqual(a.rows.map((r) => r.userId));
    expect(b.sampleId).toBe(a.sampleId);
    expect(drawSample(pop.frame, 80, 10).sampleId).not.toBe(a.sampleId);
    expect(drawSample(pop.frame, 81, 9).sampleId).not.toBe(a.sampleId);
    const edited = pop.frame.map((x, i) => (i === 0 ? { ...x, tweets: x.tweets + 1 } : x));
    expect(sampleId(edited, 9, 80)).not.toBe(a.sampleId);
    // A different seed draws different accounts.
    const other = new Set(drawSample(pop.frame, 80, 10).rows.map((r) => r.userId));
    expect(a.rows.filter((r) => other.has(r.userId)).length).toBeLessThan(60);
  });

  it('inclusion probabilities sum to k, with take-all accounts at 1', () => {
    const frame: FrameAccount[] = [{ userId: 'huge', tweets: 5000 }, ...pop.frame];
    const sizes = sizeMeasures(frame);
    for (const k of [10, 100, 400]) {
      const pi = inclusionProbabilities(sizes, k);
      expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(k, 8);
      expect(pi[0]).toBe(1);
      for (const p of pi) expect(p).toBeLessThanOrEqual(1);
    }
    // Take-alls at k = 400 are exactly the accounts whose c·p_i reached 1; the rest are proportional to p.
    const pi = inclusionProbabilities(sizes, 400);
    const free = Array.from(pi.keys()).filter((i) => pi[i] < 1);
    const ratios = free.map((i) => pi[i] / sizes[i]);
    expect(Math.max(...ratios) - Math.min(...ratios)).toBeLessThan(1e-9 * Math.max(...ratios));
    expect(Array.from(pi).filter((p) => p === 1).length).toBeGreaterThan(1);
    expect(Array.from(inclusionProbabilities(sizes, frame.length))).toEqual(new Array(frame.length).fill(1));
  });

  it('a take-all account comes first, and the prefix probabilities are π at the prefix size', () => {
    const frame: FrameAccount[] = [...pop.frame, { userId: 'huge', tweets: 50000 }];
    const draw = drawSample(frame, 50, 1);
    expect(draw.rows.slice(0, 3).map((r) => r.userId)).toContain('huge');
    const prefix = draw.rows.slice(0, 20).map((r) => r.userId);
    const pi20 = inclusionProbabilities(sizeMeasures(frame), 20);
    const expected = prefix.map((id) => pi20[frame.findIndex((a) => a.userId === id)]);
    expect(Array.from(prefixInclusionProbabilities(frame, prefix))).toEqual(expected);
    expect(() => prefixInclusionProbabilities(frame, ['nobody'])).toThrow(/not in the sampling frame/);
  });

  it('realised inclusion frequencies over many seeds match π (Rosén’s approximation)', () => {
    const frame = pop.frame.slice(0, 300);
    const k = 30;
    const pi = inclusionProbabilities(sizeMeasures(frame), k);
    const draws = 1500;
    const hits = new Float64Array(frame.length);
    for (let s = 0; s < draws; s++) {
      for (const { index } of labelingOrder(frame, 1000 + s).slice(0, k)) hits[index]++;
    }
    // Pool accounts by π decile: each decile's mean frequency within 4 binomial SEs of its mean π.
    const order = Array.from(pi.keys()).sort((a, b) => pi[a] - pi[b]);
    for (let d = 0; d < 10; d++) {
      const group = order.slice(d * 30, (d + 1) * 30);
      const meanPi = group.reduce((a, i) => a + pi[i], 0) / group.length;
      const freq = group.reduce((a, i) => a + hits[i] / draws, 0) / group.length;
      const se = Math.sqrt((meanPi * (1 - meanPi)) / (draws * group.length));
      expect(Math.abs(freq - meanPi)).toBeLessThan(4 * se + 0.01 * meanPi);
    }
  });

  it('rejects a frame with a repeated account or a bad tweet count', () => {
    expect(() => drawSample([{ userId: 'a', tweets: 1 }, { userId: 'a', tweets: 2 }], 1, 1)).toThrow(/appears twice/);
    expect(() => drawSample([{ userId: 'a', tweets: -1 }], 1, 1)).toThrow(/tweets/);
    expect(() => drawSample(pop.frame, 0, 1)).toThrow(/positive integer/);
  });
});
