/**
 * Fixed-format timestamps parsed by hand-sliced fields: a general date parser per record
 * costs more than the JSON parse it follows. Measured, not assumed: date-fns (which parses
 * the dates a person types, ../util/window.ts) takes over twenty times as long per timestamp
 * as these, in both forms (bench/results/date-parsers-200k.json, from src/bench/date-parsers.ts).
 * Every parser returns epoch ms UTC, or NaN when the text is not of its form (the reader then
 * rejects the record).
 */

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

/** Digits at s[start, start+len) as a number, NaN if any is not a digit. */
function digits(s: string, start: number, len: number): number {
  let n = 0;
  for (let i = start; i < start + len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (!(mo >= 0 && mo < 12 && d >= 1 && h < 24 && mi < 60 && s < 61)) return NaN;
  // Refuse 31 Feb rather than letting Date.UTC roll it over into March.
  const leap = mo === 1 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 1 : 0;
  if (d > DAYS_IN_MONTH[mo] + leap) return NaN;
  return Date.UTC(y, mo, d, h, mi, s, ms);
}

/** Twitter's `Wed Oct 10 20:19:24 +0000 2018`. */
export function parseTwitterDate(s: string): number {
  if (s.length !== 30 || s.charCodeAt(3) !== 32 || s.charCodeAt(19) !== 32 || s.charCodeAt(25) !== 32) return NaN;
  const mo = MONTHS[s.slice(4, 7)];
  if (mo === undefined) return NaN;
  const sign = s[20] === '-' ? -1 : s[20] === '+' ? 1 : 0;
  const offH = digits(s, 21, 2);
  const offM = digits(s, 23, 2);
  if (sign === 0 || Number.isNaN(offH + offM)) return NaN;
  const t = utc(digits(s, 26, 4), mo, digits(s, 8, 2), digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2), 0);
  return t - sign * (offH * 60 + offM) * 60_000;
}

/**
 * `YYYY-MM-DD HH:MM:SS` (rtweet, TCAT, SQL dumps; read as UTC) and ISO 8601
 * `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` (API v2, twarc). No zone means UTC.
 */
export function parseIsoDate(s: string): number {
  if (s.length < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return NaN;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    let j = i + 1;
    let frac = 0;
    let scale = 100;
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) {
      frac += (s.charCodeAt(j) - 48) * scale;
      scale /= 10;
      j++;
    }
    if (j === i + 1) return NaN;
    ms = Math.floor(frac);
    i = j;
  }
  let offset = 0;
  if (i < s.length) {
    const c = s[i];
    if (c === 'Z' && i === s.length - 1) offset = 0;
    else if ((c === '+' || c === '-') && s.length - i === 6 && s[i + 3] === ':') {
      const oh = digits(s, i + 1, 2);
      const om = digits(s, i + 4, 2);
      if (Number.isNaN(oh + om)) return NaN;
      offset = (c === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
    } else if (s.slice(i) === ' UTC' || s.slice(i) === ' +0000') offset = 0;
    else return NaN;
  }
  const t = utc(
    digits(s, 0, 4), digits(s, 5, 2) - 1, digits(s, 8, 2),
    digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2), ms,
  );
  return t - offset;
}

/** Either of the forms above: exports are not always consistent. */
export function parseAnyDate(s: string): number {
  const t = s.length === 30 ? parseTwitterDate(s) : NaN;
  return Number.isNaN(t) ? parseIsoDate(s) : t;
}
