/**
 * The out-of-domain yardstick: a BotometerLite-style random forest's leave-one-dataset-out
 * AUCs on the same sets, measured by a harness (src/experiments/reference-forest.py) that
 * writes them as JSON with the command that made it. Training and the card read that file;
 * no figure of it is typed into the code.
 */
import { readFileSync } from 'node:fs';
import { parseJsonData } from '../util/json.js';
import { UserError } from '../util/errors.js';

export interface ReferenceForest {
  name: string;
  /** LODO AUC per data set (the sets with both classes). */
  leaveOneDatasetOutAuc: Record<string, number>;
  mean: number;
  /** Where the figures come from: the file and the command that wrote it. */
  source?: { file: string; command: string; measured?: string };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and checks a reference-forest JSON (as written by the harness). */
export function readReferenceForest(file: string, shownAs = file): ReferenceForest {
  let raw: unknown;
  try {
    raw = parseJsonData(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file}: not readable JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(raw) || typeof raw.name !== 'string' || !isRecord(raw.leaveOneDatasetOutAuc) || typeof raw.command !== 'string') {
    throw new UserError(`${file}: expected { name, command, leaveOneDatasetOutAuc: { set: auc } }`);
  }
  const auc: Record<string, number> = {};
  for (const [set, v] of Object.entries(raw.leaveOneDatasetOutAuc)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new UserError(`${file}: leaveOneDatasetOutAuc.${set} is not a number`);
    auc[set] = v;
  }
  const values = Object.values(auc);
  if (values.length === 0) throw new UserError(`${file}: leaveOneDatasetOutAuc is empty`);
  return {
    name: raw.name,
    leaveOneDatasetOutAuc: auc,
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    source: { file: shownAs, command: raw.command, ...(typeof raw.measured === 'string' ? { measured: raw.measured } : {}) },
  };
}
