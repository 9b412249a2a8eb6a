/**
 * Account features at probe time (BotometerLite-style), in `ACCOUNT_FEATURES` order.
 * A field the source does not carry gives NaN — never a made-up 0 or false.
 */
import type { Author } from '../ingest/tweet.js';
import { ACCOUNT_FEATURES } from './registry.js';
import { screenNameLikelihood, type BigramModel } from './screen-name-likelihood.js';

const MS_PER_DAY = 86_400_000;

const num = (x: number | undefined): number => (x === undefined || !Number.isFinite(x) ? Number.NaN : x);
const bool = (x: boolean | undefined): number => (x === undefined ? Number.NaN : x ? 1 : 0);
const codePoints = (s: string | undefined): number => (s === undefined ? Number.NaN : [...s].length);
const count = (s: string | undefined, re: RegExp): number =>
  s === undefined ? Number.NaN : (s.match(re) ?? []).length;

/** Account age at probe time in days, or NaN when unknown or negative (a data error). */
export function accountAgeDays(author: Author, probeTime: number): number {
  if (author.createdAt === undefined || !Number.isFinite(probeTime)) return Number.NaN;
  const age = (probeTime - author.createdAt) / MS_PER_DAY;
  return age >= 0 ? age : Number.NaN;
}

export function accountFeatures(author: Author, probeTime: number, bigrams: BigramModel): Float64Array {
  const statuses = num(author.statuses);
  const followers = num(author.followers);
  const friends = num(author.friends);
  const favourites = num(author.favourites);
  const listed = num(author.listed);
  const age = accountAgeDays(author, probeTime);
  // Floored at one day so that an account probed hours after its creation gets a finite rate.
  const ageForRates = Math.max(age, 1);
  const perDay = (x: number): number => x / ageForRates; // NaN propagates

  const values: number[] = [
    statuses,
    followers,
    friends,
    favourites,
    listed,
    bool(author.defaultProfile),
    bool(author.backgroundImage),
    bool(author.verified),
    age,
    perDay(statuses),
    perDay(followers),
    perDay(friends),
    perDay(favourites),
    perDay(listed),
    followers / Math.max(friends, 1),
    codePoints(author.screenName),
    count(author.screenName, /[0-9]/g),
    codePoints(author.name),
    count(author.name, /\p{Nd}/gu),
    codePoints(author.description),
    author.screenName === undefined ? Number.NaN : screenNameLikelihood(author.screenName, bigrams),
  ];
  if (values.length !== ACCOUNT_FEATURES.length) {
    throw new Error(`accountFeatures: ${values.length} values for ${ACCOUNT_FEATURES.length} features`);
  }
  return Float64Array.from(values);
}
