/**
 * A researcher's own labels: a CSV `user_id,label` (label `bot` or `human`) and the exports
 * that hold those accounts' tweets, read with the ordinary ingestion. Each labeled account
 * gets its latest profile (from its most recent tweet, probe time = that tweet's time) and
 * its timeline. Labels that match no account in the exports are reported, never ignored.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../util/errors.js';
import { InputFileError } from '../ingest/errors.js';
import { ingestTweets, type IngestOptions } from '../ingest/index.js';
import type { Tweet } from '../ingest/tweet.js';
import { timingEventOf } from '../features/timing.js';
import type { Label, LabeledAccount, LabeledTimeline } from '../labeled/types.js';
import { sha256File } from '../labeled/manifest.js';
import type { LabeledCorpus } from './corpus.js';

export interface UserLabels {
  file: string;
  sha256: string;
  labels: Map<string, Label>;
}

const MAX_LISTED_PROBLEMS = 5;

/** Reads and validates a labels CSV; every problem is reported with its line. */
export async function readLabelsCsv(file: string): Promise<UserLabels> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputFileError(file, code === 'ENOENT' ? 'no such file' : `cannot read (${String(code)})`);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    throw new InputFileError(file, `not a readable CSV (${e.message ?? String(err)})`, e.lines);
  }
  if (records.length === 0) throw new InputFileError(file, 'empty: expected a header user_id,label and one row per account');
  const header = records[0].record.map((h) => h.toLowerCase());
  const idCol = header.indexOf('user_id');
  const labelCol = header.indexOf('label');
  if (idCol < 0 || labelCol < 0) {
    throw new InputFileError(file, `the header must name the columns user_id and label (found: ${records[0].record.join(', ')})`, 1);
  }
  const labels = new Map<string, Label>();
  const problems: string[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const id = (record[idCol] ?? '').replace(/^x/, '');
    const label = (record[labelCol] ?? '').toLowerCase();
    if (!/^\d{1,20}$/.test(id)) problems.push(`line ${line}: user_id "${record[idCol] ?? ''}" is not a numeric Twitter user id`);
    else if (label !== 'bot' && label !== 'human') problems.push(`line ${line}: label "${record[labelCol] ?? ''}" is neither bot nor human`);
    else if (labels.has(id) && labels.get(id) !== label) problems.push(`line ${line}: user ${id} is labeled both ${labels.get(id)} and ${label}`);
    else labels.set(id, label);
  }
  if (problems.length > 0) {
    const more = problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : '';
    throw new InputFileError(file, `${problems.length} bad label row(s): ${problems.slice(0, MAX_LISTED_PROBLEMS).join('; ')}${more}`);
  }
  if (labels.size === 0) throw new InputFileError(file, 'no labeled accounts (only a header)');
  return { file, sha256: await sha256File(file), labels };
}

/**
 * The labeled accounts found in `files`. `dataset` names them in folds and in the card
 * (default: `user:<labels file name>`).
 */
export async function loadUserCorpus(
  files: readonly string[],
  labelsFile: string,
  options: { dataset?: string; ingest?: IngestOptions } = {},
): Promise<LabeledCorpus & { unmatchedIds: string[] }> {
  const labels = await readLabelsCsv(labelsFile);
  const dataset = options.dataset ?? `user:${path.basename(labelsFile)}`;
  const latest = new Map<string, Tweet>();
  const events = new Map<string, ReturnType<typeof timingEventOf>[]>();
  const run = ingestTweets(files, options.ingest);
  for await (const tweet of run.tweets) {
    const id = tweet.author.id;
    if (!labels.labels.has(id)) continue;
    const prev = latest.get(id);
    if (prev === undefined || tweet.createdAt >= prev.createdAt) latest.set(id, tweet);
    const list = events.get(id) ?? [];
    list.push(timingEventOf(tweet));
    events.set(id, list);
  }
  const accounts: LabeledAccount[] = [];
  const timelines = new Map<string, LabeledTimeline>();
  for (const [id, label] of labels.labels) {
    const tweet = latest.get(id);
    if (tweet === undefined) continue;
    accounts.push({ dataset, id, label, author: tweet.author, probeTime: tweet.createdAt });
    const list = (events.get(id) ?? []).sort((a, b) => a.createdAt - b.createdAt);
    timelines.set(id, { dataset, subset: dataset, label, events: list });
  }
  const unmatchedIds = [...labels.labels.keys()].filter((id) => !latest.has(id));
  if (accounts.length === 0) {
    throw new UserError(`${labelsFile}: none of its ${labels.labels.size} labeled accounts has a tweet in ${files.join(', ')}`);
  }
  const sources = [
    {
      name: dataset,
      files: [
        ...(await Promise.all(files.map(async (f) => ({ path: f, sha256: await sha256File(f) })))),
        { path: labelsFile, sha256: labels.sha256 },
      ],
    },
  ];
  return {
    accounts,
    timelines,
    sources,
    unmatchedIds,
    labels: {
      file: labelsFile,
      sha256: labels.sha256,
      matched: accounts.length,
      unmatched: unmatchedIds.length,
      unmatchedIds: unmatchedIds.slice(0, 1000),
    },
  };
}
