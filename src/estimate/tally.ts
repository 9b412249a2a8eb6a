/**
 * A tally: the sufficient statistics of a shard of tweets — what the estimators, the
 * bootstrap, the daily series, the top-accounts table and the activity rule read — held as
 * one accumulator (./accumulator.ts) with what a shard adds to it: a header saying what made
 * it, each account's explanation row and activity, the records it could not read and the ids
 * of its tweets. Tallies of shards that share no tweet merge, in any order and any grouping,
 * into the tally of their union: `mergeTallies`, the one merge, folds accumulator into
 * accumulator by the merge rule (../util/merge-rule.ts). The tally file
 * (src/pipeline/tally-file.ts) and the packed form a worker thread hands back
 * (./packed-tally.ts) are serialisations of it.
 */
import type { Reject } from '../ingest/input-errors.js';
import { windowLabel, windowOfBounds, type WindowBounds } from '../util/window.js';
import type { PackedIds } from '../ingest/id-set.js';
import { countSharedIds, sharedIdsAmong, sortIds, unionIds } from '../ingest/sorted-ids.js';
import { LatestRows } from '../model/latest-rows.js';
import { compareIds, HISTOGRAM_BINS, SCORE_UNIT_BITS, ShareAccumulator, type DayUnits, type RowUnits } from './accumulator.js';
import { ActivityTally, type TallyActivity } from './activity-tally.js';

export const TALLY_FORMAT = 'botshare-tally';
/** 2: the tally lists its tweets' ids (version 1 did not, so overlapping tallies went unseen). */
export const TALLY_VERSION = 2;

/** Per-file counts as ingestion reports them. */
export interface TallyFileCount {
  path: string;
  format: string;
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  /** With a window: tweets posted outside it (absent without one). */
  outsideWindow?: number;
}

/** Which shards of a partition by tweet id a tally holds (`indices` of `count`, 0-based). */
export interface TallyPartition {
  count: number;
  indices: number[];
}

export interface TallyHeader {
  format: typeof TALLY_FORMAT;
  version: typeof TALLY_VERSION;
  generator: { name: string; version: string };
  /** The scoring model's id: tallies of different models never merge. */
  model: string;
  /** The model's decision threshold (`above` counts scores ≥ it). */
  threshold: number;
  /** Whether the model reads timing features (then an account must sit in one shard only). */
  timing: boolean;
  /** Score sums are integers in units of 2^-scoreUnitBits. */
  scoreUnitBits: number;
  histogramBins: number;
  /** Tracked hashtags (normalized, sorted), or null when every hashtag is tracked. */
  hashtags: string[] | null;
  partition: TallyPartition | null;
  /** Names of the explanation row's columns (the model's feature registry order). */
  features: string[];
  files: TallyFileCount[];
  /** The time window (--since/--until) the shard was read in; absent: all times. Tallies of different windows never merge. */
  window?: WindowBounds;
  tweets: number;
  /** Tweets with no hashtag, and how many of them score at or above the threshold. */
  untagged: { tweets: number; above: number };
  accounts: number;
  rejects: number;
  /** How many ids the tally lists (numeric ones, then others); null: the tally in memory lists none. */
  tweetIds: TallyIdCounts | null;
}

/** How many tweet ids a tally lists: as numbers (sorted differences on disk) and as strings. */
export interface TallyIdCounts {
  numeric: number;
  other: number;
}

/** One series' totals as the serialisations write them (the accumulator holds its rows too). */
export interface TallySeries {
  /** null: all tweets. */
  hashtag: string | null;
  tweets: number;
  histogram: number[];
  days: DayUnits[];
}

