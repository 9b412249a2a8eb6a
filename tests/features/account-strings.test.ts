/**
 * The string features of an account are counted by hand-written loops (they run for every
 * tweet); on any string, including lone surrogates and non-ASCII digits, they equal the
 * obvious definitions: code points by the string iterator, digits by regular expressions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountFeatures } from '../../src/features/account.js';
import { ACCOUNT_FEATURES } from '../../src/features/registry.js';
import { fitBigramModel } from '../../src/features/screen-name-likelihood.js';
import type { Author } from '../../src/ingest/tweet.js';

const bigrams = fitBigramModel(['ab']);
const at = (name: string): number => ACCOUNT_FEATURES.findIndex((f) => f.name === name);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('a', '7', '٣', '𝟗', '🙂', '\ud800', '\udc00', 'é', ' '), maxLength: 30 }),
);

describe('account string features', () => {
  it('equal [...s].length, /[0-9]/g and /\\p{Nd}/gu counts on any string', () => {
    const lengthCols = ['screen_name_length', 'name_length', 'description_length'].map(at);
    expect(lengthCols.every((i) => i >= 0)).toBe(true);
    fc.assert(
      fc.property(text, text, text, (screenName, name, description) => {
        const author: Author = { id: '1', screenName, name, description };
        const f = accountFeatures(author, Date.UTC(2020, 0, 1), bigrams);
        const expected = [
          [...screenName].length,
          (screenName.match(/[0-9]/g) ?? []).length,
          [...name].length,
          (name.match(/\p{Nd}/gu) ?? []).length,
          [...description].length,
        ];
        const names = ['screen_name_length', 'screen_name_digits', 'name_length', 'name_digits', 'description_length'];
        expect(names.map((n) => f[at(n)])).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
