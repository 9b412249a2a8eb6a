/**
 * Twitter API v2 as twarc2 writes it, one JSON object a line, in either form (told apart
 * line by line):
 * - response pages `{data: [...], includes: {users, tweets}, meta, __twarc}`: authors are
 *   looked up in the page's `includes.users` by `author_id`;
 * - flattened tweets (`twarc2 flatten`): one tweet a line with `author` embedded and the
 *   referenced tweets expanded in `referenced_tweets[]`.
 * `read` counts tweets, so a page line counts once per element of `data`; a page line that
 * cannot be parsed at all is one rejected record.
 * A retweet takes its hashtags from the retweeted tweet when it is available (the
 * retweet's own text is cut short), like twarc-csv does.
 */
import type { Author, Tweet, TweetKind } from '../tweet.js';
import { canonicalHashtags, canonicalClient } from '../hashtags.js';
import { parseIsoDate } from '../dates.js';
import {
  FieldError, type JsonObject, checkId, isDefaultProfileImage, isObject, jsonBool, jsonCount, jsonText, own,
  ownArray, ownObject,
} from '../fields.js';
import { parseJsonText } from '../json-records.js';
import { splitTextLines } from '../lines.js';
import { NOTICE, type ReadItem, type ReaderInput, RecordError, reasonOf, rejectItem } from './types.js';

