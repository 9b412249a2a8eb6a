import { describe, expect, it } from 'vitest';
import { insideWindow, parseWindow, sameWindow, windowBounds, windowLabel, windowOfBounds } from '../../src/util/window.js';
import { UserError } from '../../src/util/errors.js';

const day = (s: string): number => Date.parse(`${s}T00:00:00Z`);

describe('the time window of --since/--until', () => {
  it('takes a date as its whole UTC day: --until keeps its last day', () => {
    const w = parseWindow('2020-03-11', '2020-03-23');
    expect(w).toEqual({ start: day('2020-03-11'), end: day('2020-03-24') });
    const at = (s: string): boolean => insideWindow(w!, Date.parse(s));
    expect(at('2020-03-23T23:59:59.999Z')).toBe(true);
    expect(at('2020-03-24T00:00:00.000Z')).toBe(false);
    expect(at('2020-03-11T00:00:00.000Z')).toBe(true);
    expect(at('2020-03-10T23:59:59.999Z')).toBe(false);
  });

  it('takes an ISO time as given (UTC without a zone), both ends included', () => {
    const w = parseWindow('2020-03-11T06:00', '2020-03-11T08:00:00+02:00');
    expect(w).toEqual({ start: Date.parse('2020-03-11T06:00:00Z'), end: Date.parse('2020-03-11T06:00:00Z') + 1 });
    expect(windowBounds(parseWindow('2020-03-11T06:00:00.5Z', '2020-03-12')!)).toEqual({ since: '2020-03-11T06:00:00.500Z', until: '2020-03-12T23:59:59.999Z' });
  });

  it('may be open on one side; none given is no window', () => {
    expect(parseWindow(undefined, undefined)).toBeUndefined();
    const w = parseWindow(undefined, '2020-03-23')!;
    expect(w.start).toBe(Number.NEGATIVE_INFINITY);
    expect(windowBounds(w)).toEqual({ since: null, until: '2020-03-23T23:59:59.999Z' });
    expect(windowOfBounds(windowBounds(w))).toEqual(w);
    expect(windowLabel(w)).toBe('until 23 March 2020 (UTC)');
    expect(windowLabel(parseWindow('2020-03-11T06:00', undefined)!)).toBe('from 2020-03-11 06:00:00 UTC');
  });

  it('refuses a bad date, an impossible one, and since after until, naming the flag', () => {
    const message = (since?: string, until?: string): string => {
      try {
        parseWindow(since, until);
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(message('yesterday')).toMatch(/^--since: "yesterday" is neither a date \(YYYY-MM-DD/);
    expect(message(undefined, '2020-02-30')).toMatch(/^--until: "2020-02-30" is not a real date/);
    expect(message('2021-02-29')).toMatch(/not a real date/);
    expect(message('2020-03-11T25:00Z')).toMatch(/not a real time/);
    expect(message('2020-03-23', '2020-03-11')).toBe('--since 2020-03-23 is after --until 2020-03-11: the window holds no time');
    expect(message('2020-03-11', '2020-03-11')).toBe('no error');
  });

  it('labels ranges of days with date-fns, in UTC whatever the machine zone', () => {
    expect(windowLabel(parseWindow('2020-03-11', '2020-03-23')!)).toBe('11–23 March 2020 (UTC)');
    expect(windowLabel(parseWindow('2020-02-28', '2020-03-02')!)).toBe('28 February – 2 March 2020 (UTC)');
    expect(windowLabel(parseWindow('2019-12-30', '2020-01-02')!)).toBe('30 December 2019 – 2 January 2020 (UTC)');
    expect(windowLabel(parseWindow('2020-03-11', '2020-03-11')!)).toBe('11 March 2020 (UTC)');
    expect(windowLabel(parseWindow('2020-03-11T06:00Z', '2020-03-12T18:30Z')!)).toBe('2020-03-11 06:00:00 – 2020-03-12 18:30:00 UTC');
  });

  it('compares windows exactly', () => {
    expect(sameWindow(parseWindow('2020-03-11', '2020-03-23'), parseWindow('2020-03-11T00:00Z', '2020-03-23'))).toBe(true);
    expect(sameWindow(parseWindow('2020-03-11', '2020-03-23'), parseWindow('2020-03-11', '2020-03-22'))).toBe(false);
    expect(sameWindow(undefined, parseWindow('2020-03-11', undefined))).toBe(false);
    expect(sameWindow(undefined, undefined)).toBe(true);
  });
});
