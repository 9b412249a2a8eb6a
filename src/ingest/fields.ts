/**
 * Narrowing of untrusted values into canonical fields. A reader asks for a field by an
 * explicit name and gets a typed value, `undefined` when the format leaves it out, or a
 * FieldError naming the field when the value is there but unreadable (the record is then
 * rejected: a column shifted by a broken row shows up as garbage in typed fields).
 *
 * JSON objects are read through `own()` only, so inherited names (`__proto__`,
 * `constructor`) never reach a record however the input is crafted.
 */

export class FieldError extends Error {
  constructor(readonly field: string, readonly value: unknown, what: string) {
    super(`${field} is not ${what}: ${preview(value)}`);
  }
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;
}

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** An own property of a parsed JSON object (never an inherited one). */
export function own(o: JsonObject, key: string): unknown {
  const v = o[key];
  return v !== undefined && hasOwn.call(o, key) ? v : undefined;
}

export function ownObject(o: JsonObject, key: string): JsonObject | undefined {
  const v = own(o, key);
  return isObject(v) ? v : undefined;
}

export function ownArray(o: JsonObject, key: string): readonly unknown[] | undefined {
  const v = own(o, key);
  return Array.isArray(v) ? v : undefined;
}

/** A JSON string field; null means "present and empty" for profile texts (Twitter's habit). */
export function jsonText(o: JsonObject, key: string, nullAs?: string): string | undefined {
  const v = own(o, key);
  if (typeof v === 'string') return v;
  if (v === null) return nullAs;
  if (v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new FieldError(key, v, 'text');
}

/** A JSON count: a non-negative integer (numeric strings accepted). */
export function jsonCount(o: JsonObject, key: string): number | undefined {
  const v = own(o, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string') return csvCount(v, key);
  throw new FieldError(key, v, 'a count');
}

export function jsonBool(o: JsonObject, key: string): boolean | undefined {
  const v = own(o, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' || typeof v === 'number') return csvBool(String(v), key);
  throw new FieldError(key, v, 'true or false');
}

/** A tweet or user id: decimal digits. JSON numbers beyond 2^53 are not exact and refused. */
export function jsonId(o: JsonObject, strKey: string, numKey: string): string | undefined {
  const s = own(o, strKey);
  if (typeof s === 'string' && s.length > 0) return checkId(s, strKey);
  const n = own(o, numKey);
  if (typeof n === 'string' && n.length > 0) return checkId(n, numKey);
  if (typeof n === 'number') {
    if (Number.isSafeInteger(n) && n >= 0) return String(n);
    throw new FieldError(numKey, n, `an exact id (it exceeds 2^53 and ${strKey} is missing)`);
  }
  if (n === undefined || n === null) return undefined;
  throw new FieldError(numKey, n, 'an id');
}

const ID = /^[0-9]{1,20}$/;

export function checkId(s: string, field: string): string {
  if (ID.test(s)) return s;
  throw new FieldError(field, s, 'an id');
}

// CSV cells. Empty means "not given" for numbers, dates and ids.

const COUNT = /^[0-9]+(?:\.0*)?$/;

/** Counts as written by R, pandas (`123.0` in a column with gaps) or PHP. */
export function csvCount(s: string | undefined, field: string): number | undefined {
  if (s === undefined || s === '') return undefined;
  if (COUNT.test(s)) return Number.parseInt(s, 10);
  if (s === 'NA' || s === 'NaN' || s === 'NULL' || s === 'null') return undefined;
  throw new FieldError(field, s, 'a count');
}

/** TRUE/FALSE (R), True/False (pandas), true/false, 1/0, 1.0/0.0 (cresci). */
export function csvBool(s: string | undefined, field: string): boolean | undefined {
  if (s === undefined || s === '') return undefined;
  switch (s) {
    case 'TRUE': case 'True': case 'true': case '1': case '1.0': case 't':
      return true;
    case 'FALSE': case 'False': case 'false': case '0': case '0.0': case 'f':
      return false;
    case 'NA': case 'NULL': case 'null': case 'NaN':
      return undefined;
    default:
      throw new FieldError(field, s, 'true or false');
  }
}

/**
 * cresci booleans (users.csv of cresci-2015/2017): the dumps write false as an empty field (or
 * NULL), so empty reads as false; anything else as `csvBool`. The one rule for these files,
 * read by the cresci reader and by the labeled sets' loader.
 */
export function cresciBool(s: string | undefined, field: string): boolean | undefined {
  if (s === undefined) return undefined;
  if (s === '' || s === 'NULL') return false;
  return csvBool(s, field);
}

/** An optional reference id in CSV: '', '0', 'NA' mean "none". */
export function csvRefId(s: string | undefined): string | undefined {
  if (s === undefined || s === '' || s === '0' || s === 'NA' || s === 'NULL' || s === 'null') return undefined;
  return s;
}

/** A date cell parsed by `parse`; undefined when empty. */
export function csvDate(s: string | undefined, field: string, parse: (s: string) => number): number | undefined {
  if (s === undefined || s === '' || s === 'NA' || s === 'NULL') return undefined;
  const t = parse(s);
  if (Number.isNaN(t)) throw new FieldError(field, s, 'a date');
  return t;
}

/** `default_profile_images/…` is the image Twitter gives an account that never set one. */
export function isDefaultProfileImage(url: string | undefined): boolean | undefined {
  if (url === undefined || url === '') return undefined;
  return url.includes('default_profile_images/');
}
