/**
 * What the tweet ids of a tally (format version 2) cost: bytes a tweet in the gzip'd file and
 * time to sort, encode, decode and compare them, on real exports (their tally written whole,
 * so the ids' share of the file is measured, not estimated) and on a million snowflake ids
 * drawn uniformly over one month (a collection of a million tweets a month: the differences
 * between sorted ids are then about as large as a real month's).
 */
import { gzipSync } from 'node:zlib';
import { joinId, PackedIdList } from '../ingest/id-set.js';
import { countSharedIds, encodeIdBlocks, IdBlockDecoder, sharedIdsAmong, sortIds } from '../ingest/sorted-ids.js';
import type { Scorer } from '../pipeline/load-scorer.js';
import { tallyFromFiles } from '../pipeline/tally-pass.js';
import { tallyLines } from '../pipeline/tally-file.js';
import { createRandom } from '../util/random.js';

/** Snowflake ids: (ms since Twitter's epoch) << 22 | 22 random bits. */
const SNOWFLAKE_EPOCH = 1288834974657;

export interface TallyIdsCostOptions {
  files: readonly string[];
  scorer: Scorer;
  synthetic: number;
  seed: number;
  command: string;
}

const gz = (lines: readonly string[]): number => gzipSync(`${lines.join('\n')}\n`).length;

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: Math.round((performance.now() - t0) * 10) / 10 };
}

/** Sort, encode (and gzip), decode, compare: the ids' route through a tally, timed. */
function idRoute(list: PackedIdList): { idBytes: number; sortMs: number; encodeMs: number; decodeMs: number; compareMs: number } {
  const packed = list.packed();
  const sorted = timed(() => sortIds(packed));
  const encoded = timed(() => {
    const lines: string[] = [];
    const blocks = [...encodeIdBlocks(sorted.value)];
    for (const b of blocks) lines.push(JSON.stringify({ ids: b.bytes.toString('base64'), count: b.count }));
    if (sorted.value.others.length > 0) lines.push(JSON.stringify({ ids_other: sorted.value.others }));
    return { lines, blocks, bytes: gz(lines) };
  });
  const decoded = timed(() => {
    const d = new IdBlockDecoder(sorted.value.highs.length);
    for (const b of encoded.value.blocks) d.add(Buffer.from(b.bytes.toString('base64'), 'base64'), b.count);
    return d;
  });
  const compared = timed(() => countSharedIds(sorted.value, { highs: decoded.value.highs, lows: decoded.value.lows, others: sorted.value.others }));
  if (compared.value !== packed.highs.length + packed.others.length) throw new Error('the ids did not survive their encoding');
  return { idBytes: encoded.value.bytes, sortMs: sorted.ms, encodeMs: encoded.ms, decodeMs: decoded.ms, compareMs: compared.ms };
}

export async function runTallyIdsCost(options: TallyIdsCostOptions): Promise<unknown> {
  const exports = [];
  for (const file of options.files) {
    const ids = new PackedIdList();
    const tally = await tallyFromFiles([file], options.scorer, { ids });
    const all = [...tallyLines(tally)];
    const withoutIds = all.filter((l) => !l.startsWith('{"ids'));
    const route = idRoute(ids);
    const tweets = tally.header.tweets;
    const fileBytes = gz(all);
    exports.push({
      file,
      tweets,
      accounts: tally.header.accounts,
      tallyBytes: fileBytes,
      tallyBytesWithoutIds: gz(withoutIds),
      idBytesPerTweet: Math.round((route.idBytes / tweets) * 100) / 100,
      idShareOfTally: Math.round(((fileBytes - gz(withoutIds)) / fileBytes) * 1000) / 1000,
      ...route,
    });
    process.stderr.write(`${file}: ${tweets} tweets, ids ${(route.idBytes / tweets).toFixed(2)} bytes a tweet\n`);
  }
  const rng = createRandom(options.seed);
  const month = 30 * 86_400_000;
  const start = Date.UTC(2020, 1, 1) - SNOWFLAKE_EPOCH;
  const list = new PackedIdList();
  const seen = new Set<bigint>();
  while (seen.size < options.synthetic) {
    const id = (BigInt(start + Math.floor(rng.uniform() * month)) << 22n) | BigInt(rng.int(1 << 22));
    if (seen.has(id)) continue;
    seen.add(id);
    list.push(String(id));
  }
  const synthetic = idRoute(list);
  // The same ids dealt into k shards of one month each (every pair's ranges overlap), as
  // report --tallies compares them: one merge of all, against a walk of every pair.
  const all = sortIds(list.packed());
  const shards = [2, 8, 16, 64].map((k) => {
    const lists = Array.from({ length: k }, () => new PackedIdList());
    for (let i = 0; i < all.highs.length; i++) lists[i % k].push(joinId(all.highs[i], all.lows[i]));
    const sorted = lists.map((s) => sortIds(s.packed()));
    const merged = timed(() => sharedIdsAmong(sorted));
    const pairs = timed(() => {
      let n = 0;
      for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) n += countSharedIds(sorted[a], sorted[b]);
      return n;
    });
    if (merged.value.length !== 0 || pairs.value !== 0) throw new Error('disjoint shards were found to share ids');
    return { tallies: k, mergeMs: merged.ms, pairsMs: pairs.ms };
  });
  return {
    command: options.command,
    about:
      'Bytes of the tweet-id lines of a tally (gzip of their NDJSON, as the tally file holds them), and time to sort, encode, decode and compare (countSharedIds against itself) them; real exports tallied whole with the shipped model; synthetic: snowflake ids drawn uniformly over 30 days.',
    exports,
    synthetic: { tweets: options.synthetic, seed: options.seed, idBytesPerTweet: Math.round((synthetic.idBytes / options.synthetic) * 100) / 100, ...synthetic },
    shards: { about: 'the synthetic ids dealt round robin into k tallies: one merge of all their ids (sharedIdsAmong), and a walk of each pair (countSharedIds); report --tallies walks pairs up to 64 tallies', runs: shards },
  };
}
