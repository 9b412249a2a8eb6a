/**
 * `npm run bench`: the speed and memory targets of botshare, measured on generated inputs.
 *
 *   node dist/bench/run.js [--sizes 1m,5m,1m-10k] [--formats v1,v1gz,rtweet] [--quick] [--cache DIR] [--out FILE]
 *
 * For each size and format it generates an export once (cached by its parameters), then runs,
 * each in a fresh process: `botshare report FILE` end to end (ingest, features, scoring,
 * estimation with 1,000 bootstrap replicates, charts in SVG and PNG, report.html), and, on
 * the same file, a bare line-split + JSON.parse loop (the one-core limit for this input).
 * It prints tweets/s (wall time of the whole process, start-up included), CPU seconds (all
 * threads), peak RSS, the ratio to the parse loop, the 5M/1M time ratio, the cold start
 * (`botshare --help`, model load), and the load average around each run: the machine may be
 * shared, and a loaded machine makes every figure pessimistic.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchRtweetCsv, writeBenchV1Jsonl } from './generate-exports.js';

const DIST = fileURLToPath(new URL('../', import.meta.url));
const CHILD = path.join(DIST, 'bench', 'child.js');
const CLI = path.join(DIST, 'cli', 'main.js');

type Format = 'v1' | 'v1gz' | 'rtweet';
const SIZES: Record<string, { tweets: number; accounts: number }> = {
  '200k': { tweets: 200_000, accounts: 20_000 },
  '1m': { tweets: 1_000_000, accounts: 100_000 },
  // The same tweets from a tenth of the accounts: memory should follow the accounts.
  '1m-10k': { tweets: 1_000_000, accounts: 10_000 },
  '5m': { tweets: 5_000_000, accounts: 500_000 },
};

interface ChildResult {
  job: string;
  /** Wall time of the job inside the child (modules loaded). */
  seconds: number;
  /** Wall time of the whole child process, measured by the parent. */
  processSeconds: number;
  /** CPU time of the child, all threads. */
  cpuSeconds: number;
  maxRssKb: number;
  exitCode: number;
  records?: number;
}

export interface BenchRow {
  size: string;
  format: Format;
  tweets: number;
  accounts: number;
  fileMb: number;
  /** Wall time of `botshare report` (the whole process). */
  reportSeconds: number;
  tweetsPerSecond: number;
  /** CPU time of the report process, all threads (more than wall time when threads overlap). */
  reportCpuSeconds: number;
  peakRssMb: number;
  /** 1-minute load average before and after the report run. */
  loadBefore: number;
  loadAfter: number;
  parseSeconds: number | null;
  parseTweetsPerSecond: number | null;
  ratioToParse: number | null;
}

function flag(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

function child(args: string[]): ChildResult {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CHILD, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const processSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`bench job ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr ?? '').slice(-800)}`);
  return { ...(JSON.parse(line) as Omit<ChildResult, 'processSeconds'>), processSeconds };
}

async function input(cache: string, size: string, format: Format): Promise<string> {
  const { tweets, accounts } = SIZES[size];
  const name = format === 'rtweet' ? `rtweet-${size}-seed1.csv` : `v1-${size}-seed1.jsonl${format === 'v1gz' ? '.gz' : ''}`;
  const file = path.join(cache, name);
  if (existsSync(file)) return file;
  process.stderr.write(`generating ${name}…\n`);
  const tmp = `${file}.partial${format === 'v1gz' ? '.gz' : ''}`;
  if (format === 'rtweet') await writeBenchRtweetCsv(tmp, { tweets, accounts, seed: 1 });
  else await writeBenchV1Jsonl(tmp, { tweets, accounts, seed: 1 });
  const { renameSync } = await import('node:fs');
  renameSync(tmp, file);
  return file;
}

function coldStart(): { helpSeconds: number; modelLoadSeconds: number } {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error('botshare --help failed');
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const model = child(['model']);
  return { helpSeconds: Math.min(...times), modelLoadSeconds: model.seconds };
}

