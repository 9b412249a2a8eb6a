// Issue 25 (one form of the statistics): the tally forms before and after, on synthetic shards.
// OLD is a build of commit e5f99fc (before), NEW this repo's dist/:
//   git archive e5f99fc src tsconfig.json package.json | tar -x -C $OLD_TREE; (cd $OLD_TREE && ln -s $REPO/node_modules && npx tsc -p tsconfig.json)
//   OLD=$OLD_TREE/dist node --expose-gc bench/tally-form/read.mjs make N | old | new   (report --tallies: read a tally file; old: objects, then accumulatorOfTally)
// Results: bench/results/tally-form-25.json.
const [mode, nArg] = process.argv.slice(2);
const FILE = process.env.FILE ?? '/tmp/tallyform-mem/big.tally';
const root = mode === 'old' ? (process.env.OLD ?? '/tmp/tallyform-old/dist') : new URL('../../dist', import.meta.url).pathname;
const tallyFile = await import(`${root}/pipeline/tally-file.js`);
if (mode === 'make') {
  const acc = await import(`${root}/estimate/accumulator.js`);
  const act = await import(`${root}/estimate/activity-tally.js`);
  const tally = await import(`${root}/estimate/tally.js`);
  const rowsM = await import(`${root}/model/latest-rows.js`);
  const ids = await import(`${root}/ingest/id-set.js`);
  const N = Number(nArg), T0 = Date.UTC(2020, 2, 10);
  const a = new acc.ShareAccumulator({ threshold: 0.5 }), activity = new act.ActivityTally(), rows = new rowsM.LatestRows(4), list = new ids.PackedIdList();
  let s = 1;
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < N * 3; i++) {
    const t = { id: String(1e15 + i), createdAt: T0 + Math.floor(r() * 6 * 86400000), hashtags: r() < 0.5 ? ['a'] : ['b', 'c'], kind: 'original', author: { id: String(1e9 + Math.floor(r() * N) * 7), screenName: 'u', statuses: 100, createdAt: T0 - 86400000 * 100 } };
    a.add({ id: t.id, userId: t.author.id, screenName: 'u', createdAt: t.createdAt, hashtags: t.hashtags, kind: 'original', score: r() });
    activity.add(t); rows.offer(t.author.id, t.createdAt, [r(), 1, 2, 3]); list.push(t.id);
  }
  const t = tally.tallyOf({ accumulator: a, activity, rows, header: { generator: { name: 'b', version: 'b' }, model: 'm', timing: false, partition: null, features: ['w', 'x', 'y', 'z'], files: [] }, rejects: [], tweetIds: list.packed() });
  await tallyFile.writeTallyFile(FILE, t, { force: true });
  console.log('made', t.header.accounts);
} else {
  const tally = await import(`${root}/estimate/tally.js`);
  global.gc();
  const h0 = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  const t = await tallyFile.readTallyFile(FILE);
  const acc = mode === 'old' ? tally.accumulatorOfTally(t) : t.accumulator;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const heap = (process.memoryUsage().heapUsed - h0) / 2 ** 20;
  global.gc();
  const live = (process.memoryUsage().heapUsed - h0) / 2 ** 20;
  console.log(JSON.stringify({ mode, accounts: acc.accounts, readMs: Math.round(ms), heapAfterReadMB: Math.round(heap), liveAfterGcMB: Math.round(live) }));
}
