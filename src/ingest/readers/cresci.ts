/**
 * cresci-style data sets (Cresci et al. 2015/2017): a `tweets.csv` whose rows carry only
 * `user_id`, joined with the `users.csv` of the same data set (see detect.ts for how the
 * two are paired). The profile is the one crawled with the data set, not the one at each
 * tweet's time: the data set has no other. Conventions of these dumps: booleans are `1`
 * or empty (empty = false), reference ids are `0` when absent, times in Twitter's
 * `Wed Oct 10 20:19:24 +0000 2018` form, hashtags only in the text. The data set does not
 * mark quotes: a quote is read as an original tweet.
 */
import type { Author, Tweet, TweetKind } from '../tweet.js';
import { parseAnyDate } from '../dates.js';
import { checkId, cresciBool, csvCount, csvDate, csvRefId, isDefaultProfileImage } from '../fields.js';
import { canonicalClient, hashtagsInText } from '../hashtags.js';
import { readCsv } from '../csv.js';
import { InputFileError } from '../input-errors.js';
import { RecordError, type ReadItem, type ReaderInput, type RejectItem, reasonOf, rejectItem } from './types.js';
import { Columns, cell, readCsvTweets } from './csv-common.js';

/** A users.csv row as an Author: the one reading of these files (ingest and the labeled sets). */
export function cresciUserMapper(c: Columns): (row: readonly string[]) => Author {
  const col = {
    id: c.of('id'), screenName: c.of('screen_name'), name: c.of('name'), description: c.of('description'),
    created: c.of('created_at'), followers: c.of('followers_count'), friends: c.of('friends_count'),
    statuses: c.of('statuses_count'), favourites: c.of('favourites_count'), listed: c.of('listed_count'),
    verified: c.of('verified'), defaultProfile: c.of('default_profile'),
    defaultProfileImage: c.of('default_profile_image'), background: c.of('profile_use_background_image'),
    location: c.of('location'), url: c.of('url'), image: c.of('profile_image_url'),
  };
  return (row) => {
    const id = cell(row, col.id);
    if (!id) throw new RecordError('id is empty');
    const dpi = cell(row, col.defaultProfileImage);
    return {
      id: checkId(id.endsWith('.0') ? id.slice(0, -2) : id, 'id'),
      screenName: cell(row, col.screenName),
      name: cell(row, col.name),
      description: cell(row, col.description),
      createdAt: csvDate(cell(row, col.created), 'created_at', parseAnyDate),
      followers: csvCount(cell(row, col.followers), 'followers_count'),
      friends: csvCount(cell(row, col.friends), 'friends_count'),
      statuses: csvCount(cell(row, col.statuses), 'statuses_count'),
      favourites: csvCount(cell(row, col.favourites), 'favourites_count'),
      listed: csvCount(cell(row, col.listed), 'listed_count'),
      verified: cresciBool(cell(row, col.verified), 'verified'),
      defaultProfile: cresciBool(cell(row, col.defaultProfile), 'default_profile'),
      defaultProfileImage:
        dpi !== undefined ? cresciBool(dpi, 'default_profile_image') : isDefaultProfileImage(cell(row, col.image)),
      backgroundImage: cresciBool(cell(row, col.background), 'profile_use_background_image'),
      location: cell(row, col.location),
      url: cell(row, col.url),
    };
  };
}

/** Reads a cresci users.csv into a map by id; broken rows come back as account rejects. */
export async function loadCresciUsers(chunks: AsyncIterable<Buffer>, file: string): Promise<{ users: Map<string, Author>; rejects: RejectItem[] }> {
  const users = new Map<string, Author>();
  const rejects: RejectItem[] = [];
  let map: ((row: string[]) => Author) | null = null;
  for await (const items of readCsv(chunks, file)) {
    for (const item of items) {
      if ('bad' in item) {
        rejects.push({ ...rejectItem(file, item.line, item.reason, item.raw), account: true });
      } else if (map === null) {
        const columns = new Columns(item.fields);
        if (!columns.has('id') || !columns.has('screen_name')) {
          throw new InputFileError(file, 'is not a cresci users.csv (no id and screen_name columns)', item.line);
        }
        map = cresciUserMapper(columns);
      } else {
        try {
          const author = map(item.fields);
          users.set(author.id, author);
        } catch (err) {
          rejects.push({ ...rejectItem(file, item.line, reasonOf(err), item.raw), account: true });
        }
      }
    }
  }
  return { users, rejects };
}

export function cresciTweetMapper(users: Map<string, Author>): (c: Columns) => (row: string[]) => Tweet {
  return (c) => {
    const col = {
      id: c.of('id'), text: c.of('text'), source: c.of('source'), userId: c.of('user_id'),
      created: c.of('created_at'), replyTo: c.of('in_reply_to_status_id'), retweeted: c.of('retweeted_status_id'),
    };
    return (row) => {
      const rawId = cell(row, col.id);
      if (!rawId) throw new RecordError('id is empty');
      const createdAt = csvDate(cell(row, col.created), 'created_at', parseAnyDate);
      if (createdAt === undefined) throw new RecordError('created_at is empty');
      const userId = cell(row, col.userId);
      if (!userId) throw new RecordError('user_id is empty');
      checkId(userId, 'user_id');
      let kind: TweetKind = 'original';
      if (csvRefId(cell(row, col.retweeted))) kind = 'retweet';
      else if (csvRefId(cell(row, col.replyTo))) kind = 'reply';
      const text = cell(row, col.text);
      return {
        id: checkId(rawId, 'id'),
        createdAt,
        text,
        hashtags: hashtagsInText(text ?? ''),
        kind,
        client: canonicalClient(cell(row, col.source)),
        // An account missing from users.csv is known by id only: its profile is absent.
        author: users.get(userId) ?? { id: userId },
      };
    };
  };
}

export async function* readCresci(source: ReaderInput): AsyncGenerator<ReadItem[]> {
  const companion = source.input.companion;
  if (!companion || !source.openCompanion) {
    throw new InputFileError(source.input.file, 'is a cresci tweets.csv but no users.csv goes with it');
  }
  const { users, rejects } = await loadCresciUsers(source.openCompanion(companion), companion.file);
  if (rejects.length > 0) yield rejects;
  yield* readCsvTweets(source, cresciTweetMapper(users));
}
