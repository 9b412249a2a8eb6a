/**
 * Which export a file is, told from its content (never its name): the first JSON records or
 * the CSV header. `--format` overrides the guess within the same family (JSON or CSV).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputFileError } from './input-errors.js';
import { type InputInfo, inspectInput, openBytes, readHead } from './source.js';
import { MAX_LINE_BYTES, splitLines } from './lines.js';
import { isObject, own } from './fields.js';
import { parseFields } from './csv.js';

export type FormatName = 'v1' | 'v2' | 'twarc-csv' | 'rtweet' | 'tcat' | 'cresci';

export const FORMAT_NAMES: readonly FormatName[] = ['v1', 'v2', 'twarc-csv', 'rtweet', 'tcat', 'cresci'];

export const FORMAT_DESCRIPTIONS: Readonly<Record<FormatName, string>> = {
  v1: 'Twitter API v1.1 statuses, JSON lines or a JSON array',
  v2: 'Twitter API v2 JSON lines from twarc2 (response pages or flattened tweets)',
  'twarc-csv': 'the CSV written by `twarc2 csv`',
  rtweet: "rtweet CSV (R's write_as_csv)",
  tcat: 'DMI-TCAT tweet export (CSV or TSV)',
  cresci: 'cresci-style tweets.csv with its users.csv',
};

const JSON_FORMATS: ReadonlySet<FormatName> = new Set(['v1', 'v2']);

export interface DetectedInput {
  file: string;
  info: InputInfo;
  format: FormatName;
  /** v1 only: one status a line, or a JSON array. */
  shape?: 'lines' | 'array';
  /** CSV formats. */
  delimiter?: string;
  /** cresci only: the tweets file, or the accounts file that goes with it. */
  role?: 'tweets' | 'users';
  /** cresci tweets: their users.csv. */
  companion?: DetectedInput;
}

function classifyJson(o: unknown): FormatName | null {
  if (!isObject(o)) return null;
  if (own(o, 'data') !== undefined) return 'v2';
  if (isObject(own(o, 'user'))) return 'v1';
  if (own(o, 'id') !== undefined && (own(o, 'author_id') !== undefined || isObject(own(o, 'author')))) return 'v2';
  return null;
}

/** How many records detection looks at before it gives up. */
const RECORDS_LOOKED_AT = 50;

/** The format of the first of these records (at most RECORDS_LOOKED_AT) that has one, or null. */
function classifyLines(lines: Iterable<Buffer>): FormatName | null {
  let n = 0;
  for (const bytes of lines) {
    if (n++ >= RECORDS_LOOKED_AT) break;
    const line = bytes.toString('utf8').trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // a broken line: the reader will reject it; look further
    }
    const format = classifyJson(value);
    if (format) return format;
  }
  return null;
}

/** The head's whole lines, and whether it ends inside a line (a record longer than the head). */
function headLines(head: Buffer): { lines: Buffer[]; cut: boolean } {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < head.length) {
    const end = head.indexOf(10, start);
    if (end < 0) return { lines, cut: true };
    lines.push(head.subarray(start, end));
    start = end + 1;
  }
  return { lines, cut: false };
}

/**
 * The first records of the file whole, as the reader cuts them (records of up to `limit`
 * bytes; a longer one is counted in `tooLong` and skipped, as the reader rejects it).
 */
async function wholeRecords(file: string, info: InputInfo, limit: number): Promise<{ format: FormatName | null; tooLong: number }> {
  let tooLong = 0;
  let seen = 0;
  let bytes = 0;
  for await (const batch of splitLines(openBytes(file, info).chunks, limit)) {
    for (const line of batch) {
      seen++;
      if (line.tooLong) {
        tooLong++;
      } else {
        const format = classifyLines([line.bytes]);
        if (format) return { format, tooLong };
      }
      bytes += line.bytes.length;
      // At most the records detection looks at, and about one record limit of bytes.
      if (seen >= RECORDS_LOOKED_AT || bytes > limit) return { format: null, tooLong };
    }
  }
  return { format: null, tooLong };
}

/** Where detection looks: the head's size, and the reader's limit on one record (tests make them small). */
export interface DetectionWindow {
  /** Bytes of the file's start read at once (default 16 MiB). */
  window?: number;
  /** The longest record read whole (default the reader's, MAX_LINE_BYTES). */
  recordLimit?: number;
}

