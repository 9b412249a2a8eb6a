/**
 * Synthetic exports for the benchmark: realistic in size and shape (a v1.1 status is about
 * 940 bytes, as in the Python peer's measurement), deterministic from a seed, written as a
 * stream so that a 5-million-tweet file never sits in memory.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { createRandom, type Random } from '../util/random.js';
import { DAY_MS } from '../util/time.js';

export interface BenchCorpusOptions {
  tweets: number;
  accounts: number;
  seed: number;
  /** First tweet time, epoch ms; tweets spread evenly over `days`. */
  start?: number;
  days?: number;
}

const HASHTAGS = ['graziecina', 'forzacinaeitalia', 'coronavirus', 'covid19', 'iorestoacasa', 'italia'];
const CLIENTS: readonly [string, string][] = [
  ['http://twitter.com/download/android', 'Twitter for Android'],
  ['http://twitter.com/download/iphone', 'Twitter for iPhone'],
  ['https://mobile.twitter.com', 'Twitter Web App'],
  ['https://ifttt.com', 'IFTTT'],
  ['https://dlvr.it', 'dlvr.it'],
];
const WORDS = 'la di che il non per una sono con della questo tutti oggi grazie cina italia aiuti mascherine medici ospedale governo'.split(' ');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Twitter's `Wed Mar 11 10:00:00 +0000 2020`. */
export function twitterDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

/** rtweet's `YYYY-MM-DD HH:MM:SS` (UTC). */
export function rtweetDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

interface BenchAccount {
  id: string;
  screenName: string;
  name: string;
  createdAt: number;
  followers: number;
  friends: number;
  statuses: number;
  favourites: number;
  listed: number;
  client: number;
  description: string;
}

function makeAccounts(rng: Random, n: number, start: number): BenchAccount[] {
  const accounts: BenchAccount[] = [];
  for (let i = 0; i < n; i++) {
    const botLike = rng.uniform() < 0.3;
    accounts.push({
      id: String(100_000_000 + i * 7),
      screenName: `${botLike ? 'user' : 'anna_'}${i}${botLike ? rng.int(99999) : ''}`,
      name: botLike ? `User ${i}` : `Anna Rossi ${i}`,
      createdAt: start - (30 + rng.int(4000)) * DAY_MS,
      followers: Math.floor(Math.exp(rng.uniform() * 9)),
      friends: Math.floor(Math.exp(rng.uniform() * 8)),
      statuses: Math.floor(Math.exp(2 + rng.uniform() * 9)),
      favourites: Math.floor(Math.exp(rng.uniform() * 9)),
      listed: rng.int(50),
      client: botLike ? 3 + rng.int(2) : rng.int(3),
      description: WORDS.slice(0, rng.int(WORDS.length)).join(' '),
    });
  }
  return accounts;
}

