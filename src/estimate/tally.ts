/**
 * A tally: the sufficient statistics of a shard of tweets, per account and per hashtag —
 * what the estimators, the bootstrap, the daily series, the top-accounts table and the
 * activity rule read — in a canonical order (accounts by id, series by hashtag). Tallies of
 * shards that share no tweet merge, in any order and any grouping, into the tally of their
 * union: sums are exact (integer score units), ties are broken by value, never by reading
 * order. Pure data and pure functions; the file format is in src/pipeline/tally-file.ts.
 */
import type { Reject } from '../ingest/input-errors.js';
import { carried, greaterRow, laterWins } from '../util/merge-rule.js';
import { windowLabel, windowOfBounds, type WindowBounds } from '../util/window.js';
import type { PackedIds } from '../ingest/id-set.js';
import { countSharedIds, sharedIdsAmong, sortIds, unionIds } from '../ingest/sorted-ids.js';
import { compareIds, HISTOGRAM_BINS, SCORE_UNIT_BITS, ShareAccumulator, type DayUnits, type RowUnits } from './accumulator.js';

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

/** What the activity rule needs of an account. */
export interface TallyActivity {
  /** Distinct UTC days (days since 1970-01-01) with a tweet, ascending. */
  days: number[];
  /** Time of the account's latest tweet. */
  latestAt: number;
  /** statuses / age in days at that tweet (the greatest on a tie); NaN when unknown. */
  profileRate: number;
}

export interface TallyAccount {
  id: string;
  screenName?: string;
  /** Time of the latest tweet that gave the screen name (NaN without one). */
  screenNameAt: number;
  /** The model's feature row at the account's latest tweet (float32 values), for explanations. */
  row?: { at: number; values: number[] };
  activity: TallyActivity;
  /** Over all the account's tweets. */
  all: RowUnits;
  /** Per tracked hashtag, by hashtag name. */
  tags: [string, RowUnits][];
}

export interface TallySeries {
  /** null: all tweets. */
  hashtag: string | null;
  tweets: number;
  histogram: number[];
  days: DayUnits[];
}

