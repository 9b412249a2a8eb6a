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
const DECIMAL = /^[1-9][0-9]{0,18}$/;

function mix(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
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

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    if (!DECIMAL.test(id)) return this.addOther(id);
    const cut = id.length - LOW_DIGITS;
    const hi = cut > 0 ? Number(id.slice(0, cut)) : 0;
    if (hi > MAX_HIGH) return this.addOther(id);
    const lo = cut > 0 ? Number(id.slice(cut)) : Number(id);
    if (this.insert(hi + 1, lo)) {
      if (++this.used > this.mask * MAX_LOAD) this.grow();
      return true;
    }
    return false;
  }

  has(id: string): boolean {
    if (!DECIMAL.test(id)) return this.others.has(id);
    const cut = id.length - LOW_DIGITS;
    const hi = cut > 0 ? Number(id.slice(0, cut)) : 0;
    if (hi > MAX_HIGH) return this.others.has(id);
    const lo = cut > 0 ? Number(id.slice(cut)) : Number(id);
    const h1 = hi + 1;
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
