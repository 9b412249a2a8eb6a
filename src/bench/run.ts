/**
 * `npm run bench`: the speed and memory targets of botshare, measured on generated inputs.
 *
 *   node dist/bench/run.js [--sizes 1m,5m,1m-10k] [--formats v1,v1gz,rtweet] [--workers 1,2] [--commands score,ingest] [--dask] [--peer] [--floor] [--quick] [--cache DIR] [--out FILE]
 *
 * For each size and format it generates an export once (cached by its parameters), then runs,
 * each in a fresh process: `botshare report FILE` end to end (ingest, features, scoring,
 * estimation with 1,000 bootstrap replicates, charts in SVG and PNG, report.html), and, on
 * the same file, a bare line-split + JSON.parse loop (the one-core limit for this input).
 * It prints tweets/s (wall time of the whole process, start-up included), CPU seconds (all
 * threads), peak RSS, the ratio to the parse loop, the 5M/1M time ratio, the cold start
 * (`botshare --help`, model load), and the load average around each run: the machine may be
 * shared, and a loaded machine makes every figure pessimistic.
 *
 * `--workers 1,2` runs each report once per worker count (`report --workers N`). `--dask`
 * also measures the cluster route on each v1 input: the file cut into four shards, `botshare
 * tally` mapped over them on a Dask LocalCluster of two worker processes and merged by
 * `report --tallies` (examples/dask/tally_map_reduce.py), against one `report` over the same
 * four shards, and checks that both wrote the same summary.json.
 *
 * `--peer` also runs, on each v1.1 input (plain and gzip) and in its own process, the
 * BotometerLite-style Python peer (bench/peer/botometer_lite_peer.py: json.loads, twenty-one
 * profile features, a 100-tree scikit-learn forest in batches) and records its tweets/s and
 * `reportOverPeer`, report tweets/s ÷ peer tweets/s (issue 14: ≥ 4). The peer's rate is over
 * its parse + features + predict span only (its start-up and forest training excluded), the
 * report's over its whole process: the ratio leans in the peer's favour. Without scikit-learn
 * the bench installs Debian's python3-sklearn as root, or says it cannot and skips the peer.
 *
 * `--commands score,ingest` also times `botshare score` and `botshare ingest -o --rejects
 * --summary` on each input for each worker count, and checks (sha256) that every worker count
 * wrote the same files as the first.
 *
 * `--floor` also runs, on each v1.1 input and for each worker count, the first steps of a
 * report's workers alone on all shares at once (child job `floor`, floor.ts): `parse`
 * (lines and JSON.parse), `ingest` (botshare's reader), `score` (reader, features, scoring):
 * the most any report on these threads could do with the rest of its work taken away.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { writeBenchRtweetCsv, writeBenchV1Jsonl } from './generate-exports.js';
import { FLOOR_STAGES, type FloorStage } from './floor.js';

const DIST = fileURLToPath(new URL('../', import.meta.url));
const CHILD = path.join(DIST, 'bench', 'child.js');
const CLI = path.join(DIST, 'cli', 'main.js');
const DASK_EXAMPLE = path.join(DIST, '..', 'examples', 'dask', 'tally_map_reduce.py');
const PEER = path.join(DIST, '..', 'bench', 'peer', 'botometer_lite_peer.py');
const PYTHON = '/usr/bin/python3';

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
  /** `report --workers N`. */
  workers: number;
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
  /** The Python peer on the same file (`--peer`, v1.1 inputs), or null. */
  peer: PeerResult | null;
  /** Report tweets/s ÷ peer tweets/s. */
  reportOverPeer: number | null;
}

