/**
 * A small seeded PRNG (mulberry32 seeded through splitmix32) so that everything random in
 * botshare — training windows, bootstrap resamples, splits — is reproducible from one seed.
 */

export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [lo, hi] (both included). */
  intBetween(lo: number, hi: number): number;
  /** Shuffles the array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /** k distinct items drawn without replacement, in random order (all of them if k ≥ length). */
  sample<T>(items: readonly T[], k: number): T[];
  /** A new, independent generator derived from this one (for parallel streams). */
  fork(): Random;
}

/** splitmix32 step: spreads a small seed (0, 1, 2…) over all 32 bits. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  let state = splitmix32(Math.trunc(seed) | 0);

  // mulberry32: 32-bit state, passes the usual statistical batteries for this use.
  const next32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };

  const uniform = (): number => next32() / 4294967296;

  const int = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`int(n) needs a positive integer, got ${n}`);
    return Math.floor(uniform() * n);
  };

  const rng: Random = {
    uniform,
    int,
    intBetween: (lo, hi) => lo + int(hi - lo + 1),
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(i + 1);
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
    sample<T>(items: readonly T[], k: number): T[] {
      const copy = items.slice();
      const m = Math.min(Math.max(0, Math.floor(k)), copy.length);
      // Partial Fisher–Yates: only the first m positions are drawn.
      for (let i = 0; i < m; i++) {
        const j = i + int(copy.length - i);
        const tmp = copy[i];
        copy[i] = copy[j];
        copy[j] = tmp;
      }
      return copy.slice(0, m);
    },
    fork: () => createRandom(next32()),
  };
  return rng;
}
