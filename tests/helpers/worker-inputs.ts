/**
 * Three export files that exercise every order-dependent step of the worker routes (report,
 * score and ingest with --workers): a.jsonl, cut into several byte ranges at `RANGE_BYTES`,
 * with rejects in two ranges, a duplicate of an earlier range, one of the same range, and one
 * mid-file (its range is read again while later ranges are done); b.jsonl.gz, read whole, with
 * a duplicate of a.jsonl and a reject; c.jsonl with a delete notice and duplicates of both.
 * 5,000 distinct tweets in all; rejects 2, 1 and 0, duplicates 3, 1 and 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeBenchV1Jsonl } from '../../src/bench/generate-exports.js';

/** Byte ranges this long cut a.jsonl into at least eight chunks. */
export const RANGE_BYTES = 300_000;

export async function writeWorkerInputs(dir: string, seed: number): Promise<{ a: string; b: string; c: string; files: string[] }> {
  const whole = path.join(dir, 'whole.jsonl');
  await writeBenchV1Jsonl(whole, { tweets: 5000, accounts: 400, seed, days: 6 });
  const lines = readFileSync(whole, 'utf8').split('\n').filter((l) => l.length > 0);
  const big = lines.slice(0, 3500);
  big.splice(900, 0, '{"id_str": "77", "text": "cut'); // rejects in different ranges: lines 901 and 2602
  big.splice(2600, 0, '{not json}');
  big.push(big[100], big[3000]); // duplicates of an earlier range and of the same range
  big.splice(1800, 0, big[40]); // a duplicate mid-file, before the second reject
  const a = path.join(dir, 'a.jsonl');
  writeFileSync(a, `${big.join('\n')}\n`);
  const b = path.join(dir, 'b.jsonl.gz');
  writeFileSync(b, gzipSync(`${[...lines.slice(3500, 4500), lines[5], '[broken'].join('\n')}\n`));
  const c = path.join(dir, 'c.jsonl');
  writeFileSync(c, `${[...lines.slice(4500), '{"delete":{"status":{"id_str":"5"}}}', lines[1200], lines[4000]].join('\n')}\n`);
  return { a, b, c, files: [a, b, c] };
}
