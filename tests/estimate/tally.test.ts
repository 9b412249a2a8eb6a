import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ShareAccumulator } from '../../src/estimate/accumulator.js';
import { ActivityTally } from '../../src/estimate/activity-tally.js';
import { activitiesOfTally, mergeTallies, sharedTweetsAmong, tallyAccounts, TallyFold, tallyOf, tallySeriesOf, type Tally } from '../../src/estimate/tally.js';
import { LatestRows } from '../../src/model/latest-rows.js';
import { tallyView } from '../helpers/tally-view.js';
import { estimateCorpus } from '../../src/estimate/estimate-shares.js';
import type { Tweet } from '../../src/ingest/tweet.js';
import { readTallyFile, tallyLines, writeTallyFile } from '../../src/pipeline/tally-file.js';
import { PackedIdList } from '../../src/ingest/id-set.js';
import { ActivityRuleAccumulator, applyActivityRule } from '../../src/replicate/activity-rule.js';
import { createRandom } from '../../src/util/random.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 2, 10);
const TAGS = ['graziecina', 'forzacinaeitalia', 'italia'];

interface Scored {
  tweet: Tweet;
  score: number;
}

/** Tweets of `accounts` accounts over 6 days, scores drawn per account; distinct times per account. */
function corpus(n: number, accounts: number, seed: number): Scored[] {
  const rng = createRandom(seed);
  const out: Scored[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.int(accounts);
    const tags = TAGS.filter(() => rng.uniform() < 0.5);
    out.push({
      tweet: {
        id: String(1000 + i),
        createdAt: T0 + Math.floor(rng.uniform() * 6 * DAY) + i, // + i: no two tweets at one time
        hashtags: tags,
        kind: 'original',
        author: { id: String(50 + a * 7), screenName: `user${a}_${rng.int(3)}`, statuses: 100 + rng.int(50_000), createdAt: T0 - (1 + rng.int(900)) * DAY },
      },
      score: a % 5 === 0 ? 0.7 + 0.3 * rng.uniform() : 0.4 * rng.uniform(),
    });
  }
  return out;
}

function tallyOfTweets(tweets: readonly Scored[], hashtags?: string[], rows = new LatestRows(0)): Tally {
  const acc = new ShareAccumulator({ threshold: 0.5, hashtags });
  const activity = new ActivityTally();
  const ids = new PackedIdList();
  for (const { tweet: t, score } of tweets) {
    ids.push(t.id);
    acc.add({ id: t.id, userId: t.author.id, screenName: t.author.screenName, createdAt: t.createdAt, hashtags: t.hashtags, kind: t.kind, score });
    activity.add(t);
  }
  return tallyOf({
    accumulator: acc,
    activity,
    rows,
    header: { generator: { name: 'botshare', version: 'test' }, model: 'm', timing: false, partition: null, features: [], files: [] },
    rejects: [],
    tweetIds: ids.packed(),
  });
}

const body = (t: Tally): unknown => ({ accounts: [...tallyAccounts(t)], series: tallySeriesOf(t.accumulator), tweets: t.header.tweets, accountsCount: t.header.accounts });

