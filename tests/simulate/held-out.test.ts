import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isItalianAccount, orderPools, readHeldOut, selectHeldOut } from '../../src/simulate/held-out.js';
import { createRandom } from '../../src/util/random.js';
import { fakePool } from './fixtures.js';

describe('held-out accounts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'botshare-card-'));

  it('refuses a model card without a held-out list', () => {
    const card = path.join(dir, 'no-heldout.json');
    writeFileSync(card, JSON.stringify({ kind: 'botshare_model_card', heldOut: [] }));
    expect(() => readHeldOut(card)).toThrow(/lists no held-out accounts/);
  });

  it('keeps only accounts listed as held out, with the label the card gives', () => {
    const pool = fakePool(4, 4);
    const card = path.join(dir, 'card.json');
    writeFileSync(
      card,
      JSON.stringify({
        heldOut: [
          { dataset: 'cresci-2017', subset: 'social_spambots_1', accountId: '900000', label: 'bot' },
          { dataset: 'cresci-2015', subset: 'E13', accountId: '100001', label: 'human' },
          // Wrong label: left out rather than trusted.
          { dataset: 'cresci-2015', subset: 'E13', accountId: '100002', label: 'bot' },
          // The right id in another set is another account.
          { dataset: 'gilani-2017', accountId: '100004', label: 'human' },
        ],
      }),
    );
    const chosen = selectHeldOut(pool, readHeldOut(card));
    expect(chosen.map((a) => a.id).sort()).toEqual(['100001', '900000']);
  });

  it('leaves out the accounts that measured or checked the rates (roles rates and check)', () => {
    const card = path.join(dir, 'roles.json');
    writeFileSync(
      card,
      JSON.stringify({
        heldOut: [
          { dataset: 'cresci-2015', subset: 'E13', accountId: '100001', label: 'human', role: 'simulation' },
          { dataset: 'cresci-2015', subset: 'E13', accountId: '100002', label: 'human', role: 'check' },
          { dataset: 'cresci-2015', subset: 'E13', accountId: '100003', label: 'human', role: 'rates' },
          { dataset: 'cresci-2017', subset: 'social_spambots_1', accountId: '900000', label: 'bot' },
        ],
      }),
    );
    expect(readHeldOut(card).map((h) => h.accountId)).toEqual(['100001', '900000']);
  });

  it('puts the Italian sets first in each pool', () => {
    expect(isItalianAccount({ dataset: 'cresci-2015', subset: 'TFP' })).toBe(true);
    expect(isItalianAccount({ dataset: 'cresci-2015', subset: 'FSF' })).toBe(false);
    expect(isItalianAccount({ dataset: 'cresci-2017', subset: 'genuine_accounts' })).toBe(false);
    const pools = orderPools(fakePool(10, 9), createRandom(5));
    expect(pools.bot.slice(0, 5).every(isItalianAccount)).toBe(true);
    expect(pools.bot.slice(5).some(isItalianAccount)).toBe(false);
    expect(pools.human.slice(0, 6).every(isItalianAccount)).toBe(true);
    expect(pools.human.slice(6).some(isItalianAccount)).toBe(false);
  });
});
