/**
 * Reads an estimators' evidence file: the one that ships with the package (the CLI passes its
 * path, util/paths.ts) or one the user made with the evaluation harness. A missing or foreign file is not fatal: the report then says it has
 * no evidence to quote, rather than quoting figures that were never measured.
 */
import { readFileSync } from 'node:fs';
import type { EstimatorEvidence } from '../estimate/evidence.js';
import { UserError } from '../util/errors.js';

const cache = new Map<string, EstimatorEvidence | null>();

export function loadEstimatorEvidence(file: string): EstimatorEvidence | null {
  const hit = cache.get(file);
  if (hit !== undefined) return hit;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    cache.set(file, null);
    return null;
  }
  // JSON.parse makes own properties only (a "__proto__" key cannot reach a prototype).
  const value: unknown = JSON.parse(text);
  const e = value as Partial<EstimatorEvidence> | null;
  if (e === null || typeof e !== 'object' || e.kind !== 'botshare_estimator_evidence' || e.version !== 1 || !Array.isArray(e.pooled?.accuracy)) {
    throw new UserError(`${file}: not a botshare estimator evidence file (version 1)`);
  }
  cache.set(file, e as EstimatorEvidence);
  return e as EstimatorEvidence;
}
