import { describe, expect, it } from 'vitest';
import { summaryJson } from '../../src/report/summary.js';
import { fixtureSummary } from './fixture.js';
import { DEFAULT_METHOD, DEFAULT_METHODS } from '../../src/estimate/default-method.js';

describe('summary.json', () => {
  const { summary } = fixtureSummary();

  it('follows the summary.json contract of docs/cli.md', () => {
    expect(summary.generator).toEqual({ name: 'botshare', version: '0.0.0-test', model: 'synthetic-test' });
    expect(summary.hashtags.map((h) => h.hashtag)).toEqual(['graziecina', 'forzacinaeitalia', '<b>bold</b>']);
    // Each unit's headline is its own default, chosen on its own evidence.
    expect(summary.default_method.name).toBe(DEFAULT_METHODS.tweets);
    expect(summary.default_method_accounts.name).toBe(DEFAULT_METHODS.accounts);
    for (const h of summary.hashtags) {
      expect(h.tweets).toBeGreaterThan(0);
      expect(h.accounts).toBeGreaterThan(0);
      for (const [unit, f] of [['tweets', h.bot_share_tweets], ['accounts', h.bot_share_accounts]] as const) {
        expect(f.method).toBe(DEFAULT_METHODS[unit]);
        expect(f.estimate).toBeGreaterThanOrEqual(0);
        expect(f.ci95![0]).toBeLessThanOrEqual(f.ci95![1]);
      }
    }
  });

  it('carries every method beside the headline, each naming itself', () => {
    for (const h of [summary.overall, ...summary.hashtags]) {
      for (const unit of ['tweets', 'accounts'] as const) {
        expect(Object.keys(h.methods[unit]).sort()).toEqual(['acc', 'cc', 'pacc', 'pcc']);
        for (const [name, f] of Object.entries(h.methods[unit])) expect(f?.method).toBe(name);
      }
      expect(h.bot_share_tweets.estimate).toBe(h.methods.tweets[DEFAULT_METHOD]!.estimate);
    }
    expect(summary.method_descriptions.acc.citation).toMatch(/Forman/);
    expect(summary.bootstrap).toEqual({ unit: 'account', replicates: 200, seed: 1, level: 0.95, rates_redrawn: true, rates_drawn_per_set: false });
  });

  it('writes NaN as null', () => {
    const text = summaryJson({ ...summary, overall: { ...summary.overall, tweets: Number.NaN } });
    expect(JSON.parse(text).overall.tweets).toBeNull();
  });
});
