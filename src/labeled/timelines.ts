/**
 * Loader for the cresci-2017 timeline sample (`tweets_sample.csv.gz`): one row per tweet with
 * dataset, user_id, created_at, source, is_reply, is_retweet… Streamed (gunzip → CSV);
 * only what timing features need is kept per tweet: time, kind, client.
 *
 * The file cannot tell a quote from an original tweet, so its events carry
 * `quotesKnown: false`, and it has no statuses_count per tweet, so statuses_rate is never
 * available from it. Client names are lower-cased in this file; automation matching is
 * case-insensitive for that reason.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { clientName, type TweetKind } from '../ingest/tweet.js';
import { InputFileError, excerpt } from '../ingest/input-errors.js';
import type { TimingEvent } from '../features/timing.js';
import type { ManifestFile } from './manifest.js';
import { emptyReport, skip, type LabeledTimeline, type LoadReport } from './types.js';
import { parseIsoDate } from '../ingest/dates.js';
import { isUserId } from './user-id.js';

const REQUIRED = ['dataset', 'user_id', 'created_at', 'source', 'is_reply', 'is_retweet'];

export interface TimelinesResult {
  timelines: Map<string, LabeledTimeline>;
  report: LoadReport;
}

const flag = (s: string): boolean | undefined => (s === '1' ? true : s === '0' ? false : undefined);

export async function loadCresciTimelines(file: string, dataset: string, entry: ManifestFile): Promise<TimelinesResult> {
  const report = emptyReport(dataset, file);
  const timelines = new Map<string, LabeledTimeline>();
  const labelColumn = entry.labelColumn ?? 'dataset';
  const labels = entry.labels;
  if (labels === undefined) throw new Error(`manifest entry for ${file} has no labels`);
  let col: Map<string, number> | undefined;
  let headerLength = 0;

  const parser = createReadStream(file)
    .pipe(createGunzip())
    .pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, info: true, raw: true, skip_empty_lines: true }));
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      const { record, raw } = item;
      // info.lines is where the record ends; a quoted field may span lines, so count back.
      const line = item.info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length;
      if (col === undefined) {
        col = new Map(record.map((name, i) => [name, i]));
        headerLength = record.length;
        const missing = [...REQUIRED, labelColumn].filter((c) => !col?.has(c));
        if (missing.length > 0) throw new InputFileError(file, `not a cresci timeline CSV: no column ${missing.join(', ')}`, 1);
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
      const columns = col;
      const get = (name: string): string => record[columns.get(name) ?? -1] ?? '';
      const subset = get(labelColumn);
      const label = Object.hasOwn(labels, subset) ? labels[subset] : undefined;
      if (label === undefined) {
        reject(`${labelColumn} "${subset.slice(0, 40)}" is not one of ${Object.keys(labels).join(', ')}`);
        continue;
      }
      const userId = get('user_id');
      if (!isUserId(userId)) {
        reject(`user_id is not a Twitter user id: "${userId.slice(0, 40)}"`);
        continue;
      }
      const createdAt = parseIsoDate(get('created_at'));
      if (Number.isNaN(createdAt)) {
        reject(`created_at is not an ISO 8601 date: "${get('created_at').slice(0, 40)}"`);
        continue;
      }
      const retweet = flag(get('is_retweet'));
      const reply = flag(get('is_reply'));
      if (retweet === undefined || reply === undefined) {
        reject('is_retweet and is_reply must be 0 or 1');
        continue;
      }
      // A retweet of a reply is a retweet: the account did not write a reply.
      const kind: TweetKind = retweet ? 'retweet' : reply ? 'reply' : 'original';
      const event: TimingEvent = { createdAt, kind, quotesKnown: false };
      const client = clientName(get('source'));
      if (client !== undefined) event.client = client;

      const timeline = timelines.get(userId);
      if (timeline === undefined) {
        timelines.set(userId, { dataset, subset, label, events: [event] });
      } else if (timeline.subset !== subset) {
        skip(report, 'account listed in two sub-sets');
        continue;
      } else {
        timeline.events.push(event);
      }
      report.accepted += 1;
    }
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    const e = err as { code?: unknown; lines?: unknown; message?: string };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw new InputFileError(file, `unreadable CSV: ${e.message ?? e.code}`, typeof e.lines === 'number' ? e.lines : undefined);
    }
    if (typeof e.code === 'string' && e.code.startsWith('Z_')) throw new InputFileError(file, `not a valid gzip file (${e.message ?? e.code})`);
    if (e.code === 'ENOENT' || e.code === 'EACCES') throw new InputFileError(file, `cannot read (${String(e.code)})`);
    throw err;
  }
  if (col === undefined) throw new InputFileError(file, 'empty file: no header');
  for (const t of timelines.values()) t.events.sort((a, b) => a.createdAt - b.createdAt);
  return { timelines, report };
}
