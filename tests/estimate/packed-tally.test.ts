/**
 * A packed tally (typed columns, what a worker thread hands back) holds the same tally as
 * `tallyOf` makes of the same parts: unpacked, it equals it value for value — names and their
 * absence, explanation rows (float32) and their absence, active days, carries, every hashtag row.
 */
import { describe, expect, it } from 'vitest';
import { ShareAccumulator } from '../../src/estimate/accumulator.js';
import { ActivityTally } from '../../src/estimate/activity-tally.js';
import { mergePackedTallies, PackedAccountsFold, packedBuffers, packedTallyOf, unpackTally, type MergedTally } from '../../src/estimate/packed-tally.js';
import { accumulatorOfTally, mergeTallies, tallyOf, type Tally, type TallyParts } from '../../src/estimate/tally.js';
import type { Tweet } from '../../src/ingest/tweet.js';
import { createRandom } from '../../src/util/random.js';
import { LatestRows } from '../../src/model/latest-rows.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 2, 10);
const TAGS = ['graziecina', 'forzacinaeitalia', 'italia'];
const WIDTH = 4;

/** The parts of a shard holding tweets `i` of 0..1999 for which `keep(i)`. */
function parts(hashtags?: string[], keep: (i: number) => boolean = () => true): { parts: Omit<TallyParts, 'row'>; rows: Map<string, { at: number; values: number[] }> } {
  const rng = createRandom(5);
  const acc = new ShareAccumulator({ threshold: 0.5, hashtags });
  const activity = new ActivityTally();
  const rows = new Map<string, { at: number; values: number[] }>();
  for (let i = 0; i < 2000; i++) {
    const a = i < 300 ? 3 : rng.int(150);
    const t: Tweet = {
      id: String(1000 + i),
      createdAt: T0 + Math.floor(rng.uniform() * 6 * DAY) + i,
      hashtags: TAGS.filter(() => rng.uniform() < 0.4),
      kind: 'original',
      author: { id: String(a % 7 === 0 ? `x${a}` : 50 + a * 13), screenName: a % 11 === 0 ? undefined : `user${a}`, statuses: a % 9 === 0 ? undefined : 100 + rng.int(5000), createdAt: T0 - (1 + rng.int(900)) * DAY },
    };
    // An account with hundreds of high scores carries whole 2^52 units.
    const score = a === 3 ? 1 : rng.uniform();
    const values = [Math.fround(rng.uniform()), a % 4 === 0 ? Number.NaN : Math.fround(-rng.uniform()), -0, Math.fround(a)];
    if (!keep(i)) continue;
    acc.add({ id: t.id, userId: t.author.id, screenName: t.author.screenName, createdAt: t.createdAt, hashtags: t.hashtags, kind: t.kind, score });
    activity.add(t);
    if (a % 5 !== 0) {
      const kept = rows.get(t.author.id);
      if (kept === undefined || t.createdAt > kept.at) rows.set(t.author.id, { at: t.createdAt, values });
    }
  }
  return {
    rows,
    parts: {
      accumulator: acc,
      activity: (id) => activity.get(id),
      header: { generator: { name: 'botshare', version: 'test' }, model: 'm', timing: false, partition: null, features: ['a', 'b', 'c', 'd'], files: [] },
      rejects: [],
    },
  };
}

