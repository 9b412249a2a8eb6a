import { describe, expect, it } from 'vitest';
import { createPseudonymizer } from '../../src/report/pseudonymize.js';
import { fixtureSummary, HOSTILE } from './fixture.js';

describe('pseudonymization', () => {
  it('is stable for one salt, different across salts and kinds', () => {
    const a = createPseudonymizer('salt-a');
    const b = createPseudonymizer('salt-b');
    expect(a.userId('12345')).toBe(a.userId('12345'));
    expect(a.userId('12345')).toMatch(/^u_[0-9a-f]{16}$/);
    expect(a.userId('12345')).not.toBe(b.userId('12345'));
    expect(a.tweetId('12345').slice(2)).not.toBe(a.userId('12345').slice(2));
    expect(a.screenName('Alice')).toBe(a.screenName('alice'));
    expect(createPseudonymizer().userId('1')).not.toBe(createPseudonymizer().userId('1'));
  });

  it('builds a summary with every account identifier replaced, no trace of the originals or the salt', () => {
    const { summary } = fixtureSummary();
    const out = fixtureSummary(1, createPseudonymizer('secret-salt')).summary;
    expect(summary.pseudonymized).toBe(false);
    const text = JSON.stringify(out);
    for (const a of summary.top_accounts) {
      expect(text).not.toContain(`"${a.user_id}"`);
      if (a.screen_name !== null) expect(text).not.toContain(JSON.stringify(a.screen_name).slice(1, -1));
    }
    for (const h of HOSTILE) expect(text).not.toContain(h.slice(0, 8));
    expect(text).not.toContain('secret-salt');
    expect(out.pseudonymized).toBe(true);
    expect(out.top_accounts.map((a) => a.tweets)).toEqual(summary.top_accounts.map((a) => a.tweets));
  });
});
