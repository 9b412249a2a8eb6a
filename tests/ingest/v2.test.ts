import { describe, expect, it } from 'vitest';
import { byId, collect, fixture } from './helpers.js';

describe('Twitter API v2 reader (twarc2)', () => {
  it('reads response pages, joining authors from includes.users', async () => {
    const { tweets, counts } = await collect([fixture('v2', 'pages.jsonl')]);
    expect(counts[0]).toMatchObject({ format: 'v2', read: 3, accepted: 3, rejected: 0, notices: 1 });
    const reply = byId(tweets, '1370000000000000002');
    expect(reply).toEqual({
      id: '1370000000000000002',
      createdAt: Date.UTC(2021, 2, 11, 10, 5, 30, 250),
      text: '@sourceacct vero',
      hashtags: [],
      kind: 'reply',
      client: 'dlvr.it',
      author: {
        id: '7007', screenName: 'auto_news_it', name: 'Auto News', description: 'Notizie automatiche',
        createdAt: Date.UTC(2020, 0, 15), followers: 10, friends: 2000, statuses: 99999, favourites: 5,
        listed: 0, verified: false, defaultProfileImage: true, url: '',
      },
    });
    // v2 has no default_profile nor background flag: absent, not false.
    expect(reply.author.defaultProfile).toBeUndefined();
    expect(reply.author.backgroundImage).toBeUndefined();
    expect(reply.author.location).toBeUndefined();
  });

  it('takes a retweet\'s hashtags from the retweeted tweet in includes.tweets', async () => {
    const { tweets } = await collect([fixture('v2', 'pages.jsonl')]);
    const rt = byId(tweets, '1370000000000000001');
    expect(rt.kind).toBe('retweet');
    expect(rt.author.screenName).toBe('mario_rossi');
    expect(rt.hashtags).toEqual(['graziecina', 'forzacinaeitalia']);
  });

  it('keeps a tweet whose author is missing from includes, with the profile absent', async () => {
    const { tweets } = await collect([fixture('v2', 'pages.jsonl')]);
    const quote = byId(tweets, '1370000000000000003');
    expect(quote.kind).toBe('quote');
    expect(quote.author).toEqual({ id: '8008' });
    expect(quote.hashtags).toEqual(['covid19']);
  });

  it('reads flattened tweets with the author embedded', async () => {
    const { tweets, counts } = await collect([fixture('v2', 'flat.jsonl')]);
    expect(counts[0]).toMatchObject({ format: 'v2', read: 2, accepted: 2 });
    expect(tweets[0].author.screenName).toBe('mario_rossi');
    expect(tweets[0].author.followers).toBe(250);
    expect(tweets[0].hashtags).toEqual(['torino']);
    expect(tweets[1].kind).toBe('retweet');
    expect(tweets[1].hashtags).toEqual(['piemonte', 'covid19']);
    expect(tweets[1].author.id).toBe('7007');
  });
});
