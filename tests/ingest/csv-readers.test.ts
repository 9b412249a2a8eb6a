import { describe, expect, it } from 'vitest';
import { byId, collect, fixture } from './helpers.js';

describe('twarc-csv reader', () => {
  it('reads dotted columns, JSON-encoded hashtag lists and pandas floats', async () => {
    const { tweets, counts } = await collect([fixture('twarc-csv', 'tweets.csv')]);
    expect(counts[0]).toMatchObject({ format: 'twarc-csv', read: 3, accepted: 3, rejected: 0 });
    expect(tweets[0]).toEqual({
      id: '1380000000000000001',
      createdAt: Date.UTC(2021, 3, 10, 9, 0, 0),
      text: 'Forza ragazzi #GrazieCina\\nseconda riga',
      hashtags: ['graziecina'],
      kind: 'original',
      client: 'Twitter for Android',
      author: {
        id: '5005', screenName: 'mario_rossi', name: 'Mario Rossi', description: 'Tifoso, "granata"',
        createdAt: Date.UTC(2012, 4, 1, 8, 30), followers: 250, friends: 300, statuses: 12000,
        listed: 4, verified: false, defaultProfileImage: false, location: 'Milano', url: '',
      },
    });
    expect(tweets[0].author.favourites).toBeUndefined();
  });

  it('recognises retweets and replies from referenced_tweets columns', async () => {
    const { tweets } = await collect([fixture('twarc-csv', 'tweets.csv')]);
    const rt = byId(tweets, '1380000000000000002');
    expect(rt.kind).toBe('retweet');
    expect(rt.hashtags).toEqual(['forzacinaeitalia', 'graziecina']);
    expect(rt.author.verified).toBe(true);
    expect(rt.author.defaultProfileImage).toBe(true);
    const reply = byId(tweets, '1380000000000000003');
    expect(reply.kind).toBe('reply');
    expect(reply.hashtags).toEqual(['covid']); // older twarc-csv: a list of {tag} objects
  });
});

describe('rtweet reader', () => {
  it('strips the x of ids and reads R times, booleans and space-separated lists', async () => {
    const { tweets, counts } = await collect([fixture('rtweet', 'sample.csv')]);
    expect(counts[0]).toMatchObject({ format: 'rtweet', read: 4, accepted: 4 });
    expect(tweets[0]).toEqual({
      id: '1230000000000000001',
      createdAt: Date.UTC(2020, 1, 24, 9, 15),
      text: 'Aggiornamento #Coronavirus in #Piemonte',
      hashtags: ['coronavirus', 'piemonte'],
      kind: 'original',
      client: 'Twitter for iPhone',
      author: {
        id: '1001', screenName: 'alice_it', name: 'Alice', description: 'Ciao',
        createdAt: Date.UTC(2015, 2, 2, 10), followers: 120, friends: 80, statuses: 5000, favourites: 40,
        listed: 2, verified: false, defaultProfileImage: false, location: 'Torino', url: '',
      },
    });
    // rtweet carries neither default_profile nor the background flag.
    expect(tweets[0].author.defaultProfile).toBeUndefined();
    expect(tweets[0].author.backgroundImage).toBeUndefined();
  });

  it('reads kinds, a quoted field with a newline and quotes, and missing image as absent', async () => {
    const { tweets } = await collect([fixture('rtweet', 'sample.csv')]);
    expect(tweets.map((t) => t.kind)).toEqual(['original', 'retweet', 'quote', 'reply']);
    expect(tweets[1].author.defaultProfileImage).toBe(true);
    expect(tweets[2].text).toBe('Lui ha detto "no",\nma poi sì');
    expect(tweets[3].author.verified).toBe(true);
    expect(tweets[3].author.defaultProfileImage).toBeUndefined();
    expect(tweets[3].createdAt).toBe(Date.UTC(2020, 1, 25, 23, 59, 59));
  });
});

