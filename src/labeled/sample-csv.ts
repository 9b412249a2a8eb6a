/**
 * sample.csv: the accounts a researcher labels, in the order they must be labeled, and the
 * same file filled in and read back. Pure text in, text out, and the only reader of the file:
 * `report --labels` (through estimate/sample-check.ts), `train`/`evaluate --labels` (through
 * `readAccountLabels` below) and `agree` all take its typed rows, and label.html's export
 * writes exactly what `sampleCsv` writes (it embeds each row's line split around its label
 * and labeler cells, see `sampleCsvParts`).
 *
 * It lives in labeled/, the layer of label loaders, because the lowest layer that reads it is
 * model/ (`train FILES --labels sample.csv`): estimate/ and report/ stand above model/.
 */
import { parse } from 'csv-parse/sync';
import { InputFileError } from '../ingest/input-errors.js';
import { csvCell, csvRow } from '../util/csv-safe.js';

/** The columns, in this order, of every sample.csv botshare writes. */
export const SAMPLE_COLUMNS = ['rank', 'user_id', 'screen_name', 'label', 'tweets', 'inclusion_probability', 'sample_id', 'labeler'] as const;
export type SampleColumn = (typeof SAMPLE_COLUMNS)[number];

export type LabelWord = 'bot' | 'human' | 'unsure';
export const LABEL_WORDS: readonly LabelWord[] = ['bot', 'human', 'unsure'];

export interface SampleCsvRow {
  /** 1-based position in the labeling order: the first k rows labeled are a valid sample. */
  rank: number;
  userId: string;
  screenName: string | null;
  /** null: not labeled (yet). */
  label: LabelWord | null;
  /** The account's tweets as the design counted them (its size measure). */
  tweets: number;
  /** The probability that the design drew this account, in (0, 1]. */
  inclusionProbability: number;
  /** Names the draw (export, options, seed): every row of one file carries the same one. */
  sampleId: string;
  /** Who labeled the row (name or initials, as the labeling page asked); absent: nobody said. */
  labeler?: string | null;
}

/** A row read back, with the line of the file it came from. */
export interface ParsedSampleCsvRow extends SampleCsvRow {
  line: number;
  /** null: the column is absent (a file written before it existed) or the cell is empty. */
  labeler: string | null;
}

export type LabelWarningCode = 'ranks-missing';

export interface LabelWarning {
  code: LabelWarningCode;
  message: string;
  /** The lines concerned (for ranks-missing: the line of the first row after each hole). */
  lines: number[];
}

export interface ParsedLabels {
  file: string;
  sampleId: string;
  /**
   * Every row, in rank order (a spreadsheet may have re-sorted the file). Which rows form the
   * labeled sample is the estimator's rule (estimate/sample-check.ts), not the file's.
   */
  rows: ParsedSampleCsvRow[];
  counts: Record<LabelWord | 'unlabeled', number>;
  warnings: LabelWarning[];
}

/**
 * One row's CSV line, split around its label cell (labels never need quoting or a guard):
 * `before + label + after + labeler cell + "\n"` (the labeler cell through `labelerCell`).
 */
export interface SampleCsvLine {
  before: string;
  after: string;
}

// A cell starting with an apostrophe gets one more, so that reading strips exactly what the
// writer added: csvCell guards = + - @ TAB CR with "'", and "'" itself is guarded here.
const GUARDED = /^'[=+\-@\t\r']/;

function guardedText(value: string | null): string {
  if (value === null) return '';
  return value.startsWith("'") ? `'${value}` : value;
}

