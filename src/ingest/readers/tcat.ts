/**
 * DMI-TCAT exports (mod.export_tweets.php): `from_user_*` columns for the author at the
 * time of the tweet, `created_at` as `YYYY-MM-DD HH:MM:SS` UTC (and `time` as epoch
 * seconds), booleans 0/1, `source` as client HTML. The optional `hashtags` column
 * (`a; b`) is used when exported, else hashtags are read from the text. Retweets are known
 * by `retweet_id` when the export has it, else by the `RT @` prefix TCAT keeps in the text.
 * TCAT exports may be CSV or TSV (the delimiter is detected from the header).
 */
import type { Tweet, TweetKind } from '../tweet.js';
import { parseIsoDate } from '../dates.js';
import { FieldError, checkId, csvBool, csvCount, csvDate, csvRefId, isDefaultProfileImage } from '../fields.js';
import { canonicalHashtags, canonicalClient, hashtagsInText } from '../hashtags.js';
import { RecordError, type ReadItem, type ReaderInput } from './types.js';
import { type Columns, cell, readCsvTweets } from './csv-common.js';

const EPOCH_SECONDS = /^[0-9]{9,11}$/;

export function tcatMapper(c: Columns): (row: string[]) => Tweet {
  const col = {
    id: c.of('id'), time: c.of('time'), created: c.of('created_at'), text: c.of('text'), source: c.of('source'),
    userId: c.of('from_user_id'), userName: c.of('from_user_name'), realName: c.of('from_user_realname'),
    description: c.of('from_user_description'), url: c.of('from_user_url'), verified: c.of('from_user_verified'),
    image: c.of('from_user_profile_image_url'), tweetCount: c.of('from_user_tweetcount'),
    followers: c.of('from_user_followercount'), friends: c.of('from_user_friendcount'),
    favourites: c.of('from_user_favourites_count'), listed: c.of('from_user_listed'),
    userCreated: c.of('from_user_created_at'), location: c.first('location', 'from_user_location'),
    retweetId: c.first('retweet_id', 'retweeted_id'), replyTo: c.of('in_reply_to_status_id'),
    quoted: c.first('quoted_status_id', 'quoted_id'), hashtags: c.of('hashtags'),
  };
  return (row) => {
    const rawId = cell(row, col.id);
    if (!rawId) throw new RecordError('id is empty');
    const id = checkId(rawId, 'id');
    let createdAt = csvDate(cell(row, col.created), 'created_at', parseIsoDate);
    if (createdAt === undefined) {
      const time = cell(row, col.time);
      if (time && !EPOCH_SECONDS.test(time)) throw new FieldError('time', time, 'epoch seconds');
      if (time) createdAt = Number(time) * 1000;
    }
    if (createdAt === undefined) throw new RecordError('created_at and time are empty');
    const userId = cell(row, col.userId);
    if (!userId) throw new RecordError('from_user_id is empty');
    const text = cell(row, col.text);

    let kind: TweetKind = 'original';
    if (col.retweetId >= 0 ? csvRefId(cell(row, col.retweetId)) : text?.startsWith('RT @')) kind = 'retweet';
    else if (csvRefId(cell(row, col.replyTo))) kind = 'reply';
    else if (csvRefId(cell(row, col.quoted))) kind = 'quote';

    const tagCell = cell(row, col.hashtags);
    const hashtags = tagCell !== undefined ? canonicalHashtags(tagCell.split(';')) : hashtagsInText(text ?? '');
    const image = cell(row, col.image);
    return {
      id,
      createdAt,
      text,
      hashtags,
      kind,
      client: canonicalClient(cell(row, col.source)),
      author: {
        id: checkId(userId, 'from_user_id'),
        screenName: cell(row, col.userName),
        name: cell(row, col.realName),
        description: cell(row, col.description),
        createdAt: csvDate(cell(row, col.userCreated), 'from_user_created_at', parseIsoDate),
        followers: csvCount(cell(row, col.followers), 'from_user_followercount'),
        friends: csvCount(cell(row, col.friends), 'from_user_friendcount'),
        statuses: csvCount(cell(row, col.tweetCount), 'from_user_tweetcount'),
        favourites: csvCount(cell(row, col.favourites), 'from_user_favourites_count'),
        listed: csvCount(cell(row, col.listed), 'from_user_listed'),
        verified: csvBool(cell(row, col.verified), 'from_user_verified'),
        defaultProfileImage: isDefaultProfileImage(image),
        location: cell(row, col.location),
        url: cell(row, col.url),
      },
    };
  };
}

export function readTcat(source: ReaderInput): AsyncIterable<ReadItem[]> {
  return readCsvTweets(source, tcatMapper);
}
