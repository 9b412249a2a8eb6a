/**
 * A tally packed into typed columns, for handing a shard's tally from a worker thread to the
 * main thread: structured clone copies a typed array as one block of bytes, where the same
 * tally as per-account objects (`Tally`, ./tally.ts) was an object graph of about ten objects
 * an account, cloned field by field and rebuilt on the other side. `packedTallyOf` builds it
 * straight from a shard's accumulator (no per-account objects on the worker); `unpackTally`
 * turns it into the `Tally` that `tallyOf` would have made from the same parts, value for value.
 */
import type { Reject } from '../ingest/input-errors.js';
import { LatestRows } from '../model/latest-rows.js';
import { compareIds, ShareAccumulator, type RowUnits, type SeriesAccumulator } from './accumulator.js';
import {
  accountSplitError, accumulatorOfSeries, mergeTallies, tallyHeaderOf, type Tally, type TallyAccount, type TallyActivity, type TallyHeader, type TallyParts, type TallySeries,
} from './tally.js';

/** One series' rows: account positions (into `PackedTally.ids`, ascending) and exact units. */
export interface PackedRows {
  account: Int32Array;
  tweets: Float64Array;
  units: Float64Array;
  carries: Float64Array;
  above: Float64Array;
}

export interface PackedTally {
  header: TallyHeader;
  series: TallySeries[];
  rejects: Reject[];
  /** Account ids in canonical order (`compareIds`). */
  ids: string[];
  /** null: no screen name. */
  screenNames: (string | null)[];
  screenNameAt: Float64Array;
  /** Explanation rows: `width` float32 values an account; `rowAt` NaN where there is none. */
  width: number;
  rowAt: Float64Array;
  rows: Float32Array;
  /** What the activity rule reads, when it was tallied (a report does not read it). */
  activity?: PackedActivity;
  /** Over all tweets: one row an account, in account order. */
  all: PackedRows;
  /** Per tracked hashtag, by name. */
  tags: { tag: string; rows: PackedRows }[];
}

/** Per account, in account order: `TallyActivity` in columns. */
export interface PackedActivity {
  latestAt: Float64Array;
  profileRate: Float64Array;
  /** Account i's active days are `days[dayStart[i] .. dayStart[i+1])`, ascending. */
  dayStart: Int32Array;
  days: Float64Array;
}

/** The typed arrays of a packed tally, to transfer rather than copy with postMessage. */
export function packedBuffers(p: PackedTally): ArrayBuffer[] {
  const activity = p.activity === undefined ? [] : [p.activity.latestAt, p.activity.profileRate, p.activity.dayStart, p.activity.days];
  const arrays = [p.screenNameAt, p.rowAt, p.rows, ...activity, ...[p.all, ...p.tags.map((t) => t.rows)].flatMap((r) => [r.account, r.tweets, r.units, r.carries, r.above])];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) buffers.add(a.buffer);
  return [...buffers];
}

export interface PackedTallyParts extends Omit<TallyParts, 'row' | 'activity'> {
  /** Explanation rows, `width` values each (float32 when packed). */
  width: number;
  row?: (userId: string) => { at: number; values: ArrayLike<number> } | undefined;
  /** Instead of `row`: writes the account's row at `out[offset…]` and returns its time (NaN: none). */
  rowInto?: (userId: string, out: Float32Array, offset: number) => number;
  /** Absent: the packed tally holds no activity. */
  activity?: TallyParts['activity'];
}

/**
 * The packed form of `tallyOf(parts)`, read from the accumulator in id order without making
 * its canonical copy (a Map and columns rebuilt an account, for columns read once).
 */
