/**
 * A researcher's own labels: a CSV `user_id,label` or the labeling page's sample.csv (label
 * `bot` or `human`; `unsure` and empty rows are skipped and counted) and the exports
 * that hold those accounts' tweets, read with the ordinary ingestion. Each labeled account
 * gets its latest profile (from its most recent tweet, probe time = that tweet's time) and
 * its timeline. Labels that match no account in the exports are reported, never ignored.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { InputFileError } from '../ingest/input-errors.js';
import { ingestTweets, type IngestOptions } from '../ingest/index.js';
import type { Tweet } from '../ingest/tweet.js';
import { timingEventOf } from '../features/timing.js';
import type { Label, LabeledAccount, LabeledTimeline } from '../labeled/types.js';
import { parseAccountLabels, type AccountLabels } from '../labeled/account-labels.js';
import { sha256File } from '../labeled/manifest.js';
import type { LabeledCorpus } from './labeled-corpus.js';

export interface UserLabels {
  file: string;
  sha256: string;
  labels: Map<string, Label>;
  /** Rows read but not used: unsure, or left empty (a sample.csv from the labeling page). */
  skipped: AccountLabels['skipped'];
}

/**
 * Reads and validates a labels file: a user_id,label CSV or the labeling page's sample.csv
 * (labeled/account-labels.ts); every problem is reported with its line.
 */
export async function readLabelsCsv(file: string): Promise<UserLabels> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputFileError(file, code === 'ENOENT' ? 'no such file' : `cannot read (${String(code)})`);
  }
  const read = parseAccountLabels(text, file);
  if (read.labels.size === 0) {
    const skipped = read.skipped.unsure + read.skipped.unlabeled;
    throw new InputFileError(file, skipped === 0 ? 'no labeled accounts (only a header)' : `no account labeled bot or human (${read.skipped.unsure} unsure, ${read.skipped.unlabeled} unlabeled)`);
  }
  return { file, sha256: await sha256File(file), labels: read.labels, skipped: read.skipped };
}

/**
 * The labeled accounts found in `files`. `dataset` names them in folds and in the card
 * (default: `user:<labels file name>`).
 */
export async function loadUserCorpus(
  files: readonly string[],
  labelsFile: string,
  options: { dataset?: string; ingest?: IngestOptions } = {},
): Promise<LabeledCorpus & { unmatchedIds: string[]; skipped: UserLabels['skipped'] }> {
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
    skipped: labels.skipped,
    labels: {
      file: labelsFile,
      sha256: labels.sha256,
      matched: accounts.length,
      unmatched: unmatchedIds.length,
      unmatchedIds: unmatchedIds.slice(0, 1000),
    },
  };
}
