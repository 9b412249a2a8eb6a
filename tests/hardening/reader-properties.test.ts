/**
 * Property-based tests for every reader: records mutated at random (cut short, garbage
 * inserted, quotes removed, fields dropped or duplicated, hostile keys, invalid UTF-8) never
 * crash or hang a reader, and every record is accepted, rejected with a located reason, or
 * counted as a duplicate: read = accepted + rejected + duplicates.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError, ingestTweets, type FormatName, type Reject } from '../../src/ingest/index.js';
import { REPO_ROOT } from '../helpers/shared.js';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'ingest');
const dir = mkdtempSync(path.join(tmpdir(), 'botshare-props-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  name: string;
  format: FormatName;
  file: string;
  /** Lines that are the header, kept intact so the format stays recognisable. */
  header: number;
  ext: string;
  companion?: string;
}

const CASES: Case[] = [
  { name: 'v1 JSONL', format: 'v1', file: 'v1/statuses.jsonl', header: 0, ext: '.jsonl' },
  { name: 'v2 pages', format: 'v2', file: 'v2/pages.jsonl', header: 0, ext: '.jsonl' },
  { name: 'v2 flattened', format: 'v2', file: 'v2/flat.jsonl', header: 0, ext: '.jsonl' },
  { name: 'twarc-csv', format: 'twarc-csv', file: 'twarc-csv/tweets.csv', header: 1, ext: '.csv' },
  { name: 'rtweet CSV', format: 'rtweet', file: 'rtweet/sample.csv', header: 1, ext: '.csv' },
  { name: 'DMI-TCAT CSV', format: 'tcat', file: 'tcat/export.csv', header: 1, ext: '.csv' },
  { name: 'cresci tweets + users', format: 'cresci', file: 'cresci/tweets.csv', header: 1, ext: '.csv', companion: 'cresci/users.csv' },
];

/** One mutation of one line, as text (invalid UTF-8 is written as bytes later). */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('garbage' as const), text: fc.string({ minLength: 1, maxLength: 80 }) }),
  fc.record({ kind: fc.constant('unquote' as const) }),
  fc.record({ kind: fc.constant('drop-field' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('duplicate' as const) }),
  fc.record({ kind: fc.constant('hostile' as const) }),
  fc.record({ kind: fc.constant('bad-utf8' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

const BAD_UTF8 = '\u0000BAD-UTF8\u0000';

function mutate(line: string, m: Mutation, isCsv: boolean): string[] {
  const pos = (at: number): number => Math.floor(at * line.length);
  switch (m.kind) {
    case 'cut':
      return [line.slice(0, pos(m.at))];
    case 'insert':
      return [line.slice(0, pos(m.at)) + m.text.replace(/\n/g, ' ') + line.slice(pos(m.at))];
    case 'garbage':
      return [m.text.replace(/\n/g, ' ')];
    case 'unquote':
      return [line.replace(/"/g, '')];
    case 'drop-field': {
      const sep = isCsv ? ',' : ',"';
      const parts = line.split(sep);
      if (parts.length < 2) return [line];
      parts.splice(1 + Math.floor(m.at * (parts.length - 1)), 1);
      return [parts.join(sep)];
    }
    case 'duplicate':
      return [line, line];
    case 'hostile':
      return isCsv ? [`${line},__proto__`] : [line.replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},')];
    case 'bad-utf8':
      return [line.slice(0, pos(m.at)) + BAD_UTF8 + line.slice(pos(m.at))];
  }
}

let counter = 0;
async function runMutated(c: Case, mutations: Array<{ line: number; m: Mutation }>): Promise<Reject[]> {
  const text = readFileSync(path.join(FIXTURES, c.file), 'utf8');
  const lines = text.split('\n').filter((l, i, all) => !(i === all.length - 1 && l === ''));
  const head = lines.slice(0, c.header);
  let body = lines.slice(c.header);
  const isCsv = c.ext === '.csv';
  for (const { line, m } of mutations) {
    if (body.length === 0) break;
    const i = line % body.length;
    body = [...body.slice(0, i), ...mutate(body[i], m, isCsv), ...body.slice(i + 1)];
  }
  const caseDir = path.join(dir, `${++counter}`);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(caseDir);
  const file = path.join(caseDir, path.basename(c.file));
  // Invalid UTF-8: a lone continuation byte and a truncated sequence where the marker is.
  const joined = Buffer.from([...head, ...body].join('\n') + '\n', 'utf8');
  const marker = Buffer.from(BAD_UTF8, 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = joined.indexOf(marker); at >= 0; at = joined.indexOf(marker, from)) {
    parts.push(joined.subarray(from, at), Buffer.from([0x80, 0xe2, 0x82]));
    from = at + marker.length;
  }
  parts.push(joined.subarray(from));
  writeFileSync(file, Buffer.concat(parts));
  if (c.companion !== undefined) writeFileSync(path.join(caseDir, path.basename(c.companion)), readFileSync(path.join(FIXTURES, c.companion)));

  const rejects: Reject[] = [];
  const run = ingestTweets([file], { format: c.format, onReject: (r) => rejects.push(r) });
  let accepted = 0;
  try {
    for await (const t of run.tweets) {
      accepted++;
      expect(typeof t.id).toBe('string');
      expect(Number.isFinite(t.createdAt)).toBe(true);
      expect(Object.getPrototypeOf(t)).toBe(Object.prototype);
    }
  } catch (err) {
    // A file-level refusal is allowed (e.g. the mutation destroyed every record), but only
    // as a user error with a sentence naming the file: never a crash.
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain(path.basename(file));
    return rejects;
  } finally {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }
  const [counts] = run.counts();
  expect(counts.read).toBe(counts.accepted + counts.rejected + counts.duplicates);
  expect(counts.accepted).toBe(accepted);
  expect(rejects).toHaveLength(counts.rejected);
  for (const r of rejects) {
    expect(r.file).toBe(file);
    expect(r.line).toBeGreaterThan(0);
    expect(r.reason.length).toBeGreaterThan(3);
  }
  return rejects;
}

describe('every reader, on mutated records', () => {
  for (const c of CASES) {
    it(`${c.name}: never crashes or hangs; every record accepted, rejected with its line, or a duplicate`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ line: fc.nat(1000), m: mutation }), { minLength: 1, maxLength: 4 }), async (mutations) => {
          await runMutated(c, mutations);
        }),
        { numRuns: 40, seed: 20260 + c.name.length, interruptAfterTimeLimit: 20_000 },
      );
    }, 30_000);

    it(`${c.name}: a line cut in the middle costs that line only, rejected with its number`, async () => {
      const rejects = await runMutated(c, [{ line: 0, m: { kind: 'cut', at: 0.5 } }]);
      expect(rejects).toHaveLength(1);
      expect(rejects[0].line).toBe(c.header + 1);
    });
  }
});
