import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { CHARTS } from '../../src/report/charts/index.js';
import { dailyVolumeSpec } from '../../src/report/charts/daily-volume.js';
import { scoreDistributionSpec } from '../../src/report/charts/score-distribution.js';
import { shareByHashtagSpec } from '../../src/report/charts/share-by-hashtag.js';
import { thresholdSensitivitySpec } from '../../src/report/charts/threshold-sensitivity.js';
import { featureText, topAccountsSpec } from '../../src/report/charts/top-accounts.js';
import { fixtureSummary, HOSTILE } from './fixture.js';
import { DEFAULT_METHOD } from '../../src/estimate/default-method.js';

const { summary } = fixtureSummary();

/** Every string in the spec outside `data.values` (titles, fields, sorts, formats…). */
function codeStrings(node: unknown, out: string[] = [], key = ''): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const x of node) codeStrings(x, out, key);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'values' && key === 'data') continue;
      codeStrings(v, out, k);
    }
  }
  return out;
}

type Row = Record<string, unknown>;

function rowsOf(spec: TopLevelSpec): Row[] {
  const out: Row[] = [];
  const walk = (node: unknown, key = ''): void => {
    if (Array.isArray(node)) node.forEach((x) => walk(x, key));
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (key === 'data' && k === 'values') out.push(...(v as Row[]));
        else walk(v, k);
      }
    }
  };
  walk(spec);
  return out;
}

describe('chart builders', () => {
  it('compile with vega-lite and put user text only in data', () => {
    const userText = [...HOSTILE, ...summary.hashtags.map((h) => h.hashtag)];
    for (const chart of CHARTS) {
      const spec = chart.build(summary);
      expect(() => compile(spec), chart.name).not.toThrow();
      const strings = codeStrings(spec);
      for (const text of userText) {
        expect(strings.some((s) => s.includes(text)), `${chart.name} carries "${text}" outside data`).toBe(false);
      }
    }
  });

  it('are pure: the same summary gives the same spec', () => {
    for (const chart of CHARTS) expect(chart.build(summary)).toEqual(chart.build(summary));
  });

  it('share per hashtag: the headline figure with its interval, the uncorrected count, the references', () => {
    const rows = rowsOf(shareByHashtagSpec(summary));
    const g = summary.hashtags.find((h) => h.hashtag === 'graziecina')!;
    const headline = rows.find((r) => r.label === '#graziecina' && r.what === 'estimate with 95% interval');
    expect(headline).toMatchObject({ value: g.bot_share_tweets.estimate, lo: g.bot_share_tweets.ci95![0], hi: g.bot_share_tweets.ci95![1] });
    expect(rows.find((r) => r.label === '#graziecina' && r.what === 'classify and count (uncorrected)')?.value).toBe(
      g.methods.tweets.cc!.estimate,
    );
    expect(rows.filter((r) => r.what === 'reference value').map((r) => [r.label, r.value])).toEqual(
      expect.arrayContaining([
        ['#forzacinaeitalia', 0.463],
        ['#graziecina', 0.371],
      ]),
    );
    expect(JSON.stringify(shareByHashtagSpec(summary).title)).toContain(DEFAULT_METHOD);
  });

  it('daily volume: bots and humans add up to the tweets of each day', () => {
    const rows = rowsOf(dailyVolumeSpec(summary));
    for (const d of summary.overall.daily) {
      const day = rows.filter((r) => r.label === 'all tweets' && r.date === d.date);
      expect(day.map((r) => r.class).sort()).toEqual(['bots', 'humans']);
      expect(day.reduce((s, r) => s + (r.tweets as number), 0)).toBeCloseTo(d.tweets, 9);
      expect(day.find((r) => r.class === 'bots')?.tweets).toBe(d.bot_tweets[DEFAULT_METHOD]);
    }
  });

  it('score distribution: fractions of each unit sum to 1 per series', () => {
    const rows = rowsOf(scoreDistributionSpec(summary));
    for (const unit of ['tweets', 'accounts']) {
      const sum = rows.filter((r) => r.label === 'all tweets' && r.unit === unit).reduce((s, r) => s + (r.fraction as number), 0);
      expect(sum).toBeCloseTo(1, 9);
    }
  });

  it('threshold sensitivity: 19 thresholds per unit and series, plus the flat headline', () => {
    const rows = rowsOf(thresholdSensitivitySpec(summary));
    const cc = rows.filter((r) => r.label === 'all tweets' && r.curve === 'classify and count (uncorrected)');
    expect(cc).toHaveLength(38);
    const headline = rows.filter((r) => r.label === 'all tweets' && String(r.curve).startsWith('headline'));
    expect(headline.map((r) => r.share)).toEqual([
      summary.overall.bot_share_tweets.estimate,
      summary.overall.bot_share_tweets.estimate,
      summary.overall.bot_share_accounts.estimate,
      summary.overall.bot_share_accounts.estimate,
    ]);
  });

  it('top accounts: ranked, scored, with their strongest features', () => {
    const rows = rowsOf(topAccountsSpec(summary));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({ rank: 1, account: `1. @${HOSTILE[0]}`, tweets: summary.top_accounts[0].tweets });
    expect(
      featureText({
        user_id: '1',
        screen_name: 'a',
        tweets: 1,
        score: 0.9,
        top_features: [
          { feature: 'small', contribution: 0.01 },
          { feature: 'followers', contribution: -0.2 },
          { feature: 'rate', contribution: 0.31 },
        ],
      }),
    ).toBe('+ rate 0.31 · − followers 0.20 · + small 0.01');
  });
});
