/**
 * What an export itself says about each account: what the labeling page shows a person
 * (src/report/label-page.ts: profile counts and pace, account age, the clients it posts from,
 * its tweets here, its busiest day and hours, retweet and reply shares, its tweets' text) as
 * numbers an export-specific model (src/model/export-model.ts) can learn from the researcher's
 * labels. Also the sampling frame: each account's tweets in scope (all tweets, or those with
 * one of some hashtags).
 *
 * The features are defined once: the registry's (src/features/registry.ts) where it has them —
 * every timing feature and the profile features a labeler sees — and here those only an export
 * has (`EXPORT_OWN_FEATURES`, and one share per client that enough of the export's accounts
 * post from, `CLIENT_SHARE_FEATURE`). Memory grows with accounts, not tweets: per account the
 * timing accumulator keeps at most DEFAULT_TIMESTAMP_CAP times, the text check at most
 * TEXT_HASHES_KEPT hashes, and the active days and clients are counted once each.
 */
import { accountFeatures } from './account.js';
import { ACCOUNT_FEATURES, TIMING_FEATURES, type FeatureScale } from './registry.js';
import { fitBigramModel } from './screen-name-likelihood.js';
import { TimingAccumulator, timingEventOf } from './timing.js';
import { applyScale } from './vectorize.js';
import { normalizeHashtag, type Author, type Tweet } from '../ingest/tweet.js';
import { fnv1a32 } from '../util/hash.js';
import { DAY_MS } from '../util/time.js';

/** A feature only an export has: defined as the registry defines its own. */
export interface ExportFeatureDef {
  readonly name: string;
  readonly meaning: string;
  readonly formula: string;
  readonly scale: FeatureScale;
  /** When the value is NaN (the export model fills it with the column's mean). */
  readonly missingWhen: string;
}

/** Registry features the export model uses, by name: what the labeling page shows of a profile, and every timing feature. */
export const REGISTRY_FEATURES_USED: readonly string[] = [
  'statuses_count',
  'followers_count',
  'friends_count',
  'listed_count',
  'account_age_days',
  'statuses_per_day',
  'followers_friends_ratio',
  'screen_name_digits',
  'description_length',
  ...TIMING_FEATURES.map((f) => f.name),
];

/** Distinct texts remembered per account for `duplicate_text_share` (beyond it, new texts count as new). */
export const TEXT_HASHES_KEPT = 128;

export const EXPORT_OWN_FEATURES: readonly ExportFeatureDef[] = [
  {
    name: 'active_days',
    meaning: 'UTC days on which the account tweeted in the export.',
    formula: '#{UTC days with ≥ 1 tweet of the account}',
    scale: 'log1p',
    missingWhen: 'never',
  },
  {
    name: 'max_tweets_in_a_day',
    meaning: 'Tweets on its busiest UTC day in the export.',
    formula: 'max over UTC days of the account’s tweets that day',
    scale: 'log1p',
    missingWhen: 'never',
  },
  {
    name: 'duplicate_text_share',
    meaning: 'Share of its own tweets (not retweets) whose text repeats one of its earlier tweets once links, mentions and numbers are masked: templated or copied posting.',
    formula:
      'tweets whose masked text (lower case; URLs → U, @mentions → @, digit runs → 0, spaces collapsed) was already seen for the account / its non-retweets with text; ' +
      `at most ${TEXT_HASHES_KEPT} distinct texts remembered per account`,
    scale: 'linear',
    missingWhen: 'the account has no non-retweet with text',
  },
  {
    name: 'url_share',
    meaning: 'Share of its tweets that carry a link.',
    formula: 'tweets whose text contains http:// or https:// / tweets with text',
    scale: 'linear',
    missingWhen: 'no tweet of the account has text',
  },
  {
    name: 'hashtags_per_tweet',
    meaning: 'Hashtags per tweet (hashtag stuffing).',
    formula: 'Σ distinct hashtags of each tweet / tweets',
    scale: 'log1p',
    missingWhen: 'never',
  },
  {
    name: 'distinct_clients',
    meaning: 'Posting clients the account used in the export.',
    formula: '#{distinct client names of its tweets}',
    scale: 'log1p',
    missingWhen: 'the client of no tweet is known',
  },
  {
    name: 'other_client_share',
    meaning: 'Share of its tweets posted through a client that few of the export’s accounts use (a bespoke app, a rare service).',
    formula: 'tweets whose client has no client_share feature / tweets whose client is known',
    scale: 'linear',
    missingWhen: 'the client of no tweet is known',
  },
];

/** The family of per-client features: one per client that enough of the frame's accounts use. */
export const CLIENT_SHARE_FEATURE: ExportFeatureDef = {
  name: 'client_share:<client>',
  meaning: 'Share of its tweets posted through this client, for each client used by enough accounts of the frame.',
  formula:
    'tweets through the client / tweets whose client is known; clients used by ≥ max(MIN_CLIENT_ACCOUNTS, CLIENT_ACCOUNT_SHARE × frame accounts) accounts, the MAX_CLIENT_FEATURES most used',
  scale: 'linear',
  missingWhen: 'the client of no tweet is known',
};

