// Issue 25 (one form of the statistics): the tally forms before and after, on synthetic shards.
// OLD is a build of commit e5f99fc (before), NEW this repo's dist/:
//   git archive e5f99fc src tsconfig.json package.json | tar -x -C $OLD_TREE; (cd $OLD_TREE && ln -s $REPO/node_modules && npx tsc -p tsconfig.json)
//   OLD=$OLD_TREE/dist node --expose-gc bench/tally-form/merge.mjs N K   (a report's workers: pack a share, fold the shares on the main thread)
// Results: bench/results/tally-form-25.json.
const [N, K] = [Number(process.argv[2] ?? 100000), Number(process.argv[3] ?? 4)];
const OLD = process.env.OLD ?? '/tmp/tallyform-old/dist', NEW = new URL('../../dist', import.meta.url).pathname;
const W = 4, T0 = Date.UTC(2020, 2, 10), DAY = 86400000;
async function load(root) {
  return {
    acc: await import(`${root}/estimate/accumulator.js`),
    act: await import(`${root}/estimate/activity-tally.js`),
    tally: await import(`${root}/estimate/tally.js`),
    packed: await import(`${root}/estimate/packed-tally.js`),
    rows: await import(`${root}/model/latest-rows.js`),
  };
}
function rng(seed) { let s = seed >>> 0; return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32); }
// K shards over N accounts, each account in about 3/4 of the shards, 4 tweets a shard.
function shardTweets(k) {
  const r = rng(k + 1), out = [];
  for (let a = 0; a < N; a++) {
    if (r() < 0.25) continue;
    for (let j = 0; j < 4; j++) out.push({ id: `${k}-${a}-${j}`, userId: String(1e9 + a * 7), screenName: `u${a}`, createdAt: T0 + Math.floor(r() * 6 * DAY), hashtags: r() < 0.5 ? ['a'] : ['b', 'c'], kind: 'original', score: r() });
  }
  return out;
}
const header = { generator: { name: 'botshare', version: 'b' }, model: 'm', timing: false, partition: null, features: ['w', 'x', 'y', 'z'], files: [] };
function parts(m, tweets, k) {
  const acc = new m.acc.ShareAccumulator({ threshold: 0.5 });
  const rows = new m.rows.LatestRows(W);
  for (const t of tweets) { acc.add(t); rows.offer(t.userId, t.createdAt, [t.score, 1, 2, 3]); }
  return { accumulator: acc, rows, header: { ...header, files: [{ path: `f${k}`, format: 'v1', read: 1, accepted: 1, rejected: 0, duplicates: 0 }] }, rejects: [] };
}
const time = (f) => { const t = process.hrtime.bigint(); const v = f(); return [Number(process.hrtime.bigint() - t) / 1e6, v]; };
const shards = Array.from({ length: K }, (_, k) => shardTweets(k));
const out = { N, K, accountsPerShard: Math.round(0.75 * N) };
for (const [name, root] of [['old', OLD], ['new', NEW]]) {
  const m = await load(root);
  const ps = shards.map((s, k) => parts(m, s, k));
  global.gc?.();
  const h0 = process.memoryUsage().heapUsed;
  let packs;
  const [pack] = time(() => (packs = ps.map((p) => (name === 'old' ? m.packed.packedTallyOf({ ...p, width: W, rowInto: (id, o, off) => p.rows.copyInto(id, o, off) }) : m.packed.packTally({ ...m.tally.tallyHeadOf(p), accumulator: p.accumulator, rows: p.rows })))));
  const [merge, merged] = time(() => {
    if (name === 'old') {
      const fold = new m.packed.PackedAccountsFold();
      for (const p of packs) fold.add(p);
      return fold.merged(m.packed.mergeTallyParts(packs.map((p) => ({ header: p.header, series: p.series, rejects: p.rejects })))).accumulator;
    }
    const stats = m.tally.emptyStatistics(packs[0].header, false);
    const heads = [];
    for (const p of packs) {
      heads.push({ header: p.header, rejects: p.rejects });
      m.packed.foldPacked(stats, p, false);
    }
    return m.tally.withStatistics(heads.reduce((a, b) => m.tally.mergeTallyHeads(a, b)), stats).accumulator;
  });
  const heap = (process.memoryUsage().heapUsed - h0) / 2 ** 20;
  out[name] = { workerPackMsPerShard: +(pack / K).toFixed(1), mainMergeMs: +merge.toFixed(1), heapGrowthMB: +heap.toFixed(0), accounts: merged.accounts, tweets: merged.tweets };
}
console.log(JSON.stringify(out));
