/**
 * Account features at probe time (BotometerLite-style), in `ACCOUNT_FEATURES` order.
 * A field the source does not carry gives NaN — never a made-up 0 or false.
 */
import type { Author } from '../ingest/tweet.js';
import { ACCOUNT_FEATURES } from './registry.js';
import { screenNameLikelihood, type BigramModel } from './screen-name-likelihood.js';
import { DAY_MS } from '../util/time.js';


const num = (x: number | undefined): number => (x === undefined || !Number.isFinite(x) ? Number.NaN : x);
const bool = (x: boolean | undefined): number => (x === undefined ? Number.NaN : x ? 1 : 0);
// These run for every tweet: loops over char codes, not spreads and matches that build
// arrays (a quarter of the scoring time at 1M tweets). Each is equal to its one-liner:
// [...s].length, (s.match(/[0-9]/g) ?? []).length, (s.match(/\p{Nd}/gu) ?? []).length.

/** Code points (a surrogate pair counts once, a lone surrogate once). */
function codePoints(s: string | undefined): number {
  if (s === undefined) return Number.NaN;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** ASCII digits 0–9. */
function asciiDigits(s: string | undefined): number {
  if (s === undefined) return Number.NaN;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

const UNICODE_DIGIT = /\p{Nd}/gu;

/** Unicode decimal digits (\p{Nd}); an ASCII string is counted without the regex. */
function unicodeDigits(s: string | undefined): number {
  if (s === undefined) return Number.NaN;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return (s.match(UNICODE_DIGIT) ?? []).length;
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Account age at probe time in days, or NaN when unknown or negative (a data error). */
export function accountAgeDays(author: Author, probeTime: number): number {
  if (author.createdAt === undefined || !Number.isFinite(probeTime)) return Number.NaN;
  const age = (probeTime - author.createdAt) / DAY_MS;
  return age >= 0 ? age : Number.NaN;
}

export function accountFeatures(author: Author, probeTime: number, bigrams: BigramModel): Float64Array {
  const out = new Float64Array(ACCOUNT_FEATURES.length);
  writeAccountFeatures(author, probeTime, bigrams, out, 0);
  return out;
}

/** `accountFeatures` written into `out` from `offset` (the scorer fills its rows in place). */
export function writeAccountFeatures(author: Author, probeTime: number, bigrams: BigramModel, out: Float64Array, offset: number): void {
  if (offset < 0 || offset + ACCOUNT_FEATURES.length > out.length) {
    throw new RangeError(`no room for ${ACCOUNT_FEATURES.length} account features at ${offset} in a row of ${out.length}`);
  }
  const statuses = num(author.statuses);
  const followers = num(author.followers);
  const friends = num(author.friends);
  const favourites = num(author.favourites);
  const listed = num(author.listed);
  const age = accountAgeDays(author, probeTime);
  // Floored at one day so that an account probed hours after its creation gets a finite rate.
  const ageForRates = Math.max(age, 1);
  const perDay = (x: number): number => x / ageForRates; // NaN propagates

  const o = offset;
  out[o] = statuses;
  out[o + 1] = followers;
  out[o + 2] = friends;
  out[o + 3] = favourites;
  out[o + 4] = listed;
  out[o + 5] = bool(author.defaultProfile);
  out[o + 6] = bool(author.backgroundImage);
  out[o + 7] = bool(author.verified);
  out[o + 8] = age;
  out[o + 9] = perDay(statuses);
  out[o + 10] = perDay(followers);
  out[o + 11] = perDay(friends);
  out[o + 12] = perDay(favourites);
  out[o + 13] = perDay(listed);
  out[o + 14] = followers / Math.max(friends, 1);
  out[o + 15] = codePoints(author.screenName);
  out[o + 16] = asciiDigits(author.screenName);
  out[o + 17] = codePoints(author.name);
  out[o + 18] = unicodeDigits(author.name);
  out[o + 19] = codePoints(author.description);
  out[o + 20] = author.screenName === undefined ? Number.NaN : screenNameLikelihood(author.screenName, bigrams);
}

// The writes above follow ACCOUNT_FEATURES' order; a registry edit that changes the count must
// change them too.
if (ACCOUNT_FEATURES.length !== 21) {
  throw new Error(`accountFeatures writes 21 values but the registry has ${ACCOUNT_FEATURES.length} account features`);
}
