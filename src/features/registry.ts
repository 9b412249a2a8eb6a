/**
 * The feature registry: each feature is defined once — name, meaning, formula, how it is
 * scaled — and training, scoring, explanations and the model card all read this list.
 *
 * Values are computed as plain numbers; a value that cannot be known (a field the format
 * does not carry, an account with a single tweet) is `NaN`, and the vectoriser turns it
 * into a missing indicator plus a neutral fill, never a fake value.
 *
 * The order of `ACCOUNT_FEATURES` is the order of `accountFeatures()`'s output, the order of
 * `TIMING_FEATURES` that of `timingFeatures()`; `FEATURES` is account then timing, the
 * order of a raw training row.
 */

export type FeatureGroup = 'account' | 'timing';

/**
 * How a raw value is mapped before standardisation.
 * - `log1p`: counts and non-negative rates, `log(1 + x)`;
 * - `signed_log`: values that can be negative or span orders of magnitude, `sign(x)·log(1 + |x|)`;
 * - `linear`: bounded values (shares, booleans, entropies, lengths), unchanged.
 */
export type FeatureScale = 'log1p' | 'signed_log' | 'linear';

export interface FeatureDef {
  /** snake_case, stable: it is written into model cards and explanations. */
  readonly name: string;
  readonly group: FeatureGroup;
  /** One sentence a researcher understands. */
  readonly meaning: string;
  /** The formula, in words and symbols, as shown in the model card. */
  readonly formula: string;
  readonly scale: FeatureScale;
  /** When the value is NaN (missing); the vectoriser gives such features a missing indicator. */
  readonly missingWhen: string;
}

const DAY = 'age_days = (probe_time − created_at) / 86 400 000 ms, floored at 1 day; NaN when created_at is unknown or after the probe time';