function idField(o: JsonObject, key: string): string | undefined {
  const v = own(o, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return checkId(v, key);
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  throw new FieldError(key, v, 'an id');
}

function isoField(o: JsonObject, key: string, label = key): number | undefined {
  const v = own(o, key);
  if (v === undefined || v === null) return undefined;
  const t = typeof v === 'string' ? parseIsoDate(v) : NaN;
  if (Number.isNaN(t)) throw new FieldError(label, v, 'a date');
  return t;
}

export function userFromV2(u: JsonObject, fallbackId?: string): Author {
  const id = idField(u, 'id') ?? fallbackId;
  if (id === undefined) throw new RecordError('the author has no id');
  const m = ownObject(u, 'public_metrics');
  const image = jsonText(u, 'profile_image_url');
  return {
    id,
    screenName: jsonText(u, 'username'),
    name: jsonText(u, 'name'),
    description: jsonText(u, 'description', ''),
    createdAt: isoField(u, 'created_at', 'author.created_at'),
    followers: m ? jsonCount(m, 'followers_count') : undefined,
    friends: m ? jsonCount(m, 'following_count') : undefined,
    statuses: m ? jsonCount(m, 'tweet_count') : undefined,
    favourites: m ? jsonCount(m, 'like_count') : undefined,
    listed: m ? jsonCount(m, 'listed_count') : undefined,
    verified: jsonBool(u, 'verified'),
    defaultProfileImage: isDefaultProfileImage(image),
    location: jsonText(u, 'location', ''),
    url: jsonText(u, 'url', ''),
  };
}

function pushTags(o: JsonObject, into: string[]): void {
  const entities = ownObject(o, 'entities');
  const list = entities ? ownArray(entities, 'hashtags') : undefined;
  if (list) {
    for (const h of list) {
      const tag = isObject(h) ? own(h, 'tag') : undefined;
      if (typeof tag === 'string') into.push(tag);
    }
  }
  // Long tweets (note_tweet) carry their own entities.
  const note = ownObject(o, 'note_tweet');
  if (note) pushTags(note, into);
}

function textOf(o: JsonObject): string | undefined {
  const note = ownObject(o, 'note_tweet');
  const noteText = note ? own(note, 'text') : undefined;
  if (typeof noteText === 'string') return noteText;
  const text = own(o, 'text');
  return typeof text === 'string' ? text : undefined;
}

/** Lookups from a page's `includes`; null for flattened tweets. */
interface Includes {
  users: Map<string, JsonObject>;
  tweets: Map<string, JsonObject>;
}

export function tweetFromV2(t: JsonObject, includes: Includes | null): Tweet {
  const id = idField(t, 'id');
  if (id === undefined) throw new RecordError('the tweet has no id');
  const createdAt = isoField(t, 'created_at');
  if (createdAt === undefined) throw new RecordError('the tweet has no created_at');

  const tags: string[] = [];
  pushTags(t, tags);
  let kind: TweetKind = 'original';
  const refs = ownArray(t, 'referenced_tweets');
  if (refs) {
    let retweeted: JsonObject | undefined;
    let reply = false;
    let quote = false;
    for (const r of refs) {
      if (!isObject(r)) continue;
      const type = own(r, 'type');
      if (type === 'retweeted') {
        const rid = own(r, 'id');
        retweeted = (typeof rid === 'string' ? includes?.tweets.get(rid) : undefined) ?? r;
      } else if (type === 'replied_to') reply = true;
      else if (type === 'quoted') quote = true;
    }
    if (retweeted) {
      kind = 'retweet';
      pushTags(retweeted, tags);
    } else if (reply) kind = 'reply';
    else if (quote) kind = 'quote';
  }

  const authorId = idField(t, 'author_id');
  const embedded = ownObject(t, 'author');
  let author: Author;
  if (embedded) author = userFromV2(embedded, authorId);
  else {
    if (authorId === undefined) throw new RecordError('the tweet has no author_id');
    const u = includes?.users.get(authorId);
    // Not in includes: the author is known by id only, the profile is missing (not made up).
    author = u ? userFromV2(u, authorId) : { id: authorId };
  }
  const source = own(t, 'source');
  return {
    id,
    createdAt,
    text: textOf(t),
    hashtags: canonicalHashtags(tags),
    kind,
    client: typeof source === 'string' ? canonicalClient(source) : undefined,
    author,
  };
}

function byId(list: readonly unknown[] | undefined): Map<string, JsonObject> {
  const map = new Map<string, JsonObject>();
  if (!list) return map;
  for (const item of list) {
    if (!isObject(item)) continue;
    const id = own(item, 'id');
    if (typeof id === 'string' && !map.has(id)) map.set(id, item);
  }
  return map;
}

function mapLine(file: string, line: number, text: string, out: ReadItem[]): void {
  let value: unknown;
  try {
    value = parseJsonText(text);
    if (!isObject(value)) throw new RecordError('the line is not a JSON object');
  } catch (err) {
    out.push(rejectItem(file, line, reasonOf(err), text));
    return;
  }
  const data = own(value, 'data');
  if (data === undefined) {
    if (own(value, 'id') === undefined) {
      out.push(NOTICE); // an error-only or empty page, a stream keep-alive
      return;
    }
    try {
      out.push(tweetFromV2(value, null));
    } catch (err) {
      out.push(rejectItem(file, line, reasonOf(err), text));
    }
    return;
  }
  const includesObj = ownObject(value, 'includes');
  const includes: Includes = {
    users: byId(includesObj ? ownArray(includesObj, 'users') : undefined),
    tweets: byId(includesObj ? ownArray(includesObj, 'tweets') : undefined),
  };
  const tweets = Array.isArray(data) ? data : [data];
  if (tweets.length === 0) out.push(NOTICE);
  for (const t of tweets) {
    try {
      if (!isObject(t)) throw new RecordError('an element of data is not a JSON object');
      out.push(tweetFromV2(t, includes));
    } catch (err) {
      out.push(rejectItem(file, line, reasonOf(err), JSON.stringify(t) ?? ''));
    }
  }
}

export async function* readV2(source: ReaderInput): AsyncGenerator<ReadItem[]> {
  const file = source.input.file;
  for await (const lines of splitTextLines(source.chunks)) {
    const out: ReadItem[] = [];
    for (const l of lines) {
      if (l.problem !== undefined) out.push(rejectItem(file, l.line, l.problem, l.text));
      else mapLine(file, l.line, l.text, out);
    }
    yield out;
  }
}