function unguard(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

function checkRows(rows: readonly SampleCsvRow[]): void {
  const ids = new Set<string>();
  for (const r of rows) {
    // A writer's bug, not a user's: the file must always read back.
    if (!(r.inclusionProbability > 0 && r.inclusionProbability <= 1)) throw new Error(`sample row ${r.rank}: inclusion probability ${r.inclusionProbability} is not in (0, 1]`);
    if (r.sampleId !== rows[0].sampleId || r.sampleId === '') throw new Error(`sample row ${r.rank}: sample_id "${r.sampleId}" differs from "${rows[0].sampleId}"`);
    if (ids.has(r.userId) || r.userId === '') throw new Error(`sample row ${r.rank}: user id "${r.userId}" is empty or repeated`);
    if (!Number.isInteger(r.rank) || r.rank < 1 || !Number.isInteger(r.tweets) || r.tweets < 0) throw new Error(`sample row ${r.rank}: rank and tweets must be whole numbers`);
    ids.add(r.userId);
  }
}

/** The labeler cell as every writer of sample.csv writes it (guarded and quoted like the others). */
export function labelerCell(labeler: string | null | undefined): string {
  return csvCell(guardedText(labeler ?? null));
}

/** The header line and each row's line around its label cell; `sampleCsv` joins them. */
export function sampleCsvParts(rows: readonly SampleCsvRow[]): { header: string; lines: SampleCsvLine[] } {
  checkRows(rows);
  const labelAt = SAMPLE_COLUMNS.indexOf('label');
  const labelerAt = SAMPLE_COLUMNS.indexOf('labeler');
  const lines = rows.map((r) => {
    const cells: Record<SampleColumn, string> = {
      rank: csvCell(r.rank),
      user_id: csvCell(guardedText(r.userId)),
      screen_name: csvCell(guardedText(r.screenName)),
      label: '',
      tweets: csvCell(r.tweets),
      inclusion_probability: csvCell(r.inclusionProbability),
      sample_id: csvCell(guardedText(r.sampleId)),
      labeler: '',
    };
    const ordered = SAMPLE_COLUMNS.map((c) => cells[c]);
    return { before: `${ordered.slice(0, labelAt).join(',')},`, after: `,${ordered.slice(labelAt + 1, labelerAt).join(',')},` };
  });
  return { header: csvRow(SAMPLE_COLUMNS), lines };
}

/** sample.csv's text: the header, then one line per row in the order given. */
export function sampleCsv(rows: readonly SampleCsvRow[]): string {
  const { header, lines } = sampleCsvParts(rows);
  return header + lines.map((l, i) => `${l.before}${rows[i].label ?? ''}${l.after}${labelerCell(rows[i].labeler)}\n`).join('');
}

const MAX_LISTED = 8;
// `labeler` came later: a file without it (an older page, a hand-made file) still reads.
const REQUIRED: readonly SampleColumn[] = SAMPLE_COLUMNS.filter((c) => c !== 'labeler');
// What a spreadsheet makes of a 19-digit id: 1.23457E+18, digits lost for good.
const SCIENTIFIC = /^\d(\.\d+)?e[+-]?\d+$/i;

function listed(items: readonly string[]): string {
  const more = items.length > MAX_LISTED ? `; and ${items.length - MAX_LISTED} more` : '';
  return items.slice(0, MAX_LISTED).join('; ') + more;
}

function linesOf(rows: readonly ParsedSampleCsvRow[]): string {
  const shown = rows.slice(0, MAX_LISTED).map((r) => `${r.line} (rank ${r.rank})`);
  return shown.join(', ') + (rows.length > MAX_LISTED ? ` and ${rows.length - MAX_LISTED} more` : '');
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

function readRecords(text: string, file: string): ParsedRecord[] {
  try {
    return parse(text.replace(/^\uFEFF/, ''), { info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as ParsedRecord[];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    throw new InputFileError(file, `not a readable CSV (${e.message ?? String(err)})`, e.lines);
  }
}

/**
 * Reads a filled sample.csv. Throws a UserError naming the file and every bad line (unknown
 * label, duplicated user id or rank, bad number, probability outside (0, 1], mixed sample ids,
 * missing columns); returns a warning for missing ranks (rows deleted). Checks that need the export (unknown accounts, probabilities that the design
 * recomputed from the export disagrees with) are the caller's: `rows` carries what they need.
 */
export function parseLabels(text: string, file: string): ParsedLabels {
  const records = readRecords(text, file);
  if (records.length === 0) throw new InputFileError(file, `empty: expected the header ${SAMPLE_COLUMNS.join(',')}`);
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new InputFileError(file, `missing column(s) ${missing.join(', ')}: a sample.csv has the header ${REQUIRED.join(',')}[,labeler]`, records[0].info.lines);
  }
  const repeated = header.filter((h, i) => h !== '' && header.indexOf(h) !== i);
  if (repeated.length > 0) throw new InputFileError(file, `column(s) named twice: ${[...new Set(repeated)].join(', ')}`, records[0].info.lines);
  const col = Object.fromEntries(SAMPLE_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<SampleColumn, number>;

  const problems: string[] = [];
  const rows: ParsedSampleCsvRow[] = [];
  const lineOfId = new Map<string, number>();
  const lineOfRank = new Map<number, number>();
  let sampleId: string | null = null;
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (c: SampleColumn): string => (col[c] < 0 ? '' : (record[col[c]] ?? ''));
    const bad = (reason: string): void => {
      problems.push(`line ${line}: ${reason}`);
    };
    const before = problems.length;

    const rankText = cell('rank').trim();
    const rank = /^\d+$/.test(rankText) ? Number(rankText) : NaN;
    if (!(rank >= 1)) bad(`rank "${rankText}" is not a whole number from 1`);
    else if (lineOfRank.has(rank)) bad(`rank ${rank} repeats line ${lineOfRank.get(rank)}`);
    else lineOfRank.set(rank, line);

    const idText = unguard(cell('user_id').trim()).replace(/^x(?=\d+$)/, '');
    if (idText === '') bad('user_id is empty');
    else if (SCIENTIFIC.test(idText)) bad(`user_id "${idText}" was turned into a rounded number by a spreadsheet: export the file from label.html, or import user_id as text`);
    else if (lineOfId.has(idText)) bad(`user_id ${idText} repeats line ${lineOfId.get(idText)}`);
    else lineOfId.set(idText, line);

    const labelText = cell('label').trim().toLowerCase();
    const label = labelText === '' ? null : LABEL_WORDS.find((l) => l === labelText);
    if (label === undefined) bad(`label "${cell('label').trim()}" is not bot, human, unsure or empty`);

    const tweetsText = cell('tweets').trim();
    if (!/^\d+$/.test(tweetsText)) bad(`tweets "${tweetsText}" is not a whole number`);

    const pText = cell('inclusion_probability').trim();
    const p = pText === '' ? NaN : Number(pText);
    if (Number.isNaN(p)) bad(`inclusion_probability "${pText}" is not a number`);
    else if (!(p > 0 && p <= 1)) bad(`inclusion_probability ${pText} is not in (0, 1]`);

    const idOfSample = unguard(cell('sample_id').trim());
    if (idOfSample === '') bad('sample_id is empty');
    else if (sampleId === null) sampleId = idOfSample;
    else if (idOfSample !== sampleId) bad(`sample_id "${idOfSample}" differs from "${sampleId}" above: rows from two samples are mixed`);

    if (problems.length > before || label === undefined) continue;
    const screenName = unguard(cell('screen_name'));
    const labeler = unguard(cell('labeler').trim());
    rows.push({
      line,
      rank,
      userId: idText,
      screenName: screenName === '' ? null : screenName,
      label,
      tweets: Number(tweetsText),
      inclusionProbability: p,
      sampleId: idOfSample,
      labeler: labeler === '' ? null : labeler,
    });
  }
  if (problems.length > 0) throw new InputFileError(file, `${problems.length} bad row(s): ${listed(problems)}`);
  if (rows.length === 0 || sampleId === null) throw new InputFileError(file, 'no rows: only a header');

  rows.sort((a, b) => a.rank - b.rank);
  const warnings: LabelWarning[] = [];
  const holes = rows.filter((r, i) => r.rank !== (i === 0 ? 1 : rows[i - 1].rank + 1));
  if (holes.length > 0) {
    warnings.push({
      code: 'ranks-missing',
      message: `${file}: rows are missing before line(s) ${linesOf(holes)}: ranks must run 1, 2, 3…`,
      lines: holes.map((r) => r.line),
    });
  }
  const counts: Record<LabelWord | 'unlabeled', number> = { bot: 0, human: 0, unsure: 0, unlabeled: 0 };
  for (const r of rows) counts[r.label ?? 'unlabeled']++;
  return { file, sampleId, rows, counts, warnings };
}
