import { describe, expect, it } from 'vitest';
import { joinId, PackedIdList } from '../../src/ingest/id-set.js';
import { countSharedIds, encodeIdBlocks, IdBlockDecoder, sharedIdsAmong, sortIds, unionIds } from '../../src/ingest/sorted-ids.js';
import { createRandom } from '../../src/util/random.js';

/** Ids as a user's exports hold them: snowflakes of one month, early small ids, far gaps, and a few non-numeric ones. */
function someIds(n: number, seed: number): string[] {
  const rng = createRandom(seed);
  const out = new Set<string>();
  const base = 1_228_000_000_000_000_000n; // February 2020
  while (out.size < n) {
    const r = rng.uniform();
    if (r < 0.8) out.add(String(base + BigInt(Math.floor(rng.uniform() * 2 ** 52))));
    else if (r < 0.9) out.add(String(1 + rng.int(1_000_000)));
    else if (r < 0.97) out.add(String(BigInt(rng.int(4_000_000)) * 1_000_000_000_000n + BigInt(rng.int(1_000_000_000))));
    else out.add(rng.uniform() < 0.5 ? `x${rng.int(1000)}` : `0${rng.int(1000)}`);
  }
  return [...out];
}

const packed = (ids: readonly string[]): ReturnType<PackedIdList['packed']> => {
  const list = new PackedIdList();
  for (const id of ids) list.push(id);
  return list.packed();
};

const asStrings = (p: ReturnType<typeof sortIds>): string[] => [...Array.from(p.highs, (h, i) => joinId(h, p.lows[i])), ...p.others];

describe('sorted tweet ids', () => {
  const ids = someIds(5000, 3);

  it('sort numerically and survive their encoding in blocks, exactly', () => {
    const sorted = sortIds(packed(ids));
    const numeric = asStrings(sorted).slice(0, sorted.highs.length);
    expect(numeric).toEqual([...numeric].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
    expect(new Set(asStrings(sorted))).toEqual(new Set(ids));
    const decoder = new IdBlockDecoder(sorted.highs.length);
    const blocks = [...encodeIdBlocks(sorted, 700)];
    expect(blocks).toHaveLength(Math.ceil(sorted.highs.length / 700));
    for (const b of blocks) decoder.add(b.bytes, b.count);
    expect(decoder.highs).toEqual(sorted.highs);
    expect(decoder.lows).toEqual(sorted.lows);
  });

  it('refuse bytes that do not decode to ascending ids', () => {
    const d = new IdBlockDecoder(2);
    expect(() => d.add(Buffer.from([0x81]), 1)).toThrow(/ends inside an id/);
    const e = new IdBlockDecoder(3);
    expect(() => e.add(Buffer.from([5, 0]), 2)).toThrow(/distinct and ascending/);
    expect(() => new IdBlockDecoder(1).add(Buffer.from([5, 6]), 1)).toThrow(/more than its 1 ids/);
  });

  it('count the ids two lists share, and join them', () => {
    const a = ids.slice(0, 3000);
    const b = ids.slice(2200);
    const shared = 800;
    expect(countSharedIds(sortIds(packed(a)), sortIds(packed(b)))).toBe(shared);
    expect(countSharedIds(sortIds(packed(a)), sortIds(packed([])))).toBe(0);
    const union = unionIds(sortIds(packed(a)), sortIds(packed(b)));
    expect(asStrings(union)).toEqual(asStrings(sortIds(packed(ids))));
  });

  it('find every pair of many lists that share ids, as comparing each pair finds them', () => {
    const rng = createRandom(8);
    // Five lists drawn from one pool with overlaps of every kind: two, three or more lists sharing an id, one list empty.
    const lists = [0.3, 0.25, 0.2, 0, 0.1].map((p) => sortIds(packed(ids.filter(() => rng.uniform() < p))));
    const pairwise = [];
    for (let a = 0; a < lists.length; a++) {
      for (let b = a + 1; b < lists.length; b++) {
        const shared = countSharedIds(lists[a], lists[b]);
        if (shared > 0) pairwise.push({ a, b, shared });
      }
    }
    expect(pairwise.length).toBe(6);
    expect(sharedIdsAmong(lists)).toEqual(pairwise);
    expect(sharedIdsAmong([lists[0], lists[0]])).toEqual([{ a: 0, b: 1, shared: lists[0].highs.length + lists[0].others.length }]);
    expect(sharedIdsAmong([sortIds(packed(ids.slice(0, 100))), sortIds(packed(ids.slice(100, 200)))])).toEqual([]);
  });
});
