/**
 * The cluster route on a real engine: examples/dask/tally_map_reduce.py maps `botshare tally`
 * over four shards on a Dask LocalCluster (two worker processes) and reduces with
 * `report --tallies`; its outputs must equal one `report` over the same files, byte for byte.
 * Files that share tweets, sharded one a file as the example does by default, are refused with
 * the way out; with `--partition` they give the one-run report. botshare is found as a user who
 * ran `npm ci` has it (dist/ beside the script, not on PATH), or the example says so in one line.
 * Needs Debian's python3-distributed (installed by `pretest`) and the compiled CLI (dist/,
 * built by `npm test`): without them this skips on a user's machine and fails under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** PATH without any botshare, with the node that runs these tests. */
const PATH_WITHOUT_BOTSHARE = [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);

describeDask('the Dask example as a newcomer runs it', () => {
  it('one shard per file over files that share tweets: refused, nothing written; with --partition, the one-run report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-dask-overlap-'));
    const whole = path.join(dir, 'whole.jsonl');
    await writeBenchV1Jsonl(whole, { tweets: 2000, accounts: 200, seed: 5, days: 3 });
    const lines = readFileSync(whole, 'utf8').split('\n').filter((l) => l.length > 0);
    // Two searches and a resumed one that repeats the end of the first and the start of the second.
    const files = [lines.slice(0, 1000), lines.slice(1000), [...lines.slice(900, 1000), ...lines.slice(1000, 1050)]].map((part, k) => {
      const f = path.join(dir, `search-${k + 1}.jsonl`);
      writeFileSync(f, `${part.join('\n')}\n`);
      return f;
    });
    const one = path.join(dir, 'one');
    expect(spawnSync(process.execPath, [CLI, 'report', ...files, '-o', one, ...OPTIONS], { encoding: 'utf8' }).status).toBe(0);

    const env = { ...process.env, PATH: PATH_WITHOUT_BOTSHARE };
    const out = path.join(dir, 'default');
    const refused = spawnSync(PYTHON, [SCRIPT, ...files, '-o', out, '--', ...OPTIONS], { encoding: 'utf8', env, timeout: 540_000 });
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`part-00001.tally and ${out}.tallies/part-00003.tally share 100 tweets`);
    expect(refused.stderr).toContain(`part-00002.tally and ${out}.tallies/part-00003.tally share 50 tweets`);
    expect(refused.stderr).toMatch(/tally_map_reduce\.py: the files share tweets: run again with --partition N/);
    expect(refused.stderr).not.toMatch(/Traceback/);
    expect(existsSync(out)).toBe(false);

    const partitioned = path.join(dir, 'partitioned');
    const ok = spawnSync(PYTHON, [SCRIPT, ...files, '--partition', '3', '-o', partitioned, '--', ...OPTIONS], { encoding: 'utf8', env, timeout: 540_000 });
    expect(ok.status, ok.stderr).toBe(0);
    const a = tree(one);
    const b = tree(partitioned);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect({ name, same: bytes.equals(b.get(name) as Buffer) }).toEqual({ name, same: true });
  }, 600_000);

  it('without botshare to be found: one line saying how to point at it, no traceback', () => {
    // The script alone, away from any botshare (no dist/ two levels up), and none on PATH.
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-dask-alone-'));
    mkdirSync(path.join(dir, 'examples', 'dask'), { recursive: true });
    const alone = path.join(dir, 'examples', 'dask', 'tally_map_reduce.py');
    copyFileSync(SCRIPT, alone);
    const env = { ...process.env, PATH: PATH_WITHOUT_BOTSHARE };
    const done = spawnSync(PYTHON, [alone, 'x.jsonl', '-o', path.join(dir, 'out')], { encoding: 'utf8', env });
    expect(done.status).toBe(2);
    expect(done.stderr.trim().split('\n')).toEqual([
      `tally_map_reduce.py: cannot find botshare: no ${path.join(dir, 'dist', 'cli', 'main.js')} (run \`npm ci\` in ${dir}, which builds it) and no botshare on PATH; ` +
        'say how to start it with --botshare "node /path/to/botshare/dist/cli/main.js"',
    ]);
    const wrong = spawnSync(PYTHON, [SCRIPT, 'x.jsonl', '-o', path.join(dir, 'out'), '--botshare', '/nowhere/botshare'], { encoding: 'utf8', env });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe("tally_map_reduce.py: --botshare '/nowhere/botshare': /nowhere/botshare is not an executable file or a command on PATH\n");
  });
});