export const MIN_CLIENT_ACCOUNTS = 5;
export const CLIENT_ACCOUNT_SHARE = 0.01;
export const MAX_CLIENT_FEATURES = 12;

const URL = /https?:\/\/\S+/giu;
const MENTION = /@\w+/gu;
const DIGITS = /\p{Nd}+/gu;

/** A tweet's text with what a template fills in masked, so that templated posts compare equal. */
export function maskedText(text: string): string {
  return text.toLowerCase().replace(URL, 'U').replace(MENTION, '@').replace(DIGITS, '0').replace(/\s+/gu, ' ').trim();
}

/** Everything the features read of one account, in bounded memory. */
interface AccountDetail {
  timing: TimingAccumulator;
  profile: Author;
  profileAt: number;
  clients: Map<string, number>;
  clientKnown: number;
  ownTexts: number;
  duplicates: number;
  hashes: Set<number>;
  withText: number;
  urls: number;
  hashtags: number;
}

interface Activity {
  tweets: number;
  inScope: number;
  /** Tweets in each named hashtag (two or more named), in the order named. */
  byHashtag: number[] | undefined;
  first: number;
  last: number;
  days: Map<number, number>;
  detail: AccountDetail | undefined;
}

// The export model does not use the screen-name likelihood (it needs the public model's bigram table).
const NO_BIGRAMS = fitBigramModel([]);
const ACCOUNT_INDEX = new Map(ACCOUNT_FEATURES.map((f, i) => [f.name, i]));
const TIMING_INDEX = new Map(TIMING_FEATURES.map((f, i) => [f.name, i]));
const REGISTRY_SCALE = new Map([...ACCOUNT_FEATURES, ...TIMING_FEATURES].map((f) => [f.name, f.scale]));

/** One account of the sampling frame (src/estimate/sample-design.ts's FrameAccount). */
export interface FrameEntry {
  userId: string;
  tweets: number;
  byHashtag?: number[];
}

export interface ExportFeatureTable {
  names: string[];
  /** One row per requested account, `names` order; NaN where a value is missing. */
  rows: Float64Array[];
}

export class ExportActivity {
  private readonly byUser = new Map<string, Activity>();
  private readonly scope: ReadonlySet<string> | undefined;
  /** The named hashtags, sorted, when two or more (the frame then counts each: design v2). */
  readonly named: readonly string[] | undefined;
  private readonly withFeatures: boolean;

  /**
   * `scope`: hashtags whose tweets the frame counts (default: every tweet). `features`: keep
   * what `featureTable` needs (the frame alone needs much less).
   */
  constructor(scope?: readonly string[], options: { features?: boolean } = {}) {
    this.scope = scope === undefined || scope.length === 0 ? undefined : new Set(scope.map(normalizeHashtag));
    // Sorted: the design does not depend on the order they were named in, nor its sample id.
    this.named = this.scope !== undefined && this.scope.size >= 2 ? [...this.scope].sort() : undefined;
    this.withFeatures = options.features === true;
  }

  add(t: Tweet): void {
    let a = this.byUser.get(t.author.id);
    if (a === undefined) {
      a = { tweets: 0, inScope: 0, byHashtag: this.named?.map(() => 0), first: t.createdAt, last: t.createdAt, days: new Map(), detail: undefined };
      this.byUser.set(t.author.id, a);
    }
    a.tweets++;
    if (this.scope === undefined || t.hashtags.some((h) => (this.scope as ReadonlySet<string>).has(h))) a.inScope++;
    const counts = a.byHashtag;
    if (this.named !== undefined && counts !== undefined) {
      for (let j = 0; j < this.named.length; j++) if (t.hashtags.includes(this.named[j])) counts[j]++;
    }
    if (t.createdAt < a.first) a.first = t.createdAt;
    if (t.createdAt > a.last) a.last = t.createdAt;
    const day = Math.floor(t.createdAt / DAY_MS);
    a.days.set(day, (a.days.get(day) ?? 0) + 1);
    if (this.withFeatures) addDetail(a, t);
  }

  /**
   * The sampling frame: accounts with at least one tweet in scope, by user id, with those
   * tweets (and, when two or more hashtags are named, their tweets in each, in `named`'s order: design v2).
   */
  frame(): FrameEntry[] {
    const out: FrameEntry[] = [];
    for (const [userId, a] of this.byUser) {
      if (a.inScope > 0) out.push(a.byHashtag === undefined ? { userId, tweets: a.inScope } : { userId, tweets: a.inScope, byHashtag: [...a.byHashtag] });
    }
    return out;
  }