const HEAD_BYTES = 16 << 20;
const sizeOf = (n: number): string => (n % (1 << 20) === 0 ? `${n / (1 << 20)} MiB` : `${n.toLocaleString('en-US')} bytes`);

async function detectJsonLines(file: string, info: InputInfo, head: Buffer, limits: DetectionWindow): Promise<FormatName> {
  const { lines, cut } = headLines(head);
  const found = classifyLines(cut ? [...lines, head.subarray(lines.reduce((n, l) => n + l.length + 1, 0))] : lines);
  if (found) return found;
  let tooLong = 0;
  if (cut && lines.length < RECORDS_LOOKED_AT) {
    // A record longer than the head (a 60 MB status): read the first records whole, as the reader will.
    const whole = await wholeRecords(file, info, limits.recordLimit ?? MAX_LINE_BYTES);
    if (whole.format) return whole.format;
    tooLong = whole.tooLong;
  }
  // Only broken lines: look at the keys.
  const text = head.subarray(0, 1 << 20).toString('utf8');
  if (/"author_id"\s*:/.test(text) || /^\s*\{\s*"data"\s*:/.test(text)) return 'v2';
  if (/"user"\s*:\s*\{/.test(text) && /"id_str"\s*:/.test(text)) return 'v1';
  const limit = limits.recordLimit ?? MAX_LINE_BYTES;
  throw new InputFileError(
    file,
    'is JSON but not a tweet export botshare knows (Twitter API v1.1 statuses or twarc2 output)' +
      (tooLong > 0 ? `; ${tooLong === 1 ? 'a record' : `${tooLong} records`} among its first ${RECORDS_LOOKED_AT} ${tooLong === 1 ? 'is' : 'are'} longer than ${sizeOf(limit)}, the most botshare reads as one record` : ''),
  );
}

/**
 * A file that opens with `[` is a JSON array, unless its first line is a whole JSON value
 * followed by more lines: JSON lines whose first record is broken. Read as an array, every
 * later line would be lost as "text after the end of the array".
 */
function isJsonLinesStartingWithArray(head: Buffer): boolean {
  const end = head.indexOf(10);
  if (end < 0) return false;
  if (head.subarray(end).every((c) => c === 32 || c === 10 || c === 13 || c === 9)) return false;
  try {
    JSON.parse(head.subarray(0, end).toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

interface CsvGuess {
  format: FormatName;
  delimiter: string;
  role?: 'tweets' | 'users';
}

function classifyHeader(names: ReadonlySet<string>): Omit<CsvGuess, 'delimiter'> | null {
  const has = (n: string): boolean => names.has(n);
  if (has('status_id') && has('user_id') && has('screen_name') && has('created_at')) return { format: 'rtweet' };
  if (has('from_user_name') || has('from_user_id')) return { format: 'tcat' };
  if (has('id') && has('created_at') && (has('author_id') || has('author.id')) && [...names].some((n) => n.includes('.'))) {
    return { format: 'twarc-csv' };
  }
  if (has('id') && has('user_id') && has('created_at') && has('text')) return { format: 'cresci', role: 'tweets' };
  if (has('id') && has('screen_name') && has('followers_count') && has('statuses_count') && !has('text')) {
    return { format: 'cresci', role: 'users' };
  }
  return null;
}

function headerFields(line: string, delimiter: string): string[] {
  const fields = parseFields(line, delimiter);
  return typeof fields === 'string' ? [] : fields.map((f) => f.trim());
}

function sniffBinary(file: string, head: Buffer): void {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    throw new InputFileError(file, 'is UTF-16 text; save it as UTF-8 and try again');
  }
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) {
    throw new InputFileError(file, 'is a zip archive; unzip it and give the files inside');
  }
  // Binary when control bytes are more than 5% of the first 4 KB (random bytes: about 11%);
  // a stray NUL in a text export costs its record, not the whole file.
  const probe = head.subarray(0, 4096);
  let control = 0;
  for (const b of probe) if (b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13) control++;
  if (control > 0 && control * 20 >= probe.length) throw new InputFileError(file, 'is not a text file (it holds binary data), so not a tweet export');
}

/** Recognises one file; `forced` is the user's --format. */
export async function detectInput(file: string, forced?: FormatName, limits: DetectionWindow = {}): Promise<DetectedInput> {
  const info = await inspectInput(file);
  const window = limits.window ?? HEAD_BYTES;
  const head = await readHead(file, info, Math.min(64 * 1024, window), window);
  sniffBinary(file, head);
  let k = 0;
  while (k < head.length && (head[k] === 32 || head[k] === 10 || head[k] === 13 || head[k] === 9)) k++;
  if (k === head.length) throw new InputFileError(file, 'is empty');
  const first = head[k];
  if (first === 91 /* [ */ || first === 123 /* { */) {
    const shape = first === 91 && !isJsonLinesStartingWithArray(head.subarray(k)) ? 'array' : 'lines';
    if (forced && !JSON_FORMATS.has(forced)) {
      throw new InputFileError(file, `holds JSON, but --format ${forced} is a CSV format`);
    }
    if (shape === 'array') {
      if (forced === 'v2') throw new InputFileError(file, 'is a JSON array; twarc2 writes JSON lines, and only v1 statuses are read from arrays');
      return { file, info, format: 'v1', shape };
    }
    return { file, info, format: forced ?? (await detectJsonLines(file, info, head.subarray(k), limits)), shape };
  }
  const end = head.indexOf(10);
  const firstLine = head.subarray(0, end < 0 ? head.length : end).toString('utf8').replace(/\r$/, '');
  let guess: CsvGuess | null = null;
  for (const delimiter of [',', '\t', ';']) {
    const g = classifyHeader(new Set(headerFields(firstLine, delimiter)));
    if (g) {
      guess = { ...g, delimiter };
      break;
    }
  }
  if (forced) {
    if (JSON_FORMATS.has(forced)) throw new InputFileError(file, `is not JSON, but --format ${forced} is a JSON format`);
    if (guess && guess.format === forced) return { file, info, ...guess };
    const delimiter = forced === 'tcat' && firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
    const role = forced === 'cresci' ? (guess?.role ?? 'tweets') : undefined;
    return { file, info, format: forced, delimiter, role };
  }
  if (!guess) {
    const shown = firstLine.length > 100 ? `${firstLine.slice(0, 100)}…` : firstLine;
    throw new InputFileError(file, `is not a tweet export botshare recognises (its first line is "${shown}"); if it is one, say which with --format`);
  }
  return { file, info, ...guess };
}

/** The format of `file`, from its content. Throws InputFileError when it is not recognised. */
export async function detectFormat(file: string): Promise<FormatName> {
  return (await detectInput(file)).format;
}

const USERS_NAMES = ['users.csv', 'users.csv.gz'];

/**
 * Pairs each cresci tweets file with its users.csv: one passed in the same run (in the same
 * folder, or the only one given), else `<name with tweets→users>` or `users.csv(.gz)` beside
 * it. A users.csv passed without tweets is a mistake (it holds accounts, no tweets).
 */
export async function pairCresci(inputs: DetectedInput[]): Promise<DetectedInput[]> {
  const users = inputs.filter((d) => d.format === 'cresci' && d.role === 'users');
  const tweets = inputs.filter((d) => !(d.format === 'cresci' && d.role === 'users'));
  const used = new Set<DetectedInput>();
  for (const t of tweets) {
    if (t.format !== 'cresci') continue;
    const dir = path.dirname(path.resolve(t.file));
    const sameDir = users.filter((u) => path.dirname(path.resolve(u.file)) === dir);
    let companion: DetectedInput | undefined;
    const base = path.basename(t.file);
    const twin = base.includes('tweets') ? base.replace('tweets', 'users') : null;
    if (sameDir.length === 1) companion = sameDir[0];
    else if (sameDir.length > 1) companion = sameDir.find((u) => path.basename(u.file) === twin);
    else if (users.length === 1) companion = users[0];
    if (!companion) {
      const present = new Set(await readdir(dir).catch(() => [] as string[]));
      const candidates = [twin, ...USERS_NAMES].filter((n): n is string => n !== null && n !== base && present.has(n));
      for (const name of candidates) {
        const found = await detectInput(path.join(path.dirname(t.file), name), 'cresci');
        if (found.role === 'users') {
          companion = found;
          break;
        }
      }
    }
    if (!companion) {
      throw new InputFileError(t.file, 'is a cresci-style tweets.csv; its users.csv must sit beside it or be given with it');
    }
    used.add(companion);
    t.companion = companion;
  }
  for (const u of users) {
    if (!used.has(u)) {
      throw new InputFileError(u.file, 'is a cresci users.csv (accounts, no tweets); give the tweets.csv that goes with it');
    }
  }
  return tweets;
}
