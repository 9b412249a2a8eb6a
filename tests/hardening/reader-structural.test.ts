/**
 * Property tests on the records' structure, complementing reader-properties.test.ts (which
 * mutates text): a field of a valid record gets a value of another type, is deleted, or the
 * record is replaced by arbitrary JSON; a CSV cell gets arbitrary text (properly quoted) or a
 * row loses or gains cells; the users.csv of a cresci export is mutated; a JSON array export
 * is mutated; gzip exports are truncated anywhere; a file is arbitrary bytes. Every reader
 * must then neither throw (other than a UserError naming the file) nor hang, reconcile its
 * counts, and locate every reject: one broken record costs that record only.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError, ingestTweets, type FileCounts, type FormatName, type Reject, type Tweet } from '../../src/ingest/index.js';
import { REPO_ROOT } from '../helpers/shared.js';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'ingest');
const dir = mkdtempSync(path.join(tmpdir(), 'botshare-structural-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUNS = { numRuns: 30, interruptAfterTimeLimit: 15_000 } as const;

let counter = 0;
function caseDir(): string {
  const d = path.join(dir, String(++counter));
  mkdirSync(d);
  return d;
}

interface Outcome {
  tweets: Tweet[];
  rejects: Reject[];
  counts: FileCounts[];
  /** Set when the whole file was refused (a UserError naming it). */
  refused?: string;
}

/** Reads `files` to the end; checks what must hold whatever the input was. */
async function readAll(files: string[], format?: FormatName, companions: readonly string[] = []): Promise<Outcome> {
  const rejects: Reject[] = [];
  const tweets: Tweet[] = [];
  const run = ingestTweets(files, { format, onReject: (r) => rejects.push(r) });
  try {
    for await (const t of run.tweets) tweets.push(t);
  } catch (err) {
    if (!(err instanceof UserError)) throw err; // a crash: fails the property with its stack
    expect([...files, ...companions].some((f) => err.message.includes(path.basename(f))), err.message).toBe(true);
    return { tweets, rejects, counts: run.counts(), refused: err.message };
  } finally {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  }
  const counts = run.counts();
  for (const c of counts) expect(c.read).toBe(c.accepted + c.rejected + c.duplicates);
  expect(counts.reduce((s, c) => s + c.accepted, 0)).toBe(tweets.length);
  expect(rejects).toHaveLength(counts.reduce((s, c) => s + c.rejected + (c.companion?.rejected ?? 0), 0));
  for (const r of rejects) {
    expect(files.includes(r.file) || counts.some((c) => c.companion?.path === r.file)).toBe(true);
    expect(Number.isInteger(r.line) && r.line > 0).toBe(true);
    expect(r.reason.trim().length).toBeGreaterThan(3);
  }
  for (const t of tweets) {
    // Whatever came in, what goes out is the canonical record with its types.
    expect(typeof t.id === 'string' && t.id.length > 0).toBe(true);
    expect(Number.isFinite(t.createdAt)).toBe(true);
    expect(typeof t.author.id === 'string' && t.author.id.length > 0).toBe(true);
    expect(t.text === undefined || typeof t.text === 'string').toBe(true);
    expect(t.hashtags.every((h) => typeof h === 'string' && h.length > 0)).toBe(true);
    for (const k of ['followers', 'friends', 'statuses', 'favourites', 'listed', 'createdAt'] as const) {
      const v = t.author[k];
      expect(v === undefined || (typeof v === 'number' && Number.isFinite(v))).toBe(true);
    }
    for (const k of ['screenName', 'name', 'description', 'location', 'url'] as const) {
      const v = t.author[k];
      expect(v === undefined || typeof v === 'string').toBe(true);
    }
    expect(Object.getPrototypeOf(t)).toBe(Object.prototype);
    expect(Object.keys(t).some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')).toBe(false);
  }
  return { tweets, rejects, counts };
}

// --- JSON records -----------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type PathStep = string | number;

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every path into a JSON value (objects and arrays), shortest first, to depth 6. */
function pathsOf(v: Json, prefix: PathStep[] = [], out: PathStep[][] = []): PathStep[][] {
  if (prefix.length >= 6) return out;
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([...prefix, i]), pathsOf(x, [...prefix, i], out)));
  else if (isObject(v)) for (const k of Object.keys(v)) (out.push([...prefix, k]), pathsOf(v[k], [...prefix, k], out));
  return out;
}

