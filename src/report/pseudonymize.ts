/**
 * `--pseudonymize`: account ids, screen names and tweet ids replaced by salted SHA-256
 * hashes everywhere in the outputs. The same input and salt give the same pseudonym (so
 * tables and charts still agree), while without the salt a pseudonym cannot be reversed by
 * hashing candidate names. The salt is never written to any output. A Summary is built
 * pseudonymous (`buildSummary`'s `pseudonymizer`), never rewritten afterwards.
 */

import { createHash, randomBytes } from 'node:crypto';

export interface Pseudonymizer {
  userId(id: string): string;
  screenName(name: string): string;
  tweetId(id: string): string;
}

/** Hex digits kept: 64 bits, collisions negligible for any corpus of accounts. */
const KEEP = 16;

export function createPseudonymizer(salt?: string): Pseudonymizer {
  const secret = salt ?? randomBytes(32).toString('hex');
  if (secret.length === 0) throw new RangeError('the pseudonymization salt must not be empty');
  const hash = (kind: string, value: string): string =>
    createHash('sha256').update(secret).update('\u0000').update(kind).update('\u0000').update(value).digest('hex').slice(0, KEEP);
  return {
    userId: (id) => `u_${hash('user', id)}`,
    // Screen names are case-insensitive on Twitter: @Alice and @alice are one account.
    screenName: (name) => `anon_${hash('screen_name', name.toLowerCase())}`,
    tweetId: (id) => `t_${hash('tweet', id)}`,
  };
}
