/**
 * Loader for cresci-style `users.csv` files (cresci-2017 `*.users.csv`, cresci-2015
 * `bas_users.csv`): one row per account, Twitter profile fields as columns.
 *
 * Read: id, screen_name, name, description, the five counts, created_at, default_profile,
 * default_profile_image, profile_use_background_image, verified, location, url, the probe-time
 * column and the label column. Never read, because they give the class away inside a set
 * (see the datasets README): lang, time_zone, utc_offset, profile colours and image URLs.
 *
 * Booleans: the files write false as an empty field (README), so empty is read as false and
 * a cresci boolean is never "missing". That matches the bot repository, whose user objects
 * always carry true/false, but it means a value the crawler did not get would read as false.
 *
 * Probe time: `crawled_at` for cresci-2017 (the profile crawl; `timestamp` there is only
 * created_at in Italian local time, `updated` the 2016 dump date), `updated` for cresci-2015
 * (its only observation time: one value per sub-set, 2015-02-14). Both are read as UTC; they
 * are probably Italian local time, an error of at most 2 hours, negligible for per-day rates.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { parseIsoDate } from '../ingest/dates.js';
import type { Author } from '../ingest/tweet.js';
import { InputFileError, excerpt } from '../ingest/input-errors.js';
import { cresciUserMapper } from '../ingest/readers/cresci.js';
import { Columns } from '../ingest/readers/csv-common.js';
import type { ManifestFile } from './manifest.js';
import { emptyReport, skip, type Label, type LabeledAccount, type LoadReport } from './types.js';
import { isUserId } from './user-id.js';

const REQUIRED = ['id', 'screen_name', 'name', 'description', 'statuses_count', 'followers_count', 'friends_count',
  'favourites_count', 'listed_count', 'created_at', 'default_profile', 'default_profile_image',
  'profile_use_background_image', 'verified'] as const;

export interface CresciUsersResult {
  accounts: LabeledAccount[];
  report: LoadReport;
}

/** Reads one users.csv described by a manifest entry. */
export async function loadCresciUsers(file: string, dataset: string, entry: ManifestFile): Promise<CresciUsersResult> {
  const report = emptyReport(dataset, file);
  const accounts: LabeledAccount[] = [];
  const seen = new Set<string>();
  let col: Map<string, number> | undefined;
  let toAuthor: (row: readonly string[]) => Author = () => {
    throw new Error('a users.csv row before its header');
  };
  let headerLength = 0;

  const parser = createReadStream(file).pipe(
    parse({ bom: true, relax_column_count: true, relax_quotes: true, info: true, raw: true, skip_empty_lines: true }),
  );
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      const { record, raw } = item;
      // info.lines is where the record ends; a quoted field may span lines, so count back.
      const line = item.info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length;
      if (col === undefined) {
        col = new Map(record.map((name, i) => [name, i]));
        headerLength = record.length;
        const need = [...REQUIRED, entry.probeTime ?? '', ...(entry.labelColumn ? [entry.labelColumn] : [])];
        const missing = need.filter((c) => c !== '' && !col?.has(c));
        if (missing.length > 0) throw new InputFileError(file, `not a cresci users.csv: no column ${missing.join(', ')}`, 1);
        toAuthor = cresciUserMapper(new Columns(record));
        continue;
      }
      report.read += 1;
      const reject = (reason: string): void => {
        report.rejected += 1;
        report.rejects.push({ file, line, reason, raw: excerpt(raw.replace(/\r?\n$/, '')) });
      };
      if (record.length !== headerLength) {
        reject(`${record.length} fields, the header has ${headerLength}`);
        continue;
      }
      const get = (name: string): string => record[col?.get(name) ?? -1] ?? '';

      const id = get('id');
      if (!isUserId(id)) {
        reject(`id is not a Twitter user id: "${id.slice(0, 40)}"`);
        continue;
      }
      let label: Label | undefined = entry.label;
      let subset = entry.subset;
      if (entry.labelColumn !== undefined && entry.labels !== undefined) {
        const value = get(entry.labelColumn);
        label = Object.hasOwn(entry.labels, value) ? entry.labels[value] : undefined;
        subset = value;
        if (label === undefined) {
          reject(`${entry.labelColumn} "${value.slice(0, 40)}" is not one of ${Object.keys(entry.labels).join(', ')}`);
          continue;
        }
      }
      if (label === undefined) throw new Error(`manifest entry for ${file} gives no label`);

      // The profile as the cresci reader of ingest reads it: one reading of users.csv, so that
      // training and scoring see the same account; only the label and the probe time are ours.
      let author: Author;
      try {
        author = toAuthor(record);
      } catch (err) {
        reject(err instanceof Error ? err.message : String(err));
        continue;
      }
      if (author.createdAt === undefined) {
        reject('created_at is empty');
        continue;
      }
      const probeColumn = entry.probeTime as string;
      const probeTime = parseIsoDate(get(probeColumn));
      if (Number.isNaN(probeTime)) {
        reject(`${probeColumn} is not a date: "${get(probeColumn).slice(0, 40)}"`);
        continue;
      }
      if (seen.has(id)) {
        skip(report, 'duplicate id');
        continue;
      }
      seen.add(id);

      // An empty location or url is not given (as the bot repository's profiles have it).
      if (author.location === '') delete author.location;
      if (author.url === '') delete author.url;
      const account: LabeledAccount = { dataset, id, label, author, probeTime };
      if (subset !== undefined) account.subset = subset;
      accounts.push(account);
      report.accepted += 1;
    }
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    const e = err as { code?: unknown; lines?: unknown; message?: string };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw new InputFileError(file, `unreadable CSV: ${e.message ?? e.code}`, typeof e.lines === 'number' ? e.lines : undefined);
    }
    if (typeof e.code === 'string' && (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR')) {
      throw new InputFileError(file, `cannot read (${e.code})`);
    }
    throw err;
  }
  if (col === undefined) throw new InputFileError(file, 'empty file: no header');
  return { accounts, report };
}
