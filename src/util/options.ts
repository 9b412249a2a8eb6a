/** Parsers for command-line option values: a bad value is the user's mistake, said in one sentence. */
import { UserError } from './errors.js';

/** A whole number of at least `min` (`Number()` alone would turn "1e3x" into NaN, silently). */
export function wholeNumber(text: string, flag: string, min = 0): number {
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new UserError(`${flag} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, got "${text}"`);
  }
  return Number(text);
}

/** A number strictly between `min` and `max` (a half-width, a share), written as a plain decimal. */
export function decimalBetween(text: string, flag: string, min: number, max: number): number {
  const x = /^\d*\.?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(x > min && x < max)) throw new UserError(`${flag} must be a number between ${min} and ${max} (exclusive), got "${text}"`);
  return x;
}
