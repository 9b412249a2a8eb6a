import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadBotRepositoryArchive, parseLabelTsv, profileRecord } from '../../src/labeled/bot-repository.js';
import { loadCresciUsers } from '../../src/labeled/cresci-users.js';
import { loadCresciTimelines } from '../../src/labeled/timelines.js';
import type { ManifestFile } from '../../src/labeled/manifest.js';
import type { LoadReport } from '../../src/labeled/types.js';
import { tarGz } from './tar-writer.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'botshare-labeled-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reconciles = (r: LoadReport): boolean =>
  r.read === r.accepted + r.rejected + Object.values(r.skipped).reduce((a, b) => a + b, 0);

const user = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 11,
  id_str: '11',
  screen_name: 'bot_11',
  name: 'Bot Eleven',
  description: null,
  created_at: 'Mon Jan 01 00:00:00 +0000 2018',
  statuses_count: 730,
  followers_count: 10,
  friends_count: 20,
  favourites_count: 0,
  listed_count: 1,
  verified: false,
  default_profile: true,
  default_profile_image: false,
  profile_use_background_image: true,
  lang: 'en',
  time_zone: 'Rome',
  ...over,
});

describe('bot repository', () => {
  it('reads labels, leaving out ids labeled both ways, duplicates and malformed lines', () => {
    const { labels, conflicting, report } = parseLabelTsv('1\tbot\n2\thuman\n2\thuman\n3\tbot\n3\thuman\nx\tbot\n4\tcyborg\n', 'set', 'f.tsv');
    expect([...labels]).toEqual([
      ['1', 'bot'],
      ['2', 'human'],
    ]);
    expect([...conflicting]).toEqual(['3']);
    expect(report).toMatchObject({ read: 7, accepted: 2, rejected: 2, skipped: { 'duplicate line': 1, 'id labeled both bot and human': 2 } });
    expect(report.rejects.map((r) => r.line)).toEqual([6, 7]);
    expect(reconciles(report)).toBe(true);
  });

  it('turns a {created_at, user} record into an Author at the record time, null description as empty', () => {
    const parsed = profileRecord({ created_at: 'Tue Jan 01 00:00:00 +0000 2019', user: user() });
    expect(parsed).toEqual({
      probeTime: Date.UTC(2019, 0, 1),
      author: {
        id: '11',
        screenName: 'bot_11',
        name: 'Bot Eleven',
        description: '',
        createdAt: Date.UTC(2018, 0, 1),
        statuses: 730,
        followers: 10,
        friends: 20,
        favourites: 0,
        listed: 1,
        verified: false,
        defaultProfile: true,
        defaultProfileImage: false,
        backgroundImage: true,
      },
    });
  });

  it('leaves absent fields missing and rejects wrongly typed ones with the reason', () => {
    const parsed = profileRecord({ created_at: 'Tue Jan 01 00:00:00 +0000 2019', user: user({ verified: undefined, followers_count: null }) });
    expect(typeof parsed).toBe('object');
    if (typeof parsed === 'object') {
      expect(parsed.author.verified).toBeUndefined();
      expect(parsed.author.followers).toBeUndefined();
    }
    expect(profileRecord({ created_at: 'yesterday', user: user() })).toMatch(/probe time/);
    expect(profileRecord({ created_at: 'Tue Jan 01 00:00:00 +0000 2019', user: user({ statuses_count: '12' }) })).toBe(
      'user.statuses_count is not a count',
    );
    expect(profileRecord([1, 2])).toBe('record is not an object');
  });

  it('loads an archive: labeled profiles only, counts that reconcile, no prototype pollution', async () => {
    const records = [
      { created_at: 'Tue Jan 01 00:00:00 +0000 2019', user: user() },
      { created_at: 'Tue Jan 01 00:00:00 +0000 2019', user: user({ id: 12, id_str: '12', screen_name: 'anna' }) },
      { created_at: 'Tue Jan 01 00:00:00 +0000 2019', user: user({ id: 13, id_str: '13' }) }, // not in the tsv
      { created_at: 'Tue Jan 01 00:00:00 +0000 2019', user: user() }, // duplicate profile
      { created_at: 'bad', user: user({ id: 14, id_str: '14' }) },
    ];
    const json = JSON.stringify(records).replace('"lang":"en"', '"__proto__":{"polluted":true},"lang":"en"');
    const file = path.join(dir, 'toy-2019.tar.gz');
    writeFileSync(
      file,
      tarGz([
        { name: 'toy-2019.tsv', data: '11\tbot\n12\thuman\n14\tbot\n99\tbot\n' },
        { name: 'toy-2019_tweets.json', data: json },
      ]),
    );
    const { accounts, reports } = await loadBotRepositoryArchive(file, 'toy-2019', 'toy-2019');
    expect(accounts.map((a) => [a.id, a.label, a.dataset])).toEqual([
      ['11', 'bot', 'toy-2019'],
      ['12', 'human', 'toy-2019'],
    ]);
    const profiles = reports[1];
    expect(profiles).toMatchObject({ read: 5, accepted: 2, rejected: 1, skipped: { 'no label in the tsv': 1, 'duplicate profile': 1 } });
    expect(profiles.rejects[0]).toMatchObject({ line: 5, reason: 'created_at (the probe time) is not a Twitter date' });
    expect(profiles.notes).toEqual(['2 labeled ids of the tsv have no profile in toy-2019_tweets.json']);
    expect(reports.every(reconciles)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the archive and the reason when it is not what the manifest says', async () => {
    const file = path.join(dir, 'empty.tar.gz');
    writeFileSync(file, tarGz([{ name: 'other.txt', data: 'x' }]));
    await expect(loadBotRepositoryArchive(file, 'x', 'toy')).rejects.toThrow(/empty\.tar\.gz: the archive has no toy\.tsv/);
    const notGz = path.join(dir, 'plain.tar.gz');
    writeFileSync(notGz, 'not gzip at all');
    await expect(loadBotRepositoryArchive(notGz, 'x', 'toy')).rejects.toThrow(/plain\.tar\.gz: not a valid gzip file/);
  });
});

const HEADER =
  'id,name,screen_name,statuses_count,followers_count,friends_count,favourites_count,listed_count,url,lang,time_zone,location,' +
  'default_profile,default_profile_image,profile_use_background_image,verified,description,created_at,crawled_at,dataset';

describe('cresci users.csv', () => {
  const entry: ManifestFile = {
    path: 'u.csv', bytes: 0, sha256: '0'.repeat(64), form: 'cresci-users-csv',
    labelColumn: 'dataset', labels: { E13: 'human', FSF: 'bot' }, probeTime: 'crawled_at',
  };
  const lines = [
    HEADER,
    '1,Anna Rossi,anna_r,100,50,20,30,5,,it,Rome,Roma,,,1.0,,"Ciao, mondo",Tue Jun 11 11:20:35 +0000 2013,2013-06-21 11:20:35,E13',
    '2,"Multi\nline",fake_2,0,1,300,0,0,http://x.y,en,,,1,,1,,,Wed Feb 13 09:52:38 +0000 2013,2013-06-21 11:20:35,FSF',
    '3,Bad,bad_3,lots,1,1,1,1,,en,,,,,,,,Wed Feb 13 09:52:38 +0000 2013,2013-06-21 11:20:35,FSF',
    '4,Unknown,who_4,1,1,1,1,1,,en,,,,,,,,Wed Feb 13 09:52:38 +0000 2013,2013-06-21 11:20:35,XYZ',
    '5,Short,row',
    '6,"Broken\nrecord",x,lots,1,1,1,1,,en,,,,,,,,Wed Feb 13 09:52:38 +0000 2013,2013-06-21 11:20:35,FSF',
    '1,Anna Again,anna_r,100,50,20,30,5,,it,Rome,Roma,,,1.0,,,Tue Jun 11 11:20:35 +0000 2013,2013-06-21 11:20:35,E13',
  ];

  it('reads profiles, labels from the label column, empty booleans as false', async () => {
    const file = path.join(dir, 'users.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const { accounts, report } = await loadCresciUsers(file, 'toy', entry);
    expect(accounts).toEqual([
      {
        dataset: 'toy', subset: 'E13', id: '1', label: 'human', probeTime: Date.UTC(2013, 5, 21, 11, 20, 35),
        author: {
          id: '1', screenName: 'anna_r', name: 'Anna Rossi', description: 'Ciao, mondo', createdAt: Date.UTC(2013, 5, 11, 11, 20, 35),
          statuses: 100, followers: 50, friends: 20, favourites: 30, listed: 5,
          verified: false, defaultProfile: false, defaultProfileImage: false, backgroundImage: true, location: 'Roma',
        },
      },
      {
        dataset: 'toy', subset: 'FSF', id: '2', label: 'bot', probeTime: Date.UTC(2013, 5, 21, 11, 20, 35),
        author: {
          id: '2', screenName: 'fake_2', name: 'Multi\nline', description: '', createdAt: Date.UTC(2013, 1, 13, 9, 52, 38),
          statuses: 0, followers: 1, friends: 300, favourites: 0, listed: 0,
          verified: false, defaultProfile: true, defaultProfileImage: false, backgroundImage: true, url: 'http://x.y',
        },
      },
    ]);
    expect(report).toMatchObject({ read: 7, accepted: 2, rejected: 4, skipped: { 'duplicate id': 1 } });
    expect(report.rejects.map((r) => [r.line, r.reason])).toEqual([
      // physical lines: the record of id 2 spans lines 3–4
      [5, "statuses_count is not a count: 'lots'"],
      [6, 'dataset "XYZ" is not one of E13, FSF'],
      [7, '3 fields, the header has 20'],
      [8, "statuses_count is not a count: 'lots'"], // a multi-line record is named by its first line
    ]);
    expect(reconciles(report)).toBe(true);
  });

  it('never reads lang or time_zone', async () => {
    const file = path.join(dir, 'users2.csv');
    writeFileSync(file, lines.slice(0, 2).join('\n'));
    const { accounts } = await loadCresciUsers(file, 'toy', entry);
    expect(JSON.stringify(accounts)).not.toMatch(/"it"|Rome/);
  });

  it('refuses a file without the columns it needs, naming them', async () => {
    const file = path.join(dir, 'tweets.csv');
    writeFileSync(file, 'id,text\n1,hello\n');
    await expect(loadCresciUsers(file, 'toy', entry)).rejects.toThrow(/tweets\.csv:1: not a cresci users\.csv: no column screen_name/);
  });
});

describe('cresci timelines', () => {
  const entry: ManifestFile = {
    path: 't.csv.gz', bytes: 0, sha256: '0'.repeat(64), form: 'cresci-timelines-csv-gz',
    labelColumn: 'dataset', labels: { genuine_accounts: 'human', social_spambots_3: 'bot' },
  };
  it('groups tweets by account, time-sorted, with kinds, clients and quotes unknown', async () => {
    const csv = [
      'dataset,user_id,created_at,source,is_reply,is_retweet,num_hashtags,num_urls,num_mentions,retweet_count,favorite_count,text',
      'genuine_accounts,10,2014-01-02T00:00:00.000Z,"<a href=""http://twitter.com/download/iphone"" rel=""nofollow"">twitter for iphone</a>",1,0,0,0,0,0,0,',
      'genuine_accounts,10,2014-01-01T00:00:00.000Z,web,0,1,0,0,0,0,0,hi',
      'social_spambots_3,20,2014-01-01T00:00:00.000Z,<a href="x">tweetadder v4</a>,1,1,0,0,0,0,0,',
      'social_spambots_3,20,not a date,web,0,0,0,0,0,0,0,',
      'genuine_accounts,20,2014-01-03T00:00:00.000Z,web,0,0,0,0,0,0,0,',
      'mystery,30,2014-01-03T00:00:00.000Z,web,0,0,0,0,0,0,0,',
    ].join('\n');
    const file = path.join(dir, 'tweets.csv.gz');
    writeFileSync(file, gzipSync(csv));
    const { timelines, report } = await loadCresciTimelines(file, 'cresci-2017', entry);
    expect([...timelines]).toEqual([
      ['10', { dataset: 'cresci-2017', subset: 'genuine_accounts', label: 'human', events: [
        { createdAt: Date.UTC(2014, 0, 1), kind: 'retweet', quotesKnown: false, client: 'web' },
        { createdAt: Date.UTC(2014, 0, 2), kind: 'reply', quotesKnown: false, client: 'twitter for iphone' },
      ] }],
      ['20', { dataset: 'cresci-2017', subset: 'social_spambots_3', label: 'bot', events: [
        { createdAt: Date.UTC(2014, 0, 1), kind: 'retweet', quotesKnown: false, client: 'tweetadder v4' },
      ] }],
    ]);
    expect(report).toMatchObject({ read: 6, accepted: 3, rejected: 2, skipped: { 'account listed in two sub-sets': 1 } });
    expect(report.rejects.map((r) => r.line)).toEqual([5, 7]);
    expect(reconciles(report)).toBe(true);
  });
});