const jsonValue = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;

const jsonMutation = fc.oneof(
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: jsonValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('hostile' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), value: jsonValue }),
);
type JsonMutation = typeof jsonMutation extends fc.Arbitrary<infer T> ? T : never;

const HOSTILE = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"prototype":{"polluted":1}}';

/** A mutated copy of `record` (as JSON text: hostile keys survive only as text). */
function mutateJson(record: Json, m: JsonMutation): string {
  if (m.kind === 'replace') return JSON.stringify(m.value);
  const copy = JSON.parse(JSON.stringify(record)) as Json;
  const paths = pathsOf(copy);
  if (paths.length === 0) return JSON.stringify(copy);
  const p = paths[m.at % paths.length];
  let parent: Json = copy;
  for (const step of p.slice(0, -1)) parent = (parent as Record<string | number, Json>)[step as never];
  const last = p[p.length - 1];
  const marker = '"__HOSTILE_MARKER__"';
  if (m.kind === 'retype') (parent as Record<string | number, Json>)[last as never] = m.value;
  else if (m.kind === 'hostile') (parent as Record<string | number, Json>)[last as never] = '__HOSTILE_MARKER__';
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else if (isObject(parent)) delete parent[last as string];
  return JSON.stringify(copy).replace(marker, HOSTILE);
}

interface JsonCase {
  name: string;
  format: FormatName;
  file: string;
  array?: boolean;
}

const JSON_CASES: JsonCase[] = [
  { name: 'v1 JSONL', format: 'v1', file: 'v1/statuses.jsonl' },
  { name: 'v1 JSON array', format: 'v1', file: 'v1/statuses-array.json', array: true },
  { name: 'v2 pages', format: 'v2', file: 'v2/pages.jsonl' },
  { name: 'v2 flattened', format: 'v2', file: 'v2/flat.jsonl' },
];

function jsonRecords(c: JsonCase): Json[] {
  const text = readFileSync(path.join(FIXTURES, c.file), 'utf8');
  if (c.array) return JSON.parse(text) as Json[];
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Json);
}

describe('JSON readers, on records whose fields change type, vanish, or turn hostile', () => {
  for (const c of JSON_CASES) {
    it(`${c.name}: no crash, counts reconcile, and only the mutated records are rejected`, async () => {
      const records = jsonRecords(c);
      const clean = await readAll([path.join(FIXTURES, c.file)], c.format);
      expect(clean.rejects).toHaveLength(0);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ record: fc.nat(), m: jsonMutation }), { minLength: 1, maxLength: 3 }), async (mutations) => {
          const texts = records.map((r) => JSON.stringify(r));
          const mutated = new Set<number>();
          for (const { record, m } of mutations) {
            const i = record % records.length;
            texts[i] = mutateJson(JSON.parse(texts[i]) as Json, m);
            mutated.add(i);
          }
          // One record a line; in the array, element i on line i + 2 (line 1 is "[").
          const file = path.join(caseDir(), path.basename(c.file));
          writeFileSync(file, c.array ? `[\n${texts.join(',\n')}\n]\n` : `${texts.join('\n')}\n`);
          const out = await readAll([file], c.format);
          if (out.refused !== undefined) return;
          const lineOf = (i: number): number => (c.array ? i + 2 : i + 1);
          const allowed = new Set([...mutated].map(lineOf));
          for (const r of out.rejects) expect(allowed.has(r.line), `reject at line ${r.line}: ${r.reason}`).toBe(true);
          // The records left alone are all still there (as accepted, or as duplicates when a
          // mutated record took over their id first).
          const [counts] = out.counts;
          const untouched = clean.counts[0].read - [...mutated].reduce((s, i) => s + tweetsIn(c, records[i]), 0);
          expect(counts.accepted + counts.duplicates).toBeGreaterThanOrEqual(untouched);
          for (const t of out.tweets) expect(JSON.stringify(t)).not.toMatch(/polluted|__proto__/);
        }),
        { ...RUNS, seed: 7100 + c.name.length },
      );
    }, 30_000);
  }
});

