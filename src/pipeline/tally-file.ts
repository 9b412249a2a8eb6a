/**
 * The tally file, a serialisation of a tally (../estimate/tally.ts: an accumulator with its
 * header, rows, activity, rejects and ids): gzip'd NDJSON, one JSON object a line, so that any tool with gzip and a
 * JSON parser reads it line by line (spec: docs/scaling.md). Line 1 is the header
 * `{"format":"botshare-tally","version":2,…}`; then one `{"series":…}` line per series (all
 * tweets first, as `null`, then hashtags by name), one `{"account":…}` line per account in id
 * order, one `{"reject":…}` line per unreadable record, and the ids of the tweets tallied:
 * `{"ids":BASE64,"count":n}` lines (sorted numeric ids as LEB128 differences,
 * ../ingest/sorted-ids.ts) and one `{"ids_other":[…]}` line. Score sums are integers in units
 * of 2^-scoreUnitBits: a JSON number up to 2^53, a decimal string above. NaN is written null.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, gzipSync } from 'node:zlib';
import { UserError } from '../util/errors.js';
import type { Reject } from '../ingest/input-errors.js';
import type { DayUnits, RowUnits } from '../estimate/accumulator.js';
import {
  accumulatorFor,
  addTallySeries,
  addUntagged,
  tallyAccounts,
  tallySeriesOf,
  TallyMismatchError,
  TALLY_FORMAT,
  TALLY_VERSION,
  withStatistics,
  type Tally,
  type TallyAccountView,
  type TallyFileCount,
  type TallyHeader,
  type TallySeries,
} from '../estimate/tally.js';
import { ActivityTally, type TallyActivity } from '../estimate/activity-tally.js';
import { LatestRows } from '../model/latest-rows.js';
import type { ShareAccumulator } from '../estimate/accumulator.js';
import { openAtomicWriter } from '../util/atomic-write.js';
import { splitUnits, unitsTotal } from '../util/merge-rule.js';
import type { PackedIds } from '../ingest/id-set.js';
import { encodeIdBlocks, IdBlockDecoder } from '../ingest/sorted-ids.js';
import type { WindowBounds } from '../util/window.js';


/** Exact units as JSON: a number while it is a safe integer, else its decimal string. */
function unitsJson(units: number, carries: number): number | string {
  if (carries === 0) return units;
  const total = unitsTotal(units, carries);
  return total <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(total) : total.toString();
}

const numOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const rowJson = (r: RowUnits): [number, number | string, number] => [r.tweets, unitsJson(r.units, r.carries), r.above];

function headerLine(h: TallyHeader): string {
  return JSON.stringify(h);
}

function seriesLine(s: TallySeries): string {
  return JSON.stringify({
    series: s.hashtag,
    tweets: s.tweets,
    histogram: s.histogram,
    days: s.days.map((d) => [d.day, d.tweets, d.above, unitsJson(d.units, d.carries)]),
  });
}

function accountLine(a: TallyAccountView): string {
  const activity = a.activity;
  if (activity === undefined) throw new Error(`account ${a.id}: a tally file holds each account's activity, this tally has none`);
  return JSON.stringify({
    account: a.id,
    screen_name: a.screenName ?? null,
    screen_name_at: numOrNull(a.screenNameAt),
    days: activity.days,
    latest_at: activity.latestAt,
    profile_rate: numOrNull(activity.profileRate),
    row_at: a.row?.at ?? null,
    row: a.row === undefined ? null : Array.from(a.row.values, numOrNull),
    all: rowJson(a.all),
    tags: a.tags.map(([tag, r]) => [tag, ...rowJson(r)]),
  });
}

function rejectLine(r: Reject): string {
  return JSON.stringify({ reject: { file: r.file, line: r.line, reason: r.reason, raw: r.raw } });
}

function* idLines(ids: PackedIds): Generator<string> {
  for (const block of encodeIdBlocks(ids)) yield JSON.stringify({ ids: block.bytes.toString('base64'), count: block.count });
  if (ids.others.length > 0) yield JSON.stringify({ ids_other: ids.others });
}

/** Every line of the tally file, in order. */
export function* tallyLines(t: Tally): Generator<string> {
  const ids = t.tweetIds;
  if (ids === undefined || t.header.tweetIds === null) throw new Error('a tally file lists the ids of its tweets: this tally kept none');
  yield headerLine(t.header);
  for (const s of tallySeriesOf(t.accumulator)) yield seriesLine(s);
  for (const a of tallyAccounts(t)) yield accountLine(a);
  for (const r of t.rejects) yield rejectLine(r);
  yield* idLines(ids);
}

