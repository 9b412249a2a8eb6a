/**
 * Writes simulated tweets as Twitter API v1.1 JSON, one tweet per line (the JSONL that
 * twarc 1 and most v1.1 collectors write), gzipped when asked. Field names and formats are
 * v1.1's own, so that the corpus goes through the same reader as real exports. A profile
 * field that the labeled source does not carry is left out, never filled in.
 */
import { createWriteStream } from 'node:fs';
import { link, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { UserError } from '../util/errors.js';
import type { Author } from '../ingest/tweet.js';
import { assertWritable } from '../util/atomic-write.js';
import type { SimTweet, SimTweetRef } from './types.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** v1.1's `created_at`: `Wed Mar 11 10:00:00 +0000 2020` (always UTC). */
export function v1Date(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`
  );
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** v1.1 `user` object from a profile: only the fields the profile has. */
export function v1User(a: Author): { [key: string]: Json } {
  const u: { [key: string]: Json } = { id: a.id, id_str: a.id };
  if (a.name !== undefined) u.name = a.name;
  if (a.screenName !== undefined) u.screen_name = a.screenName;
  if (a.location !== undefined) u.location = a.location;
  if (a.description !== undefined) u.description = a.description;
  if (a.url !== undefined) u.url = a.url;
  if (a.followers !== undefined) u.followers_count = a.followers;
  if (a.friends !== undefined) u.friends_count = a.friends;
  if (a.listed !== undefined) u.listed_count = a.listed;
  if (a.createdAt !== undefined) u.created_at = v1Date(a.createdAt);
  if (a.favourites !== undefined) u.favourites_count = a.favourites;
  if (a.verified !== undefined) u.verified = a.verified;
  if (a.statuses !== undefined) u.statuses_count = a.statuses;
  if (a.backgroundImage !== undefined) u.profile_use_background_image = a.backgroundImage;
  if (a.defaultProfile !== undefined) u.default_profile = a.defaultProfile;
  if (a.defaultProfileImage !== undefined) u.default_profile_image = a.defaultProfileImage;
  return u;
}

const WORD = /(^|\s)([#@])([\p{L}\p{N}_]+)/gu;
const SURROGATE = /[\uD800-\uDFFF]/;

/** Code-point [start, end) of each `#tag` and `@name` in the text, as v1.1 entities count them. */
function entities(text: string, mention?: SimTweetRef['author']): { [key: string]: Json } {
  const hashtags: Json[] = [];
  const mentions: Json[] = [];
  // Code-point offsets equal UTF-16 offsets unless the text has astral characters.
  const astral = SURROGATE.test(text);
  const cp = (utf16: number): number => (astral ? Array.from(text.slice(0, utf16)).length : utf16);
  for (const m of text.matchAll(WORD)) {
    const at = (m.index ?? 0) + m[1].length;
    const word = m[3];
    const indices: Json = [cp(at), cp(at + 1 + word.length)];
    if (m[2] === '#') hashtags.push({ text: word, indices });
    else if (mention !== undefined && word === (mention.screenName ?? mention.id)) {
      const u: { [key: string]: Json } = { screen_name: word };
      if (mention.name !== undefined) u.name = mention.name;
      u.id = mention.id;
      u.id_str = mention.id;
      u.indices = indices;
      mentions.push(u);
    }
  }
  return { hashtags, symbols: [], user_mentions: mentions, urls: [] };
}

function refAuthor(a: SimTweetRef['author']): { [key: string]: Json } {
  const u: { [key: string]: Json } = { id: a.id, id_str: a.id };
  if (a.name !== undefined) u.name = a.name;
  if (a.screenName !== undefined) u.screen_name = a.screenName;
  return u;
}

function codePoints(text: string): number {
  return Array.from(text).length;
}

/** The v1.1 object of a simulated tweet (ids as strings; `toV1Line` writes `id` as a number). */
export function toV1Object(t: SimTweet): { [key: string]: Json } {
  const o: { [key: string]: Json } = {
    created_at: v1Date(t.createdAt),
    id: t.id,
    id_str: t.id,
    full_text: t.text,
    truncated: false,
  };
  const replyMention = t.kind === 'reply' && t.inReplyTo !== undefined ? t.inReplyTo.author : undefined;
  const retweetMention = t.kind === 'retweet' && t.retweeted !== undefined ? t.retweeted.author : undefined;
  const start = replyMention !== undefined ? codePoints(`@${replyMention.screenName ?? replyMention.id} `) : 0;
  o.display_text_range = [start, codePoints(t.text)];
  o.entities = entities(t.text, replyMention ?? retweetMention);
  o.source = t.source;
  const reply = t.kind === 'reply' ? t.inReplyTo : undefined;
  o.in_reply_to_status_id = reply?.id ?? null;
  o.in_reply_to_status_id_str = reply?.id ?? null;
  o.in_reply_to_user_id = reply?.author.id ?? null;
  o.in_reply_to_user_id_str = reply?.author.id ?? null;
  o.in_reply_to_screen_name = reply?.author.screenName ?? null;
  o.user = v1User(t.author);
  o.is_quote_status = false;
  if (t.kind === 'retweet' && t.retweeted !== undefined) {
    const r = t.retweeted;
    o.retweeted_status = {
      created_at: v1Date(r.createdAt),
      id: r.id,
      id_str: r.id,
      full_text: r.text,
      truncated: false,
      display_text_range: [0, codePoints(r.text)],
      entities: entities(r.text),
      user: refAuthor(r.author),
      is_quote_status: false,
    };
  }
  return o;
}

/**
 * One line of JSONL. Numeric `id` fields are written as JSON numbers of full precision, as
 * Twitter does (readers must use `id_str`: a JavaScript number cannot hold them).
 */
export function toV1Line(t: SimTweet): string {
  // Only a key spelled exactly "id" is turned back into a number; a string value can never
  // contain the unescaped sequence "id":" so user text cannot match.
  return JSON.stringify(toV1Object(t)).replace(/"id":"(\d+)"/g, '"id":$1');
}

export interface WriteOptions {
  /** Gzip the output; default: when the path ends in `.gz`. */
  gzip?: boolean;
  /** Replace an existing file; default false (an existing file is an error). */
  overwrite?: boolean;
}

/**
 * Writes the tweets as v1.1 JSONL; returns how many were written. The file appears whole or
 * not at all (a temporary file beside it is renamed at the end), and an existing file is
 * kept unless `overwrite` is set.
 */
export async function writeV1Jsonl(
  tweets: Iterable<SimTweet> | AsyncIterable<SimTweet>,
  file: string,
  options: WriteOptions = {},
): Promise<{ tweets: number }> {
  const gzip = options.gzip ?? file.endsWith('.gz');
  const overwrite = options.overwrite === true;
  await assertWritable(file, { force: overwrite });
  let count = 0;
  async function* chunks(): AsyncGenerator<string> {
    let buffer = '';
    for await (const t of tweets) {
      buffer += `${toV1Line(t)}\n`;
      count++;
      if (buffer.length >= 1 << 16) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer.length > 0) yield buffer;
  }
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const out = createWriteStream(temp, { flags: 'wx' });
    if (gzip) await pipeline(Readable.from(chunks()), createGzip({ level: 6 }), out);
    else await pipeline(Readable.from(chunks()), out);
    if (overwrite) await rename(temp, file);
    else {
      // link() refuses to replace a file that appeared meanwhile.
      await link(temp, file).catch((err: unknown) => {
        if (err instanceof Error && 'code' in err && err.code === 'EEXIST') {
          throw new UserError(`${file} already exists; remove it or allow overwriting (--force)`);
        }
        throw err;
      });
      await unlink(temp);
    }
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  return { tweets: count };
}
