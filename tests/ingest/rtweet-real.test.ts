import path from 'node:path';
import { expect, it } from 'vitest';
import { describeShared } from '../helpers/shared.js';
import { detectFormat, hashtagCounts } from '../../src/ingest/index.js';
import { byId, collect } from './helpers.js';

describeShared('the real rtweet export (Piedmont, February 2020)', (datasets) => {
  const file = (): string => path.join(datasets, 'exports', 'rtweet_coronavirus_piemonte_2020-02.csv');

  it('is detected as rtweet', async () => {
    expect(await detectFormat(file())).toBe('rtweet');
  });

  it('ingests 1,719 tweets from 896 accounts; one tweet is in the file twice', async () => {
    const { tweets, counts, rejects } = await collect([file()]);
    expect(rejects).toEqual([]);
    expect(counts).toEqual([{ path: file(), format: 'rtweet', read: 1719, accepted: 1718, rejected: 0, duplicates: 1, notices: 0 }]);
    expect(new Set(tweets.map((t) => t.author.id)).size).toBe(896);
    expect(tweets.filter((t) => t.kind === 'reply')).toHaveLength(101);
    expect(tweets.filter((t) => t.kind === 'quote')).toHaveLength(51);
    expect(tweets.filter((t) => t.kind === 'retweet')).toHaveLength(0);
  });

  it('reads the first row as `head` shows it', async () => {
    const { tweets } = await collect([file()]);
    const t = byId(tweets, '1232360641152897025');
    expect(t.createdAt).toBe(Date.UTC(2020, 1, 25, 17, 44, 7));
    expect(t.kind).toBe('reply');
    expect(t.client).toBe('Twitter Web App');
    expect(t.text?.startsWith("@GiuseppeConteIT @MinisteroSalute ASSASSINI ULTIM'ORA")).toBe(true);
    expect(t.author).toMatchObject({
      id: '1195565464824557568', screenName: 'EtGaulliste', followers: 1618, friends: 2472, listed: 2,
      statuses: 10826, favourites: 5961, createdAt: Date.UTC(2019, 10, 16, 4, 53, 31), verified: false,
      location: '', url: 'https://t.co/SyCyuCOP0y',
    });
  });

  it('counts hashtags case-insensitively, per tweet and per account', async () => {
    const { tweets } = await collect([file()]);
    const top = (await hashtagCounts(tweets)).slice(0, 3);
    expect(top).toEqual([
      { hashtag: 'coronavirus', tweets: 694, accounts: 381 },
      { hashtag: 'piemonte', tweets: 321, accounts: 161 },
      { hashtag: 'lombardia', tweets: 150, accounts: 76 },
    ]);
  });
});
