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

const BYTE_UNITS: Record<string, number> = { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 };

/** A size in bytes of at least 1: a whole number, or with k, M or G (powers of 1024; a trailing B is allowed), e.g. 300000, 64k, 8M, 1G. */
export function byteSize(text: string, flag: string): number {
  const m = /^(\d+)\s*([kmg]?)b?$/iu.exec(text.trim());
  const bytes = m === null ? Number.NaN : Number(m[1]) * BYTE_UNITS[m[2].toLowerCase()];
  if (!(bytes >= 1) || !Number.isSafeInteger(bytes)) throw new UserError(`${flag} must be a size in bytes such as 300000, 64k, 8M or 1G, got "${text}"`);
  return bytes;
}
