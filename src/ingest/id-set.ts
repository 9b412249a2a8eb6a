/**
 * The set of tweet ids seen in a run, for de-duplication across files. Ids are decimal
 * numbers up to 2^64; each is stored as two uint32 halves in base 10^9 (high + 1, low) in an
 * open-addressing table with linear probing: 8 bytes a slot, ~11 bytes an id at the
 * usual load, so 5M ids take ~64 MB instead of ~400 MB in a Set<string>. Ids that do not fit
 * (non-numeric, leading zeros, ≥ 4.29e18) fall back to a Set<string>.
 */

const MAX_LOAD = 0.75;
const LOW_DIGITS = 9;
const MAX_HIGH = 0xfffffffe; // high + 1 must fit in a uint32, 0 marks an empty slot

function mix(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Splits a numeric id as the set stores it: returns high + 1 and puts the low part in
 * `low[0]`; returns 0 for an id stored as a string (non-numeric, leading zero, ≥ 4.29e18).
 */
export function splitId(id: string, low: Uint32Array): number {
  // Decimal digits, no leading zero, at most 19 (/^[1-9][0-9]{0,18}$/), read in one pass
  // over the characters rather than a regular expression and two slices: this runs for
  // every tweet read.
  const n = id.length;
  if (n === 0 || n > 19) return 0;
  const first = id.charCodeAt(0);
  if (first < 49 || first > 57) return 0;
  const cut = n - LOW_DIGITS;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < n; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    if (i < cut) hi = hi * 10 + d;
    else lo = lo * 10 + d;
  }
  if (hi > MAX_HIGH) return 0;
  low[0] = lo;
  return hi + 1;
}

/** The id that `splitId` split into (h1 = high + 1, lo). */
export function joinId(h1: number, lo: number): string {
  return h1 === 1 ? String(lo) : `${h1 - 1}${String(lo).padStart(LOW_DIGITS, '0')}`;
}

export class TweetIdSet {
  private highs: Uint32Array;
  private lows: Uint32Array;
  private mask: number;
  private used = 0;
  private readonly others = new Set<string>();

  constructor(initialCapacity = 1 << 16) {
    let cap = 1 << 4;
    while (cap < initialCapacity) cap <<= 1;
    this.highs = new Uint32Array(cap);
    this.lows = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.used + this.others.size;
  }

  /** Bytes held by the tables (the fallback set is not counted). */
  get tableBytes(): number {
    return this.highs.byteLength + this.lows.byteLength;
  }

  private readonly low = new Uint32Array(1);

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    const h1 = splitId(id, this.low);
    return h1 === 0 ? this.addOther(id) : this.addSplit(h1, this.low[0]);
  }

  /**
   * Adds every id of a packed list (another thread's); calls `onDuplicate` with each one
   * that was already there.
   */
  addPacked(ids: PackedIds, onDuplicate: (id: string) => void): void {
    const { highs, lows, others } = ids;
    for (let i = 0; i < highs.length; i++) if (!this.addSplit(highs[i], lows[i])) onDuplicate(joinId(highs[i], lows[i]));
    for (const id of others) if (!this.addOther(id)) onDuplicate(id);
  }

  private addSplit(h1: number, lo: number): boolean {
    if (this.insert(h1, lo)) {
      if (++this.used > this.mask * MAX_LOAD) this.grow();
      return true;
    }
    return false;
  }

  has(id: string): boolean {
    const h1 = splitId(id, this.low);
    if (h1 === 0) return this.others.has(id);
    const lo = this.low[0];
    for (let i = mix(h1, lo) & this.mask; ; i = (i + 1) & this.mask) {
      const h = this.highs[i];
      if (h === 0) return false;
      if (h === h1 && this.lows[i] === lo) return true;
    }
  }

  private addOther(id: string): boolean {
    if (this.others.has(id)) return false;
    this.others.add(id);
    return true;
  }

  /** Inserts (h1 = high + 1, lo); false if present. */
  private insert(h1: number, lo: number): boolean {
    const highs = this.highs;
    const lows = this.lows;
    const mask = this.mask;
    for (let i = mix(h1, lo) & mask; ; i = (i + 1) & mask) {
      const h = highs[i];
      if (h === 0) {
        highs[i] = h1;
        lows[i] = lo;
        return true;
      }
      if (h === h1 && lows[i] === lo) return false;
    }
  }

  private grow(): void {
    const oldHighs = this.highs;
    const oldLows = this.lows;
    const cap = oldHighs.length * 2;
    this.highs = new Uint32Array(cap);
    this.lows = new Uint32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < oldHighs.length; i++) {
      const h = oldHighs[i];
      if (h !== 0) this.insert(h, oldLows[i]);
    }
  }
}

