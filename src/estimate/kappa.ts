/**
 * Agreement between labelers beyond chance: Cohen's kappa for two (Cohen 1960) and Fleiss'
 * kappa for any number (Fleiss 1971). Pure statistics over counts; which accounts and which
 * categories enter them is the caller's choice (`botshare agree`: src/pipeline/merge-labelers.ts).
 * A kappa is null where it is undefined: no subject, or chance agreement already 1 (every
 * label the same category), where 0/0 says nothing.
 */

/**
 * Cohen's kappa from a k×k table, `table[a][b]` = subjects the first labeler put in category a
 * and the second in b: κ = (p_o − p_e) / (1 − p_e), p_o the diagonal's share, p_e = Σ_c
 * (row_c / N)(column_c / N).
 */
export function cohenKappa(table: readonly (readonly number[])[]): number | null {
  const k = table.length;
  let n = 0;
  let diagonal = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (let a = 0; a < k; a++) {
    if (table[a].length !== k) throw new Error(`cohenKappa: row ${a} has ${table[a].length} cells, not ${k}`);
    for (let b = 0; b < k; b++) {
      const x = table[a][b];
      n += x;
      rows[a] += x;
      cols[b] += x;
      if (a === b) diagonal += x;
    }
  }
  if (n === 0) return null;
  const po = diagonal / n;
  let pe = 0;
  for (let c = 0; c < k; c++) pe += (rows[c] / n) * (cols[c] / n);
  return pe >= 1 ? null : (po - pe) / (1 - pe);
}

/**
 * Fleiss' kappa from `counts[i][j]` = raters who put subject i in category j, every subject
 * rated by the same number m ≥ 2 of raters: P_i = (Σ_j n_ij² − m) / (m(m − 1)), P̄ their mean,
 * p_j = Σ_i n_ij / (N m), P̄_e = Σ_j p_j², κ = (P̄ − P̄_e) / (1 − P̄_e). With two raters it is
 * Scott's pi, close to (not equal to) Cohen's kappa.
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number | null {
  if (counts.length === 0) return null;
  const k = counts[0].length;
  const m = counts[0].reduce((s, x) => s + x, 0);
  if (m < 2) throw new Error(`fleissKappa: each subject needs at least two ratings (found ${m})`);
  const totals = new Array<number>(k).fill(0);
  let sumP = 0;
  counts.forEach((row, i) => {
    if (row.length !== k || row.reduce((s, x) => s + x, 0) !== m) throw new Error(`fleissKappa: subject ${i} is not rated ${m} times over ${k} categories`);
    let squares = 0;
    row.forEach((x, j) => {
      squares += x * x;
      totals[j] += x;
    });
    sumP += (squares - m) / (m * (m - 1));
  });
  const pBar = sumP / counts.length;
  const pe = totals.reduce((s, t) => s + (t / (counts.length * m)) ** 2, 0);
  return pe >= 1 ? null : (pBar - pe) / (1 - pe);
}
