/**
 * rtweet CSV, as R's `write_as_csv` writes it: ids prefixed with `x` (so that spreadsheets
 * keep them exact), list columns space-separated, times `YYYY-MM-DD HH:MM:SS` UTC, booleans
 * TRUE/FALSE, NA or empty for missing. rtweet has no default_profile nor
 * profile_use_background_image: those stay absent; default_profile_image is read from the
 * profile image URL (Twitter's default image lives under `default_profile_images/`).
 */
import type { Tweet, TweetKind } from '../tweet.js';
import { canonicalHashtags, canonicalClient } from '../hashtags.js';
import { parseIsoDate } from '../dates.js';
import { checkId, csvBool, csvCount, csvDate, csvRefId, isDefaultProfileImage } from '../fields.js';
import { RecordError, type ReadItem, type ReaderInput } from './types.js';
import { type Columns, cell, readCsvTweets } from './csv-common.js';

function rtweetId(s: string | undefined, field: string): string | undefined {
  if (s === undefined || s === '' || s === 'NA') return undefined;
  return checkId(s.charCodeAt(0) === 120 /* x */ ? s.slice(1) : s, field);
}

function text(s: string | undefined): string | undefined {
  return s === 'NA' ? undefined : s;
}

export function rtweetMapper(c: Columns): (row: string[]) => Tweet {
  const col = {
    status: c.of('status_id'), user: c.of('user_id'), created: c.of('created_at'), text: c.of('text'),
    source: c.of('source'), replyTo: c.of('reply_to_status_id'), isQuote: c.of('is_quote'),
    isRetweet: c.of('is_retweet'), hashtags: c.of('hashtags'), screenName: c.of('screen_name'),
    name: c.of('name'), location: c.of('location'), description: c.of('description'), url: c.of('url'),
    followers: c.of('followers_count'), friends: c.of('friends_count'), listed: c.of('listed_count'),
    statuses: c.of('statuses_count'), favourites: c.of('favourites_count'),
    accountCreated: c.of('account_created_at'), verified: c.of('verified'), image: c.of('profile_image_url'),
  };
  return (row) => {
    const id = rtweetId(cell(row, col.status), 'status_id');
    if (id === undefined) throw new RecordError('status_id is empty');
    const userId = rtweetId(cell(row, col.user), 'user_id');
    if (userId === undefined) throw new RecordError('user_id is empty');
    const createdAt = csvDate(cell(row, col.created), 'created_at', parseIsoDate);
    if (createdAt === undefined) throw new RecordError('created_at is empty');

    let kind: TweetKind = 'original';
    if (csvBool(cell(row, col.isRetweet), 'is_retweet')) kind = 'retweet';
    else if (csvRefId(cell(row, col.replyTo)) !== undefined) kind = 'reply';
    else if (csvBool(cell(row, col.isQuote), 'is_quote')) kind = 'quote';

    const tagCell = cell(row, col.hashtags);
    const hashtags = tagCell && tagCell !== 'NA' ? canonicalHashtags(tagCell.split(' ')) : [];
    const source = text(cell(row, col.source));
    const image = text(cell(row, col.image));
    return {
      id,
      createdAt,
      text: text(cell(row, col.text)),
      hashtags,
      kind,
      client: canonicalClient(source),
      author: {
        id: userId,
        screenName: text(cell(row, col.screenName)),
        name: text(cell(row, col.name)),
        description: text(cell(row, col.description)),
        createdAt: csvDate(cell(row, col.accountCreated), 'account_created_at', parseIsoDate),
        followers: csvCount(cell(row, col.followers), 'followers_count'),
        friends: csvCount(cell(row, col.friends), 'friends_count'),
        statuses: csvCount(cell(row, col.statuses), 'statuses_count'),
        favourites: csvCount(cell(row, col.favourites), 'favourites_count'),
        listed: csvCount(cell(row, col.listed), 'listed_count'),
        verified: csvBool(cell(row, col.verified), 'verified'),
        defaultProfileImage: isDefaultProfileImage(image),
        location: text(cell(row, col.location)),
        url: text(cell(row, col.url)),
      },
    };
  };
}

export function readRtweet(source: ReaderInput): AsyncIterable<ReadItem[]> {
  return readCsvTweets(source, rtweetMapper);
}