describe('DMI-TCAT reader', () => {
  it('reads from_user_* columns, 0/1 booleans and the hashtags column', async () => {
    const { tweets, counts } = await collect([fixture('tcat', 'export.csv')]);
    expect(counts[0]).toMatchObject({ format: 'tcat', read: 3, accepted: 3 });
    expect(tweets[0]).toEqual({
      id: '1240000000000000001',
      createdAt: Date.UTC(2020, 2, 11, 20, 20),
      text: 'Grazie #GrazieCina #ForzaItalia',
      hashtags: ['graziecina', 'forzaitalia'],
      kind: 'original',
      client: 'Twitter for Android',
      author: {
        id: '1001', screenName: 'alice_it', name: 'Alice', description: 'Ciao',
        createdAt: Date.UTC(2015, 2, 2, 10), followers: 120, friends: 80, statuses: 5000, favourites: 40,
        listed: 2, verified: false, defaultProfileImage: false, location: 'Torino', url: 'https://example.org',
      },
    });
    expect(tweets.map((t) => t.kind)).toEqual(['original', 'retweet', 'reply']);
    expect(tweets[2].author.verified).toBe(true);
  });

  it('reads a TSV export with CRLF and no hashtags column, taking hashtags from the text', async () => {
    const { tweets, counts } = await collect([fixture('tcat', 'export.tsv')]);
    expect(counts[0]).toMatchObject({ format: 'tcat', read: 2, accepted: 2 });
    expect(tweets[0].hashtags).toEqual(['graziecina', 'forzaitalia']);
    expect(tweets[0].author.createdAt).toBe(Date.UTC(2015, 2, 2, 10));
    expect(tweets[1].hashtags).toEqual(['forzacinaeitalia']);
    expect(tweets[1].kind).toBe('retweet');
  });
});

describe('cresci reader', () => {
  it('joins tweets.csv with the users.csv beside it', async () => {
    const { tweets, counts } = await collect([fixture('cresci', 'tweets.csv')]);
    expect(counts[0]).toMatchObject({ format: 'cresci', read: 3, accepted: 3, rejected: 0 });
    expect(counts[0].companion).toEqual({ path: fixture('cresci', 'users.csv'), rejected: 0 });
    expect(tweets[0]).toEqual({
      id: '593932392663912449',
      createdAt: Date.UTC(2015, 4, 1, 0, 18, 11),
      text: 'Buongiorno #Roma! #buongiorno',
      hashtags: ['roma', 'buongiorno'],
      kind: 'original',
      client: 'Twitter for iPhone',
      author: {
        id: '1001', screenName: 'alice_it', name: 'Alice', description: 'Ciao',
        createdAt: Date.UTC(2015, 2, 2, 10), followers: 120, friends: 80, statuses: 5000, favourites: 40,
        listed: 2, verified: false, defaultProfile: false, defaultProfileImage: false, backgroundImage: true,
        location: 'Torino', url: 'https://example.org',
      },
    });
  });

  it('reads empty cresci booleans as false, retweets, replies, and keeps unknown authors by id', async () => {
    const { tweets } = await collect([fixture('cresci', 'tweets.csv')]);
    expect(tweets[1].kind).toBe('retweet');
    expect(tweets[1].author).toMatchObject({ id: '2002', defaultProfile: true, defaultProfileImage: true, backgroundImage: false, verified: false });
    expect(tweets[2].kind).toBe('reply');
    expect(tweets[2].author).toEqual({ id: '999' });
    expect(tweets[2].hashtags).toEqual(['caffè']); // "#1" is all digits: not a hashtag
    expect(tweets[2].client).toBeUndefined();
  });

  it('pairs the files when both are given, in either order', async () => {
    const a = await collect([fixture('cresci', 'users.csv'), fixture('cresci', 'tweets.csv')]);
    expect(a.counts).toHaveLength(1);
    expect(a.counts[0].read).toBe(3);
  });
});
