/**
 * A tally (./tally.ts) packed into typed columns, for handing a shard's tally from a worker
 * thread to the main thread: structured clone copies a typed array as one block of bytes, where
 * per-account objects were an object graph of about ten objects an account, cloned field by
 * field and rebuilt on the other side. A serialisation and nothing more: `packTally` writes a
 * tally, `foldPacked` reads it back into statistics (empty ones give the tally back; ones that
 * hold other shards take it by the accumulator's own merge rule, as `mergeTallies` folds a
 * tally in). The tweet ids travel apart (../ingest/id-set.ts).
 */
import type { Reject } from '../ingest/input-errors.js';
import { LatestRows } from '../model/latest-rows.js';
import type { SeriesAccumulator } from './accumulator.js';
import { ActivityTally } from './activity-tally.js';
import {
  addTallySeries, addUntagged, refuseSplitAccounts, tallySeriesOf, type Tally, type TallyHeader, type TallySeries, type TallyStatistics,
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

/**
 * The packed form of a tally, accounts in id order. The accumulator need not be canonical (it is
 * read through `idOrder()`, without the copy `canonical()` makes), and the rows may hold other
 * accounts: a shard's parts as a worker has them (`tallyHeadOf`).
 */
export function packTally(t: Tally): PackedTally {
  const accumulator = t.accumulator;
  const order = accumulator.idOrder();
  const entries = accumulator.accountEntries();
  const n = entries.length;
  const width = t.rows.width;
  const ids = new Array<string>(n);
  const screenNames = new Array<string | null>(n);
  const screenNameAt = new Float64Array(n);
  const rowAt = new Float64Array(n);
  const rows = new Float32Array(n * width);
  const activity = t.activity;
  const latestAt = new Float64Array(activity === undefined ? 0 : n);
  const profileRate = new Float64Array(latestAt.length);
  const dayStart = new Int32Array(activity === undefined ? 0 : n + 1);
  const dayList: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = entries[order[i]];
    ids[i] = e.userId;
    screenNames[i] = e.screenName ?? null;
    screenNameAt[i] = e.screenNameAt;
    rowAt[i] = t.rows.copyInto(e.userId, rows, i * width);
    if (activity !== undefined) {
      const a = activity.get(e.userId);
      if (a === undefined) throw new Error(`account ${e.userId} was scored but its activity was not tallied`);
      latestAt[i] = a.latestAt;
      profileRate[i] = a.profileRate;
      for (const d of a.days) dayList.push(d);
      dayStart[i + 1] = dayList.length;
    }
  }
  return {
    header: t.header,
    series: tallySeriesOf(accumulator),
    rejects: t.rejects,
    ids,
    screenNames,
    screenNameAt,
    width,
    rowAt,
    rows,
    activity: activity === undefined ? undefined : { latestAt, profileRate, dayStart, days: Float64Array.from(dayList) },
    all: accumulator.overall.unitRowsInOrder(order),
    tags: accumulator.seriesNames().map((tag) => ({ tag, rows: (accumulator.series(tag) as SeriesAccumulator).unitRowsInOrder(order) })),
  };
}

/**
 * Folds a packed tally's statistics into `into`, which holds other shards' (changed): what
 * `mergeTallies` does with the tally `p` holds, without building that tally first. With
 * `timing`, an account `into` holds already is refused.
 */
export function foldPacked(into: TallyStatistics, p: PackedTally, timing: boolean): void {
  if (timing) refuseSplitAccounts(into.accumulator, p.ids);
  readPacked(p, into);
  if (p.activity === undefined) into.activity = undefined;
}

/** Reads a packed tally into statistics through the accumulator's, the rows' and the activity's own adders (their merge rule). */
function readPacked(p: PackedTally, into: TallyStatistics): void {
  if (p.width !== into.rows.width) throw new RangeError(`a packed tally has rows of ${p.width} values, ${into.rows.width} were expected`);
  const accumulator = into.accumulator;
  for (const s of p.series) addTallySeries(accumulator, s);
  addUntagged(accumulator, p.header);
  const n = p.ids.length;
  const index = new Int32Array(n);
  const a = p.activity;
  for (let i = 0; i < n; i++) {
    const id = p.ids[i];
    const name = p.screenNames[i];
    index[i] = accumulator.addAccount({ userId: id, screenName: name === null ? undefined : name, screenNameAt: p.screenNameAt[i] });
    const at = p.rowAt[i];
    if (!Number.isNaN(at)) into.rows.offer(id, at, p.rows.subarray(i * p.width, (i + 1) * p.width));
    if (a !== undefined) into.activity?.addAccount(id, { days: Array.from(a.days.subarray(a.dayStart[i], a.dayStart[i + 1])), latestAt: a.latestAt[i], profileRate: a.profileRate[i] });
  }
  const addRows = (r: PackedRows, to: SeriesAccumulator): void => {
    for (let k = 0; k < r.account.length; k++) to.addRowUnits(index[r.account[k]], r.tweets[k], r.units[k], r.carries[k], r.above[k]);
  };
  addRows(p.all, accumulator.overall);
  for (const { tag, rows } of p.tags) addRows(rows, accumulator.seriesOrCreate(tag));
}