describe('tallies', () => {
  const all = corpus(3000, 120, 7);
  const rng = createRandom(99);
  const shardOf = all.map(() => rng.int(3));
  const shards = [0, 1, 2].map((k) => all.filter((_, i) => shardOf[i] === k));

  it('merge in any grouping and order equals the tally of the union', () => {
    const [a, b, c] = shards.map((s) => tallyOfTweets(s));
    const whole = tallyOfTweets(all);
    expect(body(mergeTallies(mergeTallies(a, b), c))).toEqual(body(whole));
    expect(body(mergeTallies(a, mergeTallies(b, c)))).toEqual(body(whole));
    expect(body(mergeTallies(mergeTallies(c, a), b))).toEqual(body(whole));
    // Reading order does not matter either.
    expect(body(tallyOfTweets([...all].reverse()))).toEqual(body(whole));
  });

  it('folds many shards into one statistics as pairwise merges would, refusing the same mismatches', () => {
    const tallies = shards.map((s) => tallyOfTweets(s));
    const fold = new TallyFold();
    expect(fold.tally()).toBeUndefined();
    tallies.forEach((t, i) => fold.add(t, `${i}.tally`));
    const folded = fold.tally() as Tally;
    expect(body(folded)).toEqual(body(tallies.reduce((x, y) => mergeTallies(x, y))));
    expect(body(folded)).toEqual(body(tallyOfTweets(all)));
    expect(folded.header.tweetIds).toBeNull();
    const other = tallyOfTweets(shards[1]);
    other.header = { ...other.header, model: 'n' };
    const refused = new TallyFold();
    refused.add(tallies[0], 'a.tally');
    expect(() => refused.add(other, 'b.tally')).toThrow('a.tally and b.tally were made with different models (m vs n)');
  });

  it('refuses to merge tallies that counted the same tweets, saying how many', () => {
    const [a, b] = shards.map((s) => tallyOfTweets(s));
    const again = tallyOfTweets([...shards[1].slice(0, 40), ...shards[2]]);
    expect(() => mergeTallies(a, tallyOfTweets(shards[0].slice(0, 1)), ['a.tally', 'one.tally'])).toThrow(/a\.tally and one\.tally share 1 tweets/);
    expect(() => mergeTallies(mergeTallies(a, b), again, ['a, b', 'again'])).toThrow(/a, b and again share 40 tweets: merged, those tweets would count twice.*--partition K\/N/);
    expect(mergeTallies(a, b).tweetIds?.highs.length).toBe(shards[0].length + shards[1].length);
  });

  it('finds the pairs that share tweets among many tallies (one merge past 64), as among a few (each pair)', () => {
    const many = Array.from({ length: 70 }, (_, k) => all.slice(k * 40, (k + 1) * 40));
    many[69] = [...many[69], ...many[0].slice(0, 5), ...many[4].slice(10, 13)];
    const tallies = many.map((s) => tallyOfTweets(s));
    expect(sharedTweetsAmong(tallies)).toEqual([{ a: 0, b: 69, shared: 5 }, { a: 4, b: 69, shared: 3 }]);
    expect(sharedTweetsAmong([tallies[0], tallies[4], tallies[69]])).toEqual([{ a: 0, b: 2, shared: 5 }, { a: 1, b: 2, shared: 3 }]);
  });

  it('refuses tallies made differently, naming the field and both values', () => {
    const [a, b] = shards.map((s) => tallyOfTweets(s));
    const other = { ...b, header: { ...b.header, model: 'n' } };
    expect(() => mergeTallies(a, other, ['a.tally', 'b.tally'])).toThrow('a.tally and b.tally were made with different models (m vs n): tallies merge only when made alike');
    const part = { ...b, header: { ...b.header, partition: { count: 4, indices: [1] } } };
    expect(() => mergeTallies(a, part, ['a.tally', 'b.tally'])).toThrow('different partitioning (none vs of 4)');
    expect(() => mergeTallies(a, tallyOfTweets(shards[1], TAGS), ['a.tally', 'b.tally'])).toThrow('different tracked hashtags (--hashtags) (all vs forzacinaeitalia,graziecina,italia)');
  });

  it('gives the estimates of one accumulator over all tweets, exactly', () => {
    const merged = shards.map((s) => tallyOfTweets(s, TAGS)).reduce((x, y) => mergeTallies(x, y));
    const one = new ShareAccumulator({ threshold: 0.5, hashtags: TAGS });
    for (const { tweet: t, score } of all) one.add({ id: t.id, userId: t.author.id, screenName: t.author.screenName, createdAt: t.createdAt, hashtags: t.hashtags, kind: t.kind, score });
    const rates = { threshold: 0.5, tpr: 0.8, fpr: 0.1, source: 'test' };
    const options = { bootstrap: { replicates: 100, seed: 3 }, hashtags: TAGS };
    expect(estimateCorpus(merged.accumulator, rates, options)).toEqual(estimateCorpus(one.canonical(), rates, options));
    expect(merged.accumulator.topAccounts(5)).toEqual(one.topAccounts(5));
  });

  it("gives the activity rule's result of one pass", () => {
    const merged = shards.map((s) => tallyOfTweets(s, TAGS)).reduce((x, y) => mergeTallies(x, y));
    const rule = new ActivityRuleAccumulator(TAGS);
    for (const { tweet } of all) rule.add(tweet);
    const byId = (x: { id: string }, y: { id: string }): number => (x.id < y.id ? -1 : 1);
    // The rule resamples accounts by position: the same order on both sides.
    const expected = applyActivityRule(rule.activities().sort(byId), TAGS, { replicates: 200, seed: 4, rate: 5 });
    expect(applyActivityRule(activitiesOfTally(merged).sort(byId), TAGS, { replicates: 200, seed: 4, rate: 5 })).toEqual(expected);
    expect(expected.hashtags[0].shares.corpus.accounts.estimate).toBeGreaterThan(0);
  });

  it('keeps score sums exact past 2^52 units and writes them as decimal strings', async () => {
    const many: Scored[] = Array.from({ length: 700 }, (_, i) => ({
      tweet: { id: String(i + 1), createdAt: T0 + i, hashtags: ['x'], kind: 'original', author: { id: '42' } },
      score: i % 2 === 0 ? 1 : 0.3,
    }));
    const t = tallyOfTweets(many);
    expect(t.accumulator.overall.rowUnits(0)?.carries).toBeGreaterThan(0);
    expect(t.accumulator.overall.columns().scoreSum[0]).toBe(350 + 350 * Math.round(0.3 * 2 ** 44) * 2 ** -44);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'botshare-tally-unit-')), 'x.tally');
    await writeTallyFile(file, t);
    const back = await readTallyFile(file);
    expect(tallyView(back)).toEqual(tallyView(t));
  });

  it('round-trips a tally through its file, NaN and missing names included', async () => {
    // The first account without a profile (rate NaN), the second without a name, the third with a row.
    const ids = [...new Set(shards[0].map((s) => s.tweet.author.id))].sort((x, y) => x.length - y.length || (x < y ? -1 : 1));
    const tweets = shards[0].map(({ tweet, score }) => ({
      score,
      tweet: {
        ...tweet,
        author: tweet.author.id === ids[0] ? { id: ids[0], screenName: tweet.author.screenName } : tweet.author.id === ids[1] ? { ...tweet.author, screenName: undefined } : tweet.author,
      },
    }));
    const rows = new LatestRows(0);
    rows.offer(ids[2], T0, []);
    const made = tallyOfTweets(tweets, TAGS, rows);
    const t = { ...made, header: { ...made.header, rejects: 1 }, rejects: [{ file: 'a.jsonl', line: 3, reason: 'not valid JSON', raw: '{"__proto__": 1' }] };
    const accounts = [...tallyAccounts(t)];
    expect([accounts[0].activity?.profileRate, accounts[1].screenName, accounts[1].screenNameAt, accounts[2].row?.at, accounts[3].row]).toEqual([Number.NaN, undefined, Number.NaN, T0, undefined]);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'botshare-tally-unit-')), 'y.tally');
    await writeTallyFile(file, t);
    expect(tallyView(await readTallyFile(file))).toEqual(tallyView(t));
  });

  it('refuses a tally file that lists an account twice or counts in other score units, naming the file and line', async () => {
    const lines = [...tallyLines(tallyOfTweets(shards[0]))];
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-tally-unit-'));
    const write = (name: string, text: string[]): string => {
      const file = path.join(dir, name);
      writeFileSync(file, gzipSync(`${text.join('\n')}\n`));
      return file;
    };
    const first = lines.findIndex((l) => l.startsWith('{"account"'));
    const twice = write('twice.tally', [...lines.slice(0, first + 1), lines[first], ...lines.slice(first + 1)]);
    const id = JSON.parse(lines[first]).account as string;
    await expect(readTallyFile(twice)).rejects.toThrow(`${twice}:${first + 2}: account ${id} is listed twice`);
    const units = write('units.tally', [lines[0].replace('"scoreUnitBits":44', '"scoreUnitBits":40'), ...lines.slice(1)]);
    await expect(readTallyFile(units)).rejects.toThrow(`${units}:1: the tally counts scores in units of 2^-40 and 100 bins; this botshare reads 2^-44 and 100`);
  });
});
