/**
 * Raw feature rows (`FEATURES` order, NaN = missing) → model input.
 *
 * Per feature: the registry's scale (log1p, signed log, linear), then standardisation with the
 * mean and standard deviation of the training rows where it is present, then clipping to
 * ±CLIP; a missing value becomes 0 (the training mean) and, when the feature was sometimes
 * present and sometimes missing in training, a `<name>__missing` column says so.
 *
 * Columns that training cannot teach are left out, and the fitted state says why: a feature
 * never present (e.g. statuses_rate: no labeled timeline carries statuses_count) or constant
 * (e.g. quote_share) in the training rows, and a missing indicator that never varied.
 * At scoring such a feature simply does not reach the model — rather than feeding it
 * values whose weights were never trained.
 */
import { FEATURES, type FeatureScale } from './registry.js';

export const CLIP = 10;

export interface VectorizerColumnState {
  name: string;
  scale: FeatureScale;
  /** Rows of the training set where the feature was present / missing. */
  present: number;
  missing: number;
  /** Of the scaled values where present (population standard deviation). */
  mean: number;
  std: number;
  /** Whether the scaled, standardised value is an input column. */
  value: boolean;
  /** Whether a `<name>__missing` 0/1 input column follows. */
  indicator: boolean;
  /** Why a column was left out, when one was. */
  note?: string;
}

export interface VectorizerState {
  kind: 'botshare_vectorizer';
  version: 1;
  clip: number;
  /** In `FEATURES` order: the raw row layout the vectoriser expects. */
  columns: VectorizerColumnState[];
  inputNames: string[];
}

export interface Vectorizer {
  /** Model input columns, in order. */
  readonly inputNames: string[];
  /** The fitted state of each raw feature (for the model card). */
  readonly columns: readonly VectorizerColumnState[];
  transform(raw: Float64Array): Float32Array;
  /** Many rows into one row-major matrix (rows × inputNames.length), for tensors. */
  transformMany(rows: readonly Float64Array[]): Float32Array;
  toJSON(): VectorizerState;
}

export const MISSING_SUFFIX = '__missing';

/** The scale of a registry feature, applied to a present value. */
export function applyScale(scale: FeatureScale, x: number): number {
  switch (scale) {
    case 'log1p':
      return Math.log1p(Math.max(x, 0));
    case 'signed_log':
      return Math.sign(x) * Math.log1p(Math.abs(x));
    case 'linear':
      return x;
  }
}

function checkRow(raw: Float64Array): void {
  if (raw.length !== FEATURES.length) {
    throw new Error(`raw feature row has ${raw.length} values, expected ${FEATURES.length} (FEATURES order)`);
  }
}

export function fitVectorizer(rows: Iterable<Float64Array>): Vectorizer {
  const k = FEATURES.length;
  const present = new Float64Array(k);
  const missing = new Float64Array(k);
  const mean = new Float64Array(k);
  const m2 = new Float64Array(k);
  let n = 0;
  for (const raw of rows) {
    checkRow(raw);
    n += 1;
    for (let j = 0; j < k; j++) {
      const x = raw[j];
      if (!Number.isFinite(x)) {
        missing[j] += 1;
        continue;
      }
      // Welford: one pass, numerically stable.
      const y = applyScale(FEATURES[j].scale, x);
      present[j] += 1;
      const d = y - mean[j];
      mean[j] += d / present[j];
      m2[j] += d * (y - mean[j]);
    }
  }
  if (n === 0) throw new Error('fitVectorizer: no training rows');

  const columns: VectorizerColumnState[] = FEATURES.map((f, j) => {
    const std = present[j] > 0 ? Math.sqrt(m2[j] / present[j]) : 0;
    const col: VectorizerColumnState = {
      name: f.name,
      scale: f.scale,
      present: present[j],
      missing: missing[j],
      mean: present[j] > 0 ? mean[j] : 0,
      std,
      value: present[j] >= 2 && std > 1e-12,
      indicator: present[j] > 0 && missing[j] > 0,
    };
    if (present[j] === 0) {
      col.indicator = false;
      col.note = 'never present in the training rows: left out';
    } else if (!col.value) {
      col.note = 'constant in the training rows: value left out';
    }
    return col;
  });
  return buildVectorizer(columns, CLIP);
}

