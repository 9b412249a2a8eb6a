/**
 * The cluster route on a real engine: examples/dask/tally_map_reduce.py maps `botshare tally`
 * over four shards on a Dask LocalCluster (two worker processes) and reduces with
 * `report --tallies`; its outputs must equal one `report` over the same files, byte for byte.
 * Needs Debian's python3-distributed (installed by `pretest`) and the compiled CLI (dist/,
 * built by `npm test`): without them this skips on a user's machine and fails under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBenchV1Jsonl } from '../../src/bench/generate-exports.js';
import { REPO_ROOT } from '../helpers/shared.js';

const PYTHON = '/usr/bin/python3';
const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'main.js');
const SCRIPT = path.join(REPO_ROOT, 'examples', 'dask', 'tally_map_reduce.py');
const MODEL = path.join(REPO_ROOT, 'models', 'default');
const OPTIONS = ['--model', MODEL, '--no-png', '--replicates', '200', '--quiet'];

const hasDask = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import dask.distributed'], { stdio: 'ignore' }).status === 0;
const built = existsSync(CLI);
const missing = [!hasDask && 'python3-distributed (run `npm test`, whose pretest installs it)', !built && 'dist/ (npm run build)'].filter(Boolean);
if (missing.length > 0 && process.env.CI === 'true') throw new Error(`the Dask test needs ${missing.join(' and ')}, and CI=true requires it`);
const describeDask = missing.length === 0 ? describe : describe.skip;
if (missing.length > 0) console.warn(`Dask test skipped: missing ${missing.join(' and ')}`);

function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(path.relative(dir, path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name)));
  }
  return out;
}

describeDask('tally on a Dask LocalCluster, report --tallies', () => {
  it('maps tally over four shards on two workers and gives the report of one run, byte for byte', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-dask-'));
    const whole = path.join(dir, 'whole.jsonl');
    await writeBenchV1Jsonl(whole, { tweets: 3000, accounts: 250, seed: 21, days: 4 });
    const lines = readFileSync(whole, 'utf8').split('\n').filter((l) => l.length > 0);
    const shards = [0, 1, 2, 3].map((k) => {
      const f = path.join(dir, `shard-${k + 1}.jsonl`);
      const mine = lines.filter((_, i) => i % 4 === k);
      if (k === 2) mine.push('{"id_str": "9", "text": "cut'); // one unreadable record, reported with its shard's file and line
      writeFileSync(f, `${mine.join('\n')}\n`);
      return f;
    });

    const one = path.join(dir, 'one');
    const single = spawnSync(process.execPath, [CLI, 'report', ...shards, '-o', one, ...OPTIONS], { encoding: 'utf8' });
    expect(single.stderr).toBe('');
    expect(single.status).toBe(0);

    const out = path.join(dir, 'dask');
    const dask = spawnSync(PYTHON, [SCRIPT, ...shards, '-o', out, '--workers', '2', '--botshare', `${process.execPath} ${CLI}`, '--', ...OPTIONS], {
      encoding: 'utf8',
      timeout: 540_000,
    });
    expect(dask.status, dask.stderr).toBe(0);
    expect(readdirSync(`${out}.tallies`).sort()).toEqual(['part-00001.tally', 'part-00002.tally', 'part-00003.tally', 'part-00004.tally']);

    const a = tree(one);
    const b = tree(out);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    expect(a.has('rejects.csv')).toBe(true);
    for (const [name, bytes] of a) expect({ name, same: bytes.equals(b.get(name) as Buffer) }).toEqual({ name, same: true });
  }, 600_000);
});