export function packedTallyOf(parts: PackedTallyParts): PackedTally {
  const acc = parts.accumulator;
  const order = acc.idOrder();
  const entries = acc.accountEntries();
  const n = entries.length;
  const { width } = parts;
  const ids = new Array<string>(n);
  const screenNames = new Array<string | null>(n);
  const screenNameAt = new Float64Array(n);
  const rowAt = new Float64Array(n).fill(Number.NaN);
  const rows = new Float32Array(n * width);
  const activityOf = parts.activity;
  const latestAt = new Float64Array(activityOf === undefined ? 0 : n);
  const profileRate = new Float64Array(latestAt.length);
  const dayStart = new Int32Array(activityOf === undefined ? 0 : n + 1);
  const dayList: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = entries[order[i]];
    ids[i] = e.userId;
    screenNames[i] = e.screenName ?? null;
    screenNameAt[i] = e.screenNameAt;
    if (activityOf !== undefined) {
      const activity = activityOf(e.userId);
      if (activity === undefined) throw new Error(`account ${e.userId} was scored but its activity was not tallied`);
      latestAt[i] = activity.latestAt;
      profileRate[i] = activity.profileRate;
      for (const d of activity.days) dayList.push(d);
      dayStart[i + 1] = dayList.length;
    }
    if (parts.rowInto !== undefined) rowAt[i] = parts.rowInto(e.userId, rows, i * width);
    else {
      const row = parts.row?.(e.userId);
      if (row !== undefined) {
        if (row.values.length !== width) throw new RangeError(`account ${e.userId}: a row of ${width} values was expected, got ${row.values.length}`);
        rowAt[i] = row.at;
        for (let k = 0; k < width; k++) rows[i * width + k] = row.values[k];
      }
    }
  }
  const names = acc.seriesNames();
  const tally = tallyHeaderOf(acc, parts, n);
  return {
    ...tally,
    ids,
    screenNames,
    screenNameAt,
    width,
    rowAt,
    rows,
    activity: activityOf === undefined ? undefined : { latestAt, profileRate, dayStart, days: Float64Array.from(dayList) },
    all: acc.overall.unitRowsInOrder(order),
    tags: names.map((tag) => {
      const s = acc.series(tag);
      if (s === undefined) throw new Error(`no series #${tag}`);
      return { tag, rows: s.unitRowsInOrder(order) };
    }),
  };
}

const rowAtIndex = (r: PackedRows, k: number): RowUnits => ({ tweets: r.tweets[k], units: r.units[k], carries: r.carries[k], above: r.above[k] });

/** The `Tally` a packed tally holds (what `tallyOf` makes of the same parts); it must hold their activity. */
export function unpackTally(p: PackedTally): Tally {
  const n = p.ids.length;
  const a = p.activity;
  if (a === undefined) throw new Error('this packed tally holds no activity: it was made for a report, not a tally file');
  const cursors = p.tags.map(() => 0);
  const accounts = new Array<TallyAccount>(n);
  for (let i = 0; i < n; i++) {
    const tags: [string, RowUnits][] = [];
    for (let t = 0; t < p.tags.length; t++) {
      const rows = p.tags[t].rows;
      const k = cursors[t];
      if (k < rows.account.length && rows.account[k] === i) {
        tags.push([p.tags[t].tag, rowAtIndex(rows, k)]);
        cursors[t] = k + 1;
      }
    }
    if (p.all.account[i] !== i) throw new Error('a packed tally must have one overall row per account, in account order');
    const activity: TallyActivity = { days: Array.from(a.days.subarray(a.dayStart[i], a.dayStart[i + 1])), latestAt: a.latestAt[i], profileRate: a.profileRate[i] };
    const name = p.screenNames[i];
    const at = p.rowAt[i];
    accounts[i] = {
      id: p.ids[i],
      screenName: name === null ? undefined : name,
      screenNameAt: p.screenNameAt[i],
      row: Number.isNaN(at) ? undefined : { at, values: Array.from(p.rows.subarray(i * p.width, (i + 1) * p.width)) },
      activity,
      all: rowAtIndex(p.all, i),
      tags,
    };
  }
  return { header: p.header, accounts, series: p.series, rejects: p.rejects };
}

