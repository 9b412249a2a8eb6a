import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/util/random.js';

describe('seeded PRNG', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it('draws uniforms in [0, 1) with the right mean', () => {
    const r = createRandom(1);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    expect(sum / 20_000).toBeCloseTo(0.5, 2);
  });

  it('draws integers in range, covering every value', () => {
    const r = createRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(r.int(6));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (let i = 0; i < 100; i++) {
      const k = r.intBetween(3, 5);
      expect(k >= 3 && k <= 5).toBe(true);
    }
    expect(() => r.int(0)).toThrow();
  });

  it('shuffles into a permutation and samples without replacement', () => {
    const r = createRandom(3);
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = r.shuffle([...items]);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    const s = r.sample(items, 5);
    expect(new Set(s).size).toBe(5);
    expect(r.sample(items, 50)).toHaveLength(20);
  });

  it('forks independent, reproducible streams', () => {
    const f1 = createRandom(9).fork();
    const f2 = createRandom(9).fork();
    expect(f1.uniform()).toBe(f2.uniform());
  });
});
