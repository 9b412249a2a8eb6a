/**
 * From the rows of a filled sample.csv to the labeled prefix the estimator takes, checking
 * everything a hand or another export could have changed. The draw is recomputed from the
 * frame and the seed in the sample id, and compared row by row: a sample from another export,
 * other hashtags or another n, a reordered or edited row, a hand-edited inclusion probability —
 * each is an error naming its lines. What the file alone shows (an unknown label word, an
 * account or rank twice, two sample ids) its reader has already refused. Nothing is
 * silently dropped or reweighted.
 *
 * The prefix: rows 1..k, k the last row with a label (bot, human or unsure). Rows inside the
 * prefix left empty are sampled but not labeled (bounded like unsure); rows after k were never
 * reached and are not part of the sample; π is recomputed at size k.
 */
import { UserError } from '../util/errors.js';
import type { ParsedLabels, ParsedSampleCsvRow } from '../labeled/sample-csv.js';
import type { SampleLabel, SampledAccount } from './model-assisted.js';
import { asDesignV1, drawSample, inclusionProbabilities, parseSampleId, sampleId, SAMPLE_DESIGN_V1, sizeMeasures, type FrameAccount, type SampleDesignName } from './sample-design.js';

/** One row of sample.csv as its one reader (labeled/sample-csv.ts `parseLabels`) typed it. */
export type SampleFileRow = Pick<ParsedSampleCsvRow, 'line' | 'rank' | 'userId' | 'label' | 'tweets' | 'inclusionProbability' | 'sampleId'>;

/**
 * A sample.csv as its one reader returns it: label words, ids, numbers checked with their
 * lines, no account or rank twice, one sample id on every row, rows in rank order.
 */
export type SampleFile = Pick<ParsedLabels, 'sampleId'> & { rows: readonly SampleFileRow[] };

export interface LabeledPrefix {
  sampleId: string;
  /** The design named by the sample id's tag, by which π is recomputed. */
  design: SampleDesignName;
  seed: number;
  /** Rows in the file (the drawn n). */
  drawn: number;
  /** Size of the labeled prefix k. */
  prefix: number;
  /** The prefix, with frame indices and π at size k. */
  sample: SampledAccount[];
  counts: Record<SampleLabel, number>;
  /** Lines of rows inside the prefix with an empty label (sampled, not labeled). */
  emptyInPrefix: number[];
}

/** Relative tolerance for π read back from CSV text (written with enough digits to round-trip within it). */
const PI_TOLERANCE = 1e-6;

function lines(rows: readonly SampleFileRow[], max = 8): string {
  const shown = rows.slice(0, max).map((r) => r.line).join(', ');
  return rows.length > max ? `${shown} and ${rows.length - max} more` : shown;
}

export function readLabeledPrefix(file: string, sampleFile: SampleFile, exportFrame: readonly FrameAccount[]): LabeledPrefix {
  const fail = (reason: string, bad?: readonly SampleFileRow[]): never => {
    throw new UserError(bad && bad.length > 0 ? `${file}:${bad[0].line}: ${reason} (line${bad.length > 1 ? 's' : ''} ${lines(bad)})` : `${file}: ${reason}`);
  };
  const { rows } = sampleFile;
  if (rows.length === 0) fail('no rows: nothing was sampled');

  const id = sampleFile.sampleId;
  const parsed = parseSampleId(id);
  if (!parsed) fail(`"${id}" is not a sample id written by botshare sample`, [rows[0]]);
  const { seed, n, design } = parsed as { seed: number; n: number; design: SampleDesignName };
  // A v1 sample (every sample before v2, and any of fewer than two named hashtags) is read with v1's measure.
  const frame = design === SAMPLE_DESIGN_V1 ? asDesignV1(exportFrame) : exportFrame;
  if (n !== rows.length) fail(`the sample id says ${n} rows were drawn but the file has ${rows.length}: rows were added or removed`);

  const where = new Map<string, number>();
  frame.forEach((a, i) => where.set(a.userId, i));
  const missing = rows.filter((r) => !where.has(r.userId));
  if (missing.length > 0) fail(`${missing.length} sampled account(s) are not in this export (user ${missing[0].userId}…): the sample was drawn from another export`, missing);

  if (sampleId(frame, seed, n) !== id) {
    const changed = rows.filter((r) => r.tweets !== frame[where.get(r.userId) as number].tweets);
    fail(
      'the sample id does not match this export: it was drawn from another export or other hashtags (the accounts and their tweet counts differ)',
      changed,
    );
  }

  const draw = drawSample(frame, n, seed);
  const badRank = rows.filter((r, j) => r.rank !== j + 1);
  if (badRank.length > 0) fail('ranks are not 1, 2, 3… in file order: rows were reordered', badRank);
  const moved = rows.filter((r, j) => draw.rows[j].userId !== r.userId);
  if (moved.length > 0) fail('these rows are not the draw this sample id names: rows were edited or reordered', moved);
  const edited = rows.filter((r, j) => {
    const p = r.inclusionProbability;
    const want = draw.rows[j].inclusionProbability;
    return !(Math.abs(p - want) <= PI_TOLERANCE * want);
  });
  if (edited.length > 0) fail('inclusion probabilities differ from the design\'s: they were edited by hand (the estimator recomputes them; restore the file)', edited);

  const labels: SampleLabel[] = rows.map((r) => r.label ?? 'none');
  let k = 0;
  labels.forEach((l, j) => {
    if (l !== 'none') k = j + 1;
  });
  const pi = inclusionProbabilities(sizeMeasures(frame), k);
  const counts: Record<SampleLabel, number> = { bot: 0, human: 0, unsure: 0, none: 0 };
  const sample: SampledAccount[] = rows.slice(0, k).map((r, j) => {
    const index = where.get(r.userId) as number;
    counts[labels[j]]++;
    return { index, label: labels[j], inclusionProbability: pi[index] };
  });
  const emptyInPrefix = rows.slice(0, k).filter((_, j) => labels[j] === 'none').map((r) => r.line);
  return { sampleId: id, design, seed, drawn: n, prefix: k, sample, counts, emptyInPrefix };
}
