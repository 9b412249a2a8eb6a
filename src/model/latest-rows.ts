/**
 * Each account's feature row at its latest tweet (for explanations), packed: one Float32Array
 * of `width` floats an account and one Float64Array of times, found through a Map from user
 * id to slot. About 190 bytes an account, where a Map to an object holding a Float32Array
 * cost about 400 (200 MB at 500,000 accounts).
 */
import { greaterRow, laterWins } from '../util/merge-rule.js';

export class LatestRows {
  private readonly slots = new Map<string, number>();
  private times: Float64Array;
  private rows: Float32Array;

  /** `capacity`: accounts expected (room grows past it). */
  constructor(readonly width: number, capacity = 1024) {
    this.times = new Float64Array(Math.max(1, capacity));
    this.rows = new Float32Array(this.times.length * width);
  }

  get size(): number {
    return this.slots.size;
  }

  /**
   * Keeps `row` (stored as float32) if the account has no row yet, or `createdAt` is later than
   * its row's, or equal with a row that compares greater: the kept row then does not depend
   * on the order of the offers (shards read apart agree with one pass).
   */
  offer(userId: string, createdAt: number, row: ArrayLike<number>): void {
    if (row.length !== this.width) throw new RangeError(`a row of ${this.width} features was expected, got ${row.length}`);
    let slot = this.slots.get(userId);
    if (slot === undefined) {
      slot = this.slots.size;
      if (slot === this.times.length) this.grow();
      this.slots.set(userId, slot);
    } else if (!laterWins(createdAt, this.times[slot], () => this.greaterThanKept(slot as number, row))) return;
    this.times[slot] = createdAt;
    const base = slot * this.width;
    for (let i = 0; i < this.width; i++) this.rows[base + i] = row[i];
  }

  /** The account's latest row (a copy, as float64), or undefined if it was never seen. */
  get(userId: string): Float64Array | undefined {
    const slot = this.slots.get(userId);
    if (slot === undefined) return undefined;
    return Float64Array.from(this.rows.subarray(slot * this.width, (slot + 1) * this.width));
  }

  /** Copies the account's row (float32) to `out[offset…]` and returns its time; NaN, copying nothing, if it was never seen. */
  copyInto(userId: string, out: Float32Array, offset: number): number {
    const slot = this.slots.get(userId);
    if (slot === undefined) return Number.NaN;
    const base = slot * this.width;
    for (let i = 0; i < this.width; i++) out[offset + i] = this.rows[base + i];
    return this.times[slot];
  }

  /** The time of the account's kept row, or undefined if it was never seen. */
  timeOf(userId: string): number | undefined {
    const slot = this.slots.get(userId);
    return slot === undefined ? undefined : this.times[slot];
  }

  /** Offers every row of `other`: what one set of rows offered both inputs keeps, in any order. */
  merge(other: LatestRows): void {
    if (other.width !== this.width) throw new RangeError(`rows of ${this.width} features cannot take rows of ${other.width}`);
    for (const [userId, slot] of other.slots) this.offer(userId, other.times[slot], other.rows.subarray(slot * this.width, (slot + 1) * this.width));
  }

  /** Every account's row (float32 values as float64) and its time, in first-offer order. */
  *entries(): Generator<{ userId: string; createdAt: number; row: Float64Array }> {
    for (const [userId, slot] of this.slots) {
      yield { userId, createdAt: this.times[slot], row: Float64Array.from(this.rows.subarray(slot * this.width, (slot + 1) * this.width)) };
    }
  }

  /** Whether `row`, as float32 as it would be kept, is greater than the kept one (the merge rule's order). */
  private greaterThanKept(slot: number, row: ArrayLike<number>): boolean {
    return greaterRow(Float32Array.from(row), this.rows.subarray(slot * this.width, (slot + 1) * this.width));
  }

  clear(): void {
    this.slots.clear();
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const rows = new Float32Array(times.length * this.width);
    rows.set(this.rows);
    this.times = times;
    this.rows = rows;
  }
}
