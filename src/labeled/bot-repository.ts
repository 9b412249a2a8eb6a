/**
 * Loader for the Botometer bot repository's archives as distributed: `<name>.tar.gz` holding
 * `<name>.tsv` (user id TAB bot|human) and `<name>_tweets.json`, a JSON array of
 * `{created_at, user}` where `user` is a Twitter API v1.1 user object and `created_at` the
 * time the profile was observed — the probe time.
 *
 * Only labeled profiles become accounts: a profile whose id is not in the tsv is skipped
 * (there is nothing to learn from it), and so is an id the tsv labels both bot and human
 * (gilani-2017 has such ids). Labeled ids without a profile are counted in the notes.
 * The JSON is parsed with JSON.parse and read field by field through own-property checks:
 * nothing from the file is merged into an object, so `__proto__` keys are inert.
 */
import path from 'node:path';
import type { Author } from '../ingest/tweet.js';
import { InputFileError, excerpt } from '../ingest/input-errors.js';
import { readTarGz, TarError } from './tar.js';
import { emptyReport, skip, type Label, type LabeledAccount, type LoadReport } from './types.js';
import { parseTwitterDate } from '../ingest/dates.js';
import { isUserId } from './user-id.js';

export interface BotRepositoryResult {
  accounts: LabeledAccount[];
  /** One report for the tsv (labels), one for the profiles. */
  reports: LoadReport[];
}

