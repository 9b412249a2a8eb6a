import { copyFileSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputFileError, detectFormat, hashtagCounts, ingestTweets } from '../../src/ingest/index.js';
import { collect, fixture, tempDir } from './helpers.js';

describe('format detection', () => {
  it.each([
    ['v1/statuses.jsonl', 'v1'],
    ['v1/statuses-array.json', 'v1'],
    ['v2/pages.jsonl', 'v2'],
    ['v2/flat.jsonl', 'v2'],
    ['twarc-csv/tweets.csv', 'twarc-csv'],
    ['rtweet/sample.csv', 'rtweet'],
    ['tcat/export.csv', 'tcat'],
    ['tcat/export.tsv', 'tcat'],
    ['cresci/tweets.csv', 'cresci'],
  ])('recognises %s as %s', async (file, format) => {
    expect(await detectFormat(fixture(...file.split('/')))).toBe(format);
  });

  it('looks at the content, not the file name', async () => {
    const dir = tempDir();
    const misnamed = path.join(dir, 'tweets.csv');
    copyFileSync(fixture('v2', 'flat.jsonl'), misnamed);
    expect(await detectFormat(misnamed)).toBe('v2');
  });

  it('refuses a file that is not a tweet export, naming it', async () => {
    const dir = tempDir();
    const other = path.join(dir, 'other.csv');
    writeFileSync(other, 'a,b,c\n1,2,3\n');
    await expect(detectFormat(other)).rejects.toThrow(InputFileError);
    await expect(detectFormat(other)).rejects.toThrow(/other\.csv: is not a tweet export/);
  });

  it('lets --format override detection within the family', async () => {
    const { counts } = await collect([fixture('tcat', 'export.csv')], { format: 'tcat' });
    expect(counts[0].format).toBe('tcat');
    await expect(collect([fixture('tcat', 'export.csv')], { format: 'v1' })).rejects.toThrow(/is not JSON/);
  });
});

describe('ingesting several files', () => {
  it('de-duplicates by tweet id across files, and read = accepted + rejected + duplicates', async () => {
    const { tweets, counts } = await collect([fixture('v1', 'statuses.jsonl'), fixture('v1', 'more.jsonl')]);
    expect(tweets.map((t) => t.id)).toEqual([
      '1240000000000000001', '1240000000000000002', '1240000000000000003', '1240000000000000004', '1240000000000000005',
    ]);
    expect(counts[1]).toMatchObject({ read: 2, accepted: 1, rejected: 0, duplicates: 1 });
    for (const c of counts) expect(c.read).toBe(c.accepted + c.rejected + c.duplicates);
  });

  it('de-duplicates across formats (same tweet from v1 and TCAT)', async () => {
    const { counts } = await collect([fixture('v1', 'statuses.jsonl'), fixture('tcat', 'export.csv')]);
    expect(counts[1]).toMatchObject({ read: 3, accepted: 0, duplicates: 3 });
  });

  it('can be run twice on the same files with the same result', async () => {
    const files = [fixture('rtweet', 'sample.csv'), fixture('v2', 'pages.jsonl')];
    const a = await collect(files);
    const b = await collect(files);
    expect(b.tweets).toEqual(a.tweets);
    expect(b.counts).toEqual(a.counts);
  });

  it('refuses a second iteration of one run', async () => {
    const run = ingestTweets([fixture('rtweet', 'sample.csv')]);
    for await (const _ of run.tweets) void _;
    expect(() => run.tweets[Symbol.asyncIterator]()).toThrow(/only once/);
  });

  it('yields batches with the same tweets', async () => {
    const run = ingestTweets([fixture('v1', 'statuses.jsonl')]);
    const ids: string[] = [];
    for await (const batch of run.batches) for (const t of batch) ids.push(t.id);
    expect(ids).toHaveLength(4);
  });

  it('reports progress in bytes', async () => {
    const seen: number[] = [];
    const run = ingestTweets([fixture('v1', 'statuses.jsonl')], { onProgress: (p) => seen.push(p.allBytesRead / p.allBytesTotal) });
    for await (const _ of run.tweets) void _;
    expect(seen.at(-1)).toBe(1);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop now'));
    await expect(collect([fixture('v1', 'statuses.jsonl')], { signal: controller.signal })).rejects.toThrow(/stop now|abort/i);
  });
});

describe('gzip', () => {
  it('reads .gz transparently, recognised by content', async () => {
    const dir = tempDir();
    const gz = path.join(dir, 'export.data');
    writeFileSync(gz, gzipSync(readFileSync(fixture('rtweet', 'sample.csv'))));
    const { tweets, counts } = await collect([gz]);
    expect(counts[0]).toMatchObject({ format: 'rtweet', read: 4, accepted: 4 });
    expect(tweets[0].id).toBe('1230000000000000001');
  });

  it('stops with a sentence naming a truncated .gz', async () => {
    const dir = tempDir();
    const gz = path.join(dir, 'cut.jsonl.gz');
    const whole = gzipSync(readFileSync(fixture('v1', 'statuses.jsonl')));
    writeFileSync(gz, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const err = await collect([gz]).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputFileError);
    expect((err as Error).message).toBe(`${gz}: the gzip data is cut short (truncated .gz file)`);
  });
});

describe('hashtag counts', () => {
  it('counts tweets and distinct accounts per hashtag', async () => {
    const { tweets } = await collect([fixture('v1', 'statuses.jsonl')]);
    expect(await hashtagCounts(tweets)).toEqual([
      { hashtag: 'graziecina', tweets: 3, accounts: 2 },
      { hashtag: 'forzacinaeitalia', tweets: 1, accounts: 1 },
      { hashtag: 'forzaitalia', tweets: 1, accounts: 1 },
    ]);
  });
});

describe('cresci pairing errors', () => {
  it('requires the users.csv of a cresci tweets.csv', async () => {
    const dir = tempDir();
    const lone = path.join(dir, 'tweets.csv');
    copyFileSync(fixture('cresci', 'tweets.csv'), lone);
    await expect(collect([lone])).rejects.toThrow(`${lone}: is a cresci-style tweets.csv; its users.csv must sit beside it or be given with it`);
  });

  it('finds <name>.users.csv beside <name>.tweets.csv', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'set'));
    copyFileSync(fixture('cresci', 'tweets.csv'), path.join(dir, 'set', 'bots.tweets.csv'));
    copyFileSync(fixture('cresci', 'users.csv'), path.join(dir, 'set', 'bots.users.csv'));
    const { counts, tweets } = await collect([path.join(dir, 'set', 'bots.tweets.csv')]);
    expect(counts[0].companion?.path).toBe(path.join(dir, 'set', 'bots.users.csv'));
    expect(tweets[0].author.screenName).toBe('alice_it');
  });

  it('refuses a users.csv given alone', async () => {
    await expect(collect([fixture('cresci', 'users.csv')])).rejects.toThrow(/is a cresci users\.csv \(accounts, no tweets\)/);
  });
});