/** One run of bench/peer/botometer_lite_peer.py, as it prints it, plus the parent's timing. */
export interface PeerResult {
  tweets: number;
  /** Reading, parsing, features and prediction; start-up and training excluded. */
  seconds: number;
  tweetsPerSecond: number;
  /** The forest's share of `seconds`. */
  predictSeconds: number;
  /** Fitting the forest at start-up, outside `seconds`. */
  trainSeconds: number;
  /** Wall time of the whole Python process, measured by the parent. */
  processSeconds: number;
  maxRssKb: number;
  loadBefore: number;
  loadAfter: number;
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

/** Cuts an uncompressed JSON-lines file into `n` shard files at line ends (cached). */
async function shardsOf(file: string, n: number): Promise<string[]> {
  const size = statSync(file).size;
  const out: string[] = [];
  const handle = await open(file, 'r');
  try {
    let start = 0;
    for (let k = 1; k <= n; k++) {
      const shard = file.replace(/\.jsonl$/, `.shard-${k}-of-${n}.jsonl`);
      let end = size;
      if (k < n) {
        const probe = Buffer.alloc(1 << 16);
        const { bytesRead } = await handle.read(probe, 0, probe.length, Math.floor((size * k) / n));
        end = Math.floor((size * k) / n) + probe.subarray(0, bytesRead).indexOf(10) + 1;
      }
      if (!existsSync(shard)) {
        const { createReadStream, createWriteStream } = await import('node:fs');
        const { pipeline } = await import('node:stream/promises');
        await pipeline(createReadStream(file, { start, end: end - 1 }), createWriteStream(`${shard}.partial`));
        const { renameSync } = await import('node:fs');
        renameSync(`${shard}.partial`, shard);
      }
      out.push(shard);
      start = end;
    }
  } finally {
    await handle.close();
  }
  return out;
}

export interface DaskRow {
  size: string;
  shards: number;
  /** Wall time of the example script: cluster start, four tallies on two workers, report --tallies. */
  daskSeconds: number;
  daskTweetsPerSecond: number;
  /** One `report --workers 1` over the same four shard files. */
  oneRunSeconds: number;
  sameSummary: boolean;
  loadBefore: number;
  loadAfter: number;
}

/**
 * One stage of a report's workers run alone on every share at once (`--floor`, child job
 * `floor`): how fast the steps before the rest of the report can go with these threads.
 */
export interface FloorRow extends TimedRun {
  size: string;
  format: Format;
  workers: number;
  /** parse: lines and JSON.parse only; ingest: botshare's reader; score: reader, features, scoring. */
  stage: FloorStage;
}

/** What every timed child run of the floor and the commands records. */
interface TimedRun {
  /** Wall time of the whole process, as the parent measures it. */
  seconds: number;
  tweetsPerSecond: number;
  cpuSeconds: number;
  peakRssMb: number;
  loadBefore: number;
  loadAfter: number;
}

/** A child job timed on `tweets` tweets, with the load average around it. */
function timedChild(args: string[], tweets: number): { run: TimedRun; result: ChildResult } {
  const loadBefore = loadAverage();
  const result = child(args);
  const loadAfter = loadAverage();
  const run = {
    seconds: result.processSeconds,
    tweetsPerSecond: tweets / result.processSeconds,
    cpuSeconds: result.cpuSeconds,
    peakRssMb: result.maxRssKb / 1024,
    loadBefore,
    loadAfter,
  };
  return { run, result };
}

function floorRow(file: string, size: string, format: Format, workers: number, stage: FloorStage): FloorRow {
  const { run, result } = timedChild(['floor', file, String(workers), stage], SIZES[size].tweets);
  if (result.records !== SIZES[size].tweets) throw new Error(`floor ${stage} read ${result.records} records of ${file}, not ${SIZES[size].tweets}`);
  return { size, format, workers, stage, ...run };
}

/** `score` or `ingest` on one input with some workers (`--commands`), and whether it wrote what one worker wrote. */
export interface CommandRow extends TimedRun {
  command: PerTweetCommand;
  size: string;
  format: Format;
  workers: number;
  /** sha256 of every output file, in order (scores CSV; NDJSON, rejects, summary). */
  outputs: string[];
  /** Every output identical to the run with the first worker count (null on that run). */
  sameAsFirst: boolean | null;
}

type PerTweetCommand = 'score' | 'ingest';
const PER_TWEET_COMMANDS: readonly PerTweetCommand[] = ['score', 'ingest'];

function isPerTweetCommand(c: string): c is PerTweetCommand {
  return (PER_TWEET_COMMANDS as readonly string[]).includes(c);
}

function commandRow(command: PerTweetCommand, file: string, size: string, format: Format, workers: number, work: string, first: CommandRow | undefined): CommandRow {
  const base = path.join(work, `${command}-${size}-${format}-w${workers}`);
  const outputs = command === 'score' ? [`${base}.csv`] : [`${base}.ndjson`, `${base}.rejects.csv`, `${base}.summary.json`];
  const args = command === 'score' ? ['-o', outputs[0]] : ['-o', outputs[0], '--rejects', outputs[1], '--summary', outputs[2]];
  const { run, result } = timedChild(['cli', command, file, ...args, '--quiet', '--force', '--workers', String(workers)], SIZES[size].tweets);
  if (result.exitCode !== 0) throw new Error(`botshare ${command} ${file} exited ${result.exitCode}`);
  const sums = outputs.map(sha256);
  for (const o of outputs) rmSync(o, { force: true });
  return {
    command,
    size,
    format,
    workers,
    ...run,
    outputs: sums,
    sameAsFirst: first === undefined ? null : first.outputs.every((h, i) => h === sums[i]),
  };
}

/** In 1 MB pieces: outputs of 5M tweets pass the size of one Buffer. */
function sha256(file: string): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

async function daskRoute(file: string, size: string, work: string): Promise<DaskRow> {
  const shards = await shardsOf(file, 4);
  const loadBefore = loadAverage();
  const t0 = process.hrtime.bigint();
  const dask = spawnSync(PYTHON, [DASK_EXAMPLE, ...shards, '-o', path.join(work, `dask-${size}`), '--workers', '2', '--botshare', `${process.execPath} ${CLI}`, '--', '--quiet', '--force'], {
    encoding: 'utf8',
  });
  const daskSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (dask.status !== 0) throw new Error(`the Dask route failed (exit ${dask.status}): ${(dask.stderr ?? '').slice(-800)}`);
  const one = child(['cli', 'report', ...shards, '-o', path.join(work, `one-${size}`), '--quiet', '--force', '--workers', '1']);
  const loadAfter = loadAverage();
  const sameSummary = sha256(path.join(work, `dask-${size}`, 'summary.json')) === sha256(path.join(work, `one-${size}`, 'summary.json'));
  return { size, shards: 4, daskSeconds, daskTweetsPerSecond: SIZES[size].tweets / daskSeconds, oneRunSeconds: one.processSeconds, sameSummary, loadBefore, loadAfter };
}

function hasSklearn(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import numpy, sklearn'], { stdio: 'ignore' }).status === 0;
}

/**
 * Whether the peer can run: scikit-learn present, or installed from Debian's packages as
 * scripts/ensure-test-tools.mjs installs python3-distributed (root and apt-get only).
 */
function peerReady(): boolean {
  if (hasSklearn()) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    process.stderr.write(`--peer: ${PYTHON} lacks scikit-learn and the bench cannot install python3-sklearn (needs root and apt-get): the peer is skipped\n`);
    return false;
  }
  process.stderr.write('--peer: installing python3-sklearn from Debian\'s packages (first run only)…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'python3-sklearn'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (hasSklearn()) return true;
  process.stderr.write('--peer: python3-sklearn did not install: the peer is skipped\n');
  return false;
}

function runPeer(file: string, tweets: number): PeerResult {
  const loadBefore = loadAverage();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(PYTHON, [PEER, file], { encoding: 'utf8' });
  const processSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const loadAfter = loadAverage();
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`the Python peer failed on ${file} (exit ${r.status}): ${(r.stderr ?? '').slice(-800)}`);
  const out = JSON.parse(line) as Omit<PeerResult, 'processSeconds' | 'loadBefore' | 'loadAfter'>;
  if (out.tweets !== tweets) throw new Error(`the Python peer scored ${out.tweets} tweets of ${file}, not ${tweets}`);
  const { seconds, tweetsPerSecond, predictSeconds, trainSeconds, maxRssKb } = out;
  return { tweets: out.tweets, seconds, tweetsPerSecond, predictSeconds, trainSeconds, processSeconds, maxRssKb, loadBefore, loadAfter };
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
  // The peer's columns only when a row has the peer (`--peer`).
  const withPeer = rows.some((r) => r.peer !== null);
  const head = ['size', 'format', 'workers', 'MB', 'report s', 'tweets/s', 'CPU s', 'peak RSS MB', 'load', 'parse s', 'parse tweets/s', 'report/parse speed'];
  if (withPeer) head.push('peer tweets/s', 'report/peer');
  const lines = rows.map((r) => [
    r.size,
    r.format,
    String(r.workers),
    r.fileMb.toFixed(0),
    r.reportSeconds.toFixed(1),
    Math.round(r.tweetsPerSecond).toLocaleString('en-US'),
    r.reportCpuSeconds.toFixed(1),
    r.peakRssMb.toFixed(0),
    `${r.loadBefore.toFixed(1)}→${r.loadAfter.toFixed(1)}`,
    r.parseSeconds === null ? '–' : r.parseSeconds.toFixed(1),
    r.parseTweetsPerSecond === null ? '–' : Math.round(r.parseTweetsPerSecond).toLocaleString('en-US'),
    r.ratioToParse === null ? '–' : r.ratioToParse.toFixed(2),
    ...(withPeer
      ? [
          r.peer === null ? '–' : Math.round(r.peer.tweetsPerSecond).toLocaleString('en-US'),
          r.reportOverPeer === null ? '–' : r.reportOverPeer.toFixed(2),
        ]
      : []),
  ]);
  const widths = head.map((h, j) => Math.max(h.length, ...lines.map((l) => l[j].length)));
  const fmt = (cells: string[]): string => cells.map((c, j) => c.padStart(widths[j])).join('  ');
  return [fmt(head), ...lines.map(fmt)].join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const sizes = (quick ? '200k' : flag(argv, '--sizes', '1m,5m')).split(',');
  const formats = flag(argv, '--formats', 'v1,v1gz,rtweet').split(',') as Format[];
  const workerCounts = flag(argv, '--workers', '1').split(',').map(Number);
  if (workerCounts.some((w) => !(Number.isInteger(w) && w >= 1))) throw new Error('--workers takes whole numbers ≥ 1, e.g. 1,2');
  const withDask = argv.includes('--dask');
  const withPeer = argv.includes('--peer') && peerReady();
  const withFloor = argv.includes('--floor');
  const commands = flag(argv, '--commands', '').split(',').filter((c) => c.length > 0);
  for (const c of commands) if (!isPerTweetCommand(c)) throw new Error(`--commands takes ${PER_TWEET_COMMANDS.join(', ')}, not ${c}`);
  const commandRows: CommandRow[] = [];
  const daskRows: DaskRow[] = [];
  const floorRows: FloorRow[] = [];
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
        let parse: ChildResult | null = null;
        if (format !== 'rtweet') {
          process.stderr.write(`${size} ${format}: JSON.parse loop…\n`);
          parse = child(['parse', file]);
        }
        let peer: PeerResult | null = null;
        if (withPeer && format !== 'rtweet') {
          process.stderr.write(`${size} ${format}: Python peer (BotometerLite-style)…\n`);
          peer = runPeer(file, SIZES[size].tweets);
        }
        for (const workers of workerCounts) {
          process.stderr.write(`${size} ${format}: report --workers ${workers}…\n`);
          const { tweets, accounts } = SIZES[size];
          const { run, result: report } = timedChild(['cli', 'report', file, '-o', path.join(work, `${size}-${format}`), '--quiet', '--force', '--workers', String(workers)], tweets);
          if (report.exitCode !== 0) throw new Error(`botshare report ${file} exited ${report.exitCode}`);
          rows.push({
            size,
            format,
            workers,
            tweets,
            accounts,
            fileMb: statSync(file).size / 1e6,
            reportSeconds: run.seconds,
            tweetsPerSecond: run.tweetsPerSecond,
            reportCpuSeconds: run.cpuSeconds,
            peakRssMb: run.peakRssMb,
            loadBefore: run.loadBefore,
            loadAfter: run.loadAfter,
            parseSeconds: parse?.seconds ?? null,
            parseTweetsPerSecond: parse === null ? null : tweets / parse.seconds,
            ratioToParse: parse === null ? null : parse.seconds / report.processSeconds,
            peer,
            reportOverPeer: peer === null ? null : tweets / report.processSeconds / peer.tweetsPerSecond,
          });
          rmSync(path.join(work, `${size}-${format}`), { recursive: true, force: true });
        }
        for (const command of commands.filter(isPerTweetCommand)) {
          let first: CommandRow | undefined;
          for (const workers of workerCounts) {
            process.stderr.write(`${size} ${format}: ${command} --workers ${workers}…\n`);
            const row = commandRow(command, file, size, format, workers, work, first);
            first ??= row;
            commandRows.push(row);
          }
        }
        if (withFloor && format !== 'rtweet') {
          for (const workers of workerCounts) {
            for (const stage of FLOOR_STAGES) {
              process.stderr.write(`${size} ${format}: floor ${stage} on ${workers} worker${workers === 1 ? '' : 's'}…\n`);
              floorRows.push(floorRow(file, size, format, workers, stage));
            }
          }
        }
        if (withDask && format === 'v1') {
          process.stderr.write(`${size} ${format}: Dask route (4 shards, LocalCluster of 2) and one run over the shards…\n`);
          daskRows.push(await daskRoute(file, size, work));
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const cold = coldStart();
  const scaling = formats.map((f) => {
    const a = rows.find((r) => r.size === '1m' && r.format === f && r.workers === workerCounts[0]);
    const b = rows.find((r) => r.size === '5m' && r.format === f && r.workers === workerCounts[0]);
    return a && b ? { format: f, ratio5mTo1m: b.reportSeconds / a.reportSeconds } : null;
  }).filter((x) => x !== null);

  process.stdout.write(`\n${table(rows)}\n\n`);
  for (const s of scaling) process.stdout.write(`scaling ${s.format}: 5M took ${s.ratio5mTo1m.toFixed(2)}× the time of 1M (target ≤ 5.5)\n`);
  for (const few of rows.filter((r) => r.size === '1m-10k')) {
    const many = rows.find((r) => r.size === '1m' && r.format === few.format && r.workers === few.workers);
    if (many) {
      process.stdout.write(
        `memory ${few.format}: 1M tweets from 10k accounts ${few.peakRssMb.toFixed(0)} MB, from 100k accounts ${many.peakRssMb.toFixed(0)} MB\n`,
      );
    }
  }
  process.stdout.write(`cold start: botshare --help ${cold.helpSeconds.toFixed(2)} s, model load ${cold.modelLoadSeconds.toFixed(2)} s (target < 1 s)\n`);
  for (const d of daskRows) {
    process.stdout.write(
      `dask ${d.size}: 4 shards on a LocalCluster of 2 in ${d.daskSeconds.toFixed(1)} s (${Math.round(d.daskTweetsPerSecond).toLocaleString('en-US')} tweets/s), ` +
        `one report over the same shards ${d.oneRunSeconds.toFixed(1)} s; summary.json ${d.sameSummary ? 'identical' : 'DIFFERENT'}\n`,
    );
  }
  for (const c of commandRows) {
    process.stdout.write(
      `${c.command} ${c.size} ${c.format} --workers ${c.workers}: ${c.seconds.toFixed(1)} s (${Math.round(c.tweetsPerSecond).toLocaleString('en-US')} tweets/s, ` +
        `CPU ${c.cpuSeconds.toFixed(1)} s, peak RSS ${c.peakRssMb.toFixed(0)} MB, load ${c.loadBefore.toFixed(1)}→${c.loadAfter.toFixed(1)})` +
        `${c.sameAsFirst === null ? '' : c.sameAsFirst ? `; outputs identical to --workers ${workerCounts[0]}` : `; outputs DIFFER from --workers ${workerCounts[0]}`}\n`,
    );
  }
  for (const f of floorRows) {
    process.stdout.write(
      `floor ${f.size} ${f.format} ${f.stage} on ${f.workers} worker${f.workers === 1 ? '' : 's'}: ${f.seconds.toFixed(1)} s ` +
        `(${Math.round(f.tweetsPerSecond).toLocaleString('en-US')} tweets/s, CPU ${f.cpuSeconds.toFixed(1)} s, peak RSS ${f.peakRssMb.toFixed(0)} MB, load ${f.loadBefore.toFixed(1)}→${f.loadAfter.toFixed(1)})\n`,
    );
  }
  for (const r of rows) {
    if (r.peer === null || r.reportOverPeer === null) continue;
    process.stdout.write(
      `peer ${r.size} ${r.format}: ${Math.round(r.peer.tweetsPerSecond).toLocaleString('en-US')} tweets/s over parse + features + predict ` +
        `(${r.peer.seconds.toFixed(1)} s, forest ${r.peer.predictSeconds.toFixed(1)} s; training ${r.peer.trainSeconds.toFixed(1)} s and start-up excluded, ` +
        `process ${r.peer.processSeconds.toFixed(1)} s, peak RSS ${(r.peer.maxRssKb / 1024).toFixed(0)} MB, load ${r.peer.loadBefore.toFixed(1)}→${r.peer.loadAfter.toFixed(1)}); ` +
        `report --workers ${r.workers} ÷ peer ${r.reportOverPeer.toFixed(2)}× (target ≥ 4)\n`,
    );
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const command = ['node', 'dist/bench/run.js', ...argv].join(' ');
  const result = { command, machine: { cpus: cpus().length, cpu, node: process.version, loadAverageAfter: load }, date: new Date().toISOString(), rows, scaling, cold, dask: daskRows, floor: floorRows, commands: commandRows };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`results: ${out}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
