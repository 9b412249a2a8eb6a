/**
 * Field parsers for the distributed labeled files. Each returns a value, `undefined` for an
 * empty field, or an `Invalid` naming what was wrong (the loader then rejects the record).
 */

export interface Invalid {
  invalid: string;
}
export const isInvalid = (x: unknown): x is Invalid => typeof x === 'object' && x !== null && 'invalid' in x;

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

function checkedUtc(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const t = Date.UTC(y, mo, d, h, mi, s);
  const back = new Date(t);
  // Date.UTC silently rolls 31 Feb into March: refuse instead.
  return back.getUTCDate() === d && back.getUTCMonth() === mo && h < 24 && mi < 60 && s < 61 ? t : Number.NaN;
}

const TWITTER_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/** Twitter API v1.1 `Tue Jun 11 11:20:35 +0000 2013` → epoch ms, NaN if not of that form. */
export function parseTwitterDate(s: string): number {
  const m = TWITTER_DATE.exec(s);
  if (m === null) return Number.NaN;
  const mo = MONTHS[m[1]];
  if (mo === undefined) return Number.NaN;
  const t = checkedUtc(Number(m[9]), mo, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  const offset = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8])) * 60_000;
  return t - offset;
}

const SQL_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(Z)?$/;

/** `2015-05-02 06:41:46` or `2012-11-06T18:56:10.000Z`, read as UTC → epoch ms, NaN otherwise. */
export function parseSqlDate(s: string): number {
  const m = SQL_DATE.exec(s);
  if (m === null) return Number.NaN;
  return checkedUtc(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** A non-negative integer count ("2177", or "2177.0" as pandas writes it); '' → undefined. */
export function parseCount(s: string, column: string): number | undefined | Invalid {
  if (s === '') return undefined;
  if (!/^\d+(\.0+)?$/.test(s)) return { invalid: `${column} is not a count: "${s.slice(0, 40)}"` };
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : { invalid: `${column} is too large: "${s.slice(0, 40)}"` };
}

/**
 * cresci booleans: '1' / '1.0' / 'True' (true), '' / '0' / 'False' (false). The distributed
 * files write false as an empty field, so a missing value cannot be told from false here:
 * these loaders never report a cresci boolean as missing.
 */
export function parseCresciBool(s: string, column: string): boolean | Invalid {
  switch (s) {
    case '1':
    case '1.0':
    case 'True':
    case 'true':
      return true;
    case '':
    case '0':
    case '0.0':
    case 'False':
    case 'false':
      return false;
    default:
      return { invalid: `${column} is not a boolean: "${s.slice(0, 40)}"` };
  }
}

/** Twitter user ids: decimal digits, no sign, no exponent. */
export const isUserId = (s: string): boolean => /^[1-9]\d{0,19}$/.test(s);
