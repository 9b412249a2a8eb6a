/**
 * The CSV that `twarc2 csv` (twarc-csv) writes from API v2 data: dotted column names
 * (`author.public_metrics.followers_count`), list cells JSON-encoded (`["#a", "#b"]`, or
 * lists of `{tag}` objects in older versions), booleans True/False, counts possibly `12.0`
 * (pandas), ISO times. Retweets are recognised by `referenced_tweets.retweeted.id`; twarc-csv
 * already put the retweeted tweet's text and entities in the row.
 */
import type { Tweet, TweetKind } from '../tweet.js';
import { canonicalHashtags, canonicalClient } from '../hashtags.js';
import { parseIsoDate } from '../dates.js';
import { FieldError, checkId, csvBool, csvCount, csvDate, csvRefId, isDefaultProfileImage, isObject, own } from '../fields.js';
import { RecordError, type ReadItem, type ReaderInput } from './types.js';
import { type Columns, cell, readCsvTweets } from './csv-common.js';

/** Tags of an `entities.hashtags` cell. */
export function twarcHashtags(s: string | undefined): string[] {
  if (s === undefined || s === '') return [];
  let list: unknown;
  try {
    list = JSON.parse(s);
  } catch {
    // Not JSON: a plain list separated by spaces, commas or semicolons.
    return canonicalHashtags(s.split(/[\s,;]+/));
  }
  if (!Array.isArray(list)) throw new FieldError('entities.hashtags', s, 'a list of hashtags');
  const tags: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') tags.push(item);
    else if (isObject(item)) {
      const tag = own(item, 'tag');
      if (typeof tag === 'string') tags.push(tag);
    }
  }
  return canonicalHashtags(tags);
}

export function twarcCsvMapper(c: Columns): (row: string[]) => Tweet {
  const col = {
    id: c.of('id'), created: c.of('created_at'), text: c.of('text'), source: c.of('source'),
    authorId: c.first('author_id', 'author.id'), authorIdAlt: c.first('author.id', 'author_id'),
    replied: c.of('referenced_tweets.replied_to.id'), retweeted: c.of('referenced_tweets.retweeted.id'),
    quoted: c.of('referenced_tweets.quoted.id'), hashtags: c.of('entities.hashtags'),
    username: c.of('author.username'), name: c.of('author.name'), description: c.of('author.description'),
    accountCreated: c.of('author.created_at'), followers: c.of('author.public_metrics.followers_count'),
    following: c.of('author.public_metrics.following_count'), tweets: c.of('author.public_metrics.tweet_count'),
    listed: c.of('author.public_metrics.listed_count'), likes: c.of('author.public_metrics.like_count'),
    verified: c.of('author.verified'), location: c.of('author.location'), url: c.of('author.url'),
    image: c.of('author.profile_image_url'),
  };
  return (row) => {
    const rawId = cell(row, col.id);
    if (!rawId) throw new RecordError('id is empty');
    const id = checkId(rawId, 'id');
    const createdAt = csvDate(cell(row, col.created), 'created_at', parseIsoDate);
    if (createdAt === undefined) throw new RecordError('created_at is empty');
    const authorCell = cell(row, col.authorId) || cell(row, col.authorIdAlt);
    if (!authorCell) throw new RecordError('author_id is empty');

    let kind: TweetKind = 'original';
    if (csvRefId(cell(row, col.retweeted))) kind = 'retweet';
    else if (csvRefId(cell(row, col.replied))) kind = 'reply';
    else if (csvRefId(cell(row, col.quoted))) kind = 'quote';

    const image = cell(row, col.image);
    return {
      id,
      createdAt,
      text: cell(row, col.text),
      hashtags: twarcHashtags(cell(row, col.hashtags)),
      kind,
      client: canonicalClient(cell(row, col.source)),
      author: {
        id: checkId(authorCell.endsWith('.0') ? authorCell.slice(0, -2) : authorCell, 'author_id'),
        screenName: cell(row, col.username),
        name: cell(row, col.name),
        description: cell(row, col.description),
        createdAt: csvDate(cell(row, col.accountCreated), 'author.created_at', parseIsoDate),
        followers: csvCount(cell(row, col.followers), 'author.public_metrics.followers_count'),
        friends: csvCount(cell(row, col.following), 'author.public_metrics.following_count'),
        statuses: csvCount(cell(row, col.tweets), 'author.public_metrics.tweet_count'),
        favourites: csvCount(cell(row, col.likes), 'author.public_metrics.like_count'),
        listed: csvCount(cell(row, col.listed), 'author.public_metrics.listed_count'),
        verified: csvBool(cell(row, col.verified), 'author.verified'),
        defaultProfileImage: isDefaultProfileImage(image),
        location: cell(row, col.location),
        url: cell(row, col.url),
      },
    };
  };
}

export function readTwarcCsv(source: ReaderInput): AsyncIterable<ReadItem[]> {
  return readCsvTweets(source, twarcCsvMapper);
}