function table(rows: readonly BenchRow[]): string {
  const head = ['size', 'format', 'MB', 'report s', 'tweets/s', 'CPU s', 'peak RSS MB', 'load', 'parse s', 'parse tweets/s', 'report/parse speed'];
  const lines = rows.map((r) => [
    r.size,
    r.format,
    r.fileMb.toFixed(0),
    r.reportSeconds.toFixed(1),
    Math.round(r.tweetsPerSecond).toLocaleString('en-US'),
    r.reportCpuSeconds.toFixed(1),
    r.peakRssMb.toFixed(0),
    `${r.loadBefore.toFixed(1)}→${r.loadAfter.toFixed(1)}`,
    r.parseSeconds === null ? '–' : r.parseSeconds.toFixed(1),
    r.parseTweetsPerSecond === null ? '–' : Math.round(r.parseTweetsPerSecond).toLocaleString('en-US'),
    r.ratioToParse === null ? '–' : r.ratioToParse.toFixed(2),
  ]);
  const widths = head.map((h, j) => Math.max(h.length, ...lines.map((l) => l[j].length)));
  const fmt = (cells: string[]): string => cells.map((c, j) => c.padStart(widths[j])).join('  ');
  return [fmt(head), ...lines.map(fmt)].join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const sizes = (quick ? '200k' : flag(argv, '--sizes', '1m,5m')).split(',');
  const formats = flag(argv, '--formats', 'v1,v1gz,rtweet').split(',') as Format[];
  for (const s of sizes) if (!(s in SIZES)) throw new Error(`unknown size ${s} (${Object.keys(SIZES).join(', ')})`);
  const cache = flag(argv, '--cache', path.join(tmpdir(), 'botshare-bench'));
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'botshare-bench-out-'));
  const out = flag(argv, '--out', path.join(cache, 'results.json'));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stderr.write(`botshare bench on ${cpus().length} × ${cpu}, Node ${process.version}\n`);

  const rows: BenchRow[] = [];
  try {
    for (const size of sizes) {
      for (const format of formats) {
        const file = await input(cache, size, format);
        process.stderr.write(`${size} ${format}: report…\n`);
        const loadBefore = loadAverage();
        const report = child(['cli', 'report', file, '-o', path.join(work, `${size}-${format}`), '--quiet', '--force']);
        const loadAfter = loadAverage();
        if (report.exitCode !== 0) throw new Error(`botshare report ${file} exited ${report.exitCode}`);
        let parse: ChildResult | null = null;
        if (format !== 'rtweet') {
          process.stderr.write(`${size} ${format}: JSON.parse loop…\n`);
          parse = child(['parse', file]);
        }
        const { tweets, accounts } = SIZES[size];
        rows.push({
          size,
          format,
          tweets,
          accounts,
          fileMb: statSync(file).size / 1e6,
          reportSeconds: report.processSeconds,
          tweetsPerSecond: tweets / report.processSeconds,
          reportCpuSeconds: report.cpuSeconds,
          peakRssMb: report.maxRssKb / 1024,
          loadBefore,
          loadAfter,
          parseSeconds: parse?.seconds ?? null,
          parseTweetsPerSecond: parse === null ? null : tweets / parse.seconds,
          ratioToParse: parse === null ? null : parse.seconds / report.processSeconds,
        });
        rmSync(path.join(work, `${size}-${format}`), { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const cold = coldStart();
  const scaling = formats.map((f) => {
    const a = rows.find((r) => r.size === '1m' && r.format === f);
    const b = rows.find((r) => r.size === '5m' && r.format === f);
    return a && b ? { format: f, ratio5mTo1m: b.reportSeconds / a.reportSeconds } : null;
  }).filter((x) => x !== null);

  process.stdout.write(`\n${table(rows)}\n\n`);
  for (const s of scaling) process.stdout.write(`scaling ${s.format}: 5M took ${s.ratio5mTo1m.toFixed(2)}× the time of 1M (target ≤ 5.5)\n`);
  for (const few of rows.filter((r) => r.size === '1m-10k')) {
    const many = rows.find((r) => r.size === '1m' && r.format === few.format);
    if (many) {
      process.stdout.write(
        `memory ${few.format}: 1M tweets from 10k accounts ${few.peakRssMb.toFixed(0)} MB, from 100k accounts ${many.peakRssMb.toFixed(0)} MB\n`,
      );
    }
  }
  process.stdout.write(`cold start: botshare --help ${cold.helpSeconds.toFixed(2)} s, model load ${cold.modelLoadSeconds.toFixed(2)} s (target < 1 s)\n`);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const result = { machine: { cpus: cpus().length, cpu, node: process.version, loadAverageAfter: load }, date: new Date().toISOString(), rows, scaling, cold };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`results: ${out}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
