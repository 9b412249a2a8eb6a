/**
 * Draws from a few distributions on top of the seeded uniform generator
 * (`src/util/random.ts`): enough for the bootstrap's rate redraws and the synthetic pools.
 */

import type { Random } from '../util/random.js';

/** Standard normal by Box–Muller (one of the pair; simplicity over speed). */
export function normal(rng: Random, mean = 0, sd = 1): number {
  let u = rng.uniform();
  while (u === 0) u = rng.uniform();
  const v = rng.uniform();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through the boost Gamma(a+1)·U^(1/a). */
export function gamma(rng: Random, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) {
    let u = rng.uniform();
    while (u === 0) u = rng.uniform();
    return gamma(rng, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function beta(rng: Random, a: number, b: number): number {
  const x = gamma(rng, a);
  const y = gamma(rng, b);
  return x / (x + y);
}

/** Geometric on {1, 2, …} with the given mean (≥ 1). */
export function geometric1(rng: Random, mean: number): number {
  if (mean <= 1) return 1;
  const p = 1 / mean;
  let u = rng.uniform();
  while (u === 0) u = rng.uniform();
  return 1 + Math.floor(Math.log(u) / Math.log(1 - p));
}

/** The p-quantile (type 7, linear interpolation) of values sorted ascending. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
