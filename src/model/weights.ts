/**
 * Row weights that stop the largest set from teaching the model what a bot is: every
 * class carries half of the total weight, shared equally among the data sets that have
 * that class, and shared equally among the rows of a set. pronbots-2019 (17,882 bots) then
 * weighs as much as political-bots-2019 (62) — the model has to learn what the sets have
 * in common rather than one set's quirks.
 */

export type WeightScheme = 'dataset-balanced' | 'class-balanced' | 'none';

/**
 * Weights with mean 1. `groups[i]` is the data set of row i; `base[i]` its weight within its
 * cell (e.g. 1 / rows of its account, so that an account with several rows counts once).
 */
export function rowWeights(
  labels: ArrayLike<number>,
  groups: readonly string[],
  scheme: WeightScheme,
  base?: ArrayLike<number>,
): Float32Array {
  const n = labels.length;
  const w = new Float32Array(n);
  const b = (i: number): number => (base === undefined ? 1 : base[i]);
  if (scheme === 'none') {
    let total = 0;
    for (let i = 0; i < n; i++) total += b(i);
    for (let i = 0; i < n; i++) w[i] = (b(i) * n) / total;
    return w;
  }
  const cell = new Map<string, number>();
  const key = (i: number): string => (scheme === 'class-balanced' ? '' : groups[i]) + '\u0000' + labels[i];
  for (let i = 0; i < n; i++) cell.set(key(i), (cell.get(key(i)) ?? 0) + b(i));
  const cellsPerClass = [0, 0];
  for (const k of cell.keys()) cellsPerClass[Number(k.split('\u0000')[1])] += 1;
  const classesPresent = (cellsPerClass[0] > 0 ? 1 : 0) + (cellsPerClass[1] > 0 ? 1 : 0);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    w[i] = (n * b(i)) / classesPresent / cellsPerClass[c] / (cell.get(key(i)) as number);
  }
  return w;
}