export interface Tally {
  header: TallyHeader;
  /**
   * Canonical (`canonical()`): accounts in id order, every series' rows in that order; only the
   * parts a worker packs straight (`tallyHeadOf`, `packTally`) are in reading order.
   */
  accumulator: ShareAccumulator;
  /** Each account's explanation row at its latest tweet (`header.features` values). */
  rows: LatestRows;
  /** What the activity rule reads of each account; absent in a tally made for a report. */
  activity?: ActivityTally;
  /** In file order, then line. */
  rejects: Reject[];
  /** The ids of the tweets tallied, sorted (`sortIds`); absent when not kept. */
  tweetIds?: PackedIds;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A tally cannot be merged or read: a user's mistake, said in one sentence. */
export class TallyMismatchError extends Error {}

/** An account in two tallies of a model that reads timing features (computed over all its tweets). */
function accountSplitError(id: string): TallyMismatchError {
  return new TallyMismatchError(
    `account ${id} has tweets in two tallies, but the model reads timing features over an account's tweets: shard such input by account, not by tweet`,
  );
}

/**
 * What a tally was made with, field by field: tallies merge only when every field agrees, and
 * a refusal names the field that differs. A new option that changes what a tally counts (a
 * time window, say) is one more entry here and one more header key.
 */
export interface ProvenanceField {
  /** Plural, as in "made with different …". */
  what: string;
  /** The field's value, as a string compared between tallies and shown in the message. */
  value: (h: TallyHeader) => string;
}

export const TALLY_PROVENANCE: ProvenanceField[] = [
  { what: 'models', value: (h) => h.model },
  { what: 'thresholds', value: (h) => String(h.threshold) },
  { what: 'score units', value: (h) => String(h.scoreUnitBits) },
  { what: 'histograms', value: (h) => String(h.histogramBins) },
  { what: 'tracked hashtags (--hashtags)', value: (h) => h.hashtags?.join(',') ?? 'all' },
  { what: 'feature lists', value: (h) => `${h.features.length} features: ${h.features.join(',')}` },
  { what: 'time windows (--since/--until)', value: (h) => (h.window === undefined ? 'all times' : windowLabel(windowOfBounds(h.window))) },
  { what: 'partitioning', value: (h) => (h.partition === null ? 'none' : `of ${h.partition.count}`) },
];

/** Refuses, with the reason, to merge tallies that were not made alike. */
export function assertMergeable(a: TallyHeader, b: TallyHeader, names: [string, string] = ['one tally', 'another']): void {
  for (const field of TALLY_PROVENANCE) {
    const x = field.value(a);
    const y = field.value(b);
    if (x !== y) throw new TallyMismatchError(`${names[0]} and ${names[1]} were made with different ${field.what} (${x} vs ${y}): tallies merge only when made alike`);
  }
  if (a.partition !== null && b.partition !== null) {
    const twice = a.partition.indices.find((i) => b.partition?.indices.includes(i));
    if (twice !== undefined) {
      throw new TallyMismatchError(`${names[0]} and ${names[1]} both hold partition ${twice + 1}/${a.partition.count}: each tweet would count twice`);
    }
  }
}

/** Whether two tallies' tweets are disjoint by construction: distinct shards of one partition by tweet id. */
export function disjointByPartition(a: TallyHeader, b: TallyHeader): boolean {
  return a.partition !== null && b.partition !== null && a.partition.count === b.partition.count && !a.partition.indices.some((i) => b.partition?.indices.includes(i));
}

/** How many tweets two tallies both counted (0 when disjoint by partition); undefined when either lists no ids. */
export function sharedTweets(a: Pick<Tally, 'header' | 'tweetIds'>, b: Pick<Tally, 'header' | 'tweetIds'>): number | undefined {
  if (disjointByPartition(a.header, b.header)) return 0;
  return a.tweetIds === undefined || b.tweetIds === undefined ? undefined : countSharedIds(a.tweetIds, b.tweetIds);
}

/**
 * Up to this many tallies, each pair's ids are walked (about 10 ns an id, and nothing for a pair
 * whose ranges of ids do not overlap, as shards by day); past it, one merge of all the lists
 * (a heap: about 150 ns an id and level, log2 k levels), whose cost grows with log k instead
 * of k. At 64 tallies of a million ids in all the two were about even (0.65 s and 0.92 s on a
 * loaded machine: docs/evidence/tally-ids-cost.json).
 */
const PAIRWISE_UP_TO = 64;

/**
 * Every pair of tallies (by position) that counted the same tweets, with how many; distinct
 * shards of one partition are disjoint by construction and not compared.
 */
export function sharedTweetsAmong(tallies: readonly Pick<Tally, 'header' | 'tweetIds'>[]): { a: number; b: number; shared: number }[] {
  const lists = tallies.map((t) => {
    if (t.tweetIds === undefined) throw new Error('a tally without its tweet ids cannot be checked for shared tweets');
    return t.tweetIds;
  });
  const apart = (a: number, b: number): boolean => disjointByPartition(tallies[a].header, tallies[b].header);
  if (tallies.length > PAIRWISE_UP_TO) return sharedIdsAmong(lists).filter(({ a, b }) => !apart(a, b));
  const out: { a: number; b: number; shared: number }[] = [];
  for (let a = 0; a < lists.length; a++) {
    for (let b = a + 1; b < lists.length; b++) {
      const shared = apart(a, b) ? 0 : countSharedIds(lists[a], lists[b]);
      if (shared > 0) out.push({ a, b, shared });
    }
  }
  return out;
}

/** Two tallies that counted the same tweets: refused, for their sum would count those twice. */
export function overlapError(pairs: readonly { names: [string, string]; shared: number }[]): TallyMismatchError {
  const shown = pairs.slice(0, 10).map((p) => `${p.names[0]} and ${p.names[1]} share ${p.shared.toLocaleString('en-US')} tweets`);
  const more = pairs.length > shown.length ? `; and ${pairs.length - shown.length} more pairs` : '';
  return new TallyMismatchError(
    `${shown.join('; ')}${more}: merged, those tweets would count twice (one run over the files counts each once). ` +
      'Tally overlapping files together (`botshare tally A B -o AB.tally`), or give every shard all the files with `--partition K/N`',
  );
}

function mergeFiles(a: readonly TallyFileCount[], b: readonly TallyFileCount[]): TallyFileCount[] {
  const out = a.map((f) => ({ ...f }));
  for (const f of b) {
    // The same file in two tallies: the shards of a partition each read it; their counts add up.
    const e = out.find((g) => g.path === f.path);
    if (e === undefined) out.push({ ...f });
    else {
      e.read += f.read;
      e.accepted += f.accepted;
      e.rejected += f.rejected;
      e.duplicates += f.duplicates;
      if (f.outsideWindow !== undefined) e.outsideWindow = (e.outsideWindow ?? 0) + f.outsideWindow;
    }
  }
  return out;
}

/** Rejects in file order (as listed in `files`), then by line; stable within a line. */
function sortRejects(rejects: Reject[], files: readonly TallyFileCount[]): Reject[] {
  const rank = new Map(files.map((f, i) => [f.path, i]));
  return rejects
    .map((r, i) => ({ r, i }))
    .sort((p, q) => (rank.get(p.r.file) ?? files.length) - (rank.get(q.r.file) ?? files.length) || p.r.line - q.r.line || p.i - q.i)
    .map((x) => x.r);
}

/**
 * A model that reads timing features computes them over all of an account's tweets: tallies
 * of such a model merge only when no account is in both. Refuses, naming the least such id.
 */
export function refuseSplitAccounts(into: ShareAccumulator, ids: Iterable<string>): void {
  let least: string | undefined;
  for (const id of ids) if (into.hasAccount(id) && (least === undefined || compareIds(id, least) < 0)) least = id;
  if (least !== undefined) throw accountSplitError(least);
}

/** What a tally says of itself besides its statistics: header and rejects. */
export type TallyHead = Pick<Tally, 'header' | 'rejects'>;

/**
 * Header and rejects of two tallies' union (counts of accounts and ids left to the caller):
 * input files in argument order, rejects in file order then line.
 */
export function mergeTallyHeads(a: TallyHead, b: TallyHead, names: [string, string] = ['one tally', 'another']): TallyHead {
  assertMergeable(a.header, b.header, names);
  const files = mergeFiles(a.header.files, b.header.files);
  const rejects = sortRejects([...a.rejects, ...b.rejects], files);
  const partition =
    a.header.partition === null || b.header.partition === null
      ? null
      : { count: a.header.partition.count, indices: [...a.header.partition.indices, ...b.header.partition.indices].sort((p, q) => p - q) };
  return {
    header: {
      ...a.header,
      timing: a.header.timing || b.header.timing,
      partition,
      files,
      tweets: a.header.tweets + b.header.tweets,
      untagged: { tweets: a.header.untagged.tweets + b.header.untagged.tweets, above: a.header.untagged.above + b.header.untagged.above },
      rejects: rejects.length,
    },
    rejects,
  };
}

/** What a tally counts, without its header: what shards fold into, in any order. */
export type TallyStatistics = Pick<Tally, 'accumulator' | 'rows' | 'activity'>;

/**
 * Folds `from`'s statistics into `into` (changed; `from` is not): accounts, rows and
 * activity of both. A model that reads timing features computes them over all of an
 * account's tweets, so with `timing` an account in both is refused. Activity is kept only
 * when both hold it.
 */
function foldStatistics(into: TallyStatistics, from: TallyStatistics, timing: boolean): void {
  if (timing) refuseSplitAccounts(into.accumulator, from.accumulator.accountEntries().map((e) => e.userId));
  into.accumulator.merge(from.accumulator);
  into.rows.merge(from.rows);
  if (into.activity !== undefined && from.activity !== undefined) into.activity.merge(from.activity);
  else into.activity = undefined;
}

/** Empty statistics of tallies with this header, for `foldStatistics`. */
export function emptyStatistics(header: TallyHeader, activity: boolean): TallyStatistics {
  return {
    accumulator: accumulatorFor(header),
    rows: new LatestRows(header.features.length),
    ...(activity ? { activity: new ActivityTally() } : {}),
  };
}

/**
 * The tally of the union of two shards. Associative; commutative except for the order of the
 * input files, which follows the arguments (as files on a command line would). Refuses
 * tallies not made alike, tallies that counted the same tweets, and, for a model that reads
 * timing, an account in both.
 */
export function mergeTallies(a: Tally, b: Tally, names: [string, string] = ['one tally', 'another']): Tally {
  const head = mergeTallyHeads(a, b, names);
  const shared = sharedTweets(a, b);
  if (shared !== undefined && shared > 0) throw overlapError([{ names, shared }]);
  const stats = emptyStatistics(head.header, a.activity !== undefined && b.activity !== undefined);
  foldStatistics(stats, a, false);
  foldStatistics(stats, b, head.header.timing);
  const ids = a.tweetIds === undefined || b.tweetIds === undefined ? undefined : unionIds(a.tweetIds, b.tweetIds);
  return withStatistics(head, stats, ids);
}

/**
 * `mergeTallies` over many shards, in order, folding each into one running statistics: a
 * shard's accounts are copied once, where merging pairs would copy the running total at every
 * step (k shards: k copies of it). The same refusals as `mergeTallies`, but the tweets two
 * shards share are left to the caller (`sharedTweetsAmong` over the ids it kept).
 */
export class TallyFold {
  private head: TallyHead | undefined;
  private stats: TallyStatistics | undefined;
  private names = '';

