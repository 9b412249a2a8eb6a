/**
 * Why the readers parse tweet times by hand (../ingest/dates.ts) while `--since/--until` use
 * date-fns (../util/window.ts): the time of each way of reading N export timestamps, and of
 * the per-tweet window test, on one core.
 *
 *   node dist/bench/date-parsers.js [--rows 200000] [--out bench/results/date-parsers-200k.json]
 *
 * Timestamps are generated (seeded) in the two forms exports carry: rtweet/TCAT's
 * `YYYY-MM-DD HH:MM:SS` and API v1.1's `Wed Oct 10 20:19:24 +0000 2018`. Each way runs three
 * times and the fastest run is kept; every way must agree with the hand parser on every row.
 */
import { writeFileSync } from 'node:fs';
import { parse as parseFormat, parseISO } from 'date-fns';
import { parseIsoDate, parseTwitterDate } from '../ingest/dates.js';
import { createRandom } from '../util/random.js';
import { insideWindow, parseWindow } from '../util/window.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

function flag(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

/** The fastest of three runs of `fn` over `rows`, in ms, and its results. */
function time(rows: readonly string[], fn: (s: string) => number): { ms: number; values: Float64Array } {
  let best = Number.POSITIVE_INFINITY;
  const values = new Float64Array(rows.length);
  for (let run = 0; run < 3; run++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rows.length; i++) values[i] = fn(rows[i]);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms: Math.round(best * 10) / 10, values };
}

function main(argv: readonly string[]): void {
  const n = Number(flag(argv, '--rows', '200000'));
  const out = flag(argv, '--out', '');
  const rng = createRandom(1);
  const start = Date.UTC(2020, 1, 17);
  const times = Array.from({ length: n }, () => start + rng.int(9 * 86_400) * 1000);
  const iso = times.map((t) => new Date(t).toISOString().slice(0, 19).replace('T', ' '));
  const twitter = times.map((t) => {
    const d = new Date(t);
    return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
  });
  const ways = {
    'hand: parseIsoDate (YYYY-MM-DD HH:MM:SS)': time(iso, parseIsoDate),
    'date-fns: parseISO (YYYY-MM-DD HH:MM:SS, made UTC)': time(iso, (s) => parseISO(`${s.replace(' ', 'T')}Z`).getTime()),
    'hand: parseTwitterDate (Wed Oct 10 20:19:24 +0000 2018)': time(twitter, parseTwitterDate),
    'date-fns: parse with a format (Wed Oct 10 20:19:24 +0000 2018)': time(twitter, (s) => parseFormat(s, 'EEE MMM dd HH:mm:ss xx yyyy', new Date(0)).getTime()),
  };
  for (const [name, r] of Object.entries(ways)) {
    const wrong = r.values.findIndex((v, i) => v !== times[i]);
    if (wrong >= 0) throw new Error(`${name} read row ${wrong} as ${r.values[wrong]}, not ${times[wrong]}`);
  }
  const window = parseWindow('2020-02-20', '2020-02-22') as { start: number; end: number };
  const test = time(iso, (s) => (insideWindow(window, parseIsoDate(s)) ? 1 : 0));
  const result = {
    kind: 'botshare_bench_date_parsers',
    command: `node dist/bench/date-parsers.js ${argv.join(' ')}`.trim(),
    node: process.version,
    rows: n,
    fastest_of: 3,
    ms: Object.fromEntries(Object.entries(ways).map(([name, r]) => [name, r.ms])),
    'hand parse + window test, ms': test.ms,
  };
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (out !== '') writeFileSync(out, text);
  process.stdout.write(text);
}

main(process.argv.slice(2));
