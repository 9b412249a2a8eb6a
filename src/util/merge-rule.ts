/**
 * The one rule by which statistics of parts of the input combine to what one pass over all of
 * it gives, in any order: the accumulator folding tweets, tallies of shards merged, packed
 * tallies of worker chunks, the explanation rows. A value seen later replaces an earlier one;
 * at the same time the greater value is kept (so the order of arrival never decides); sums of
 * score units are exact integers, kept below 2^52 in a double by carrying whole 2^52s.
 */

/** Unit sums carry whole multiples of 2^52 units into a count of carries: they stay exact doubles. */
export const CARRY = 2 ** 52;
const CARRY_BIG = BigInt(CARRY);

/** Whether a value seen at `at` replaces the one kept from `keptAt`: later wins, a tie goes to `greaterAtTie()`. */
export function laterWins(at: number, keptAt: number, greaterAtTie: () => boolean): boolean {
  return at > keptAt || (at === keptAt && greaterAtTie());
}

/** Whether row `a` is greater than row `b` at their first difference: NaN lowest, +0 above −0. */
export function greaterRow(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const k = b[i];
    if (Object.is(x, k) || (Number.isNaN(x) && Number.isNaN(k))) continue;
    if (Number.isNaN(x)) return false;
    if (Number.isNaN(k)) return true;
    return x > k || (x === k && Object.is(k, -0));
  }
  return false;
}

/** `r` with its units below 2^52, the whole 2^52s moved into its carries. */
export function carried<T extends { units: number; carries: number }>(r: T): T {
  if (r.units < CARRY) return r;
  const whole = Math.floor(r.units / CARRY);
  return { ...r, units: r.units - whole * CARRY, carries: r.carries + whole };
}

/** Exact units (`carries` × 2^52 + `units`) as one integer. */
export function unitsTotal(units: number, carries: number): bigint {
  return BigInt(carries) * CARRY_BIG + BigInt(units);
}

/** An integer number of units split back into `units` below 2^52 and `carries`. */
export function splitUnits(total: bigint): { units: number; carries: number } {
  return { units: Number(total % CARRY_BIG), carries: Number(total / CARRY_BIG) };
}
