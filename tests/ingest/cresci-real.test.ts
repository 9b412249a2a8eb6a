import { createReadStream } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeShared } from '../helpers/shared.js';
import { loadCresciUsers } from '../../src/ingest/readers/cresci.js';
import { detectInput } from '../../src/ingest/index.js';

describeShared('the real cresci-2017 users.csv files', (datasets) => {
  const file = (name: string): string => path.join(datasets, 'labeled', 'cresci-2017', name);

  it('are recognised as cresci account files', async () => {
    expect(await detectInput(file('genuine_accounts.users.csv'))).toMatchObject({ format: 'cresci', role: 'users' });
  });

  it.each([
    ['genuine_accounts.users.csv', 3474],
    ['social_spambots_1.users.csv', 991],
  ])('%s loads %i accounts without a reject', async (name, accounts) => {
    const { users, rejects } = await loadCresciUsers(createReadStream(file(name)), file(name));
    expect(rejects).toEqual([]);
    expect(users.size).toBe(accounts);
  });

  it('reads the first account as `head` shows it', async () => {
    const { users } = await loadCresciUsers(createReadStream(file('genuine_accounts.users.csv')), 'genuine');
    expect(users.get('1502026416')).toEqual({
      id: '1502026416', screenName: '0918Bask', name: 'TASUKU HAYAKAWA', description: '15years ago X.Lines24',
      createdAt: Date.UTC(2013, 5, 11, 11, 20, 35), followers: 208, friends: 332, statuses: 2177, favourites: 265,
      listed: 1, verified: false, defaultProfile: false, defaultProfileImage: false, backgroundImage: false,
      location: 'Tokyo .Japan .', url: '',
    });
  });
});