export const ACCOUNT_FEATURES: readonly FeatureDef[] = [
  {
    name: 'statuses_count',
    group: 'account',
    meaning: 'Tweets (including retweets) the account had posted at probe time.',
    formula: 'statuses_count',
    scale: 'log1p',
    missingWhen: 'the format does not carry statuses_count',
  },
  {
    name: 'followers_count',
    group: 'account',
    meaning: 'Accounts following this account at probe time.',
    formula: 'followers_count',
    scale: 'log1p',
    missingWhen: 'the format does not carry followers_count',
  },
  {
    name: 'friends_count',
    group: 'account',
    meaning: 'Accounts this account follows at probe time.',
    formula: 'friends_count',
    scale: 'log1p',
    missingWhen: 'the format does not carry friends_count',
  },
  {
    name: 'favourites_count',
    group: 'account',
    meaning: 'Tweets this account has liked at probe time.',
    formula: 'favourites_count',
    scale: 'log1p',
    missingWhen: 'the format does not carry favourites_count',
  },
  {
    name: 'listed_count',
    group: 'account',
    meaning: 'Public lists that include this account at probe time.',
    formula: 'listed_count',
    scale: 'log1p',
    missingWhen: 'the format does not carry listed_count',
  },
  {
    name: 'default_profile',
    group: 'account',
    meaning: 'Whether the account kept the default theme and background.',
    formula: '1 if default_profile is true, 0 if false',
    scale: 'linear',
    missingWhen: 'the format does not carry default_profile',
  },
  {
    name: 'background_image',
    group: 'account',
    meaning: 'Whether the profile uses a background image.',
    formula: '1 if profile_use_background_image is true, 0 if false',
    scale: 'linear',
    missingWhen: 'the format does not carry profile_use_background_image',
  },
  {
    name: 'verified',
    group: 'account',
    meaning: 'Whether Twitter had verified the account.',
    formula: '1 if verified is true, 0 if false',
    scale: 'linear',
    missingWhen: 'the format does not carry verified',
  },
  {
    name: 'account_age_days',
    group: 'account',
    meaning: 'Age of the account at probe time, in days.',
    formula: '(probe_time − created_at) / 86 400 000 ms (not floored)',
    scale: 'log1p',
    missingWhen: 'created_at is unknown or later than the probe time',
  },
  {
    name: 'statuses_per_day',
    group: 'account',
    meaning: 'Average tweets per day over the life of the account.',
    formula: `statuses_count / age_days; ${DAY}`,
    scale: 'log1p',
    missingWhen: 'statuses_count or the account age is unknown',
  },
  {
    name: 'followers_growth',
    group: 'account',
    meaning: 'Followers gained per day over the life of the account.',
    formula: `followers_count / age_days; ${DAY}`,
    scale: 'log1p',
    missingWhen: 'followers_count or the account age is unknown',
  },
  {
    name: 'friends_growth',
    group: 'account',
    meaning: 'Accounts followed per day over the life of the account.',
    formula: `friends_count / age_days; ${DAY}`,
    scale: 'log1p',
    missingWhen: 'friends_count or the account age is unknown',
  },
  {
    name: 'favourites_growth',
    group: 'account',
    meaning: 'Likes per day over the life of the account.',
    formula: `favourites_count / age_days; ${DAY}`,
    scale: 'log1p',
    missingWhen: 'favourites_count or the account age is unknown',
  },
  {
    name: 'listed_growth',
    group: 'account',
    meaning: 'List memberships gained per day over the life of the account.',
    formula: `listed_count / age_days; ${DAY}`,
    scale: 'log1p',
    missingWhen: 'listed_count or the account age is unknown',
  },
  {
    name: 'followers_friends_ratio',
    group: 'account',
    meaning: 'Followers per account followed.',
    formula: 'followers_count / max(friends_count, 1)',
    scale: 'log1p',
    missingWhen: 'followers_count or friends_count is unknown',
  },
  {
    name: 'screen_name_length',
    group: 'account',
    meaning: 'Length of the @handle.',
    formula: 'number of characters (Unicode code points) in screen_name',
    scale: 'linear',
    missingWhen: 'screen_name is unknown',
  },
  {
    name: 'screen_name_digits',
    group: 'account',
    meaning: 'Digits in the @handle.',
    formula: 'number of characters of screen_name in 0–9',
    scale: 'linear',
    missingWhen: 'screen_name is unknown',
  },
  {
    name: 'name_length',
    group: 'account',
    meaning: 'Length of the display name.',
    formula: 'number of characters (Unicode code points) in name',
    scale: 'linear',
    missingWhen: 'name is unknown',
  },
  {
    name: 'name_digits',
    group: 'account',
    meaning: 'Digits in the display name.',
    formula: 'number of characters of name that are decimal digits (Unicode Nd)',
    scale: 'linear',
    missingWhen: 'name is unknown',
  },
  {
    name: 'description_length',
    group: 'account',
    meaning: 'Length of the profile description (0 when it is empty).',
    formula: 'number of characters (Unicode code points) in description',
    scale: 'log1p',
    missingWhen: 'the format does not carry the description',
  },
  {
    name: 'screen_name_likelihood',
    group: 'account',
    meaning: 'How ordinary the @handle looks: typical letter pairs score high, random strings low.',
    formula:
      'geometric mean over the character bigrams of "^" + lower(screen_name) + "$" of P(bigram), ' +
      'P = (count + 1) / (total + 40²) from the bigram table fitted on training screen names ' +
      '(40 symbols: a–z, 0–9, _, one "other" for any other character, and the markers ^ and $)',
    scale: 'linear',
    missingWhen: 'screen_name is unknown',
  },
];

