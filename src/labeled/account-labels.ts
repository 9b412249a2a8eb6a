/**
 * A researcher's labels by account, from either of the two files a researcher has: the
 * labeling page's sample.csv (read by sample-csv.ts, the one reader of that file) or a plain
 * CSV with a header naming `user_id` and `label`. The same label words in both: `bot`,
 * `human`, `unsure` or empty (any case, spaces ignored). Only bot and human are labels;
 * unsure and empty rows are skipped and counted, so that the caller can say how many.
 * Used by `train FILES --labels`, `evaluate --labels` and `agree --adjudicate`.
 */
import { parse } from 'csv-parse/sync';
import { InputFileError } from '../ingest/input-errors.js';
import { LABEL_WORDS, parseLabels, SAMPLE_COLUMNS, type LabelWord, type ParsedLabels } from './sample-csv.js';
import type { Label } from './types.js';

export interface AccountLabels {
  file: string;
  /** 'sample': the labeling page's sample.csv; 'plain': a user_id,label CSV. */
  form: 'sample' | 'plain';
  /** bot or human, by user id, in file order (rank order for a sample.csv). */
  labels: Map<string, Label>;
  /** The line each labeled account came from. */
  lines: Map<string, number>;
  /** Rows not used as labels: labeled unsure, or left empty (not labeled). */
  skipped: { unsure: number; unlabeled: number };
  /** The whole sample.csv when the file was one. */
  sample: ParsedLabels | null;
}

const MAX_LISTED_PROBLEMS = 5;

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** A sample.csv is recognised by its header: every column the labeling page writes but `labeler`. */
function isSampleCsv(header: readonly string[]): boolean {
  return SAMPLE_COLUMNS.every((c) => c === 'labeler' || header.includes(c));
}

function fromSample(sample: ParsedLabels): AccountLabels {
  const labels = new Map<string, Label>();
  const lines = new Map<string, number>();
  for (const r of sample.rows) {
    if (r.label !== 'bot' && r.label !== 'human') continue;
    labels.set(r.userId, r.label);
    lines.set(r.userId, r.line);
  }
  return { file: sample.file, form: 'sample', labels, lines, skipped: { unsure: sample.counts.unsure, unlabeled: sample.counts.unlabeled }, sample };
}

/** Reads a labels file's text; every problem is reported with its line (InputFileError). */
export function parseAccountLabels(text: string, file: string): AccountLabels {
  let records: ParsedRecord[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as ParsedRecord[];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    throw new InputFileError(file, `not a readable CSV (${e.message ?? String(err)})`, e.lines);
  }
  if (records.length === 0) throw new InputFileError(file, 'empty: expected a header user_id,label (or a sample.csv) and one row per account');
  const header = records[0].record.map((h) => h.toLowerCase());
  if (isSampleCsv(header)) return fromSample(parseLabels(text, file));
  const idCol = header.indexOf('user_id');
  const labelCol = header.indexOf('label');
  if (idCol < 0 || labelCol < 0) {
    throw new InputFileError(file, `the header must name the columns user_id and label (found: ${records[0].record.join(', ')})`, 1);
  }
  const labels = new Map<string, Label>();
  const lines = new Map<string, number>();
  const skipped = { unsure: 0, unlabeled: 0 };
  const problems: string[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const id = (record[idCol] ?? '').replace(/^x/, '');
    const text = (record[labelCol] ?? '').toLowerCase();
    const word: LabelWord | null | undefined = text === '' ? null : LABEL_WORDS.find((w) => w === text);
    if (!/^\d{1,20}$/.test(id)) problems.push(`line ${line}: user_id "${record[idCol] ?? ''}" is not a numeric Twitter user id`);
    else if (word === undefined) problems.push(`line ${line}: label "${record[labelCol] ?? ''}" is not bot, human, unsure or empty`);
    else if (word === null) skipped.unlabeled++;
    else if (word === 'unsure') skipped.unsure++;
    else if (labels.has(id) && labels.get(id) !== word) problems.push(`line ${line}: user ${id} is labeled both ${labels.get(id)} and ${word}`);
    else {
      labels.set(id, word);
      if (!lines.has(id)) lines.set(id, line);
    }
  }
  if (problems.length > 0) {
    const more = problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : '';
    throw new InputFileError(file, `${problems.length} bad label row(s): ${problems.slice(0, MAX_LISTED_PROBLEMS).join('; ')}${more}`);
  }
  return { file, form: 'plain', labels, lines, skipped, sample: null };
}