/** Tweets a fixture record holds (a v2 page holds several). */
function tweetsIn(c: JsonCase, record: Json): number {
  if (c.format === 'v2' && isObject(record) && Array.isArray(record.data)) return record.data.length;
  return 1;
}

// --- CSV records ------------------------------------------------------------------------

interface CsvCase {
  name: string;
  format: FormatName;
  file: string;
  companion?: string;
  /** Mutate the companion (users.csv) instead of the tweets file. */
  mutateCompanion?: boolean;
}

const CSV_CASES: CsvCase[] = [
  { name: 'twarc-csv', format: 'twarc-csv', file: 'twarc-csv/tweets.csv' },
  { name: 'rtweet CSV', format: 'rtweet', file: 'rtweet/sample.csv' },
  { name: 'DMI-TCAT CSV', format: 'tcat', file: 'tcat/export.csv' },
  { name: 'cresci tweets.csv', format: 'cresci', file: 'cresci/tweets.csv', companion: 'cresci/users.csv' },
  { name: 'cresci users.csv', format: 'cresci', file: 'cresci/tweets.csv', companion: 'cresci/users.csv', mutateCompanion: true },
];

/** Cell values that parse as something else than intended, or as nothing. */
const oddCell = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', 'NA', 'NULL', 'null', 'true', '-1', '1e400', 'NaN', '0x10', '١٢٣', '"', '""', ',', '\n', '\r\n', '=1+1', '__proto__', '{"a":1}'),
);

const csvMutation = fc.oneof(
  fc.record({ kind: fc.constant('cell' as const), at: fc.nat(), value: oddCell }),
  fc.record({ kind: fc.constant('drop-cell' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add-cell' as const), value: oddCell }),
  fc.record({ kind: fc.constant('duplicate' as const) }),
);
type CsvMutation = typeof csvMutation extends fc.Arbitrary<infer T> ? T : never;

const quoteCsv = (cells: readonly string[]): string => cells.map((v) => `"${v.replace(/"/g, '""')}"`).join(',');
const linesIn = (text: string): number => text.split('\n').length - 1;

describe('CSV readers, on rows with odd cells, missing or extra cells', () => {
  for (const c of CSV_CASES) {
    it(`${c.name}: no crash, counts reconcile, and a broken row costs that row only`, async () => {
      const target = c.mutateCompanion ? (c.companion as string) : c.file;
      const rows = parse(readFileSync(path.join(FIXTURES, target), 'utf8'), { relax_column_count: true }) as string[][];
      const [header, ...body] = rows;
      const files = [c.file, ...(c.companion ? [c.companion] : [])];
      const clean = await readAll([path.join(FIXTURES, c.file)], c.format);
      expect(clean.rejects).toHaveLength(0);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ row: fc.nat(), m: csvMutation }), { minLength: 1, maxLength: 3 }), async (mutations) => {
          let out: string[][] = body.map((r) => [...r]);
          const mutated = new Set<string[]>();
          for (const { row, m } of mutations) {
            const i = row % out.length;
            const r = out[i];
            if (m.kind === 'cell') r[m.at % r.length] = m.value;
            else if (m.kind === 'drop-cell') r.splice(m.at % r.length, 1);
            else if (m.kind === 'add-cell') r.push(m.value);
            else out = [...out.slice(0, i + 1), r, ...out.slice(i + 1)];
            mutated.add(r);
          }
          // Each row's first line, to check where rejects land.
          const d = caseDir();
          let text = `${quoteCsv(header)}\n`;
          const mutatedLines = new Set<number>();
          for (const r of out) {
            if (mutated.has(r)) mutatedLines.add(linesIn(text) + 1);
            text += `${quoteCsv(r)}\n`;
          }
          for (const f of files) writeFileSync(path.join(d, path.basename(f)), readFileSync(path.join(FIXTURES, f)));
          writeFileSync(path.join(d, path.basename(target)), text);
          const result = await readAll([path.join(d, path.basename(c.file))], c.format, c.companion ? [path.join(d, path.basename(c.companion))] : []);
          if (result.refused !== undefined) return;
          const mutatedFile = path.join(d, path.basename(target));
          for (const r of result.rejects) {
            if (r.file === mutatedFile) expect(mutatedLines.has(r.line), `reject at line ${r.line}: ${r.reason}`).toBe(true);
          }
          if (!c.mutateCompanion) {
            // Rows left alone are all read.
            const [counts] = result.counts;
            expect(counts.accepted + counts.duplicates).toBeGreaterThanOrEqual(body.length - mutatedLines.size);
          } else {
            // A broken users.csv row rejects that account row, never the tweets.
            expect(result.counts[0].rejected).toBe(0);
          }
          for (const t of result.tweets) expect(JSON.stringify(t)).not.toMatch(/polluted/);
        }),
        { ...RUNS, seed: 7200 + c.name.length },
      );
    }, 30_000);
  }
});