/** Merged shards as the report reads them: no object an account. */
export interface MergedTally {
  /** Header (its `accounts` counted after the merge), series and rejects, as `mergeTallies` gives them. */
  tally: Omit<Tally, 'accounts'>;
  /** Canonical: accounts in id order, every series' rows in that order. */
  accumulator: ShareAccumulator;
  /** Each account's explanation row at its latest tweet. */
  rows: LatestRows;
}

/**
 * Header, series and rejects of tallies in input order, merged as `mergeTallies` merges them
 * (their accounts are joined separately, packed).
 */
export function mergeTallyParts(parts: readonly Omit<Tally, 'accounts'>[]): Tally {
  let totals: Tally | undefined;
  for (const p of parts) {
    const next: Tally = { header: p.header, series: p.series, rejects: p.rejects, accounts: [] };
    totals = totals === undefined ? next : mergeTallies(totals, next);
  }
  if (totals === undefined) throw new Error('no tallies to merge');
  return totals;
}

/**
 * Packed account i of `p` added to `acc` under `id`, with its overall and hashtag rows (each
 * hashtag's cursor moved past it) and its explanation row offered to `rows`: the same in a join
 * of sorted ids and in a fold. Returns its index in `acc`.
 */
function addPackedAccount(
  acc: ShareAccumulator,
  rows: LatestRows,
  p: PackedTally,
  i: number,
  tagTargets: readonly SeriesAccumulator[],
  tagCursors: number[],
): number {
  const id = p.ids[i];
  const name = p.screenNames[i];
  const index = acc.addAccount({ userId: id, screenName: name === null ? undefined : name, screenNameAt: p.screenNameAt[i] });
  if (p.all.account[i] !== i) throw new Error('a packed tally must have one overall row per account, in account order');
  acc.overall.addRowUnits(index, p.all.tweets[i], p.all.units[i], p.all.carries[i], p.all.above[i]);
  for (let t = 0; t < p.tags.length; t++) {
    const r = p.tags[t].rows;
    const k = tagCursors[t];
    if (k < r.account.length && r.account[k] === i) {
      tagTargets[t].addRowUnits(index, r.tweets[k], r.units[k], r.carries[k], r.above[k]);
      tagCursors[t] = k + 1;
    }
  }
  const at = p.rowAt[i];
  if (!Number.isNaN(at)) rows.offer(id, at, p.rows.subarray(i * p.width, (i + 1) * p.width));
  return index;
}

/**
 * Packed tallies of shards, in input order, merged straight into a canonical accumulator and
 * the explanation rows by a join of their sorted ids: what `accumulatorOfTally` and the rows of
 * `mergeTallies(...shards.map(unpackTally))` hold, value for value, without building and
 * merging an object graph an account (seconds of the main thread at 100,000 accounts). Names,
 * rows and exact units combine as `mergeTallies` combines them: later time wins, ties go to
 * the greater value, sums are integers.
 */
export function mergePackedTallies(shards: readonly PackedTally[]): MergedTally {
  const merged = mergeTallyParts(shards);
  const acc = accumulatorOfSeries(merged);
  const width = merged.header.features.length;
  // Room for the largest shard's accounts from the start: most accounts are in every shard.
  const rows = new LatestRows(width, Math.max(...shards.map((p) => p.ids.length)));
  const tagTargets: SeriesAccumulator[][] = shards.map((p) => p.tags.map((t) => acc.seriesOrCreate(t.tag)));
  const tagCursors: number[][] = shards.map((p) => p.tags.map(() => 0));
  const cursors = shards.map(() => 0);
  for (const p of shards) {
    if (p.width !== width) throw new RangeError(`a packed tally has rows of ${p.width} values, its header lists ${width} features`);
  }
  for (;;) {
    // The least id at the shards' cursors (few shards: a scan beats a heap).
    let next: string | undefined;
    for (let s = 0; s < shards.length; s++) {
      const ids = shards[s].ids;
      if (cursors[s] < ids.length && (next === undefined || compareIds(ids[cursors[s]], next) < 0)) next = ids[cursors[s]];
    }
    if (next === undefined) break;
    let index = -1;
    for (let s = 0; s < shards.length; s++) {
      const p = shards[s];
      const i = cursors[s];
      if (i >= p.ids.length || p.ids[i] !== next) continue;
      cursors[s] = i + 1;
      if (index >= 0 && merged.header.timing) throw accountSplitError(next);
      index = addPackedAccount(acc, rows, p, i, tagTargets[s], tagCursors[s]);
    }
  }
  return { tally: { header: { ...merged.header, accounts: acc.accounts }, series: merged.series, rejects: merged.rejects }, accumulator: acc, rows };
}