describe('packed tallies', () => {
  for (const hashtags of [undefined, TAGS.slice(1)]) {
    it(`unpack to the tally of the same parts (${hashtags === undefined ? 'every hashtag' : 'tracked hashtags'})`, () => {
      const { parts: p, rows } = parts(hashtags);
      const packed = packedTallyOf({ ...p, width: WIDTH, row: (id) => rows.get(id) });
      const tally = tallyOf({ ...p, row: (id) => rows.get(id) });
      expect(unpackTally(packed)).toEqual(tally);
      expect(tally.accounts.some((a) => a.all.carries > 0)).toBe(true);
      expect(tally.accounts.some((a) => a.row === undefined) && tally.accounts.some((a) => a.screenName === undefined)).toBe(true);
      expect(packedBuffers(packed).length).toBeGreaterThan(10);
    });
  }

  it('takes explanation rows copied straight from the scorer\'s latest rows', () => {
    const { parts: p, rows } = parts();
    const latest = new LatestRows(WIDTH);
    for (const [id, r] of rows) latest.offer(id, r.at, r.values);
    const copied = packedTallyOf({ ...p, width: WIDTH, rowInto: (id, out, offset) => latest.copyInto(id, out, offset) });
    expect(copied).toEqual(packedTallyOf({ ...p, width: WIDTH, row: (id) => rows.get(id) }));
    expect(Array.from(copied.rowAt).some(Number.isNaN)).toBe(true);
  });

  it('may leave the activity out (a report reads none), and then refuses to unpack', () => {
    const { parts: p, rows } = parts();
    const packed = packedTallyOf({ ...p, activity: undefined, width: WIDTH, row: (id) => rows.get(id) });
    const full = packedTallyOf({ ...p, width: WIDTH, row: (id) => rows.get(id) });
    expect(packed.activity).toBeUndefined();
    expect({ ...full, activity: undefined }).toEqual(packed);
    expect(() => unpackTally(packed)).toThrow(/no activity/);
    expect(packedBuffers(packed).length).toBe(packedBuffers(full).length - 4);
  });

  it('survives a structured clone with its buffers moved', () => {
    const { parts: p, rows } = parts();
    const packed = packedTallyOf({ ...p, width: WIDTH, row: (id) => rows.get(id) });
    const expected = unpackTally(packed);
    const moved = structuredClone(packed, { transfer: packedBuffers(packed) });
    expect(packed.rows.length).toBe(0);
    expect(unpackTally(moved)).toEqual(expected);
  });

  for (const hashtags of [undefined, TAGS.slice(1)]) {
    it(`merge by their ids into what the merged tally holds (${hashtags === undefined ? 'every hashtag' : 'tracked hashtags'})`, () => {
      // Three shards sharing most accounts: two interleaved, one a contiguous block.
      const keeps = [(i: number) => i < 1500 && i % 2 === 0, (i: number) => i < 1500 && i % 2 === 1, (i: number) => i >= 1500];
      const shards = keeps.map((keep, k) => {
        const { parts: p, rows } = parts(hashtags, keep);
        const files = [{ path: `f${k}`, format: 'v1', read: 1, accepted: 1, rejected: 0, duplicates: 0 }];
        const rejects = [{ file: `f${k}`, line: 7 - k, reason: 'bad', raw: '{' }];
        return { ...p, header: { ...p.header, files }, rejects, row: (id: string) => rows.get(id) };
      });
      const expected = shards.map((p) => tallyOf(p)).reduce((a, b) => mergeTallies(a, b));
      const merged = mergePackedTallies(shards.map((p) => packedTallyOf({ ...p, width: WIDTH })));
      const { accounts, ...rest } = expected;
      expect(merged.tally).toEqual(rest);
      const want = accumulatorOfTally(expected);
      const got = merged.accumulator;
      expect(got.accountEntries()).toEqual(want.accountEntries());
      expect(got.seriesNames()).toEqual(want.seriesNames());
      for (const tag of [null, ...want.seriesNames()]) {
        const [a, b] = [got, want].map((acc) => (tag === null ? acc.overall : acc.series(tag)));
        expect(a?.unitRows()).toEqual(b?.unitRows());
        expect(a?.dayUnits()).toEqual(b?.dayUnits());
        expect([a?.tweets, a?.histogram]).toEqual([b?.tweets, b?.histogram]);
      }
      expect([got.untaggedTweets, got.untaggedAbove]).toEqual([want.untaggedTweets, want.untaggedAbove]);
      const rowsOf = accounts.filter((a) => a.row !== undefined).map((a) => ({ userId: a.id, createdAt: a.row?.at, row: Float64Array.from(a.row?.values ?? []) }));
      expect([...merged.rows.entries()]).toEqual(rowsOf);
      expect(accounts.length).toBe(got.accounts);
      expect(accounts.some((a) => a.all.carries > 0)).toBe(true);
    });
  }

  for (const hashtags of [undefined, TAGS.slice(1)]) {
    it(`fold their accounts in any order into what merging them all at once gives (${hashtags === undefined ? 'every hashtag' : 'tracked hashtags'})`, () => {
      // As a report's workers hand them back: no activity, shares arriving out of input order.
      const keeps = [(i: number) => i < 1500 && i % 3 === 0, (i: number) => i < 1500 && i % 3 === 1, (i: number) => i < 1500 && i % 3 === 2, (i: number) => i >= 1500];
      const shards = keeps.map((keep, k) => {
        const { parts: p, rows } = parts(hashtags, keep);
        const files = [{ path: 'f', format: 'v1', read: 1, accepted: 1, rejected: 0, duplicates: 0 }];
        const rejects = [{ file: 'f', line: 10 + k, reason: 'bad', raw: '{' }];
        return packedTallyOf({ ...p, activity: undefined, header: { ...p.header, files }, rejects, width: WIDTH, row: (id: string) => rows.get(id) });
      });
      const all = mergePackedTallies(shards);
      const same = (got: MergedTally): void => {
        expect(got.tally).toEqual(all.tally);
        expect(got.accumulator.accountEntries()).toEqual(all.accumulator.accountEntries());
        expect(got.accumulator.seriesNames()).toEqual(all.accumulator.seriesNames());
        for (const tag of [null, ...all.accumulator.seriesNames()]) {
          const [a, b] = [got.accumulator, all.accumulator].map((acc) => (tag === null ? acc.overall : acc.series(tag)));
          expect(a?.unitRows()).toEqual(b?.unitRows());
          expect(a?.dayUnits()).toEqual(b?.dayUnits());
          expect([a?.tweets, a?.histogram]).toEqual([b?.tweets, b?.histogram]);
        }
        expect([got.accumulator.untaggedTweets, got.accumulator.untaggedAbove]).toEqual([all.accumulator.untaggedTweets, all.accumulator.untaggedAbove]);
        expect([...got.rows.entries()]).toEqual([...all.rows.entries()]);
      };
      // Headers, series and rejects merge in input order; accounts in the order they come.
      const heads: Tally[] = shards.map((p) => ({ header: p.header, series: p.series, rejects: p.rejects, accounts: [] }));
      const whole = heads.reduce((a, b) => mergeTallies(a, b));
      for (const order of [[0, 1, 2, 3], [3, 1, 0, 2], [2, 3, 1, 0]]) {
        const fold = new PackedAccountsFold();
        for (const k of order) fold.add(shards[k]);
        same(fold.merged({ header: whole.header, series: whole.series, rejects: whole.rejects }));
      }
      expect(all.accumulator.accounts).toBeGreaterThan(100);
      expect(all.tally.rejects.map((r) => r.line)).toEqual([10, 11, 12, 13]);
    });
  }

  it('refuse to fold a tally that holds activity', () => {
    const { parts: p, rows } = parts();
    expect(() => new PackedAccountsFold().add(packedTallyOf({ ...p, width: WIDTH, row: (id) => rows.get(id) }))).toThrow(/activity/);
  });
});
