import { describe, expect, it } from 'vitest';
import type { Author } from '../../src/ingest/tweet.js';
import { accountFeatures } from '../../src/features/account.js';
import { ACCOUNT_FEATURES } from '../../src/features/registry.js';
import { fitBigramModel } from '../../src/features/screen-name-likelihood.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);
const bigrams = fitBigramModel(['ab']);

/** Features by name, for readable assertions. */
function named(values: Float64Array): Record<string, number> {
  return Object.fromEntries(ACCOUNT_FEATURES.map((f, i) => [f.name, values[i]]));
}

const full: Author = {
  id: '1',
  screenName: 'ab12_c',
  name: 'Anna ٣2', // ٣ is ARABIC-INDIC DIGIT THREE: a decimal digit (Nd)
  description: 'héllo 🙂', // the emoji is one code point, two UTF-16 units
  createdAt: T0,
  statuses: 100,
  followers: 50,
  friends: 20,
  favourites: 30,
  listed: 5,
  verified: false,
  defaultProfile: true,
  backgroundImage: false,
};

describe('account features', () => {
  it('has one value per registry entry, in registry order', () => {
    expect(accountFeatures(full, T0 + 10 * DAY, bigrams)).toHaveLength(ACCOUNT_FEATURES.length);
  });

  it('computes every formula on a hand-checked profile probed 10 days after creation', () => {
    const f = named(accountFeatures(full, T0 + 10 * DAY, bigrams));
    expect(f).toEqual({
      statuses_count: 100,
      followers_count: 50,
      friends_count: 20,
      favourites_count: 30,
      listed_count: 5,
      default_profile: 1,
      background_image: 0,
      verified: 0,
      account_age_days: 10,
      statuses_per_day: 10,
      followers_growth: 5,
      friends_growth: 2,
      favourites_growth: 3,
      listed_growth: 0.5,
      followers_friends_ratio: 2.5,
      screen_name_length: 6,
      screen_name_digits: 2,
      name_length: 7,
      name_digits: 2,
      description_length: 7,
      screen_name_likelihood: f.screen_name_likelihood,
    });
    // "^ab12_c$": bigrams ^a and ab were seen once in the table fitted on "ab", the other
    // five never: (2/1603)^(2/7) · (1/1603)^(5/7), 1603 = 3 + 40².
    expect(f.screen_name_likelihood).toBeCloseTo(Math.pow(2 / 1603, 2 / 7) * Math.pow(1 / 1603, 5 / 7), 15);
  });

  it('floors the age at one day for the rates, but reports the true age', () => {
    const f = named(accountFeatures(full, T0 + DAY / 2, bigrams));
    expect(f.account_age_days).toBe(0.5);
    expect(f.statuses_per_day).toBe(100);
    expect(f.followers_growth).toBe(50);
  });

  it('divides followers by max(friends, 1)', () => {
    expect(named(accountFeatures({ ...full, friends: 0 }, T0 + 10 * DAY, bigrams)).followers_friends_ratio).toBe(50);
  });

  it('marks the age and every rate missing when the account was created after the probe time', () => {
    const f = named(accountFeatures(full, T0 - DAY, bigrams));
    for (const k of ['account_age_days', 'statuses_per_day', 'followers_growth', 'friends_growth', 'favourites_growth', 'listed_growth']) {
      expect(f[k], k).toBeNaN();
    }
    expect(f.statuses_count).toBe(100);
  });

  it('gives NaN, not 0 or false, for every field the source does not carry', () => {
    const values = accountFeatures({ id: '2' }, T0, bigrams);
    expect([...values].every(Number.isNaN)).toBe(true);
  });

  it('keeps false and empty apart from missing', () => {
    const f = named(
      accountFeatures({ id: '3', description: '', name: '', verified: false, defaultProfile: false, backgroundImage: true }, T0, bigrams),
    );
    expect(f.description_length).toBe(0);
    expect(f.name_length).toBe(0);
    expect(f.name_digits).toBe(0);
    expect(f.verified).toBe(0);
    expect(f.default_profile).toBe(0);
    expect(f.background_image).toBe(1);
    expect(f.followers_count).toBeNaN();
    expect(f.screen_name_length).toBeNaN();
  });

  it('counts only ASCII digits in the screen name', () => {
    const f = named(accountFeatures({ id: '4', screenName: '0918Bask' }, T0, bigrams));
    expect(f.screen_name_length).toBe(8);
    expect(f.screen_name_digits).toBe(4);
  });

  it('marks a rate missing when only its count is missing', () => {
    const f = named(accountFeatures({ ...full, listed: undefined }, T0 + 10 * DAY, bigrams));
    expect(f.listed_growth).toBeNaN();
    expect(f.listed_count).toBeNaN();
    expect(f.followers_growth).toBe(5);
  });
});
