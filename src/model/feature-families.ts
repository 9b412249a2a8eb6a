/**
 * Feature families: registry features that describe one aspect of an account and stand or
 * fall together in feature selection. Defined here once, a priori (by meaning, not by
 * results); a registry feature not named below forms a family of its own.
 */
import { FEATURES, type FeatureDef } from '../features/registry.js';
import { MISSING_SUFFIX } from '../features/vectorize.js';

export const FAMILY_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  activity_counts: ['statuses_count', 'followers_count', 'friends_count', 'favourites_count', 'listed_count'],
  growth_rates: ['statuses_per_day', 'followers_growth', 'friends_growth', 'favourites_growth', 'listed_growth', 'followers_friends_ratio'],
  profile_flags: ['default_profile', 'background_image', 'verified'],
  account_age: ['account_age_days'],
  name_shape: ['screen_name_length', 'screen_name_digits', 'name_length', 'name_digits'],
  description: ['description_length'],
  screen_name_likelihood: ['screen_name_likelihood'],
};

/** The family of a registry feature (timing features form the family "timing"). */
export function familyOf(feature: FeatureDef): string {
  if (feature.group === 'timing') return 'timing';
  for (const [family, members] of Object.entries(FAMILY_MEMBERS)) if (members.includes(feature.name)) return family;
  return feature.name;
}

/** Families of the account features, in registry order. */
export function accountFamilies(): string[] {
  return [...new Set(FEATURES.filter((f) => f.group === 'account').map(familyOf))];
}

/** Family of a model input column (`name` or `name__missing`). */
export function familyOfInput(input: string): string {
  const base = input.endsWith(MISSING_SUFFIX) ? input.slice(0, -MISSING_SUFFIX.length) : input;
  const def = FEATURES.find((f) => f.name === base);
  if (def === undefined) throw new Error(`unknown input column ${input}`);
  return familyOf(def);
}