function words(rng: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += (i ? ' ' : '') + WORDS[rng.int(WORDS.length)];
  return s;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function finish(out: Writable, fileStream: Writable): Promise<void> {
  out.end();
  await once(fileStream, 'finish');
}

function openOutput(path: string): { out: Writable; file: Writable } {
  const file = createWriteStream(path);
  if (!path.endsWith('.gz')) return { out: file, file };
  const gz = createGzip({ level: 1 });
  gz.pipe(file);
  return { out: gz, file };
}

/** Yields [tweet index, account, time] in time order; accounts tweet with skewed activity. */
function* schedule(options: BenchCorpusOptions, rng: Random): Generator<[number, BenchAccount, number]> {
  const start = options.start ?? Date.UTC(2020, 2, 11);
  const span = (options.days ?? 13) * DAY_MS;
  const accounts = makeAccounts(rng, options.accounts, start);
  for (let i = 0; i < options.tweets; i++) {
    // Every account tweets at least once; the rest go to a skewed few (square of a uniform).
    const a = i < accounts.length ? i : Math.floor(rng.uniform() ** 2 * accounts.length);
    const account = accounts[a];
    account.statuses += 1;
    yield [i, account, start + Math.floor((i / options.tweets) * span)];
  }
}

export async function writeBenchV1Jsonl(path: string, options: BenchCorpusOptions): Promise<void> {
  const rng = createRandom(options.seed);
  const { out, file } = openOutput(path);
  for (const [i, a, t] of schedule(options, rng)) {
    const tag = HASHTAGS[rng.int(HASHTAGS.length)];
    const text = `${words(rng, 10 + rng.int(8))} #${tag}`;
    const [href, client] = CLIENTS[a.client];
    const status = {
      created_at: twitterDate(t),
      id: 1_237_000_000_000_000_000 + i,
      id_str: String(1_237_000_000_000_000_000n + BigInt(i)),
      full_text: text,
      truncated: false,
      display_text_range: [0, text.length],
      entities: { hashtags: [{ text: tag, indices: [text.length - tag.length - 1, text.length] }], symbols: [], user_mentions: [], urls: [] },
      source: `<a href="${href}" rel="nofollow">${client}</a>`,
      in_reply_to_status_id_str: null,
      in_reply_to_user_id_str: null,
      user: {
        id: Number(a.id),
        id_str: a.id,
        name: a.name,
        screen_name: a.screenName,
        location: 'Italia',
        description: a.description,
        url: null,
        protected: false,
        followers_count: a.followers,
        friends_count: a.friends,
        listed_count: a.listed,
        created_at: twitterDate(a.createdAt),
        favourites_count: a.favourites,
        verified: false,
        statuses_count: a.statuses,
        lang: null,
        profile_use_background_image: true,
        default_profile: a.client > 2,
        default_profile_image: false,
      },
      geo: null,
      is_quote_status: false,
      retweet_count: rng.int(20),
      favorite_count: rng.int(50),
      favorited: false,
      retweeted: false,
      lang: 'it',
    };
    await write(out, `${JSON.stringify(status)}\n`);
  }
  await finish(out, file);
}

const RTWEET_COLUMNS = [
  'user_id', 'status_id', 'created_at', 'screen_name', 'text', 'source', 'display_text_width',
  'reply_to_status_id', 'reply_to_user_id', 'reply_to_screen_name', 'is_quote', 'is_retweet',
  'favorite_count', 'retweet_count', 'quote_count', 'reply_count', 'hashtags', 'symbols', 'urls_url',
  'urls_t.co', 'urls_expanded_url', 'media_url', 'media_t.co', 'media_expanded_url', 'media_type',
  'ext_media_url', 'ext_media_t.co', 'ext_media_expanded_url', 'ext_media_type', 'mentions_user_id',
  'mentions_screen_name', 'lang', 'quoted_status_id', 'quoted_text', 'quoted_created_at', 'quoted_source',
  'quoted_favorite_count', 'quoted_retweet_count', 'quoted_user_id', 'quoted_screen_name', 'quoted_name',
  'quoted_followers_count', 'quoted_friends_count', 'quoted_statuses_count', 'quoted_location',
  'quoted_description', 'quoted_verified', 'retweet_status_id', 'retweet_text', 'retweet_created_at',
  'retweet_source', 'retweet_favorite_count', 'retweet_retweet_count', 'retweet_user_id',
  'retweet_screen_name', 'retweet_name', 'retweet_followers_count', 'retweet_friends_count',
  'retweet_statuses_count', 'retweet_location', 'retweet_description', 'retweet_verified', 'place_url',
  'place_name', 'place_full_name', 'place_type', 'country', 'country_code', 'geo_coords', 'coords_coords',
  'bbox_coords', 'status_url', 'name', 'location', 'description', 'url', 'protected', 'followers_count',
  'friends_count', 'listed_count', 'statuses_count', 'favourites_count', 'account_created_at', 'verified',
  'profile_url', 'profile_expanded_url', 'account_lang', 'profile_banner_url', 'profile_background_url',
  'profile_image_url',
] as const;

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The same corpus as rtweet's `write_as_csv` lays it out (90 columns, `x`-prefixed ids). */
export async function writeBenchRtweetCsv(path: string, options: BenchCorpusOptions): Promise<void> {
  const rng = createRandom(options.seed);
  const { out, file } = openOutput(path);
  await write(out, `${RTWEET_COLUMNS.map((c) => `"${c}"`).join(',')}\n`);
  for (const [i, a, t] of schedule(options, rng)) {
    const tag = HASHTAGS[rng.int(HASHTAGS.length)];
    const text = `${words(rng, 10 + rng.int(8))} #${tag}`;
    const row: Record<(typeof RTWEET_COLUMNS)[number], string> = Object.fromEntries(
      RTWEET_COLUMNS.map((c) => [c, '']),
    ) as Record<(typeof RTWEET_COLUMNS)[number], string>;
    row.user_id = `x${a.id}`;
    row.status_id = `x${1_237_000_000_000_000_000n + BigInt(i)}`;
    row.created_at = rtweetDate(t);
    row.screen_name = a.screenName;
    row.text = text;
    row.source = CLIENTS[a.client][1];
    row.display_text_width = String(text.length);
    row.is_quote = 'FALSE';
    row.is_retweet = 'FALSE';
    row.favorite_count = String(rng.int(50));
    row.retweet_count = String(rng.int(20));
    row.hashtags = tag;
    row.lang = 'it';
    row.status_url = `https://twitter.com/${a.screenName}/status/${row.status_id.slice(1)}`;
    row.name = a.name;
    row.location = 'Italia';
    row.description = a.description;
    row.protected = 'FALSE';
    row.followers_count = String(a.followers);
    row.friends_count = String(a.friends);
    row.listed_count = String(a.listed);
    row.statuses_count = String(a.statuses);
    row.favourites_count = String(a.favourites);
    row.account_created_at = rtweetDate(a.createdAt);
    row.verified = 'FALSE';
    await write(out, `${RTWEET_COLUMNS.map((c) => csvCell(row[c])).join(',')}\n`);
  }
  await finish(out, file);
}
