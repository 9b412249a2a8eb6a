/**
 * A time window given by a person (`--since`, `--until`): parsed and checked with date-fns,
 * recorded in every output, and tested per tweet as two comparisons of epoch ms. date-fns
 * does the calendar work here (validating a date, its UTC day, labels of a range); the
 * per-tweet timestamps of an export are parsed by the readers' fixed-format parsers
 * (../ingest/dates.ts): date-fns per record was measured many times slower on the hot path
 * (bench/results/date-parsers-200k.json).
 */
import { addHours, format, isSameMonth, isSameYear, isValid, parseISO } from 'date-fns';
import { UserError } from './errors.js';
import type { TimeWindow } from './time.js';

/** The window as outputs record it: ISO 8601 UTC times, both included; null = open on that side. */
export interface WindowBounds {
  since: string | null;
  until: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/i;

/** A UTC day is 24 hours (addDays would count the local calendar's days, 23 or 25 h at a DST change). */
const DAY_HOURS = 24;

/** Epoch ms of a YYYY-MM-DD day at 00:00 UTC; NaN when the text is not a real day. */
export function utcDayStart(day: string): number {
  return DATE.test(day) ? parseISO(`${day}T00:00:00Z`).getTime() : Number.NaN;
}

interface Parsed {
  at: number;
  /** A date (a whole UTC day), not a time. */
  day: boolean;
}

function parseUserTime(text: string, flag: string): Parsed {
  const s = text.trim();
  const day = DATE.test(s);
  if (!day && !TIME.test(s)) {
    throw new UserError(`${flag}: "${text}" is neither a date (YYYY-MM-DD, a UTC day) nor an ISO 8601 time (e.g. 2020-03-11T06:00:00Z)`);
  }
  // A date is its UTC day; a time without a zone is UTC too (parseISO would read both as local).
  const iso = day ? `${s}T00:00:00Z` : /(?:Z|[+-]\d{2}:\d{2})$/i.test(s) ? s : `${s}Z`;
  const d = parseISO(iso);
  if (!isValid(d)) throw new UserError(`${flag}: "${text}" is not a real ${day ? 'date' : 'time'} (no such day or hour)`);
  return { at: d.getTime(), day };
}

/**
 * `--since`/`--until` → the window [start, end) in epoch ms, or undefined when neither is
 * given. A date means its whole UTC day (so `--until 2020-03-23` keeps the 23rd); a time is
 * included as given. Bad text or since after until: a UserError.
 */
export function parseWindow(since: string | undefined, until: string | undefined): TimeWindow | undefined {
  if (since === undefined && until === undefined) return undefined;
  const s = since === undefined ? undefined : parseUserTime(since, '--since');
  const u = until === undefined ? undefined : parseUserTime(until, '--until');
  const start = s === undefined ? Number.NEGATIVE_INFINITY : s.at;
  const end = u === undefined ? Number.POSITIVE_INFINITY : u.day ? addHours(u.at, DAY_HOURS).getTime() : u.at + 1;
  if (!(start < end)) throw new UserError(`--since ${since} is after --until ${until}: the window holds no time`);
  return { start, end };
}

/** Whether a tweet's time is inside the window: two comparisons, cheap enough per tweet. */
export function insideWindow(w: TimeWindow, at: number): boolean {
  return at >= w.start && at < w.end;
}

export function windowBounds(w: TimeWindow): WindowBounds {
  return {
    since: Number.isFinite(w.start) ? new Date(w.start).toISOString() : null,
    until: Number.isFinite(w.end) ? new Date(w.end - 1).toISOString() : null,
  };
}

/** The window that `windowBounds` recorded (a tally file's); NaN bounds when the text is not a time. */
export function windowOfBounds(b: WindowBounds): TimeWindow {
  return {
    start: b.since === null ? Number.NEGATIVE_INFINITY : Date.parse(b.since),
    end: b.until === null ? Number.POSITIVE_INFINITY : Date.parse(b.until) + 1,
  };
}

/** The window as summary.json, the ingest summary and sample.json record it. */
export interface WindowRecord extends WindowBounds {
  label: string;
}

export function windowRecord(w: TimeWindow): WindowRecord {
  return { ...windowBounds(w), label: windowLabel(w) };
}

export function sameWindow(a: TimeWindow | undefined, b: TimeWindow | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.start === b.start && a.end === b.end;
}

/** The UTC calendar day of `at` as a local date at noon: date-fns formats local dates, and noon is in every day whatever the zone. */
function utcDay(at: number): Date {
  const d = new Date(at);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12);
}

const isMidnight = (at: number): boolean => !Number.isFinite(at) || new Date(at).toISOString().endsWith('T00:00:00.000Z');

/** "11–23 March 2020 (UTC)", "28 February – 2 March 2020 (UTC)", "from 2020-03-11 06:00:00 UTC"… */
export function windowLabel(w: TimeWindow): string {
  const open = { start: !Number.isFinite(w.start), end: !Number.isFinite(w.end) };
  if (open.start && open.end) return 'all times';
  if (isMidnight(w.start) && isMidnight(w.end)) {
    const first = open.start ? undefined : utcDay(w.start);
    const last = open.end ? undefined : utcDay(w.end - 1);
    if (first === undefined) return `until ${format(last as Date, 'd MMMM yyyy')} (UTC)`;
    if (last === undefined) return `from ${format(first, 'd MMMM yyyy')} (UTC)`;
    const to = format(last, 'd MMMM yyyy');
    if (first.getTime() === last.getTime()) return `${to} (UTC)`;
    const from = format(first, isSameMonth(first, last) ? 'd' : isSameYear(first, last) ? 'd MMMM' : 'd MMMM yyyy');
    return `${from}${isSameMonth(first, last) ? '–' : ' – '}${to} (UTC)`;
  }
  const time = (at: number): string => new Date(at).toISOString().replace('T', ' ').replace(/\.000Z$/, '').replace(/Z$/, '');
  if (open.start) return `until ${time(w.end - 1)} UTC`;
  if (open.end) return `from ${time(w.start)} UTC`;
  return `${time(w.start)} – ${time(w.end - 1)} UTC`;
}
