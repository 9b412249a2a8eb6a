/**
 * `botshare agree`: several people's labels of one drawn sample, compared and merged.
 *
 * Every input is a sample.csv of the same draw (same sample id, the same account at every
 * rank), read by sample.csv's one reader (src/labeled/sample-csv.ts). Per rank:
 * - nobody labeled it: it stays empty;
 * - everyone who labeled it gave the same word (bot, human or unsure): that word is kept (a row
 *   reached by some labelers only keeps their common label, and is counted as such);
 * - the words differ (bot against human, or either against unsure): a conflict, merged as
 *   `unsure` — so that `report --labels` bounds it both ways — unless the adjudication file
 *   labels that account.
 *
 * Agreement is measured on the accounts **every file labeled bot or human**: those are the
 * judgements the estimator uses as labels, and "unsure" is an abstention, not a third kind of
 * account (counting it as a category would reward two labelers for both giving up). Accounts
 * where some file said unsure are counted beside it (`with_unsure`) and are conflicts when
 * another file labeled them. Kappa: Cohen's for two files, Fleiss' for more (src/estimate/kappa.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cohenKappa, fleissKappa } from '../estimate/kappa.js';
import { parseAccountLabels, type AccountLabels } from '../labeled/account-labels.js';
import { parseLabels, sampleCsv, type LabelWord, type ParsedLabels, type SampleCsvRow } from '../labeled/sample-csv.js';
import type { Label } from '../labeled/types.js';
import { writeFileAtomic, assertWritable } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import type { LabeledAgreement } from '../report/summary.js';

export interface LabelerInput {
  file: string;
  labels: ParsedLabels;
}

export interface AgreementConflict {
  rank: number;
  user_id: string;
  screen_name: string | null;
  /** Each file's label, in the order the files were given (null: not labeled). */
  labels: (LabelWord | null)[];
  /** What the merged file says: the adjudicated label, else unsure. */
  merged: LabelWord;
  adjudicated: boolean;
}

/** What `agree` measured, written beside the merged file and shown by `report --labels`. */
export interface Agreement {
  kind: 'botshare_agreement';
  sample_id: string;
  files: { file: string; labelers: string[]; labeled: number }[];
  rows: number;
  /** Accounts every file labeled (bot, human or unsure). */
  labeled_by_all: number;
  /** Accounts every file labeled bot or human: the n of the agreement and the kappa. */
  compared: number;
  /** Of those, the accounts every file put in the same class. */
  agreed: number;
  percent_agreement: number | null;
  kappa: number | null;
  kappa_kind: 'cohen' | 'fleiss';
  /** Accounts labeled by all where at least one file said unsure. */
  with_unsure: number;
  /** Accounts labeled by some files but not all (kept when those agree). */
  labeled_by_some: number;
  conflicts: AgreementConflict[];
  adjudication: { file: string; settled: number } | null;
  merged: { bot: number; human: number; unsure: number; empty: number };
  rule: string;
}

export interface MergeResult {
  rows: SampleCsvRow[];
  agreement: Agreement;
}

export const AGREEMENT_RULE =
  'percent agreement and kappa over the accounts every file labeled bot or human (unsure is an abstention, not a category); a conflict is any account whose labels differ, unsure included, merged as unsure unless adjudicated';

const MAX_LISTED = 8;

function listed(items: readonly string[]): string {
  return items.slice(0, MAX_LISTED).join('; ') + (items.length > MAX_LISTED ? `; and ${items.length - MAX_LISTED} more` : '');
}

