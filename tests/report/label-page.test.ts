import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ageText, gapText, labelPageHtml, periodDays, sampleRowsOf } from '../../src/report/label-page.js';
import { LABEL_PAGE_SCRIPT } from '../../src/report/label-page-script.js';
import { parseLabels, sampleCsv, SAMPLE_COLUMNS } from '../../src/labeled/sample-csv.js';
import { HOSTILE_DESCRIPTION, HOSTILE_NAME, HOSTILE_TWEET, labelSample } from './label-fixture.js';

interface EmbeddedAccount {
  rank: number;
  userId: string;
  screenName: string;
  description: string;
  tweets: [string, string, string, string][];
  more: number;
  tweetTotal: number;
  daily: number[];
  hourly: number[];
  score: number | null;
  age: string;
  rate: string;
  csvBefore: string;
  csvAfter: string;
}
interface Embedded {
  sampleId: string;
  storageKey: string;
  csvHeader: string;
  period: { start: string; end: string; days: number };
  accounts: EmbeddedAccount[];
}

function embedded(html: string): Embedded {
  const m = /<script type="application\/json" id="sample-data">([^<]*)<\/script>/.exec(html);
  if (m === null) throw new Error('no data block');
  return JSON.parse(m[1]) as Embedded;
}

describe('labelPageHtml', () => {
  const input = labelSample(6, 3);
  const html = labelPageHtml(input);
  const data = embedded(html);

  it('has exactly two script elements: the JSON data and the script its CSP allows by hash', () => {
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([' type="application/json" id="sample-data"', '']);
    const hash = createHash('sha256').update(LABEL_PAGE_SCRIPT, 'utf8').digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain(`<script>${LABEL_PAGE_SCRIPT}</script>`);
    expect(LABEL_PAGE_SCRIPT).not.toMatch(/<\/script|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/i);
    expect(html.replace(/id="sample-data">[^<]*/, '')).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('embeds hostile text only in escaped JSON, and it parses back to the same strings', () => {
    const block = /id="sample-data">([^<]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(block).not.toMatch(/[<>&\u2028\u2029]/);
    expect(html.split(HOSTILE_NAME)).toHaveLength(1);
    expect(data.accounts[0].screenName).toBe(HOSTILE_NAME);
    expect(data.accounts[0].description).toBe(HOSTILE_DESCRIPTION);
    expect(data.accounts[0].tweets.map((t) => t[3])).toContain(HOSTILE_TWEET);
  });

  it('carries each account in rank order with its daily strip, hours and capped tweets', () => {
    expect(data.accounts.map((a) => a.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(data.period).toEqual({ start: '2020-02-20', end: '2020-03-05', days: 15 });
    for (const [i, a] of data.accounts.entries()) {
      const src = input.accounts[i];
      expect(a.daily).toEqual(src.dailyCounts);
      expect(a.hourly.reduce((s, x) => s + x, 0)).toBe(src.tweets.length);
      expect(a.tweets.length + a.more).toBe(src.tweets.length);
      expect(a.tweets.length).toBe(Math.min(50, src.tweets.length));
      const times = a.tweets.map((t) => t[0]);
      expect([...times].sort()).toEqual(times);
      expect(a.score).toBe(src.score);
    }
    expect(data.accounts[2].more).toBe(25);
    expect(embedded(labelPageHtml(input, { tweetsPerAccount: 10 })).accounts[2].more).toBe(65);
  });

  it('states the account age at its first tweet in the export', () => {
    expect(data.accounts[0].age).toMatch(/^3 days old at its first tweet here \(2020-02-2\d \d\d:\d\d UTC\)$/);
    const a = input.accounts[0];
    const first = Math.min(...a.tweets.map((t) => t.createdAt));
    const perDay = (a.statuses ?? NaN) / ((first - (a.createdAt ?? NaN)) / 86_400_000);
    expect(perDay).toBeGreaterThan(10);
    expect(data.accounts[0].rate).toBe(`${Math.round(perDay).toLocaleString('en-US')} tweets a day since it was created`);
    const late = { ...input, accounts: [{ ...a, createdAt: first + 1 }] };
    expect(embedded(labelPageHtml(late)).accounts[0].age).toBe('created after its first tweet here (a data error)');
    expect(embedded(labelPageHtml(late)).accounts[0].rate).toBe('');
    expect(ageText(5 * 3_600_000)).toBe('5 hours');
    expect(ageText(90 * 86_400_000)).toBe('2 months');
    expect(ageText(1000 * 86_400_000)).toBe('2.7 years');
  });

  it('gives each shown tweet the time since the previous one', () => {
    const tweets = [...input.accounts[2].tweets].sort((a, b) => a.createdAt - b.createdAt);
    const shown = data.accounts[2].tweets;
    expect(shown[0][1]).toBe('');
    const gap = tweets[1].createdAt - tweets[0].createdAt;
    expect(shown[1][1]).toBe(`+${gapText(gap)}`);
    expect(gapText(59_400)).toBe('59s');
    expect(gapText(3_599_000)).toBe('59m 59s');
    expect(gapText(7_260_000)).toBe('2h 1m');
    expect(gapText(90_000_000)).toBe('1d 1h');
  });

  it('exports the exact bytes of sampleCsv: the same columns, rows and order', () => {
    expect(data.csvHeader).toBe(`${SAMPLE_COLUMNS.join(',')}\n`);
    const labels = ['bot', 'human', null, 'unsure', null, null] as const;
    // As the page's script exports: the labeler's cell (here plain initials) after each labeled row.
    const page = data.csvHeader + data.accounts.map((a, i) => `${a.csvBefore}${labels[i] ?? ''}${a.csvAfter}${labels[i] === null ? '' : 'AB'}\n`).join('');
    const rows = sampleRowsOf(input).map((r, i) => ({ ...r, label: labels[i], labeler: labels[i] === null ? null : 'AB' }));
    expect(page).toBe(sampleCsv(rows));
    expect(parseLabels(page, 'sample.csv').rows.map((r) => r.label)).toEqual([...labels]);
  });

  it('refuses accounts out of rank order and daily counts that do not fit the period', () => {
    const swapped = { ...input, accounts: [input.accounts[1], input.accounts[0]] };
    expect(() => labelPageHtml(swapped)).toThrow(/rank order/);
    const short = { ...input, accounts: [{ ...input.accounts[0], dailyCounts: [1, 2] }] };
    expect(() => labelPageHtml(short)).toThrow(/2 daily counts for a period of 15 days/);
    expect(periodDays({ start: Date.UTC(2020, 0, 1, 23), end: Date.UTC(2020, 0, 2, 1) })).toBe(2);
  });
});