/** Writes the tally (atomically; an existing file only with `force`). */
export async function writeTallyFile(target: string, tally: Tally, options: { force?: boolean } = {}): Promise<void> {
  const writer = await openAtomicWriter(target, options);
  try {
    // gzip per block of lines: a gzip file of several members is still one gzip stream.
    let chunk = '';
    for (const line of tallyLines(tally)) {
      chunk += `${line}\n`;
      if (chunk.length >= 1 << 20) {
        await writer.write(gzipSync(chunk));
        chunk = '';
      }
    }
    await writer.write(gzipSync(chunk));
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

// --- reading: every field checked, errors name the file and line ---------------------------

class Bad extends Error {}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}
function int(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) throw new Bad(`${what} must be a whole number ≥ 0`);
  return x;
}
function num(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Bad(`${what} must be a number`);
  return x;
}
function numOrNaN(x: unknown, what: string): number {
  return x === null ? Number.NaN : num(x, what);
}
function str(x: unknown, what: string): string {
  if (typeof x !== 'string') throw new Bad(`${what} must be a string`);
  return x;
}
function arr(x: unknown, what: string): unknown[] {
  if (!Array.isArray(x)) throw new Bad(`${what} must be a list`);
  return x;
}
function units(x: unknown, what: string): { units: number; carries: number } {
  let total: bigint;
  if (typeof x === 'number') total = BigInt(int(x, what));
  else if (typeof x === 'string' && /^\d{1,40}$/.test(x)) total = BigInt(x);
  else throw new Bad(`${what} must be a whole number (or its decimal string)`);
  return splitUnits(total);
}
function row(x: unknown, what: string): RowUnits {
  const r = arr(x, what);
  if (r.length !== 3) throw new Bad(`${what} must be [tweets, score units, above]`);
  return { tweets: int(r[0], `${what} tweets`), ...units(r[1], `${what} score units`), above: int(r[2], `${what} above`) };
}

function parseHeader(o: Record<string, unknown>): TallyHeader {
  if (own(o, 'format') !== TALLY_FORMAT) throw new Bad(`not a botshare tally (the first line must have "format":"${TALLY_FORMAT}")`);
  const version = own(o, 'version');
  if (version === 1) {
    throw new Bad(
      `made by an older botshare (tally format version 1, which does not list its tweets, so tweets counted in two tallies cannot be found); make it again with this botshare's \`botshare tally\` (version ${TALLY_VERSION})`,
    );
  }
  if (version !== TALLY_VERSION) throw new Bad(`tally format version ${String(version)}; this botshare reads version ${TALLY_VERSION}`);
  const gen = own(o, 'generator');
  if (!isObject(gen)) throw new Bad('generator must be an object');
  const hashtags = own(o, 'hashtags');
  const partition = own(o, 'partition');
  let part: TallyHeader['partition'] = null;
  if (partition !== null) {
    if (!isObject(partition)) throw new Bad('partition must be an object or null');
    const count = int(own(partition, 'count'), 'partition.count');
    const indices = arr(own(partition, 'indices'), 'partition.indices').map((i) => int(i, 'partition index'));
    if (count < 1 || indices.some((i) => i >= count)) throw new Bad('partition indices must be below the count');
    part = { count, indices };
  }
  const files: TallyFileCount[] = arr(own(o, 'files'), 'files').map((f, i) => {
    if (!isObject(f)) throw new Bad(`files[${i}] must be an object`);
    return {
      path: str(own(f, 'path'), 'file path'),
      format: str(own(f, 'format'), 'file format'),
      read: int(own(f, 'read'), 'read'),
      accepted: int(own(f, 'accepted'), 'accepted'),
      rejected: int(own(f, 'rejected'), 'rejected'),
      duplicates: int(own(f, 'duplicates'), 'duplicates'),
      ...(own(f, 'outsideWindow') === undefined ? {} : { outsideWindow: int(own(f, 'outsideWindow'), 'outsideWindow') }),
    };
  });
  const window = own(o, 'window');
  const threshold = num(own(o, 'threshold'), 'threshold');
  const untagged = own(o, 'untagged');
  if (!isObject(untagged)) throw new Bad('untagged must be an object');
  if (!(threshold >= 0 && threshold <= 1)) throw new Bad('threshold must be in [0, 1]');
  const tweetIds = own(o, 'tweetIds');
  if (!isObject(tweetIds)) throw new Bad('tweetIds must be an object');
  return {
    format: TALLY_FORMAT,
    version: TALLY_VERSION,
    generator: { name: str(own(gen, 'name'), 'generator.name'), version: str(own(gen, 'version'), 'generator.version') },
    model: str(own(o, 'model'), 'model'),
    threshold,
    timing: own(o, 'timing') === true,
    scoreUnitBits: int(own(o, 'scoreUnitBits'), 'scoreUnitBits'),
    histogramBins: int(own(o, 'histogramBins'), 'histogramBins'),
    hashtags: hashtags === null ? null : arr(hashtags, 'hashtags').map((t) => str(t, 'hashtag')),
    partition: part,
    features: arr(own(o, 'features'), 'features').map((f) => str(f, 'feature name')),
    files,
    ...(window === undefined ? {} : { window: parseWindowBounds(window) }),
    tweets: int(own(o, 'tweets'), 'tweets'),
    untagged: { tweets: int(own(untagged, 'tweets'), 'untagged.tweets'), above: int(own(untagged, 'above'), 'untagged.above') },
    accounts: int(own(o, 'accounts'), 'accounts'),
    rejects: int(own(o, 'rejects'), 'rejects'),
    tweetIds: { numeric: int(own(tweetIds, 'numeric'), 'tweetIds.numeric'), other: int(own(tweetIds, 'other'), 'tweetIds.other') },
  };
}

