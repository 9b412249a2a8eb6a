/**
 * A shard's tweet ids, sorted, so that two shards can tell which tweets they both counted: a
 * tally lists them (src/pipeline/tally-file.ts) and `report --tallies` counts the ids two
 * tallies share before it merges them. Numeric ids are kept as `PackedIds` columns (high + 1
 * and low part in base 10^9, as ./id-set.ts splits them) in ascending numeric order; other
 * ids in code-unit order. On disk, numeric ids are the differences between consecutive ids
 * (the first from 0) as LEB128 varints: sorted snowflake ids of one collection are close
 * together, so a difference takes a few bytes where the id takes 19 digits.
 */
import type { PackedIds } from './id-set.js';

const BILLION = 1e9;
const BIG_BILLION = 1_000_000_000n;
/** Below this many units of 10^9 in the high part, a difference is a safe integer. */
const SAFE_HIGH_STEP = 9_000_000;
const MAX_H1 = 0xffffffff;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The ids sorted (numeric ones by value, the others by code unit), as a new list. */
export function sortIds(ids: PackedIds): PackedIds {
  const n = ids.highs.length;
  // One 64-bit key an id, h1 · 2^30 + low (low < 2^30): typed arrays sort numerically, natively.
  const keys = new BigUint64Array(n);
  const words = new Uint32Array(keys.buffer);
  const [lo, hi] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
  for (let i = 0; i < n; i++) {
    const h1 = ids.highs[i];
    words[2 * i + lo] = (((h1 & 3) << 30) | ids.lows[i]) >>> 0;
    words[2 * i + hi] = h1 >>> 2;
  }
  keys.sort();
  const highs = new Uint32Array(n);
  const lows = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const w = words[2 * i + lo];
    highs[i] = ((words[2 * i + hi] << 2) | (w >>> 30)) >>> 0;
    lows[i] = w & 0x3fffffff;
  }
  return { highs, lows, others: [...ids.others].sort(byCode) };
}

const compare = (ah: number, al: number, bh: number, bl: number): number => ah - bh || al - bl;

/** How many ids two sorted lists share (each list's ids distinct). */
export function countSharedIds(a: PackedIds, b: PackedIds): number {
  let shared = 0;
  const na = a.highs.length;
  const nb = b.highs.length;
  // Lists of disjoint ranges (shards by day or by file) share nothing: no walk.
  if (
    na > 0 &&
    nb > 0 &&
    compare(a.highs[na - 1], a.lows[na - 1], b.highs[0], b.lows[0]) >= 0 &&
    compare(b.highs[nb - 1], b.lows[nb - 1], a.highs[0], a.lows[0]) >= 0
  ) {
    let i = 0;
    let j = 0;
    while (i < na && j < nb) {
      const c = compare(a.highs[i], a.lows[i], b.highs[j], b.lows[j]);
      if (c === 0) {
        shared++;
        i++;
        j++;
      } else if (c < 0) i++;
      else j++;
    }
  }
  if (a.others.length > 0 && b.others.length > 0) {
    const set = new Set(a.others);
    for (const id of b.others) if (set.has(id)) shared++;
  }
  return shared;
}

/** The union of two sorted lists, sorted. */
export function unionIds(a: PackedIds, b: PackedIds): PackedIds {
  const na = a.highs.length;
  const nb = b.highs.length;
  const highs = new Uint32Array(na + nb);
  const lows = new Uint32Array(na + nb);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < na || j < nb) {
    const c = i === na ? 1 : j === nb ? -1 : compare(a.highs[i], a.lows[i], b.highs[j], b.lows[j]);
    if (c <= 0) {
      highs[k] = a.highs[i];
      lows[k++] = a.lows[i++];
      if (c === 0) j++;
    } else {
      highs[k] = b.highs[j];
      lows[k++] = b.lows[j++];
    }
  }
  return { highs: highs.slice(0, k), lows: lows.slice(0, k), others: [...new Set([...a.others, ...b.others])].sort(byCode) };
}

/**
 * Sorted numeric ids as blocks of `blockSize` LEB128 differences (the first id of all from 0,
 * each later one from the id before it, across blocks).
 */
export function* encodeIdBlocks(ids: Pick<PackedIds, 'highs' | 'lows'>, blockSize = 1 << 16): Generator<{ count: number; bytes: Buffer }> {
  const { highs, lows } = ids;
  let ph = 1;
  let pl = 0;
  for (let start = 0; start < highs.length; start += blockSize) {
    const end = Math.min(highs.length, start + blockSize);
    const out = Buffer.allocUnsafe((end - start) * 10);
    let p = 0;
    for (let i = start; i < end; i++) {
      const dh = highs[i] - ph;
      const dl = lows[i] - pl;
      if (dh < SAFE_HIGH_STEP) {
        let d = dh * BILLION + dl;
        while (d >= 128) {
          out[p++] = (d % 128) | 128;
          d = Math.floor(d / 128);
        }
        out[p++] = d;
      } else {
        let d = BigInt(dh) * BIG_BILLION + BigInt(dl);
        while (d >= 128n) {
          out[p++] = Number(d & 127n) | 128;
          d >>= 7n;
        }
        out[p++] = Number(d);
      }
      ph = highs[i];
      pl = lows[i];
    }
    yield { count: end - start, bytes: Buffer.from(out.subarray(0, p)) };
  }
}