// --- Compressed, arbitrary and truncated files ------------------------------------------

describe('gzip exports cut anywhere, and files of arbitrary bytes', () => {
  const ALL: Array<{ format: FormatName; file: string; companion?: string }> = [
    { format: 'v1', file: 'v1/statuses.jsonl' },
    { format: 'v1', file: 'v1/statuses-array.json' },
    { format: 'v2', file: 'v2/pages.jsonl' },
    { format: 'v2', file: 'v2/flat.jsonl' },
    { format: 'twarc-csv', file: 'twarc-csv/tweets.csv' },
    { format: 'rtweet', file: 'rtweet/sample.csv' },
    { format: 'tcat', file: 'tcat/export.csv' },
    { format: 'cresci', file: 'cresci/tweets.csv', companion: 'cresci/users.csv' },
  ];

  it('a .gz cut at any byte: a refusal naming the file, or located rejects; never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(ALL.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), async (k, at, detect) => {
        const c = ALL[k];
        const d = caseDir();
        const gz = gzipSync(readFileSync(path.join(FIXTURES, c.file)));
        const file = path.join(d, `${path.basename(c.file)}.gz`);
        writeFileSync(file, gz.subarray(0, Math.floor(at * gz.length)));
        if (c.companion) writeFileSync(path.join(d, path.basename(c.companion)), readFileSync(path.join(FIXTURES, c.companion)));
        const out = await readAll([file], detect ? undefined : c.format);
        // Something must say the file is broken: a cut gzip never passes for a whole one.
        if (at < 0.999) expect(out.refused !== undefined || out.rejects.length > 0).toBe(true);
      }),
      { ...RUNS, numRuns: 40, seed: 7301 },
    );
  }, 30_000);

  it('arbitrary bytes, read as any format or detected: a refusal naming the file, or located rejects', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<FormatName | undefined>(undefined, 'v1', 'v2', 'twarc-csv', 'rtweet', 'tcat', 'cresci'),
        fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 200 }).map((s) => new Uint8Array(Buffer.from(s)))),
        async (format, bytes) => {
          const d = caseDir();
          const file = path.join(d, format === 'cresci' ? 'tweets.csv' : 'input.txt');
          writeFileSync(file, bytes);
          if (format === 'cresci') writeFileSync(path.join(d, 'users.csv'), readFileSync(path.join(FIXTURES, 'cresci/users.csv')));
          await readAll([file], format);
        },
      ),
      { ...RUNS, numRuns: 60, seed: 7302 },
    );
  }, 30_000);
});