  /**
   * The accounts' features (registry features used, own features, then one share per frequent
   * client), scaled as their definitions say; NaN where missing. Needs `features: true`.
   */
  featureTable(userIds: readonly string[]): ExportFeatureTable {
    if (!this.withFeatures) throw new Error('ExportActivity was built without { features: true }');
    const details = userIds.map((id) => {
      const d = this.byUser.get(id);
      if (d === undefined) throw new Error(`no tweet of user ${id} in the export`);
      return d;
    });
    const clients = frequentClients(details.map((d) => (d.detail as AccountDetail).clients));
    const names = [...REGISTRY_FEATURES_USED, ...EXPORT_OWN_FEATURES.map((f) => f.name), ...clients.map((c) => `client_share:${c}`)];
    const scales: FeatureScale[] = [
      ...REGISTRY_FEATURES_USED.map((n) => REGISTRY_SCALE.get(n) as FeatureScale),
      ...EXPORT_OWN_FEATURES.map((f) => f.scale),
      ...clients.map(() => CLIENT_SHARE_FEATURE.scale),
    ];
    const rows = details.map((a) => {
      const raw = rawRow(a, clients);
      return Float64Array.from(raw, (x, j) => (Number.isNaN(x) ? x : applyScale(scales[j], x)));
    });
    return { names, rows };
  }

  /** The export's first and last tweet (epoch ms UTC), or null when empty. */
  period(): { start: number; end: number } | null {
    let start = Infinity;
    let end = -Infinity;
    for (const a of this.byUser.values()) {
      if (a.first < start) start = a.first;
      if (a.last > end) end = a.last;
    }
    return Number.isFinite(start) ? { start, end } : null;
  }
}

function addDetail(a: Activity, t: Tweet): void {
  let d = a.detail;
  if (d === undefined) {
    d = { timing: new TimingAccumulator(), profile: t.author, profileAt: t.createdAt, clients: new Map(), clientKnown: 0, ownTexts: 0, duplicates: 0, hashes: new Set(), withText: 0, urls: 0, hashtags: 0 };
    a.detail = d;
  }
  d.timing.add(timingEventOf(t));
  // The profile as of the account's latest tweet (ties: the first read), as the page shows it.
  if (t.createdAt > d.profileAt) {
    d.profile = t.author;
    d.profileAt = t.createdAt;
  }
  if (t.client !== undefined) {
    d.clientKnown++;
    d.clients.set(t.client, (d.clients.get(t.client) ?? 0) + 1);
  }
  d.hashtags += t.hashtags.length;
  if (t.text !== undefined) {
    d.withText++;
    URL.lastIndex = 0;
    if (URL.test(t.text)) d.urls++;
    if (t.kind !== 'retweet') {
      d.ownTexts++;
      const h = fnv1a32(maskedText(t.text));
      if (d.hashes.has(h)) d.duplicates++;
      else if (d.hashes.size < TEXT_HASHES_KEPT) d.hashes.add(h);
    }
  }
}

/** Clients used by enough of these accounts, most used first (ties by name), at most MAX_CLIENT_FEATURES. */
export function frequentClients(clientsByAccount: readonly ReadonlyMap<string, number>[]): string[] {
  const accounts = new Map<string, number>();
  for (const m of clientsByAccount) for (const c of m.keys()) accounts.set(c, (accounts.get(c) ?? 0) + 1);
  const least = Math.max(MIN_CLIENT_ACCOUNTS, Math.ceil(CLIENT_ACCOUNT_SHARE * clientsByAccount.length));
  return [...accounts]
    .filter(([, n]) => n >= least)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, MAX_CLIENT_FEATURES)
    .map(([c]) => c);
}

/** One account's raw (unscaled) values, in `featureTable`'s order. */
function rawRow(a: Activity, clients: readonly string[]): number[] {
  const d = a.detail as AccountDetail;
  const account = accountFeatures(d.profile, d.profileAt, NO_BIGRAMS);
  const timing = d.timing.features();
  const registry = REGISTRY_FEATURES_USED.map((n) => {
    const i = ACCOUNT_INDEX.get(n);
    return i !== undefined ? account[i] : timing[TIMING_INDEX.get(n) as number];
  });
  let busiest = 0;
  for (const n of a.days.values()) if (n > busiest) busiest = n;
  const share = (x: number, of: number): number => (of > 0 ? x / of : Number.NaN);
  const listed = new Set(clients);
  let other = 0;
  for (const [c, n] of d.clients) if (!listed.has(c)) other += n;
  return [
    ...registry,
    a.days.size,
    busiest,
    share(d.duplicates, d.ownTexts),
    share(d.urls, d.withText),
    d.hashtags / a.tweets,
    d.clientKnown > 0 ? d.clients.size : Number.NaN,
    share(other, d.clientKnown),
    ...clients.map((c) => share(d.clients.get(c) ?? 0, d.clientKnown)),
  ];
}
