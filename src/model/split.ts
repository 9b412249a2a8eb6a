/**
 * Seeded, stratified splits: k folds for cross-validation, a hold-out fraction, an
 * early-stopping validation split. Strata are `group|label` so that every data set keeps
 * its class balance on both sides of a split.
 */
import { createRandom } from '../util/random.js';

function strata(labels: ArrayLike<number>, groups?: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const key = `${groups?.[i] ?? ''}|${labels[i]}`;
    let list = out.get(key);
    if (list === undefined) out.set(key, (list = []));
    list.push(i);
  }
  return out;
}

/**
 * Assigns each row a fold in [0, k): within every stratum the rows are shuffled and dealt
 * round-robin, starting each stratum at a random fold so that small strata spread evenly.
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number, groups?: readonly string[]): Int32Array {
  const rng = createRandom(seed);
  const fold = new Int32Array(labels.length);
  const keys = [...strata(labels, groups).entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [, rows] of keys) {
    rng.shuffle(rows);
    const start = rng.int(k);
    rows.forEach((row, i) => {
      fold[row] = (start + i) % k;
    });
  }
  return fold;
}

/**
 * Marks a seeded, stratified `fraction` of the rows (rounded per stratum, at least one row
 * of any stratum with two or more rows) as held out.
 */
export function stratifiedHoldout(
  labels: ArrayLike<number>,
  fraction: number,
  seed: number,
  groups?: readonly string[],
): Uint8Array {
  const rng = createRandom(seed);
  const held = new Uint8Array(labels.length);
  const keys = [...strata(labels, groups).entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [, rows] of keys) {
    rng.shuffle(rows);
    const m = rows.length >= 2 ? Math.max(1, Math.round(rows.length * fraction)) : 0;
    for (let i = 0; i < m; i++) held[rows[i]] = 1;
  }
  return held;
}

/** Indices where `mask[i] === value`. */
export function indicesWhere(mask: ArrayLike<number>, value: number): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === value) n++;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === value) out[k++] = i;
  return out;
}