export interface Tally {
  header: TallyHeader;
  /** Ascending by id (`compareIds`). */
  accounts: TallyAccount[];
  /** All tweets first, then hashtags by name. */
  series: TallySeries[];
  /** In file order, then line. */
  rejects: Reject[];
  /** The ids of the tweets tallied, sorted (`sortIds`); absent when not kept. */
  tweetIds?: PackedIds;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A tally cannot be merged or read: a user's mistake, said in one sentence. */
export class TallyMismatchError extends Error {}

function addRows(a: RowUnits, b: RowUnits): RowUnits {
  return { tweets: a.tweets + b.tweets, units: a.units + b.units, carries: a.carries + b.carries, above: a.above + b.above };
}

const greaterRate = (a: number, b: number): boolean => (Number.isNaN(b) ? !Number.isNaN(a) : a > b);

/** An account in two tallies of a model that reads timing features (computed over all its tweets). */
export function accountSplitError(id: string): TallyMismatchError {
  return new TallyMismatchError(
    `account ${id} has tweets in two tallies, but the model reads timing features over an account's tweets: shard such input by account, not by tweet`,
  );
}

function mergeAccount(a: TallyAccount, b: TallyAccount, timing: boolean): TallyAccount {
  if (timing) throw accountSplitError(a.id);
  const nameB = b.screenName;
  const nameFromB = nameB !== undefined && (a.screenName === undefined || laterWins(b.screenNameAt, a.screenNameAt, () => nameB > (a.screenName as string)));
  const rowA = a.row;
  const rowB = b.row;
  const row = rowB !== undefined && (rowA === undefined || laterWins(rowB.at, rowA.at, () => greaterRow(rowB.values, rowA.values))) ? rowB : rowA;
  const x = a.activity;
  const y = b.activity;
  const activityFromB = laterWins(y.latestAt, x.latestAt, () => greaterRate(y.profileRate, x.profileRate));
  const tags = new Map(a.tags);
  for (const [tag, r] of b.tags) tags.set(tag, carried(tags.has(tag) ? addRows(tags.get(tag) as RowUnits, r) : r));
  return {
    id: a.id,
    screenName: nameFromB ? b.screenName : a.screenName,
    screenNameAt: nameFromB ? b.screenNameAt : a.screenNameAt,
    row,
    activity: {
      days: [...new Set([...x.days, ...y.days])].sort((p, q) => p - q),
      latestAt: activityFromB ? y.latestAt : x.latestAt,
      profileRate: activityFromB ? y.profileRate : x.profileRate,
    },
    all: carried(addRows(a.all, b.all)),
    tags: [...tags.entries()].sort((p, q) => byName(p[0], q[0])),
  };
}

function mergeSeries(a: TallySeries, b: TallySeries): TallySeries {
  const days = new Map<number, DayUnits>(a.days.map((d) => [d.day, d]));
  for (const d of b.days) {
    const e = days.get(d.day);
    days.set(d.day, e === undefined ? d : carried({ day: d.day, tweets: e.tweets + d.tweets, above: e.above + d.above, units: e.units + d.units, carries: e.carries + d.carries }));
  }
  return {
    hashtag: a.hashtag,
    tweets: a.tweets + b.tweets,
    histogram: a.histogram.map((x, i) => x + b.histogram[i]),
    days: [...days.values()].sort((p, q) => p.day - q.day),
  };
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
 * The tally of the union of two shards. Associative; commutative except for the order of the
 * input files, which follows the arguments (as files on a command line would).
 */
export function mergeTallies(a: Tally, b: Tally, names: [string, string] = ['one tally', 'another']): Tally {
  assertMergeable(a.header, b.header, names);
  const shared = sharedTweets(a, b);
  if (shared !== undefined && shared > 0) throw overlapError([{ names, shared }]);
  const timing = a.header.timing || b.header.timing;
  const accounts: TallyAccount[] = [];
  let i = 0;
  let j = 0;
  while (i < a.accounts.length || j < b.accounts.length) {
    const c = i < a.accounts.length && j < b.accounts.length ? compareIds(a.accounts[i].id, b.accounts[j].id) : i < a.accounts.length ? -1 : 1;
    if (c < 0) accounts.push(a.accounts[i++]);
    else if (c > 0) accounts.push(b.accounts[j++]);
    else accounts.push(mergeAccount(a.accounts[i++], b.accounts[j++], timing));
  }
  const series = new Map<string | null, TallySeries>(a.series.map((s) => [s.hashtag, s]));
  for (const s of b.series) {
    const e = series.get(s.hashtag);
    series.set(s.hashtag, e === undefined ? s : mergeSeries(e, s));
  }
  const files = mergeFiles(a.header.files, b.header.files);
  const rejects = sortRejects([...a.rejects, ...b.rejects], files);
  const ids = a.tweetIds === undefined || b.tweetIds === undefined ? undefined : unionIds(a.tweetIds, b.tweetIds);
  const partition =
    a.header.partition === null || b.header.partition === null
      ? null
      : { count: a.header.partition.count, indices: [...a.header.partition.indices, ...b.header.partition.indices].sort((p, q) => p - q) };
  return {
    header: {
      ...a.header,
      timing,
      partition,
      files,
      tweets: a.header.tweets + b.header.tweets,
      untagged: { tweets: a.header.untagged.tweets + b.header.untagged.tweets, above: a.header.untagged.above + b.header.untagged.above },
      accounts: accounts.length,
      rejects: rejects.length,
      tweetIds: ids === undefined ? null : idCounts(ids),
    },
    accounts,
    series: sortSeries([...series.values()]),
    rejects,
    ...(ids === undefined ? {} : { tweetIds: ids }),
  };
}

/** All tweets first, then by hashtag. */
export function sortSeries(series: TallySeries[]): TallySeries[] {
  return series.sort((p, q) => (p.hashtag === null ? -1 : q.hashtag === null ? 1 : byName(p.hashtag, q.hashtag)));
}

/** The estimates' input: a canonical accumulator (accounts in id order) holding the tally. */
export function accumulatorOfTally(tally: Tally): ShareAccumulator {
  const acc = accumulatorOfSeries(tally);
  for (const a of tally.accounts) {
    const index = acc.addAccount({ userId: a.id, screenName: a.screenName, screenNameAt: a.screenNameAt });
    acc.overall.addRow(index, a.all);
    for (const [tag, row] of a.tags) acc.seriesOrCreate(tag).addRow(index, row);
  }
  return acc;
}

/**
 * An accumulator holding a tally's series (totals, histograms, days) and none of its accounts
 * yet: add them in id order (`addAccount`, then the series' `addRow`) to keep it canonical.
 */
export function accumulatorOfSeries(tally: Omit<Tally, 'accounts'>): ShareAccumulator {
  const h = tally.header;
  if (h.scoreUnitBits !== SCORE_UNIT_BITS || h.histogramBins !== HISTOGRAM_BINS) {
    throw new TallyMismatchError(`the tally counts scores in units of 2^-${h.scoreUnitBits} and ${h.histogramBins} bins; this botshare reads 2^-${SCORE_UNIT_BITS} and ${HISTOGRAM_BINS}`);
  }
  const acc = new ShareAccumulator({ threshold: h.threshold, hashtags: h.hashtags ?? undefined });
  acc.untaggedTweets = h.untagged.tweets;
  acc.untaggedAbove = h.untagged.above;
  for (const s of tally.series) {
    const target = s.hashtag === null ? acc.overall : acc.seriesOrCreate(s.hashtag);
    target.tweets += s.tweets;
    for (let b = 0; b < HISTOGRAM_BINS; b++) target.histogram[b] += s.histogram[b];
    for (const d of s.days) target.addDay(d.day, d.tweets, d.above, d.units, d.carries);
  }
  return acc;
}

/** What the activity rule (src/replicate/activity-rule.ts) reads of an account. */
export interface ActivityOfAccount {
  id: string;
  tweets: number;
  activeDays: number;
  profileRate: number;
  byHashtag: Map<string, number>;
}

/** The activity rule's view of the tally's accounts (tweets per tracked hashtag included). */
export function activitiesOfTally(tally: Tally): ActivityOfAccount[] {
  return tally.accounts.map((a) => ({
    id: a.id,
    tweets: a.all.tweets,
    activeDays: a.activity.days.length,
    profileRate: a.activity.profileRate,
    byHashtag: new Map(a.tags.map(([tag, r]) => [tag, r.tweets])),
  }));
}

export { sortRejects };
export const byHashtagName = byName;

/** The pieces of one pass over a shard that make its tally. */
export interface TallyParts {
  /** The shard's scored tweets, in any order. */
  accumulator: ShareAccumulator;
  activity: (userId: string) => TallyActivity | undefined;
  /** The explanation row of an account at its latest tweet, when the scorer keeps them. */
  row?: (userId: string) => { at: number; values: number[] } | undefined;
  header: Omit<TallyHeader, 'format' | 'version' | 'threshold' | 'scoreUnitBits' | 'histogramBins' | 'hashtags' | 'tweets' | 'untagged' | 'accounts' | 'rejects' | 'tweetIds'>;
  rejects: Reject[];
  /** The ids of the tweets tallied, in any order; kept (sorted) in the tally when given. */
  tweetIds?: PackedIds;
}

const idCounts = (ids: PackedIds): TallyIdCounts => ({ numeric: ids.highs.length, other: ids.others.length });

/** The canonical tally of one shard. */
export function tallyOf(parts: TallyParts): Tally {
  const acc = parts.accumulator.canonical();
  const names = acc.seriesNames();
  const tagged = names.map((tag) => ({ tag, series: acc.series(tag) }));
  const accounts: TallyAccount[] = acc.accountEntries().map((e, i) => {
    const activity = parts.activity(e.userId);
    if (activity === undefined) throw new Error(`account ${e.userId} was scored but its activity was not tallied`);
    const tags: [string, RowUnits][] = [];
    for (const { tag, series } of tagged) {
      const row = series?.rowUnits(i);
      if (row !== undefined) tags.push([tag, row]);
    }
    return {
      id: e.userId,
      screenName: e.screenName,
      screenNameAt: e.screenNameAt,
      row: parts.row?.(e.userId),
      activity,
      all: acc.overall.rowUnits(i) as RowUnits,
      tags,
    };
  });
  const head = tallyHeaderOf(acc, parts, accounts.length);
  if (parts.tweetIds === undefined) return { ...head, accounts };
  const tweetIds = sortIds(parts.tweetIds);
  return { ...head, header: { ...head.header, tweetIds: idCounts(tweetIds) }, accounts, tweetIds };
}

/** A shard's header, series and rejects (all of its tally but the accounts), from its canonical accumulator. */
export function tallyHeaderOf(acc: ShareAccumulator, parts: Pick<TallyParts, 'header' | 'rejects'>, accounts: number): Omit<Tally, 'accounts'> {
  const seriesOf = (hashtag: string | null): TallySeries => {
    const s = hashtag === null ? acc.overall : acc.series(hashtag);
    if (s === undefined) throw new Error(`no series #${hashtag}`);
    return { hashtag, tweets: s.tweets, histogram: [...s.histogram], days: s.dayUnits() };
  };
  const rejects = sortRejects([...parts.rejects], parts.header.files);
  return {
    header: {
      format: TALLY_FORMAT,
      version: TALLY_VERSION,
      ...parts.header,
      threshold: acc.threshold,
      scoreUnitBits: SCORE_UNIT_BITS,
      histogramBins: HISTOGRAM_BINS,
      hashtags: acc.tracked === undefined ? null : [...acc.tracked].sort(byName),
      tweets: acc.tweets,
      untagged: { tweets: acc.untaggedTweets, above: acc.untaggedAbove },
      accounts,
      rejects: rejects.length,
      tweetIds: null,
    },
    series: [seriesOf(null), ...acc.seriesNames().map(seriesOf)],
    rejects,
  };
}
