/**
 * A packed tally (typed columns, what a worker thread hands back) is a serialisation of a
 * tally: unpacked, it equals it value for value — names and their absence, explanation rows
 * (float32) and their absence, active days, carries, every hashtag row. Shares folded as they
 * come (the workers' route) give what `mergeTallies` gives of them in input order.
 */
import { describe, expect, it } from 'vitest';
import { ShareAccumulator } from '../../src/estimate/accumulator.js';
import { ActivityTally } from '../../src/estimate/activity-tally.js';
import { foldPacked, packedBuffers, packTally } from '../../src/estimate/packed-tally.js';
import { emptyStatistics, mergeTallies, mergeTallyHeads, tallyHeadOf, tallyOf, withStatistics, type Tally, type TallyParts } from '../../src/estimate/tally.js';
import { tallyView, unpackedTally } from '../helpers/tally-view.js';
import type { Tweet } from '../../src/ingest/tweet.js';
import { createRandom } from '../../src/util/random.js';
import { LatestRows } from '../../src/model/latest-rows.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 2, 10);
const TAGS = ['graziecina', 'forzacinaeitalia', 'italia'];
const WIDTH = 4;

/** The parts of a shard holding tweets `i` of 0..1999 for which `keep(i)`. */
function parts(hashtags?: string[], keep: (i: number) => boolean = () => true): TallyParts {
  const rng = createRandom(5);
  const acc = new ShareAccumulator({ threshold: 0.5, hashtags });
  const activity = new ActivityTally();
  const rows = new LatestRows(WIDTH);
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
    if (a % 5 !== 0) rows.offer(t.author.id, t.createdAt, values);
  }
  return {
    accumulator: acc,
    activity,
    rows,
    header: { generator: { name: 'botshare', version: 'test' }, model: 'm', timing: false, partition: null, features: ['a', 'b', 'c', 'd'], files: [] },
    rejects: [],
  };
}

describe('packed tallies', () => {
  for (const hashtags of [undefined, TAGS.slice(1)]) {
    it(`unpack to the tally they pack (${hashtags === undefined ? 'every hashtag' : 'tracked hashtags'})`, () => {
      const tally = tallyOf(parts(hashtags));
      const packed = packTally(tally);
      expect(tallyView(unpackedTally(packed))).toEqual(tallyView(tally));
      expect(Array.from(packed.all.carries).some((c) => c > 0)).toBe(true);
      expect(Array.from(packed.rowAt).some(Number.isNaN) && packed.screenNames.includes(null)).toBe(true);
      expect(packedBuffers(packed).length).toBeGreaterThan(10);
    });
  }

  it('pack a shard\'s parts as they are (reading order, the scorer\'s rows) as its tally', () => {
    const p = parts(TAGS.slice(1));
    expect(p.accumulator.canonical()).not.toBe(p.accumulator);
    p.rows.offer('not in this shard', T0, [1, 2, 3, 4]);
    const packed = packTally({ ...tallyHeadOf(p), accumulator: p.accumulator, rows: p.rows, activity: p.activity });
    expect(packed).toEqual(packTally(tallyOf(p)));
  });

  it('may leave the activity out (a report reads none)', () => {
    const p = parts();
    const full = packTally(tallyOf(p));
    const packed = packTally(tallyOf({ ...p, activity: undefined }));
    expect(packed.activity).toBeUndefined();
    expect({ ...full, activity: undefined }).toEqual(packed);
    expect(unpackedTally(packed).activity).toBeUndefined();
    expect(packedBuffers(packed).length).toBe(packedBuffers(full).length - 4);
  });

  it('survives a structured clone with its buffers moved', () => {
    const packed = packTally(tallyOf(parts()));
    const expected = tallyView(unpackedTally(packed));
    const moved = structuredClone(packed, { transfer: packedBuffers(packed) });
    expect(packed.rows.length).toBe(0);
    expect(tallyView(unpackedTally(moved))).toEqual(expected);
  });

  for (const hashtags of [undefined, TAGS.slice(1)]) {
    it(`fold as they come into what merging them in input order gives (${hashtags === undefined ? 'every hashtag' : 'tracked hashtags'})`, () => {
      // As a report's workers hand them back: no activity, shares arriving out of input order.
      const keeps = [(i: number) => i < 1500 && i % 3 === 0, (i: number) => i < 1500 && i % 3 === 1, (i: number) => i < 1500 && i % 3 === 2, (i: number) => i >= 1500];
      const shards = keeps.map((keep, k) => {
        const p = parts(hashtags, keep);
        const files = [{ path: `f${k % 2}`, format: 'v1', read: 1, accepted: 1, rejected: 0, duplicates: 0 }];
        const rejects = [{ file: `f${k % 2}`, line: 10 + k, reason: 'bad', raw: '{' }];
        return packTally(tallyOf({ ...p, activity: undefined, header: { ...p.header, files }, rejects }));
      });
      const whole = shards.map(unpackedTally).reduce((a, b) => mergeTallies(a, b));
      for (const order of [[0, 1, 2, 3], [3, 1, 0, 2], [2, 3, 1, 0]]) {
        const stats = emptyStatistics(shards[0].header, false);
        for (const k of order) foldPacked(stats, shards[k], false);
        const heads = shards.map(unpackedTally).map((t) => ({ header: t.header, rejects: t.rejects }));
        expect(tallyView(withStatistics(heads.reduce((a, b) => mergeTallyHeads(a, b)), stats))).toEqual(tallyView(whole));
      }
      expect(whole.accumulator.accounts).toBeGreaterThan(100);
      expect(whole.accumulator.overall.unitRows().carries.some((c) => c > 0)).toBe(true);
      expect(whole.header.files.map((f) => [f.path, f.read])).toEqual([['f0', 2], ['f1', 2]]);
      expect(whole.rejects.map((r) => r.line)).toEqual([10, 12, 11, 13]);
    });
  }

  it('refuse an account in two shards when the model reads timing', () => {
    const timed = (keep: (i: number) => boolean): Tally => {
      const p = parts(undefined, keep);
      return tallyOf({ ...p, header: { ...p.header, timing: true } });
    };
    const [a, b] = [timed((i) => i % 2 === 0), timed((i) => i % 2 === 1)];
    expect(() => mergeTallies(a, b)).toThrow(/account 63 has tweets in two tallies.*shard such input by account/);
    expect(() => foldPacked({ ...a, rows: new LatestRows(WIDTH) }, packTally(b), true)).toThrow(/account 63 has tweets in two tallies/);
  });
});