  add(t: Tally, name: string): void {
    if (this.head === undefined || this.stats === undefined) {
      this.head = { header: t.header, rejects: t.rejects };
      this.stats = emptyStatistics(t.header, t.activity !== undefined);
      foldStatistics(this.stats, t, false);
    } else {
      const head = mergeTallyHeads(this.head, t, [this.names, name]);
      foldStatistics(this.stats, t, head.header.timing);
      this.head = head;
    }
    this.names = this.names === '' ? name : `${this.names}, ${name}`;
  }

  /** The merged tally (its ids not kept); undefined before the first shard. */
  tally(): Tally | undefined {
    if (this.head === undefined || this.stats === undefined) return undefined;
    return withStatistics({ header: { ...this.head.header, tweetIds: null }, rejects: this.head.rejects }, this.stats);
  }
}

/** A tally of a header, rejects and statistics, the header's counts of accounts and ids set, the accumulator made canonical. */
export function withStatistics(head: TallyHead, stats: TallyStatistics, tweetIds?: PackedIds): Tally {
  const accumulator = stats.accumulator.canonical();
  return {
    header: { ...head.header, accounts: accumulator.accounts, tweetIds: tweetIds === undefined ? null : idCounts(tweetIds) },
    accumulator,
    rows: stats.rows,
    ...(stats.activity === undefined ? {} : { activity: stats.activity }),
    rejects: head.rejects,
    ...(tweetIds === undefined ? {} : { tweetIds }),
  };
}

/** An empty accumulator for a tally with this header; refuses units or bins this botshare does not read. */
export function accumulatorFor(h: TallyHeader): ShareAccumulator {
  if (h.scoreUnitBits !== SCORE_UNIT_BITS || h.histogramBins !== HISTOGRAM_BINS) {
    throw new TallyMismatchError(`the tally counts scores in units of 2^-${h.scoreUnitBits} and ${h.histogramBins} bins; this botshare reads 2^-${SCORE_UNIT_BITS} and ${HISTOGRAM_BINS}`);
  }
  return new ShareAccumulator({ threshold: h.threshold, hashtags: h.hashtags ?? undefined });
}

/** The series of an accumulator as the serialisations write them: all tweets first, then hashtags by name. */
export function tallySeriesOf(accumulator: ShareAccumulator): TallySeries[] {
  const seriesOf = (hashtag: string | null): TallySeries => {
    const s = hashtag === null ? accumulator.overall : accumulator.series(hashtag);
    if (s === undefined) throw new Error(`no series #${hashtag}`);
    return { hashtag, tweets: s.tweets, histogram: [...s.histogram], days: s.dayUnits() };
  };
  return [seriesOf(null), ...accumulator.seriesNames().map(seriesOf)];
}

/** Adds the header's count of tweets with no hashtag to the accumulator: a serialisation read back. */
export function addUntagged(accumulator: ShareAccumulator, h: TallyHeader): void {
  accumulator.untaggedTweets += h.untagged.tweets;
  accumulator.untaggedAbove += h.untagged.above;
}

/** Adds a written series' totals (tweets, histogram, days) to the accumulator: a serialisation read back. */
export function addTallySeries(accumulator: ShareAccumulator, s: TallySeries): void {
  const target = s.hashtag === null ? accumulator.overall : accumulator.seriesOrCreate(s.hashtag);
  target.tweets += s.tweets;
  for (let b = 0; b < HISTOGRAM_BINS; b++) target.histogram[b] += s.histogram[b];
  for (const d of s.days) target.addDay(d.day, d.tweets, d.above, d.units, d.carries);
}

/** What the activity rule (src/replicate/activity-rule.ts) reads of an account. */
export interface ActivityOfAccount {
  id: string;
  tweets: number;
  activeDays: number;
  profileRate: number;
  byHashtag: Map<string, number>;
}

/** One account of a tally as its file line lists it (src/pipeline/tally-file.ts). */
export interface TallyAccountView {
  id: string;
  screenName?: string;
  screenNameAt: number;
  /** Its explanation row (float32 values), or undefined. */
  row?: { at: number; values: Float32Array };
  activity?: TallyActivity;
  all: RowUnits;
  /** Per hashtag with a row, by name. */
  tags: [string, RowUnits][];
}

/** Every account of a tally, in id order, with its rows: what the file writes and the activity rule reads. */
export function* tallyAccounts(t: Pick<Tally, 'accumulator' | 'rows' | 'activity'>): Generator<TallyAccountView> {
  const accumulator = t.accumulator.canonical();
  const tagged = accumulator.seriesNames().map((tag) => ({ tag, series: accumulator.series(tag) }));
  const width = t.rows.width;
  let i = 0;
  for (const e of accumulator.accountEntries()) {
    const tags: [string, RowUnits][] = [];
    for (const { tag, series } of tagged) {
      const row = series?.rowUnits(i);
      if (row !== undefined) tags.push([tag, row]);
    }
    const values = new Float32Array(width);
    const at = t.rows.copyInto(e.userId, values, 0);
    yield {
      id: e.userId,
      screenName: e.screenName,
      screenNameAt: e.screenNameAt,
      row: Number.isNaN(at) ? undefined : { at, values },
      activity: t.activity?.get(e.userId),
      all: accumulator.overall.rowUnits(i) as RowUnits,
      tags,
    };
    i++;
  }
}

/** The activity rule's view of the tally's accounts (tweets per tracked hashtag included). */
export function activitiesOfTally(tally: Tally): ActivityOfAccount[] {
  if (tally.activity === undefined) throw new Error('this tally holds no activity: it was made for a report');
  return [...tallyAccounts(tally)].map((a) => ({
    id: a.id,
    tweets: a.all.tweets,
    activeDays: a.activity?.days.length ?? 0,
    profileRate: a.activity?.profileRate ?? Number.NaN,
    byHashtag: new Map(a.tags.map(([tag, r]) => [tag, r.tweets])),
  }));
}

/** The pieces of one pass over a shard that make its tally. */
export interface TallyParts {
  /** The shard's scored tweets, in any order. */
  accumulator: ShareAccumulator;
  /** What the activity rule reads, when tallied (a report does not read it). */
  activity?: ActivityTally;
  /** Explanation rows at each account's latest tweet (accounts it does not hold are left out). */
  rows: LatestRows;
  header: Omit<TallyHeader, 'format' | 'version' | 'threshold' | 'scoreUnitBits' | 'histogramBins' | 'hashtags' | 'tweets' | 'untagged' | 'accounts' | 'rejects' | 'tweetIds'>;
  rejects: Reject[];
  /** The ids of the tweets tallied, in any order; kept (sorted) in the tally when given. */
  tweetIds?: PackedIds;
}

const idCounts = (ids: PackedIds): TallyIdCounts => ({ numeric: ids.highs.length, other: ids.others.length });

/** The canonical tally of one shard. */
export function tallyOf(parts: TallyParts): Tally {
  const accumulator = parts.accumulator.canonical();
  const entries = accumulator.accountEntries();
  const rows = new LatestRows(parts.rows.width, entries.length);
  const row = new Float32Array(parts.rows.width);
  for (const { userId } of entries) {
    const at = parts.rows.copyInto(userId, row, 0);
    if (!Number.isNaN(at)) rows.offer(userId, at, row);
  }
  return withStatistics(tallyHeadOf(parts), { accumulator, rows, activity: parts.activity }, parts.tweetIds === undefined ? undefined : sortIds(parts.tweetIds));
}

/**
 * A shard's header and rejects (rejects in file order, then line; no ids listed). With the
 * parts' accumulator (in any order) and rows (of these accounts and maybe others), what
 * `packTally` reads without the copies `tallyOf` makes.
 */
export function tallyHeadOf(parts: TallyParts): TallyHead {
  const accumulator = parts.accumulator;
  if (parts.activity !== undefined) {
    for (const { userId } of accumulator.accountEntries()) if (!parts.activity.has(userId)) throw new Error(`account ${userId} was scored but its activity was not tallied`);
  }
  const rejects = sortRejects([...parts.rejects], parts.header.files);
  return {
    header: {
      format: TALLY_FORMAT,
      version: TALLY_VERSION,
      ...parts.header,
      threshold: accumulator.threshold,
      scoreUnitBits: SCORE_UNIT_BITS,
      histogramBins: HISTOGRAM_BINS,
      hashtags: accumulator.tracked === undefined ? null : [...accumulator.tracked].sort(byName),
      tweets: accumulator.tweets,
      untagged: { tweets: accumulator.untaggedTweets, above: accumulator.untaggedAbove },
      accounts: accumulator.accounts,
      rejects: rejects.length,
      tweetIds: null,
    },
    rejects,
  };
}