type Json = Record<string, unknown>;
const own = (o: Json, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Labels from the tsv: id → label, with conflicting ids removed and reported. */
export function parseLabelTsv(
  text: string,
  dataset: string,
  file: string,
): { labels: Map<string, Label>; conflicting: Set<string>; report: LoadReport } {
  const report = emptyReport(dataset, file);
  const labels = new Map<string, Label>();
  const conflicting = new Set<string>();
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((rawLine, i) => {
    const line = rawLine.replace(/\r$/, '');
    report.read += 1;
    const [id, label, ...rest] = line.split('\t');
    if (rest.length > 0 || id === undefined || !isUserId(id) || (label !== 'bot' && label !== 'human')) {
      report.rejected += 1;
      report.rejects.push({ file, line: i + 1, reason: 'expected "<user id>\\t<bot|human>"', raw: excerpt(line) });
      return;
    }
    const previous = labels.get(id);
    if (conflicting.has(id)) {
      skip(report, 'id labeled both bot and human');
    } else if (previous === undefined) {
      labels.set(id, label);
      report.accepted += 1;
    } else if (previous === label) {
      skip(report, 'duplicate line');
    } else {
      // The first line counted as accepted is taken back: neither label is kept.
      labels.delete(id);
      conflicting.add(id);
      report.accepted -= 1;
      report.skipped['id labeled both bot and human'] = (report.skipped['id labeled both bot and human'] ?? 0) + 2;
    }
  });
  if (conflicting.size > 0) report.notes.push(`${conflicting.size} ids are labeled both bot and human: left out`);
  return { labels, conflicting, report };
}

function countField(user: Json, key: string): number | undefined | string {
  const v = own(user, key);
  if (v === undefined || v === null) return undefined;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : `user.${key} is not a count`;
}
function boolField(user: Json, key: string): boolean | undefined | string {
  const v = own(user, key);
  if (v === undefined || v === null) return undefined;
  return typeof v === 'boolean' ? v : `user.${key} is not true/false`;
}
function stringField(user: Json, key: string, nullAs?: string): string | undefined | { bad: string } {
  const v = own(user, key);
  if (v === undefined) return undefined;
  if (v === null) return nullAs;
  return typeof v === 'string' ? v : { bad: `user.${key} is not a string` };
}

/** One `{created_at, user}` record → account, or the reason it cannot be read. */
export function profileRecord(record: unknown): { author: Author; probeTime: number } | string {
  if (!isObject(record)) return 'record is not an object';
  const probe = own(record, 'created_at');
  const probeTime = typeof probe === 'string' ? parseTwitterDate(probe) : Number.NaN;
  if (Number.isNaN(probeTime)) return 'created_at (the probe time) is not a Twitter date';
  const user = own(record, 'user');
  if (!isObject(user)) return 'user is not an object';
  const idStr = own(user, 'id_str');
  const idNum = own(user, 'id');
  const id = typeof idStr === 'string' ? idStr : typeof idNum === 'number' && Number.isSafeInteger(idNum) ? String(idNum) : '';
  if (!isUserId(id)) return 'user.id_str is not a Twitter user id';
  const created = own(user, 'created_at');
  const createdAt = typeof created === 'string' ? parseTwitterDate(created) : Number.NaN;
  if (Number.isNaN(createdAt)) return 'user.created_at is not a Twitter date';

  const counts = ['statuses_count', 'followers_count', 'friends_count', 'favourites_count', 'listed_count'].map((k) =>
    countField(user, k),
  );
  const bools = ['verified', 'default_profile', 'default_profile_image', 'profile_use_background_image'].map((k) =>
    boolField(user, k),
  );
  const strings = [
    stringField(user, 'screen_name'),
    stringField(user, 'name'),
    // The API writes null for a profile without description: that is an empty description.
    stringField(user, 'description', ''),
    stringField(user, 'location', undefined),
    stringField(user, 'url', undefined),
  ];
  for (const v of [...counts, ...bools]) if (typeof v === 'string') return v;
  for (const v of strings) if (typeof v === 'object') return v.bad;
  const str = (i: number): string | undefined => strings[i] as string | undefined;

  const author: Author = { id, createdAt };
  const set = <K extends keyof Author>(k: K, v: Author[K] | undefined): void => {
    if (v !== undefined) author[k] = v;
  };
  set('screenName', str(0));
  set('name', str(1));
  set('description', str(2));
  set('statuses', counts[0] as number | undefined);
  set('followers', counts[1] as number | undefined);
  set('friends', counts[2] as number | undefined);
  set('favourites', counts[3] as number | undefined);
  set('listed', counts[4] as number | undefined);
  set('verified', bools[0] as boolean | undefined);
  set('defaultProfile', bools[1] as boolean | undefined);
  set('defaultProfileImage', bools[2] as boolean | undefined);
  set('backgroundImage', bools[3] as boolean | undefined);
  if (str(3) !== undefined && str(3) !== '') set('location', str(3));
  if (str(4) !== undefined && str(4) !== '') set('url', str(4));
  return { author, probeTime };
}

/** Reads `<archiveName>.tsv` and `<archiveName>_tweets.json` from one archive. */
export async function loadBotRepositoryArchive(file: string, dataset: string, archiveName: string): Promise<BotRepositoryResult> {
  const tsvName = `${archiveName}.tsv`;
  const jsonName = `${archiveName}_tweets.json`;
  let tsv: Buffer | undefined;
  let json: Buffer | undefined;
  try {
    for await (const entry of readTarGz(file)) {
      const base = path.posix.basename(entry.name);
      if (entry.type !== '0') continue;
      if (base === tsvName) tsv = entry.data;
      else if (base === jsonName) json = entry.data;
    }
  } catch (err) {
    const e = err as { code?: unknown; message?: string };
    if (err instanceof TarError) throw new InputFileError(file, `unreadable archive: ${err.message}`);
    if (typeof e.code === 'string' && e.code.startsWith('Z_')) throw new InputFileError(file, `not a valid gzip file (${e.message ?? e.code})`);
    if (e.code === 'ENOENT' || e.code === 'EACCES') throw new InputFileError(file, `cannot read (${String(e.code)})`);
    throw err;
  }
  if (tsv === undefined) throw new InputFileError(file, `the archive has no ${tsvName}`);
  if (json === undefined) throw new InputFileError(file, `the archive has no ${jsonName}`);

  const { labels, conflicting, report: tsvReport } = parseLabelTsv(tsv.toString('utf8'), dataset, `${file}:${tsvName}`);
  const jsonFile = `${file}:${jsonName}`;
  const report = emptyReport(dataset, jsonFile);
  let records: unknown;
  try {
    records = JSON.parse(json.toString('utf8'));
  } catch (err) {
    throw new InputFileError(jsonFile, `not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(records)) throw new InputFileError(jsonFile, 'expected a JSON array of {created_at, user}');

  const accounts: LabeledAccount[] = [];
  const seen = new Set<string>();
  records.forEach((record: unknown, i) => {
    report.read += 1;
    const parsed = profileRecord(record);
    if (typeof parsed === 'string') {
      report.rejected += 1;
      report.rejects.push({ file: jsonFile, line: i + 1, reason: parsed, raw: excerpt(JSON.stringify(record) ?? '') });
      return;
    }
    const id = parsed.author.id;
    const label = labels.get(id);
    if (label === undefined) {
      skip(report, conflicting.has(id) ? 'id labeled both bot and human' : 'no label in the tsv');
      return;
    }
    if (seen.has(id)) {
      skip(report, 'duplicate profile');
      return;
    }
    seen.add(id);
    accounts.push({ dataset, id, label, author: parsed.author, probeTime: parsed.probeTime });
    report.accepted += 1;
  });
  const withoutProfile = [...labels.keys()].filter((id) => !seen.has(id)).length;
  if (withoutProfile > 0) report.notes.push(`${withoutProfile} labeled ids of the tsv have no profile in ${jsonName}`);
  return { accounts, reports: [tsvReport, report] };
}
