/**
 * Twitter API v1.1 statuses, as JSON lines or a JSON array. The full text comes from
 * `extended_tweet.full_text` (streaming) or `full_text` (REST, tweet_mode=extended).
 * A retweet is a tweet by the retweeter, kind `retweet`; its text is `RT @user: ` plus the
 * retweeted status's full text, and its hashtags are the retweeted status's (the retweet's
 * own text is cut at 140 characters and may lose them). Stream notices (`delete`,
 * `limit`…) are not tweets and come out as notices.
 */
import type { Author, Tweet, TweetKind } from '../tweet.js';
import { canonicalHashtags, canonicalClient } from '../hashtags.js';
import { parseAnyDate } from '../dates.js';
import {
  FieldError, type JsonObject, isObject, jsonBool, jsonCount, jsonId, jsonText, own, ownArray, ownObject,
} from '../fields.js';
import { parseJsonBytes, parseJsonText, rawText } from '../json-records.js';
import { splitTextLines } from '../lines.js';
import { splitJsonArray } from '../json-array.js';
import { NOTICE, type ReadItem, type ReaderInput, RecordError, reasonOf, rejectItem } from './types.js';

const STREAM_NOTICES = ['delete', 'limit', 'scrub_geo', 'status_withheld', 'user_withheld', 'disconnect', 'warning', 'friends', 'event'];

export function userFromV1(u: JsonObject): Author {
  const id = jsonId(u, 'id_str', 'id');
  if (id === undefined) throw new RecordError('the user has no id (id_str/id)');
  const created = jsonText(u, 'created_at');
  let createdAt: number | undefined;
  if (created !== undefined) {
    createdAt = parseAnyDate(created);
    if (Number.isNaN(createdAt)) throw new FieldError('user.created_at', created, 'a date');
  }
  return {
    id,
    screenName: jsonText(u, 'screen_name'),
    name: jsonText(u, 'name'),
    description: jsonText(u, 'description', ''),
    createdAt,
    followers: jsonCount(u, 'followers_count'),
    friends: jsonCount(u, 'friends_count'),
    statuses: jsonCount(u, 'statuses_count'),
    favourites: jsonCount(u, 'favourites_count'),
    listed: jsonCount(u, 'listed_count'),
    verified: jsonBool(u, 'verified'),
    defaultProfile: jsonBool(u, 'default_profile'),
    defaultProfileImage: jsonBool(u, 'default_profile_image'),
    backgroundImage: jsonBool(u, 'profile_use_background_image'),
    location: jsonText(u, 'location', ''),
    url: jsonText(u, 'url', ''),
  };
}

function fullText(o: JsonObject): string | undefined {
  const ext = ownObject(o, 'extended_tweet');
  const extText = ext ? own(ext, 'full_text') : undefined;
  if (typeof extText === 'string') return extText;
  const full = own(o, 'full_text');
  if (typeof full === 'string') return full;
  const text = own(o, 'text');
  return typeof text === 'string' ? text : undefined;
}

function pushTags(entities: JsonObject | undefined, into: string[]): void {
  const list = entities ? ownArray(entities, 'hashtags') : undefined;
  if (!list) return;
  for (const h of list) {
    if (isObject(h)) {
      const text = own(h, 'text');
      if (typeof text === 'string') into.push(text);
    } else if (typeof h === 'string') into.push(h);
  }
}

function hashtagsOf(o: JsonObject, into: string[]): void {
  pushTags(ownObject(o, 'entities'), into);
  const ext = ownObject(o, 'extended_tweet');
  if (ext) pushTags(ownObject(ext, 'entities'), into);
}

function hasRef(o: JsonObject, strKey: string, numKey: string): boolean {
  const s = own(o, strKey);
  if (typeof s === 'string' && s.length > 0) return true;
  const n = own(o, numKey);
  return (typeof n === 'number' && n > 0) || (typeof n === 'string' && n.length > 0);
}

export function tweetFromV1(o: JsonObject): Tweet {
  const id = jsonId(o, 'id_str', 'id');
  if (id === undefined) throw new RecordError('the status has no id (id_str/id)');
  const created = own(o, 'created_at');
  if (typeof created !== 'string') throw new RecordError('the status has no created_at');
  const createdAt = parseAnyDate(created);
  if (Number.isNaN(createdAt)) throw new FieldError('created_at', created, 'a date');
  const user = ownObject(o, 'user');
  if (!user) throw new RecordError('the status has no user object');

  const retweeted = ownObject(o, 'retweeted_status');
  let kind: TweetKind = 'original';
  if (retweeted) kind = 'retweet';
  else if (hasRef(o, 'in_reply_to_status_id_str', 'in_reply_to_status_id')) kind = 'reply';
  else if (hasRef(o, 'quoted_status_id_str', 'quoted_status_id') || own(o, 'is_quote_status') === true) kind = 'quote';

  const tags: string[] = [];
  hashtagsOf(o, tags);
  let text = fullText(o);
  if (retweeted) {
    hashtagsOf(retweeted, tags);
    const original = fullText(retweeted);
    const ru = ownObject(retweeted, 'user');
    const rname = ru ? own(ru, 'screen_name') : undefined;
    if (original !== undefined && typeof rname === 'string') text = `RT @${rname}: ${original}`;
  }
  const source = own(o, 'source');
  return {
    id,
    createdAt,
    text,
    hashtags: canonicalHashtags(tags),
    kind,
    client: typeof source === 'string' ? canonicalClient(source) : undefined,
    author: userFromV1(user),
  };
}

function mapValue(value: unknown): ReadItem {
  if (!isObject(value)) throw new RecordError('the record is not a JSON object');
  if (own(value, 'user') === undefined && own(value, 'created_at') === undefined) {
    for (const key of STREAM_NOTICES) if (own(value, key) !== undefined) return NOTICE;
  }
  return tweetFromV1(value);
}

/** JSON lines of statuses (one per line). */
export async function* readV1Lines(source: ReaderInput): AsyncGenerator<ReadItem[]> {
  const file = source.input.file;
  for await (const lines of splitTextLines(source.chunks)) {
    const out: ReadItem[] = new Array(lines.length);
    for (let k = 0; k < lines.length; k++) {
      const l = lines[k];
      if (l.problem !== undefined) {
        out[k] = rejectItem(file, l.line, l.problem, l.text);
        continue;
      }
      try {
        out[k] = mapValue(parseJsonText(l.text));
      } catch (err) {
        out[k] = rejectItem(file, l.line, reasonOf(err), l.text);
      }
    }
    yield out;
  }
}

/** A JSON array of statuses, streamed element by element. */
export async function* readV1Array(source: ReaderInput): AsyncGenerator<ReadItem[]> {
  const file = source.input.file;
  for await (const elements of splitJsonArray(source.chunks)) {
    const out: ReadItem[] = [];
    for (const e of elements) {
      if (e.problem) {
        out.push(rejectItem(file, e.line, e.problem, rawText(e.bytes)));
        continue;
      }
      try {
        out.push(mapValue(parseJsonBytes(e.bytes)));
      } catch (err) {
        out.push(rejectItem(file, e.line, reasonOf(err), rawText(e.bytes)));
      }
    }
    yield out;
  }
}

export function readV1(source: ReaderInput): AsyncIterable<ReadItem[]> {
  return source.input.shape === 'array' ? readV1Array(source) : readV1Lines(source);
}