/** Refuses files that are not the same draw, naming the lines that differ. */
function checkSameDraw(inputs: readonly LabelerInput[]): void {
  const [first, ...others] = inputs;
  for (const other of others) {
    if (other.labels.sampleId !== first.labels.sampleId) {
      throw new UserError(
        `${other.file}:${other.labels.rows[0].line}: sample_id "${other.labels.sampleId}" is not ${first.file}'s "${first.labels.sampleId}" (line ${first.labels.rows[0].line}): the files come from different draws`,
      );
    }
    const problems: string[] = [];
    const n = Math.max(first.labels.rows.length, other.labels.rows.length);
    for (let j = 0; j < n; j++) {
      const a = first.labels.rows[j];
      const b = other.labels.rows[j];
      if (a === undefined) problems.push(`${other.file}:${b.line} (rank ${b.rank}): no such rank in ${first.file}`);
      else if (b === undefined) problems.push(`${first.file}:${a.line} (rank ${a.rank}): no such rank in ${other.file}`);
      else if (a.rank !== b.rank || a.userId !== b.userId) {
        problems.push(`${other.file}:${b.line} (rank ${b.rank}) has user ${b.userId} where ${first.file}:${a.line} (rank ${a.rank}) has user ${a.userId}`);
      }
    }
    if (problems.length > 0) throw new UserError(`${other.file} and ${first.file} are not the same draw: ${problems.length} row(s) differ: ${listed(problems)}`);
  }
}

function labelersOf(labels: ParsedLabels): string[] {
  return [...new Set(labels.rows.flatMap((r) => (r.labeler === null ? [] : [r.labeler])))];
}

/** Accounts of the adjudication that the sample does not hold are refused, with their lines. */
function checkAdjudication(adjudication: AccountLabels, first: LabelerInput): void {
  if (adjudication.sample !== null && adjudication.sample.sampleId !== first.labels.sampleId) {
    throw new UserError(
      `${adjudication.file}:${adjudication.sample.rows[0].line}: sample_id "${adjudication.sample.sampleId}" is not ${first.file}'s "${first.labels.sampleId}": the adjudication comes from another draw`,
    );
  }
  const ids = new Set(first.labels.rows.map((r) => r.userId));
  const stray = [...adjudication.labels.keys()].filter((id) => !ids.has(id));
  if (stray.length > 0) {
    throw new UserError(`${adjudication.file}: ${stray.length} account(s) are not in the sample: ${listed(stray.map((id) => `line ${adjudication.lines.get(id)}: user ${id}`))}`);
  }
}