/** The header's `window`: ISO 8601 times (or null, open) that read back as times. */
function parseWindowBounds(x: unknown): WindowBounds {
  if (!isObject(x)) throw new Bad('window must be an object');
  const bound = (key: 'since' | 'until'): string | null => {
    const v = own(x, key);
    if (v === null) return null;
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw new Bad(`window.${key} must be an ISO 8601 time or null`);
    return v;
  };
  return { since: bound('since'), until: bound('until') };
}

function parseSeries(o: Record<string, unknown>, bins: number): TallySeries {
  const tag = own(o, 'series');
  const histogram = arr(own(o, 'histogram'), 'histogram').map((x) => int(x, 'histogram count'));
  if (histogram.length !== bins) throw new Bad(`histogram must have ${bins} bins`);
  const days: DayUnits[] = arr(own(o, 'days'), 'days').map((d) => {
    const r = arr(d, 'day');
    if (r.length !== 4) throw new Bad('a day must be [day, tweets, above, score units]');
    return { day: num(r[0], 'day'), tweets: int(r[1], 'day tweets'), above: int(r[2], 'day above'), ...units(r[3], 'day score units') };
  });
  return { hashtag: tag === null ? null : str(tag, 'series'), tweets: int(own(o, 'tweets'), 'tweets'), histogram, days };
}

/** What the file's tallies are read into: one accumulator, the rows, the activity. */
interface Reading {
  accumulator: ShareAccumulator;
  rows: LatestRows;
  activity: ActivityTally;
}

/** Reads an account line into the tally being read. */
function readAccount(o: Record<string, unknown>, into: Reading): void {
  const width = into.rows.width;
  const rowValues = own(o, 'row');
  const values = rowValues === null ? undefined : arr(rowValues, 'row').map((x) => numOrNaN(x, 'row value'));
  if (values !== undefined && values.length !== width) throw new Bad(`row must have ${width} values (one per feature)`);
  const name = own(o, 'screen_name');
  const id = str(own(o, 'account'), 'account');
  const activity: TallyActivity = {
    days: arr(own(o, 'days'), 'days').map((d) => num(d, 'day')),
    latestAt: num(own(o, 'latest_at'), 'latest_at'),
    profileRate: numOrNaN(own(o, 'profile_rate'), 'profile_rate'),
  };
  const all = row(own(o, 'all'), 'all');
  const tags = arr(own(o, 'tags'), 'tags').map((t) => {
    const r = arr(t, 'tag');
    return [str(r[0], 'hashtag'), row(r.slice(1), 'tag')] as [string, RowUnits];
  });
  const entry = { userId: id, screenName: name === null ? undefined : str(name, 'screen_name'), screenNameAt: numOrNaN(own(o, 'screen_name_at'), 'screen_name_at') };
  const rowAt = values === undefined ? Number.NaN : num(own(o, 'row_at'), 'row_at');
  const accumulator = into.accumulator;
  if (accumulator.hasAccount(id)) throw new Bad(`account ${id} is listed twice`);
  const index = accumulator.addAccount(entry);
  accumulator.overall.addRow(index, all);
  for (const [tag, r] of tags) {
    try {
      accumulator.seriesOrCreate(tag).addRow(index, r);
    } catch (err) {
      if (err instanceof RangeError) throw new Bad(err.message);
      throw err;
    }
  }
  if (values !== undefined) into.rows.offer(id, rowAt, values);
  into.activity.addAccount(id, activity);
}