function buildVectorizer(columns: VectorizerColumnState[], clip: number): Vectorizer {
  const inputNames: string[] = [];
  for (const c of columns) {
    if (c.value) inputNames.push(c.name);
    if (c.indicator) inputNames.push(c.name + MISSING_SUFFIX);
  }
  const width = inputNames.length;

  const write = (raw: Float64Array, out: Float32Array, offset: number): void => {
    checkRow(raw);
    let p = offset;
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j];
      const x = raw[j];
      const isMissing = !Number.isFinite(x);
      if (c.value) {
        if (isMissing) out[p] = 0;
        else {
          const z = (applyScale(c.scale, x) - c.mean) / c.std;
          out[p] = Math.max(-clip, Math.min(clip, z));
        }
        p++;
      }
      if (c.indicator) out[p++] = isMissing ? 1 : 0;
    }
  };

  return {
    inputNames,
    columns,
    transform(raw) {
      const out = new Float32Array(width);
      write(raw, out, 0);
      return out;
    },
    transformMany(rows) {
      const out = new Float32Array(rows.length * width);
      rows.forEach((raw, i) => write(raw, out, i * width));
      return out;
    },
    toJSON: () => ({
      kind: 'botshare_vectorizer',
      version: 1,
      clip,
      columns: columns.map((c) => ({ ...c })),
      inputNames: [...inputNames],
    }),
  };
}

/** Rebuilds a fitted vectoriser from its JSON state, checking it against this registry. */
export function loadVectorizer(state: unknown): Vectorizer {
  const fail = (why: string): never => {
    throw new Error(`vectorizer state: ${why}`);
  };
  if (typeof state !== 'object' || state === null) return fail('not an object');
  const s = state as Record<string, unknown>;
  if (s.kind !== 'botshare_vectorizer' || s.version !== 1) fail('unknown kind or version');
  const clip = typeof s.clip === 'number' && s.clip > 0 ? s.clip : fail('bad clip');
  if (!Array.isArray(s.columns) || s.columns.length !== FEATURES.length) {
    return fail(`expected ${FEATURES.length} columns (this version's feature registry)`);
  }
  const columns = (s.columns as unknown[]).map((value, j): VectorizerColumnState => {
    if (typeof value !== 'object' || value === null) return fail(`column ${j} is not an object`);
    const c = value as Record<string, unknown>;
    const f = FEATURES[j];
    if (c.name !== f.name) fail(`column ${j} is "${String(c.name)}", this registry has "${f.name}"`);
    if (c.scale !== f.scale) fail(`column ${f.name} has scale ${String(c.scale)}, the registry ${f.scale}`);
    const numField = (k: string): number =>
      typeof c[k] === 'number' && Number.isFinite(c[k]) ? (c[k] as number) : fail(`column ${f.name}: bad ${k}`);
    const boolField = (k: string): boolean => (typeof c[k] === 'boolean' ? (c[k] as boolean) : fail(`column ${f.name}: bad ${k}`));
    const col: VectorizerColumnState = {
      name: f.name,
      scale: f.scale,
      present: numField('present'),
      missing: numField('missing'),
      mean: numField('mean'),
      std: numField('std'),
      value: boolField('value'),
      indicator: boolField('indicator'),
    };
    if (col.value && !(col.std > 0)) fail(`column ${f.name}: value column with std ${col.std}`);
    if (typeof c.note === 'string') col.note = c.note;
    return col;
  });
  const v = buildVectorizer(columns, clip);
  if (Array.isArray(s.inputNames) && JSON.stringify(s.inputNames) !== JSON.stringify(v.inputNames)) {
    fail('inputNames do not match the columns');
  }
  return v;
}