export const TIMING_FEATURES: readonly FeatureDef[] = [
  {
    name: 'corpus_tweets',
    group: 'timing',
    meaning: "The account's tweets in the input (the hashtag corpus, or a training window).",
    formula: 'n = number of the account’s tweets',
    scale: 'log1p',
    missingWhen: 'no timing is available for the account (training rows without timing)',
  },
  {
    name: 'tweets_per_day',
    group: 'timing',
    meaning: 'Posting rate over the span between the account’s first and last tweet in the input.',
    formula: 'n / max(span_days, 1), span_days = (last − first) / 86 400 000 ms',
    scale: 'log1p',
    missingWhen: 'fewer than 2 tweets',
  },
  {
    name: 'interarrival_mean',
    group: 'timing',
    meaning: 'Mean time between consecutive tweets, in seconds.',
    formula: 'μ = mean of gaps d_i = t_(i+1) − t_i (seconds) over the time-sorted tweets',
    scale: 'log1p',
    missingWhen: 'fewer than 2 tweets',
  },
  {
    name: 'interarrival_cv',
    group: 'timing',
    meaning: 'Irregularity of the gaps between tweets (0 = clockwork).',
    formula: 'σ / μ of the gaps (σ the population standard deviation)',
    scale: 'log1p',
    missingWhen: 'fewer than 3 tweets, or all gaps are 0',
  },
  {
    name: 'interarrival_entropy',
    group: 'timing',
    meaning: 'Diversity of the gaps between tweets on a log scale, in bits.',
    formula:
      '−Σ p_k log2 p_k over bins k = floor(log2(1 + d_i)) of the gaps d_i in seconds (bin 0: d < 1 s)',
    scale: 'linear',
    missingWhen: 'fewer than 3 tweets',
  },
  {
    name: 'burstiness',
    group: 'timing',
    meaning: 'Goh–Barabási burstiness of the gaps: −1 periodic, 0 Poisson, towards 1 bursty.',
    formula: '(σ − μ) / (σ + μ) of the gaps',
    scale: 'linear',
    missingWhen: 'fewer than 3 tweets, or all gaps are 0',
  },
  {
    name: 'hour_entropy',
    group: 'timing',
    meaning: 'Spread of the tweets over the hours of the day, in bits (0 = always the same hour, log2 24 ≈ 4.58 = uniform).',
    formula: '−Σ p_h log2 p_h over the 24 UTC hours h (time-zone shifts leave it unchanged)',
    scale: 'linear',
    missingWhen: 'fewer than 2 tweets',
  },
  {
    name: 'max_tweets_per_minute',
    group: 'timing',
    meaning: 'Most tweets in any 60-second window.',
    formula: 'max over i of #{j : t_i ≤ t_j < t_i + 60 s}',
    scale: 'log1p',
    missingWhen: 'no timing is available for the account',
  },
  {
    name: 'max_tweets_per_hour',
    group: 'timing',
    meaning: 'Most tweets in any 3600-second window.',
    formula: 'max over i of #{j : t_i ≤ t_j < t_i + 3600 s}',
    scale: 'log1p',
    missingWhen: 'no timing is available for the account',
  },
  {
    name: 'retweet_share',
    group: 'timing',
    meaning: 'Share of the account’s tweets that are retweets.',
    formula: 'retweets / tweets whose kind is known',
    scale: 'linear',
    missingWhen: 'the kind of no tweet is known',
  },
  {
    name: 'reply_share',
    group: 'timing',
    meaning: 'Share of the account’s tweets that are replies.',
    formula: 'replies / tweets whose kind is known',
    scale: 'linear',
    missingWhen: 'the kind of no tweet is known',
  },
  {
    name: 'quote_share',
    group: 'timing',
    meaning: 'Share of the account’s tweets that quote another tweet.',
    formula: 'quotes / tweets whose kind is known and whose source tells quotes apart',
    scale: 'linear',
    missingWhen: 'no tweet’s source tells quotes apart (e.g. the cresci-2017 timelines)',
  },
  {
    name: 'automation_client_share',
    group: 'timing',
    meaning: 'Share of the account’s tweets posted through a known automation service (IFTTT, dlvr.it, twittbot.net, WordPress…).',
    formula: 'tweets whose client is in AUTOMATION_CLIENTS / tweets whose client is known',
    scale: 'linear',
    missingWhen: 'the client of no tweet is known',
  },
  {
    name: 'statuses_rate',
    group: 'timing',
    meaning: 'Posting rate implied by the growth of statuses_count between the account’s tweets (all its tweets, not only those in the input).',
    formula:
      '(statuses_last − statuses_first) / max(days between them, 1), between the earliest and the latest tweet that carry statuses_count',
    scale: 'signed_log',
    missingWhen: 'fewer than 2 tweets carry statuses_count, or they share one timestamp',
  },
];

export const FEATURES: readonly FeatureDef[] = [...ACCOUNT_FEATURES, ...TIMING_FEATURES];

const INDEX = new Map(FEATURES.map((f, i) => [f.name, i]));

/** Position of a feature in a raw row (`FEATURES` order); throws on an unknown name. */
export function featureIndex(name: string): number {
  const i = INDEX.get(name);
  if (i === undefined) throw new Error(`unknown feature: ${name}`);
  return i;
}

/** The definition of a feature by name; throws on an unknown name. */
export function featureDef(name: string): FeatureDef {
  return FEATURES[featureIndex(name)];
}