/** Ids packed as the set stores them, to hand from a worker thread: typed columns move, strings are copied one by one. */
export interface PackedIds {
  /** High part + 1 and low part (base 10^9) of each numeric id. */
  highs: Uint32Array;
  lows: Uint32Array;
  /** Ids stored as strings. */
  others: string[];
}

/** The typed columns of packed ids, to move rather than copy with postMessage. */
export function packedIdBuffers(ids: PackedIds): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of [ids.highs, ids.lows]) if (a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) out.push(a.buffer);
  return out;
}

/** Collects ids as `PackedIds`. */
export class PackedIdList {
  private highs = new Uint32Array(1 << 12);
  private lows = new Uint32Array(1 << 12);
  private size = 0;
  private readonly others: string[] = [];
  private readonly low = new Uint32Array(1);

  push(id: string): void {
    const h1 = splitId(id, this.low);
    if (h1 === 0) {
      this.others.push(id);
      return;
    }
    if (this.size === this.highs.length) {
      const highs = new Uint32Array(this.size * 2);
      highs.set(this.highs);
      const lows = new Uint32Array(this.size * 2);
      lows.set(this.lows);
      this.highs = highs;
      this.lows = lows;
    }
    this.highs[this.size] = h1;
    this.lows[this.size++] = this.low[0];
  }

  /** The ids pushed so far (numeric ones in push order, then the others in theirs). */
  packed(): PackedIds {
    return { highs: this.highs.slice(0, this.size), lows: this.lows.slice(0, this.size), others: [...this.others] };
  }
}

/** The least and greatest numeric id of a packed list (as [high + 1, low] pairs), or undefined. */
function rangeOf(ids: PackedIds): { min: [number, number]; max: [number, number] } | undefined {
  const { highs, lows } = ids;
  if (highs.length === 0) return undefined;
  let min: [number, number] = [highs[0], lows[0]];
  let max: [number, number] = [highs[0], lows[0]];
  for (let i = 1; i < highs.length; i++) {
    const h = highs[i];
    const l = lows[i];
    if (h < min[0] || (h === min[0] && l < min[1])) min = [h, l];
    if (h > max[0] || (h === max[0] && l > max[1])) max = [h, l];
  }
  return { min, max };
}

const before = (a: [number, number], b: [number, number]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/**
 * The ids of each list (a chunk of the input, in input order) that an earlier list holds.
 * Ids within a list are distinct. Numeric ids go into a set only once a list's range of ids
 * overlaps the range of the lists before it: chunks of a file in time order hold increasing
 * snowflake ids, and then no id is looked up at all.
 */
export class IdsAcrossChunks {
  private readonly earlier: PackedIds[] = [];
  private range: { min: [number, number]; max: [number, number] } | undefined;
  private set: TweetIdSet | undefined;
  private readonly others = new Set<string>();

  /** Adds the next list; calls `onDuplicate` with each of its ids that an earlier list held. */
  add(ids: PackedIds, onDuplicate: (id: string) => void): void {
    const r = rangeOf(ids);
    const overlaps = r !== undefined && this.range !== undefined && !before(this.range.max, r.min) && !before(r.max, this.range.min);
    if (overlaps && this.set === undefined) {
      // Earlier lists did not overlap one another (else the set would exist): no duplicates among them.
      this.set = new TweetIdSet();
      for (const e of this.earlier) this.set.addPacked({ highs: e.highs, lows: e.lows, others: [] }, () => undefined);
      this.earlier.length = 0;
    }
    if (this.set !== undefined) this.set.addPacked({ highs: ids.highs, lows: ids.lows, others: [] }, onDuplicate);
    else this.earlier.push(ids);
    for (const id of ids.others) {
      if (this.others.has(id)) onDuplicate(id);
      else this.others.add(id);
    }
    if (r !== undefined) {
      this.range =
        this.range === undefined
          ? r
          : { min: before(r.min, this.range.min) ? r.min : this.range.min, max: before(this.range.max, r.max) ? r.max : this.range.max };
    }
  }
}