/** Reads the blocks `encodeIdBlocks` wrote, in order, into sorted columns; throws a RangeError on bad bytes. */
export class IdBlockDecoder {
  private h = 1;
  private l = 0;
  private size = 0;
  readonly highs: Uint32Array;
  readonly lows: Uint32Array;

  constructor(readonly count: number) {
    this.highs = new Uint32Array(count);
    this.lows = new Uint32Array(count);
  }

  get decoded(): number {
    return this.size;
  }

  add(bytes: Uint8Array, count: number): void {
    if (this.size + count > this.count) throw new RangeError(`more ids than the ${this.count} the header lists`);
    let p = 0;
    for (let n = 0; n < count; n++) {
      let d = 0;
      let scale = 1;
      let b = 128;
      while (b >= 128 && scale < 2 ** 49) {
        if (p >= bytes.length) throw new RangeError('an id block ends inside an id');
        b = bytes[p++];
        d += (b & 127) * scale;
        scale *= 128;
      }
      let dh: number;
      let dl: number;
      if (b >= 128) {
        let big = BigInt(d);
        let shift = 49n;
        while (b >= 128) {
          if (p >= bytes.length || shift > 63n) throw new RangeError('an id block ends inside an id');
          b = bytes[p++];
          big += BigInt(b & 127) << shift;
          shift += 7n;
        }
        dh = Number(big / BIG_BILLION);
        dl = Number(big % BIG_BILLION);
      } else {
        dh = Math.floor(d / BILLION);
        dl = d % BILLION;
      }
      if (dh === 0 && dl === 0 && this.size > 0) throw new RangeError('ids must be distinct and ascending');
      this.h += dh;
      this.l += dl;
      if (this.l >= BILLION) {
        this.l -= BILLION;
        this.h++;
      }
      if (this.h > MAX_H1) throw new RangeError('an id is out of range');
      this.highs[this.size] = this.h;
      this.lows[this.size++] = this.l;
    }
    if (p !== bytes.length) throw new RangeError(`an id block holds more than its ${count} ids`);
  }
}

/**
 * Every pair of lists that share ids, with how many they share: one k-way merge of the sorted
 * lists (a heap of their heads), so about n·log2(k) steps for n ids in k lists, where comparing
 * each pair would take k·n/2. Lists are numbered by position; pairs come with a < b.
 */
export function sharedIdsAmong(lists: readonly PackedIds[]): { a: number; b: number; shared: number }[] {
  const k = lists.length;
  const counts = new Map<number, number>();
  const count = (group: readonly number[]): void => {
    for (let x = 0; x < group.length; x++) {
      for (let y = x + 1; y < group.length; y++) {
        const [a, b] = group[x] < group[y] ? [group[x], group[y]] : [group[y], group[x]];
        counts.set(a * k + b, (counts.get(a * k + b) ?? 0) + 1);
      }
    }
  };
  // Each list's current id in two columns (high + 1, low), and a heap of list numbers by it.
  const pos = new Int32Array(k);
  const headH = new Float64Array(k);
  const headL = new Float64Array(k);
  const heap = new Int32Array(k);
  let size = 0;
  const less = (i: number, j: number): boolean => headH[i] < headH[j] || (headH[i] === headH[j] && (headL[i] < headL[j] || (headL[i] === headL[j] && i < j)));
  const siftDown = (at: number): void => {
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      let m = i;
      if (l < size && less(heap[l], heap[m])) m = l;
      if (l + 1 < size && less(heap[l + 1], heap[m])) m = l + 1;
      if (m === i) return;
      const t = heap[i];
      heap[i] = heap[m];
      heap[m] = t;
      i = m;
    }
  };
  for (let i = 0; i < k; i++) {
    if (lists[i].highs.length === 0) continue;
    headH[i] = lists[i].highs[0];
    headL[i] = lists[i].lows[0];
    heap[size++] = i;
  }
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i);
  const group: number[] = [];
  while (size > 0) {
    const top = heap[0];
    const h = headH[top];
    const l = headL[top];
    group.length = 0;
    // Take every list whose current id is this one, moving each to its next id.
    while (size > 0 && headH[heap[0]] === h && headL[heap[0]] === l) {
      const i = heap[0];
      group.push(i);
      const p = ++pos[i];
      if (p < lists[i].highs.length) {
        headH[i] = lists[i].highs[p];
        headL[i] = lists[i].lows[p];
      } else heap[0] = heap[--size];
      siftDown(0);
    }
    if (group.length > 1) count(group);
  }
  const owners = new Map<string, number[]>();
  lists.forEach((list, i) => {
    for (const id of list.others) {
      const o = owners.get(id);
      if (o === undefined) owners.set(id, [i]);
      else o.push(i);
    }
  });
  for (const o of owners.values()) if (o.length > 1) count(o);
  return [...counts.entries()].sort((p, q) => p[0] - q[0]).map(([key, shared]) => ({ a: Math.floor(key / k), b: key % k, shared }));
}