/** Pure: the merged rows and the agreement of files already read and checked by the reader. */
export function mergeLabelings(inputs: readonly LabelerInput[], adjudication: AccountLabels | null = null): MergeResult {
  if (inputs.length < 2) throw new UserError('agree needs at least two labeled sample.csv files');
  checkSameDraw(inputs);
  if (adjudication !== null) checkAdjudication(adjudication, inputs[0]);
  const m = inputs.length;
  const cohen = [
    [0, 0],
    [0, 0],
  ];
  const fleiss: number[][] = [];
  let labeledByAll = 0;
  let agreed = 0;
  let withUnsure = 0;
  let labeledBySome = 0;
  let settled = 0;
  const conflicts: AgreementConflict[] = [];
  const merged = { bot: 0, human: 0, unsure: 0, empty: 0 };
  const rows: SampleCsvRow[] = inputs[0].labels.rows.map((row, j) => {
    const labels = inputs.map((f) => f.labels.rows[j].label);
    const given = labels.filter((l): l is LabelWord => l !== null);
    const names = [...new Set(inputs.flatMap((f, i) => (labels[i] !== null && f.labels.rows[j].labeler !== null ? [f.labels.rows[j].labeler as string] : [])))];
    if (given.length === m) {
      labeledByAll++;
      if (given.includes('unsure')) withUnsure++;
      else {
        const bots = given.filter((l) => l === 'bot').length;
        fleiss.push([bots, m - bots]);
        if (m === 2) cohen[labels[0] === 'bot' ? 0 : 1][labels[1] === 'bot' ? 0 : 1]++;
        if (bots === 0 || bots === m) agreed++;
      }
    } else if (given.length > 0) labeledBySome++;
    let label: LabelWord | null = given.length === 0 ? null : given[0];
    let labeler = names.join('+');
    if (given.some((l) => l !== given[0])) {
      const settledAs: Label | undefined = adjudication?.labels.get(row.userId);
      label = settledAs ?? 'unsure';
      if (settledAs !== undefined) {
        settled++;
        labeler = `${labeler} (adjudicated)`;
      }
      conflicts.push({ rank: row.rank, user_id: row.userId, screen_name: row.screenName, labels, merged: label, adjudicated: settledAs !== undefined });
    }
    merged[label ?? 'empty']++;
    return {
      rank: row.rank,
      userId: row.userId,
      screenName: row.screenName,
      label,
      tweets: row.tweets,
      inclusionProbability: row.inclusionProbability,
      sampleId: row.sampleId,
      labeler: labeler === '' ? null : labeler,
    };
  });
  const compared = fleiss.length;
  const agreement: Agreement = {
    kind: 'botshare_agreement',
    sample_id: inputs[0].labels.sampleId,
    files: inputs.map((f) => ({ file: f.file, labelers: labelersOf(f.labels), labeled: f.labels.rows.filter((r) => r.label !== null).length })),
    rows: rows.length,
    labeled_by_all: labeledByAll,
    compared,
    agreed,
    percent_agreement: compared === 0 ? null : agreed / compared,
    kappa: m === 2 ? cohenKappa(cohen) : fleissKappa(fleiss),
    kappa_kind: m === 2 ? 'cohen' : 'fleiss',
    with_unsure: withUnsure,
    labeled_by_some: labeledBySome,
    conflicts,
    adjudication: adjudication === null ? null : { file: adjudication.file, settled },
    merged,
    rule: AGREEMENT_RULE,
  };
  return { rows, agreement };
}

/** The agreement's file beside a merged sample.csv: merged.csv → merged.agreement.json. */
export function agreementFileOf(mergedCsv: string): string {
  return path.join(path.dirname(mergedCsv), `${path.basename(mergedCsv).replace(/\.csv$/i, '')}.agreement.json`);
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`${file}: cannot read (${err.code === 'ENOENT' ? 'no such file' : (err.code ?? err.message)})`);
  });
}

export interface AgreeOptions {
  adjudicate?: string;
  force?: boolean;
}

/** Reads the files, merges them and writes the merged sample.csv and its agreement. */
export async function agreeFiles(files: readonly string[], output: string, options: AgreeOptions = {}): Promise<{ agreement: Agreement; output: string; agreementFile: string }> {
  const sidecar = agreementFileOf(output);
  if (files.some((f) => path.resolve(f) === path.resolve(output))) throw new UserError(`${output} is one of the input files; write the merged file elsewhere`);
  await assertWritable(output, { force: options.force });
  await assertWritable(sidecar, { force: options.force });
  const inputs = await Promise.all(files.map(async (file) => ({ file, labels: parseLabels(await readText(file), file) })));
  const adjudication = options.adjudicate === undefined ? null : parseAccountLabels(await readText(options.adjudicate), options.adjudicate);
  const { rows, agreement } = mergeLabelings(inputs, adjudication);
  await writeFileAtomic(output, sampleCsv(rows), { force: options.force });
  await writeFileAtomic(sidecar, `${JSON.stringify(agreement, null, 2)}\n`, { force: options.force });
  return { agreement, output, agreementFile: sidecar };
}

function pct(x: number | null): string {
  return x === null ? '–' : `${(100 * x).toFixed(1)}%`;
}