/**
 * The accounts of packed tallies folded in as they come, in any order, so that shares need
 * not all be held until the last one: names, rows and exact units combine by the rules of
 * `mergePackedTallies` (later time, ties to the greater value; integer sums), which do not
 * depend on the order. `merged` then puts the accounts in id order under the series of the
 * shares' headers merged in input order: what `mergePackedTallies` gives of all the shares.
 * For tallies made for a report (no activity).
 */
export class PackedAccountsFold {
  private acc: ShareAccumulator | undefined;
  private rows: LatestRows | undefined;
  private width = 0;

  add(p: PackedTally): void {
    if (p.activity !== undefined) throw new Error('packed tallies with activity are merged whole (mergePackedTallies)');
    if (this.acc === undefined) {
      this.acc = new ShareAccumulator({ threshold: p.header.threshold, hashtags: p.header.hashtags ?? undefined });
      this.width = p.width;
      this.rows = new LatestRows(p.width, p.ids.length);
    }
    const acc = this.acc;
    const rows = this.rows as LatestRows;
    const width = this.width;
    if (p.width !== width) throw new RangeError(`a packed tally has rows of ${p.width} values, the first had ${width}`);
    const targets = p.tags.map((t) => acc.seriesOrCreate(t.tag));
    const cursors = p.tags.map(() => 0);
    for (let i = 0; i < p.ids.length; i++) {
      const before = acc.accounts;
      addPackedAccount(acc, rows, p, i, targets, cursors);
      if (p.header.timing && acc.accounts === before) throw accountSplitError(p.ids[i]);
    }
  }

  /** `whole`: every share's header, series and rejects, merged in input order (`mergeTallies`). */
  merged(whole: Omit<Tally, 'accounts'>): MergedTally {
    const acc = this.acc;
    if (acc === undefined) throw new Error('no tallies to merge');
    if (whole.header.features.length !== this.width) throw new RangeError(`packed rows of ${this.width} values, the header lists ${whole.header.features.length} features`);
    const out = accumulatorOfSeries(whole);
    const order = acc.idOrder();
    const entries = acc.accountEntries();
    // Ids are distinct, so the account at order[k] gets index k in `out`: canonical.
    for (let k = 0; k < order.length; k++) out.addAccount(entries[order[k]]);
    acc.overall.copyRowsInOrder(order, out.overall);
    for (const tag of acc.seriesNames()) (acc.series(tag) as SeriesAccumulator).copyRowsInOrder(order, out.seriesOrCreate(tag));
    // The rows too in id order, as `mergePackedTallies` offers them.
    const from = this.rows as LatestRows;
    const rows = new LatestRows(this.width, order.length);
    const row = new Float32Array(this.width);
    for (let k = 0; k < order.length; k++) {
      const id = entries[order[k]].userId;
      const at = from.copyInto(id, row, 0);
      if (!Number.isNaN(at)) rows.offer(id, at, row);
    }
    this.acc = undefined;
    this.rows = undefined;
    return { tally: { header: { ...whole.header, accounts: out.accounts }, series: whole.series, rejects: whole.rejects }, accumulator: out, rows };
  }
}