/** The accumulator a tally with this header is read into (one of other score units or bins is refused). */
function accumulatorOf(header: TallyHeader): ShareAccumulator {
  try {
    return accumulatorFor(header);
  } catch (err) {
    if (err instanceof TallyMismatchError) throw new Bad(err.message);
    throw err;
  }
}

function addSeries(into: Reading, s: TallySeries): void {
  try {
    addTallySeries(into.accumulator, s);
  } catch (err) {
    if (err instanceof RangeError) throw new Bad(err.message);
    throw err;
  }
}

function parseReject(o: unknown): Reject {
  if (!isObject(o)) throw new Bad('reject must be an object');
  return { file: str(own(o, 'file'), 'reject file'), line: int(own(o, 'line'), 'reject line'), reason: str(own(o, 'reason'), 'reject reason'), raw: str(own(o, 'raw'), 'reject raw') };
}

/** Reads and checks a tally file; a bad one is a UserError naming the file and line. */
export async function readTallyFile(file: string): Promise<Tally> {
  let lineNo = 0;
  let header: TallyHeader | undefined;
  let reading: Reading | undefined;
  let accounts = 0;
  const rejects: Reject[] = [];
  let ids: IdBlockDecoder | undefined;
  const others: string[] = [];
  const input = createReadStream(file);
  const gunzip = createGunzip();
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY });
  const failed = new Promise<never>((_, reject) => {
    const fail = (err: NodeJS.ErrnoException): void =>
      reject(new UserError(err.code === 'ENOENT' ? `${file}: no such tally file` : `${file}: not a readable gzip'd tally (${err.message})`));
    input.on('error', fail);
    gunzip.on('error', fail);
  });
  failed.catch(() => undefined);
  const read = (async (): Promise<void> => {
    for await (const text of lines) {
      lineNo++;
      if (text.length === 0) continue;
      let o: unknown;
      try {
        o = JSON.parse(text);
      } catch {
        throw new Bad('not valid JSON');
      }
      if (!isObject(o)) throw new Bad('each line must be a JSON object');
      if (header === undefined) {
        header = parseHeader(o);
        ids = new IdBlockDecoder(header.tweetIds?.numeric ?? 0);
        reading = { accumulator: accumulatorOf(header), rows: new LatestRows(header.features.length), activity: new ActivityTally() };
        addUntagged(reading.accumulator, header);
      } else if (Object.prototype.hasOwnProperty.call(o, 'ids')) {
        const bytes = Buffer.from(str(own(o, 'ids'), 'ids'), 'base64');
        try {
          ids?.add(bytes, int(own(o, 'count'), 'count'));
        } catch (err) {
          if (err instanceof RangeError) throw new Bad(err.message);
          throw err;
        }
      } else if (Object.prototype.hasOwnProperty.call(o, 'ids_other')) {
        for (const id of arr(own(o, 'ids_other'), 'ids_other')) others.push(str(id, 'id'));
      } else if (Object.prototype.hasOwnProperty.call(o, 'account')) {
        readAccount(o, reading as Reading);
        accounts++;
      } else if (Object.prototype.hasOwnProperty.call(o, 'series')) {
        addSeries(reading as Reading, parseSeries(o, header.histogramBins));
      } else if (Object.prototype.hasOwnProperty.call(o, 'reject')) {
        rejects.push(parseReject(own(o, 'reject')));
      } else throw new Bad('a line must be a series, an account or a reject');
    }
  })();
  try {
    await Promise.race([read, failed]);
  } catch (err) {
    lines.close();
    input.destroy();
    if (err instanceof Bad) throw new UserError(`${file}:${lineNo}: ${err.message}`);
    throw err;
  }
  if (header === undefined || reading === undefined) throw new UserError(`${file}: empty tally file`);
  if (accounts !== header.accounts || rejects.length !== header.rejects) {
    throw new UserError(`${file}: the tally is incomplete (${accounts} of ${header.accounts} accounts, ${rejects.length} of ${header.rejects} rejects)`);
  }
  const listed = header.tweetIds;
  if (ids === undefined || listed === null || ids.decoded !== listed.numeric || others.length !== listed.other || listed.numeric + listed.other !== header.tweets) {
    throw new UserError(
      `${file}: the tally's tweet ids are incomplete (${(ids?.decoded ?? 0) + others.length} listed of ${header.tweets.toLocaleString('en-US')} tweets)`,
    );
  }
  return withStatistics({ header, rejects }, reading, { highs: ids.highs, lows: ids.lows, others });
}
