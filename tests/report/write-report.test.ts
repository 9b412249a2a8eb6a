import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/util/errors.js';
import { report, type ReportSource } from '../../src/pipeline/report.js';
import { HOSTILE, RATES, syntheticCorpus } from './fixture.js';
import { DEFAULT_METHOD } from '../../src/estimate/default-method.js';

const corpus = syntheticCorpus();
const input = (): ReportSource => ({
  kind: 'scored',
  tweets: corpus.tweets,
  rates: RATES,
  model: 'synthetic-test',
  explanations: corpus.explanations,
  files: [{ path: 'fixture.jsonl', format: 'synthetic', read: corpus.tweets.length, accepted: corpus.tweets.length, rejected: 0, duplicates: 0 }],
});
const fast = { bootstrap: { replicates: 200, seed: 1 }, references: [{ hashtag: 'forzacinaeitalia', share: 0.463 }] };

async function allText(dir: string): Promise<string> {
  let text = '';
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.name.endsWith('.png')) text += await readFile(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return text;
}

describe('report of scored tweets (summaryOf, then writeReport)', () => {
  let out: string;
  beforeAll(async () => {
    out = path.join(await mkdtemp(path.join(tmpdir(), 'botshare-report-')), 'out');
    await report(input(), out, { ...fast, scoresCsv: true });
  });

  it('writes summary.json, report.html, scores.csv and every chart as spec, SVG and PNG', async () => {
    const files = (await readdir(out, { recursive: true })).sort();
    expect(files).toEqual(
      [
        'charts',
        'report.html',
        'scores.csv',
        'summary.json',
        ...['daily-volume', 'score-distribution', 'share-by-hashtag', 'threshold-sensitivity', 'top-accounts'].flatMap((c) =>
          ['png', 'svg', 'vl.json'].map((ext) => path.join('charts', `${c}.${ext}`)),
        ),
      ].sort(),
    );
    const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.generator.name).toBe('botshare');
    expect(summary.generator.model).toBe('synthetic-test');
    expect(summary.inputs.tweets).toBe(corpus.tweets.length);
    expect(summary.inputs.files[0].path).toBe('fixture.jsonl');
    expect(summary.top_accounts[0].top_features.length).toBeGreaterThan(0);
    expect(summary.hashtags[0]).toHaveProperty('bot_share_tweets.method', DEFAULT_METHOD);
  });

  it('estimates close to the planted truth on the fixture (within its interval)', async () => {
    const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8'));
    for (const h of summary.hashtags as { hashtag: string; bot_share_tweets: { ci95: [number, number] } }[]) {
      const truth = corpus.truth[h.hashtag];
      expect(truth, h.hashtag).toBeGreaterThanOrEqual(h.bot_share_tweets.ci95[0] - 0.02);
      expect(truth, h.hashtag).toBeLessThanOrEqual(h.bot_share_tweets.ci95[1] + 0.02);
    }
  });

  it('writes scores.csv per docs/cli.md, with formula cells neutralised', async () => {
    const text = await readFile(path.join(out, 'scores.csv'), 'utf8');
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['tweet_id', 'user_id', 'screen_name', 'created_at', 'hashtags', 'bot_score']);
    expect(rows).toHaveLength(corpus.tweets.length);
    const hyper = rows.find((r) => r.screen_name.includes('HYPERLINK'))!;
    expect(hyper.screen_name).toBe(`'${HOSTILE[3]}`);
    for (const r of rows) expect(r.screen_name).not.toMatch(/^[=+\-@]/);
    expect(Number(rows[0].bot_score)).toBe(corpus.tweets[0].score);
    expect(rows[0].created_at).toBe(new Date(corpus.tweets[0].createdAt).toISOString());
  });

  it('escapes every user string in report.html', async () => {
    const html = await readFile(path.join(out, 'report.html'), 'utf8');
    for (const h of HOSTILE.slice(0, 3)) expect(html).not.toContain(h);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('#<b>bold</b>');
    expect(html).not.toMatch(/<script(?![^>]*type="application\/json")/);
    // Escaped text holds no '<', so every '<' opens a real tag: none may load or link anything.
    for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
      expect(tag).not.toMatch(/^<(?:img|iframe|object|embed|link|base|form|foreignObject)\b/i);
      for (const [, name, value] of tag.matchAll(/\s([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g)) {
        expect(name.toLowerCase().startsWith('on'), tag).toBe(false);
        if (/^(?:src|href|xlink:href|action|formaction|srcset)$/i.test(name)) expect(value, tag).toMatch(/^["']?#/);
      }
    }
  });

  it('refuses to overwrite existing outputs without force, and keeps them intact', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'botshare-report-')), 'out');
    await report(input(), dir, { ...fast, png: false });
    await writeFile(path.join(dir, 'report.html'), 'mine');
    const err = await report(input(), dir, { ...fast, png: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/summary\.json already exists; .* --force/);
    expect(await readFile(path.join(dir, 'report.html'), 'utf8')).toBe('mine');
    await report(input(), dir, { ...fast, png: false, force: true });
    expect(await readFile(path.join(dir, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    // No temporary files left behind.
    expect((await readdir(dir, { recursive: true })).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('pseudonymizes ids and screen names in every output, and never writes the salt', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'botshare-report-')), 'out');
    const salt = 'a-very-secret-salt';
    await report(input(), dir, { ...fast, png: false, scoresCsv: true, pseudonymize: { salt } });
    const text = await allText(dir);
    expect(text).not.toContain(salt);
    for (const h of HOSTILE) {
      expect(text).not.toContain(h);
      expect(text).not.toContain(h.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
    expect(text).not.toContain('user18');
    for (const t of corpus.tweets.slice(0, 50)) {
      expect(text).not.toMatch(new RegExp(`[^0-9a-f]${t.userId}[^0-9a-f]`));
    }
    const rows = parseCsv(await readFile(path.join(dir, 'scores.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows[0].tweet_id).toMatch(/^t_[0-9a-f]{16}$/);
    expect(rows[0].user_id).toMatch(/^u_[0-9a-f]{16}$/);
    expect(rows[0].screen_name).toMatch(/^anon_[0-9a-f]{16}$/);
    const summary = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.pseudonymized).toBe(true);
    expect(summary.top_accounts[0].user_id).toBe(rows.find((r) => r.screen_name === summary.top_accounts[0].screen_name)?.user_id);
  });

  it('takes an accumulator instead of tweets, but then cannot write scores.csv', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'botshare-report-')), 'out');
    const { ShareAccumulator } = await import('../../src/estimate/accumulator.js');
    const acc = new ShareAccumulator({ threshold: RATES.threshold });
    for (const t of corpus.tweets) acc.add(t);
    await expect(report({ kind: 'scored', rates: RATES, model: 'm', accumulator: acc }, dir, { ...fast, scoresCsv: true })).rejects.toThrow(
      /scores\.csv needs the tweets/,
    );
    const { summary } = await report({ kind: 'scored', rates: RATES, model: 'm', accumulator: acc }, dir, { ...fast, png: false });
    expect(summary.overall.tweets).toBe(corpus.tweets.length);
  });
});
