/**
 * The replication's SIMULATED labeler: it plays the person who labels the accounts that
 * `botshare sample` drew, by copying each drawn account's label from the reconstruction's
 * ground truth into the label column of sample.csv. It is the only reader of the truth before
 * the comparison, and it writes nothing but that column: the estimate is then made by
 * `report --labels`'s own code from the file (src/replicate/analyse-study.ts never sees the truth).
 * A simulation of a perfect labeler, named as such wherever its labels show.
 */
import { readFile } from 'node:fs/promises';
import { parseLabels, sampleCsv } from '../labeled/sample-csv.js';
import type { GroundTruth } from '../simulate/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export const SIMULATED_LABELER =
  'SIMULATED labeler: every drawn account labeled bot or human as the reconstruction’s truth.json says (a perfect labeler, which no person is)';

/** Fills the label of every row of `file` from `truth`; an account the truth does not know stays `unsure`. */
export async function labelFromTruth(file: string, truth: GroundTruth): Promise<{ bot: number; human: number; unsure: number }> {
  const parsed = parseLabels(await readFile(file, 'utf8'), file);
  const label = new Map(truth.accounts.map((a) => [a.id, a.label]));
  const rows = parsed.rows.map((r) => ({ ...r, label: label.get(r.userId) ?? ('unsure' as const) }));
  await writeFileAtomic(file, sampleCsv(rows), { force: true });
  const count = (l: string): number => rows.filter((r) => r.label === l).length;
  return { bot: count('bot'), human: count('human'), unsure: count('unsure') };
}
