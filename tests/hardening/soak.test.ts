/**
 * Soak (slow; CI runs it): a 1,000,000-tweet v1.1 JSONL export in which exactly 5% of the
 * lines are corrupted at fixed positions. The run completes, rejects exactly those lines
 * (by line number), keeps every other tweet, and its live memory stays flat. The ingest runs in a
 * child process so that its memory is its own.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBenchV1Jsonl } from '../../src/bench/generate-exports.js';
import { REPO_ROOT } from '../helpers/shared.js';

const TWEETS = 1_000_000;
const dir = mkdtempSync(path.join(tmpdir(), 'botshare-soak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Line i (0-based) is corrupted when this holds: exactly 1 line in 20, spread over the file. */
const corrupted = (i: number): boolean => (i * 7919 + 13) % 20 === 0;

function corrupt(line: string, i: number): string {
  switch (i % 3) {
    case 0:
      return line.slice(0, Math.floor(line.length / 2)); // cut in the middle
    case 1:
      return `${line.slice(0, 40)}\u0000garbage{{${line.slice(60)}`; // garbage inside
    default:
      return line.replace('"id_str"', '"id_str":'); // invalid JSON
  }
}

const CHILD = `
import { ingestToFiles } from ${JSON.stringify(path.join(REPO_ROOT, 'dist', 'ingest', 'write.js'))};
const [file, rejects, summary] = process.argv.slice(2);
const samples = [];
let next = 0;
const result = await ingestToFiles([file], {
  rejects, summary, force: true,
  onProgress: (p) => {
    // Live memory after a full collection: RSS alone depends on when V8 gets round to it.
    if (p.accepted >= next) { globalThis.gc(); samples.push({ accepted: p.accepted, heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss }); next += 50000; }
  },
});
console.log(JSON.stringify({ samples, totals: result.summary.totals, maxRssKb: process.resourceUsage().maxRSS }));
`;

describe('soak: one million tweets with 5% corrupted lines', () => {
  it('completes, rejects exactly the corrupted lines, and its memory stays flat', async () => {
    const clean = path.join(dir, 'clean.jsonl');
    const dirty = path.join(dir, 'dirty.jsonl');
    await writeBenchV1Jsonl(clean, { tweets: TWEETS, accounts: 100_000, seed: 5 });
    const out = createWriteStream(dirty);
    let i = 0;
    let expected = 0;
    let chunk = '';
    for await (const line of createInterface({ input: createReadStream(clean), crlfDelay: Infinity })) {
      const bad = corrupted(i);
      if (bad) expected++;
      chunk += `${bad ? corrupt(line, i) : line}\n`;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        chunk = '';
      }
      i++;
    }
    out.end(chunk);
    await new Promise<void>((resolve) => out.once('close', () => resolve()));
    rmSync(clean);
    expect(i).toBe(TWEETS);
    expect(expected).toBe(TWEETS / 20);

    const script = path.join(dir, 'child.mjs');
    writeFileSync(script, CHILD);
    const rejects = path.join(dir, 'rejects.csv');
    const result = spawnSync(process.execPath, ['--expose-gc', script, dirty, rejects, path.join(dir, 'summary.json')], { encoding: 'utf8', maxBuffer: 1 << 24 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
      samples: { accepted: number; heap: number; rss: number }[];
      totals: { read: number; accepted: number; rejected: number; duplicates: number };
      maxRssKb: number;
    };
    expect(report.totals).toMatchObject({ read: TWEETS, accepted: TWEETS - expected, rejected: expected, duplicates: 0 });

    // Exactly the corrupted lines, by number (line = index + 1).
    const lines = readFileSync(rejects, 'utf8').trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(expected);
    const rejected = new Set(lines.map((l) => Number(/^[^,]*,(\d+),/.exec(l)?.[1])));
    expect(rejected.size).toBe(expected);
    for (let k = 0; k < TWEETS; k++) if (corrupted(k)) expect(rejected.has(k + 1)).toBe(true);

    // Flat memory: the live heap of the second half is about that of the first (the
    // duplicate-id set grows with tweets: 16 MB a million); RSS stays bounded.
    const heap = report.samples.map((s) => s.heap / 2 ** 20);
    expect(heap.length).toBeGreaterThanOrEqual(15);
    const half = Math.floor(heap.length / 2);
    const firstPeak = Math.max(...heap.slice(1, half));
    const secondPeak = Math.max(...heap.slice(half));
    console.log(`soak: peak RSS ${(report.maxRssKb / 1024).toFixed(0)} MB; live heap: first-half peak ${firstPeak.toFixed(0)} MB, second-half peak ${secondPeak.toFixed(0)} MB`);
    expect(secondPeak).toBeLessThan(firstPeak * 1.2 + 16);
    expect(report.maxRssKb / 1024).toBeLessThan(800);
  }, 300_000);
});