/** The console's account of an agreement: counts, agreement and kappa on one line, the conflicts. */
export function agreementText(a: Agreement, maxConflicts = 20): string[] {
  const name = a.kappa_kind === 'cohen' ? "Cohen's kappa" : "Fleiss' kappa";
  const width = Math.max(...a.files.map((f) => path.basename(f.file).length), 6);
  const lines = [
    `${a.files.length} files of sample ${a.sample_id} (${a.rows} rows): ${a.files.map((f) => `${f.file} ${f.labeled} labeled${f.labelers.length > 0 ? ` by ${f.labelers.join(', ')}` : ''}`).join('; ')}`,
    `labeled by all: ${a.labeled_by_all} account(s); bot or human in every file: ${a.compared}; with an unsure: ${a.with_unsure}; labeled by some files only: ${a.labeled_by_some}`,
    `agreement ${pct(a.percent_agreement)} (${a.agreed} of ${a.compared}); ${name} ${a.kappa === null ? 'undefined' : a.kappa.toFixed(3)} (n = ${a.compared})`,
    `conflicts: ${a.conflicts.length}${a.adjudication ? ` (${a.adjudication.settled} settled by ${a.adjudication.file})` : ''}`,
  ];
  const who = (c: AgreementConflict): string => (c.screen_name === null ? c.user_id : `@${c.screen_name} (${c.user_id})`);
  const shown = a.conflicts.slice(0, maxConflicts);
  const accountWidth = Math.max(7, ...shown.map((c) => who(c).length));
  if (a.conflicts.length > 0) {
    lines.push(`  ${'rank'.padStart(5)}  ${'account'.padEnd(accountWidth)}  ${a.files.map((f) => path.basename(f.file).padEnd(width)).join('  ')}  merged`);
    for (const c of shown) {
      lines.push(`  ${String(c.rank).padStart(5)}  ${who(c).padEnd(accountWidth)}  ${c.labels.map((l) => (l ?? '–').padEnd(width)).join('  ')}  ${c.merged}${c.adjudicated ? ' (adjudicated)' : ''}`);
    }
    if (a.conflicts.length > maxConflicts) lines.push(`  … and ${a.conflicts.length - maxConflicts} more (all in the agreement file)`);
  }
  lines.push(`merged: bot ${a.merged.bot}, human ${a.merged.human}, unsure ${a.merged.unsure}, empty ${a.merged.empty}`);
  return lines;
}

function isAgreement(value: unknown, sampleId: string): value is Agreement {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const a = value as Partial<Record<keyof Agreement, unknown>>;
  const number = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);
  return (
    a.kind === 'botshare_agreement' &&
    a.sample_id === sampleId &&
    Array.isArray(a.files) &&
    a.files.every((f: unknown) => f !== null && typeof f === 'object' && Array.isArray((f as { labelers?: unknown }).labelers)) &&
    number(a.compared) &&
    (a.kappa === null || number(a.kappa)) &&
    (a.percent_agreement === null || number(a.percent_agreement)) &&
    (a.kappa_kind === 'cohen' || a.kappa_kind === 'fleiss') &&
    Array.isArray(a.conflicts) &&
    typeof a.rule === 'string'
  );
}

/**
 * The agreement written beside a merged sample.csv, as the report shows it; null when there is
 * none, or it belongs to another sample (a stale file beside a new one is not this sample's).
 */
export async function readAgreementOf(mergedCsv: string, sampleId: string): Promise<LabeledAgreement | null> {
  const file = agreementFileOf(mergedCsv);
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: not readable JSON (${(err as Error).message})`);
  }
  // Only named fields are read off the parsed value: nothing is merged into an object.
  if (!isAgreement(value, sampleId)) return null;
  const labelers = [...new Set(value.files.flatMap((f) => f.labelers.filter((l): l is string => typeof l === 'string')))];
  return {
    file,
    labelers,
    files: value.files.length,
    n: value.compared,
    percent_agreement: value.percent_agreement,
    kappa: value.kappa,
    kappa_kind: value.kappa_kind,
    conflicts: value.conflicts.length,
    adjudicated: value.conflicts.filter((c) => c !== null && typeof c === 'object' && c.adjudicated === true).length,
    rule: value.rule,
  };
}
