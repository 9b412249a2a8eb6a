import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBenchV1Jsonl } from '../../src/bench/generate-exports.js';
import { run } from '../../src/cli/program.js';
import { describeShared, REPO_ROOT } from '../helpers/shared.js';
import { captureStderr } from '../helpers/stderr.js';

const MODEL = path.join(REPO_ROOT, 'models', 'default');
const COMMON = ['--no-png', '--replicates', '200', '--quiet', '--model', MODEL];

const stderr = captureStderr();

const botshare = (...args: string[]): Promise<number> => run(['node', 'botshare', ...args]);

/** Every file under `dir`, relative path → bytes. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out.set(path.relative(dir, full), readFileSync(full));
  }
  return out;
}

function expectSameOutputs(a: string, b: string): void {
  const ta = tree(a);
  const tb = tree(b);
  expect([...tb.keys()].sort()).toEqual([...ta.keys()].sort());
  for (const [name, bytes] of ta) expect({ name, same: bytes.equals(tb.get(name) as Buffer) }).toEqual({ name, same: true });
}

describe('report --tallies over shards equals one report over all the files', () => {
  let dir: string;
  let shards: string[];
  let overlap: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'botshare-tally-'));
    const whole = path.join(dir, 'whole.jsonl');
    await writeBenchV1Jsonl(whole, { tweets: 4000, accounts: 300, seed: 11, days: 5 });
    const lines = readFileSync(whole, 'utf8').split('\n').filter((l) => l.length > 0);
    // Round robin: every account has tweets in every shard, so its rows must merge.
    const parts: string[][] = [[], [], [], []];
    lines.forEach((l, i) => parts[i % 4].push(l));
    parts[1].splice(7, 0, '{"id_str": "1", "text": "cut in the mid'); // unreadable records, located
    parts[3].push('{not json}');
    parts[2].push(parts[2][10]); // a duplicate inside a shard
    shards = parts.map((p, k) => {
      const f = path.join(dir, `shard-${k + 1}.jsonl`);
      writeFileSync(f, `${p.join('\n')}\n`);
      return f;
    });
    // A file that repeats tweets of the shards: only a partition by id dedupes it across shards.
    overlap = path.join(dir, 'overlap.jsonl');
    writeFileSync(overlap, `${lines.filter((_, i) => i % 7 === 0).join('\n')}\n{"broken": \n`);
  }, 60_000);

  it('disjoint shards: the same files, byte for byte, rejects and counts included', async () => {
    const one = path.join(dir, 'one');
    expect(await botshare('report', ...shards, '-o', one, ...COMMON)).toBe(0);
    const tallies: string[] = [];
    for (const [k, shard] of shards.entries()) {
      const t = path.join(dir, `part-${k + 1}.tally`);
      expect(await botshare('tally', shard, '-o', t, '--quiet', '--model', MODEL)).toBe(0);
      tallies.push(t);
    }
    expect(stderr()).toBe('');
    const merged = path.join(dir, 'merged');
    expect(await botshare('report', '--tallies', ...tallies, '-o', merged, ...COMMON)).toBe(0);
    expect(stderr()).toBe('');
    expectSameOutputs(one, merged);

    const summary = JSON.parse(readFileSync(path.join(one, 'summary.json'), 'utf8')) as { inputs: { tweets: number; files: { read: number; rejected: number; duplicates: number }[] } };
    expect(summary.inputs.tweets).toBe(4000);
    expect(summary.inputs.files.map((f) => [f.read, f.rejected, f.duplicates])).toEqual([[1000, 0, 0], [1001, 1, 0], [1001, 0, 1], [1001, 1, 0]]);
    expect(readFileSync(path.join(merged, 'rejects.csv'), 'utf8').split('\n').filter((l) => l.length > 0)).toHaveLength(3);

    // The tally file is gzip'd NDJSON with a versioned header.
    const first = gunzipSync(readFileSync(tallies[0])).toString('utf8').split('\n')[0];
    expect(JSON.parse(first)).toMatchObject({ format: 'botshare-tally', version: 2, tweets: 1000, rejects: 0, partition: null, tweetIds: { numeric: 1000, other: 0 } });
  }, 240_000);

  it('overlapping files: --partition K/N shards dedupe like one run, merged in any order', async () => {
    const inputs = [...shards, overlap];
    const one = path.join(dir, 'one-overlap');
    expect(await botshare('report', ...inputs, '-o', one, ...COMMON)).toBe(0);
    const tallies: string[] = [];
    for (const k of [1, 2, 3, 4]) {
      const t = path.join(dir, `partition-${k}.tally`);
      expect(await botshare('tally', ...inputs, '--partition', `${k}/4`, '-o', t, '--quiet', '--model', MODEL)).toBe(0);
      tallies.push(t);
    }
    const merged = path.join(dir, 'merged-overlap');
    expect(await botshare('report', '--tallies', tallies[2], tallies[0], tallies[3], tallies[1], '-o', merged, ...COMMON)).toBe(0);
    expect(stderr()).toBe('');
    expectSameOutputs(one, merged);
    const summary = JSON.parse(readFileSync(path.join(one, 'summary.json'), 'utf8')) as { inputs: { files: { duplicates: number }[] } };
    expect(summary.inputs.files[4].duplicates).toBe(Math.ceil(4000 / 7));

    // A partition given twice would count its tweets twice: refused.
    const again = path.join(dir, 'twice');
    expect(await botshare('report', '--tallies', tallies[0], tallies[0], '-o', again, ...COMMON)).toBe(2);
    expect(stderr()).toMatch(/both hold partition 1\/4/);
    expect(existsSync(again)).toBe(false);
  }, 240_000);

  it('overlapping tallies: refused before anything is written, naming the pairs and what they share; tallied together, the one-run answer', async () => {
    const withOverlap = [...shards, overlap];
    const tallies: string[] = [];
    for (const [k, f] of withOverlap.entries()) {
      const t = path.join(dir, `each-${k + 1}.tally`);
      expect(await botshare('tally', f, '-o', t, '--quiet', '--model', MODEL)).toBe(0);
      tallies.push(t);
    }
    const refused = path.join(dir, 'refused');
    const before = stderr().length;
    expect(await botshare('report', '--tallies', ...tallies, '-o', refused, ...COMMON)).toBe(2);
    const message = stderr().slice(before);
    // overlap.jsonl holds every 7th line of the whole: 4000/7 tweets, spread over the 4 round-robin shards.
    const sharedWith = [0, 1, 2, 3].map((k) => Array.from({ length: 4000 }, (_, i) => i).filter((i) => i % 7 === 0 && i % 4 === k).length);
    for (const k of [0, 1, 2, 3]) expect(message).toContain(`${tallies[k]} and ${tallies[4]} share ${sharedWith[k]} tweets`);
    expect(message).toMatch(/would count twice .*--partition K\/N/);
    expect(message.split('\n').filter((l) => l.length > 0)).toHaveLength(1);
    expect(existsSync(refused)).toBe(false);

    // The same tally twice is an overlap of all its tweets.
    expect(await botshare('report', '--tallies', tallies[0], tallies[0], '-o', refused, ...COMMON)).toBe(2);
    expect(stderr()).toContain(`${tallies[0]} and ${tallies[0]} share 1,000 tweets`);
    expect(existsSync(refused)).toBe(false);

    // Overlapping files tallied together: de-duplicated as one run does.
    const one = path.join(dir, 'one-together');
    expect(await botshare('report', shards[0], overlap, shards[1], shards[2], shards[3], '-o', one, ...COMMON)).toBe(0);
    const together = path.join(dir, 'together.tally');
    expect(await botshare('tally', shards[0], overlap, '-o', together, '--quiet', '--model', MODEL)).toBe(0);
    const merged = path.join(dir, 'merged-together');
    expect(await botshare('report', '--tallies', together, tallies[1], tallies[2], tallies[3], '-o', merged, ...COMMON)).toBe(2);
    expect(stderr()).toContain(`${together} and ${tallies[1]} share ${sharedWith[1]} tweets`);
    const all = path.join(dir, 'all.tally');
    expect(await botshare('tally', shards[0], overlap, shards[1], shards[2], shards[3], '-o', all, '--quiet', '--model', MODEL)).toBe(0);
    expect(await botshare('report', '--tallies', all, '-o', merged, ...COMMON)).toBe(0);
    expectSameOutputs(one, merged);
  }, 240_000);

  it('refuses a tally of format version 1 (no tweet ids), saying to make it again', async () => {
    const t = path.join(dir, 'v2.tally');
    expect(await botshare('tally', shards[0], '-o', t, '--quiet', '--model', MODEL)).toBe(0);
    const lines = gunzipSync(readFileSync(t)).toString('utf8').split('\n').filter((l) => l.length > 0 && !l.startsWith('{"ids'));
    const header = JSON.parse(lines[0]) as Record<string, unknown>;
    delete header.tweetIds;
    const old = path.join(dir, 'v1.tally');
    writeFileSync(old, gzipSync(`${[JSON.stringify({ ...header, version: 1 }), ...lines.slice(1)].join('\n')}\n`));
    const before = stderr().length;
    expect(await botshare('report', '--tallies', old, '-o', path.join(dir, 'old'), ...COMMON)).toBe(2);
    expect(stderr().slice(before)).toMatch(/v1\.tally:1: made by an older botshare \(tally format version 1, which does not list its tweets.*make it again/);
    expect(existsSync(path.join(dir, 'old'))).toBe(false);
  }, 120_000);

  it('refuses to merge tallies made differently, naming the files', async () => {
    const a = path.join(dir, 'tagged.tally');
    const b = path.join(dir, 'untagged.tally');
    expect(await botshare('tally', shards[0], '--hashtags', 'graziecina', '-o', a, '--quiet', '--model', MODEL)).toBe(0);
    expect(await botshare('tally', shards[1], '-o', b, '--quiet', '--model', MODEL)).toBe(0);
    expect(await botshare('report', '--tallies', a, b, '-o', path.join(dir, 'bad'), ...COMMON)).toBe(2);
    expect(stderr()).toContain(`${a} and ${b} were made with different tracked hashtags`);

    const broken = path.join(dir, 'broken.tally');
    writeFileSync(broken, 'not gzip');
    const before = stderr().length;
    expect(await botshare('report', '--tallies', broken, '-o', path.join(dir, 'bad2'), ...COMMON)).toBe(2);
    expect(stderr().slice(before)).toMatch(/broken\.tally: not a readable gzip'd tally/);
  }, 120_000);
});

describeShared('overlapping shards of a real export through report --tallies', (datasets) => {
  it('refuses the pair that shares tweets, with the number; tallied together, identical to one run', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-tally-real-'));
    const lines = gunzipSync(readFileSync(path.join(datasets, 'exports', 'pheme_veracity_sources_2014-15_v1.jsonl.gz'))).toString('utf8').split('\n').filter((l) => l.length > 0);
    // Two collections that overlap by a fifth of the export, as a resumed collection would.
    const cut = Math.floor(lines.length * 0.4);
    const a = path.join(dir, 'a.jsonl');
    const b = path.join(dir, 'b.jsonl');
    writeFileSync(a, `${lines.slice(0, lines.length - cut).join('\n')}\n`);
    writeFileSync(b, `${lines.slice(cut).join('\n')}\n`);
    const one = path.join(dir, 'one');
    expect(await botshare('report', a, b, '-o', one, ...COMMON)).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(one, 'summary.json'), 'utf8')) as { inputs: { tweets: number; files: { duplicates: number }[] } };
    const shared = summary.inputs.files[1].duplicates;
    expect(shared).toBeGreaterThan(900);

    const ta = path.join(dir, 'a.tally');
    const tb = path.join(dir, 'b.tally');
    expect(await botshare('tally', a, '-o', ta, '--quiet', '--model', MODEL)).toBe(0);
    expect(await botshare('tally', b, '-o', tb, '--quiet', '--model', MODEL)).toBe(0);
    const refused = path.join(dir, 'refused');
    expect(await botshare('report', '--tallies', ta, tb, '-o', refused, ...COMMON)).toBe(2);
    expect(stderr()).toContain(`${ta} and ${tb} share ${shared.toLocaleString('en-US')} tweets`);
    expect(existsSync(refused)).toBe(false);

    const parts: string[] = [];
    for (const k of [1, 2]) {
      const t = path.join(dir, `p${k}.tally`);
      expect(await botshare('tally', a, b, '--partition', `${k}/2`, '-o', t, '--quiet', '--model', MODEL)).toBe(0);
      parts.push(t);
    }
    const merged = path.join(dir, 'merged');
    const before = stderr().length;
    expect(await botshare('report', '--tallies', ...parts, '-o', merged, ...COMMON)).toBe(0);
    expect(stderr().slice(before)).toBe('');
    expectSameOutputs(one, merged);
  }, 240_000);
});
