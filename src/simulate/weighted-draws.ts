/** Small sampling helpers on top of the seeded generator (src/util/random.ts). */
import type { Random } from '../util/random.js';

/** Draws indices with probability proportional to non-negative weights (cumulative table + binary search). */
export function weightedPicker(weights: readonly number[]): (rng: Random) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`weights must be finite and non-negative, got ${w}`);
    total += w;
    cumulative.push(total);
  }
  if (total <= 0) throw new Error('weights must not all be zero');
  return (rng) => {
    const x = rng.uniform() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    // Skip zero-weight entries that share the cumulative value.
    while (weights[lo] === 0 && lo < weights.length - 1) lo++;
    return lo;
  };
}

/**
 * One draw without replacement from an urn holding `counts[i]` balls of colour i; the
 * chosen count is decremented. Drawing until the urn is empty yields a uniformly random
 * arrangement of the balls, so exact totals are kept without storing a permutation.
 */
export function drawFromUrn(counts: number[], rng: Random): number {
  let total = 0;
  for (const c of counts) total += c;
  if (total <= 0) throw new Error('the urn is empty');
  let x = rng.int(total);
  for (let i = 0; i < counts.length; i++) {
    if (x < counts[i]) {
      counts[i]--;
      return i;
    }
    x -= counts[i];
  }
  throw new Error('unreachable: urn draw out of range');
}

/** k distinct integers from [0, n), sorted ascending. */
export function distinctSorted(n: number, k: number, rng: Random): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  return rng.sample(all, k).sort((a, b) => a - b);
}

/** Splits `total` into `parts` counts, each ≥ `min`, the excess spread uniformly at random. */
export function randomSplit(total: number, parts: number, min: number, rng: Random): number[] {
  if (parts <= 0) throw new Error('randomSplit needs at least one part');
  if (total < parts * min) throw new Error(`cannot split ${total} into ${parts} parts of at least ${min}`);
  const out = new Array<number>(parts).fill(min);
  for (let i = parts * min; i < total; i++) out[rng.int(parts)]++;
  return out;
}

/** Splits `total` into `parts` counts as evenly as possible; the remainder goes to random parts. */
export function evenSplit(total: number, parts: number, rng: Random): number[] {
  if (parts <= 0) throw new Error('evenSplit needs at least one part');
  const base = Math.floor(total / parts);
  const out = new Array<number>(parts).fill(base);
  const extra = rng.sample(
    Array.from({ length: parts }, (_, i) => i),
    total - base * parts,
  );
  for (const i of extra) out[i]++;
  return out;
}
