/**
 * `botshare charts`: the report's charts drawn again from summary.json — the same bytes as the
 * report's without options; narrowed to hashtags, retitled and sized with them; a file that is
 * not a botshare summary refused by name (and read as data: no prototype pollution); nothing
 * replaced without --force. The command runs compiled (dist/, built by `npm test`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { readSummaryFile } from '../../src/report/read-summary.js';
import { summaryJson, type Summary } from '../../src/report/summary.js';
import { replicationSpec } from '../../src/report/charts/replication.js';
import { replicationChartRows, type ReplicationRecord } from '../../src/replicate/compose.js';
import { replicationChartOf } from '../../src/replicate/replication-chart.js';
import { withDisplayWidth, withHashtags, withTitle } from '../../src/report/write-charts.js';
import { writeReport } from '../../src/report/write-report.js';
import { UserError } from '../../src/util/errors.js';
import { describeWhenBuilt, distFile } from '../helpers/shared.js';
import { fixtureSummary } from './fixture.js';

const CLI = distFile('cli', 'main.js');
const charts = (...args: string[]): { status: number | null; stderr: string } => spawnSync(process.execPath, [CLI, 'charts', ...args], { encoding: 'utf8' });

/** A PNG's width, from its IHDR chunk. */
const pngWidth = (file: string): number => readFileSync(file).readUInt32BE(16);

describe('the pieces of botshare charts', () => {
  const { summary } = fixtureSummary(3);
  const tags = summary.hashtags.map((h) => h.hashtag);

  it('narrows a summary to some hashtags, in the order given, and names the ones it does not report', () => {
    const picked = withHashtags(summary, [tags[2], tags[0]]);
    expect(picked.hashtags.map((h) => h.hashtag)).toEqual([tags[2], tags[0]]);
    expect(picked.overall).toBe(summary.overall);
    expect(() => withHashtags(summary, ['nosuchtag'], 's.json')).toThrow(new UserError(`--hashtags: s.json reports no #nosuchtag (it reports ${tags.map((t) => `#${t}`).join(', ')})`));
  });

  it('replaces a title and keeps its subtitle; sizes an SVG by its displayed width only', () => {
    const spec = { title: { text: 'old', subtitle: 'acc, 95% interval' }, mark: 'bar' } as TopLevelSpec;
    expect(withTitle(spec, 'Figure 2').title).toEqual({ text: 'Figure 2', subtitle: 'acc, 95% interval' });
    expect(withTitle({ title: 'old', mark: 'bar' } as TopLevelSpec, 'new').title).toBe('new');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="1000" height="400" viewBox="0 0 1000 400"><rect width="1000" height="400"/></svg>';
    expect(withDisplayWidth(svg, 500)).toBe('<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="500" height="200" viewBox="0 0 1000 400"><rect width="1000" height="400"/></svg>');
  });

  it('reads a summary back as the report wrote it, and refuses what is not one, naming the file and field', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-read-summary-'));
    const good = path.join(dir, 'summary.json');
    writeFileSync(good, summaryJson(summary));
    expect(summaryJson(await readSummaryFile(good))).toBe(summaryJson(summary));

    const write = (name: string, text: string): string => {
      const f = path.join(dir, name);
      writeFileSync(f, text);
      return f;
    };
    await expect(readSummaryFile(write('bad.json', '{"generator":'))).rejects.toThrow(/bad\.json: not valid JSON/);
    await expect(readSummaryFile(write('other.json', '{"name":"botshare"}'))).rejects.toThrow(/other\.json: not a botshare summary\.json/);
    const broken = JSON.parse(summaryJson(summary)) as { hashtags: { daily: unknown }[] };
    broken.hashtags[1].daily = 'yesterday';
    await expect(readSummaryFile(write('broken.json', JSON.stringify(broken)))).rejects.toThrow('broken.json: not a botshare summary.json as this version writes it: hashtags[1].daily must be a list');
    const open = JSON.parse(summaryJson(summary)) as { overall: { bot_share_tweets: { ci95: unknown } } };
    open.overall.bot_share_tweets.ci95 = [null, 0.4]; // NaN is written null
    expect((await readSummaryFile(write('open.json', JSON.stringify(open)))).overall.bot_share_tweets.ci95).toEqual([null, 0.4]);
    const method = JSON.parse(summaryJson(summary)) as { default_method: { name: string } };
    method.default_method.name = 'constructor';
    await expect(readSummaryFile(write('method.json', JSON.stringify(method)))).rejects.toThrow('default_method.name must be one of');

    // __proto__ keys are dropped while parsing: nothing reaches a prototype, nothing is kept.
    const hostile = summaryJson(summary).replace('{', '{"__proto__":{"polluted":1},').replace('"overall": {', '"overall": {"__proto__":{"polluted":2},');
    const read = await readSummaryFile(write('hostile.json', hostile));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(read, '__proto__')).toBe(false);
    expect((read.overall as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("the replication chart from replicate's summary.json", () => {
  const figure = (estimate: number | null): { estimate: number | null; ci95: [number, number] | null; method: string } => ({ estimate, ci95: estimate === null ? null : [estimate - 0.1, estimate + 0.1], method: 'acc' });
  const hashtag = (tag: string, published: number): Record<string, unknown> => ({
    hashtag: tag,
    published_share_tweets: published,
    planted: { share_tweets: published },
    estimates: { tweets: { default: figure(0.5), cc: figure(0.55), activity_corpus: figure(published), activity_profile: figure(0.02), activity_either: figure(null) } },
  });
  const { summary } = fixtureSummary(5);
  const replication = { hashtags: [hashtag('forzacinaeitalia', 0.463), hashtag('graziecina', 0.371)] };

  it('is the spec replicate draws, from the same rows; a summary without one has none', () => {
    const spec = replicationChartOf({ ...summary, replication, reconstruction: { simulated: true } } as Summary, 's.json');
    expect(spec).toEqual(replicationSpec(replicationChartRows(replication as unknown as ReplicationRecord), { simulated: true }));
    expect(JSON.stringify(spec)).toContain('planted (simulation)');
    expect(replicationChartOf(summary, 's.json')).toBeNull();
  });

  it('refuses a replication block that is not as replicate writes it, naming the field', () => {
    const broken = { hashtags: [hashtag('graziecina', 0.371), { ...hashtag('x', 0.1), estimates: { tweets: { default: figure(0.5) } } }] };
    expect(() => replicationChartOf({ ...summary, replication: broken } as Summary, 's.json')).toThrow(new UserError('s.json: replication.hashtags[1]: estimates.tweets.cc must be { estimate, ci95, method }'));
  });
});

describeWhenBuilt([CLI], 'botshare charts test')('botshare charts (compiled CLI)', () => {
  it("draws the report's charts byte for byte, then narrowed, retitled and sized; replaces nothing without --force", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botshare-charts-'));
    const { summary } = fixtureSummary(4);
    const report = path.join(dir, 'report');
    await writeReport(report, summary, { png: false });
    const file = path.join(report, 'summary.json');

    const plain = path.join(dir, 'plain');
    const r = charts(file, '-o', plain, '--no-png');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('skipped score-by-label: the summary has no labeled sample');
    const drawn = readdirSync(plain).sort();
    expect(drawn).toEqual(readdirSync(path.join(report, 'charts')).sort());
    for (const name of drawn) expect({ name, same: readFileSync(path.join(plain, name)).equals(readFileSync(path.join(report, 'charts', name))) }).toEqual({ name, same: true });

    const tags = summary.hashtags.map((h) => h.hashtag);
    const figure = path.join(dir, 'figure');
    expect(charts(file, '-o', figure, '--hashtags', `${tags[1].toUpperCase()},${tags[0]}`, '--width', '1200', '--title', 'Figure 1 <b>&', '--quiet').status).toBe(0);
    const spec = JSON.parse(readFileSync(path.join(figure, 'share-by-hashtag.vl.json'), 'utf8')) as { title: { text: string; subtitle: string | string[] }; hconcat: { data: { values: { label: string }[] } }[] };
    expect(spec.title.text).toBe('Figure 1 <b>&');
    expect([spec.title.subtitle].flat().join(' ')).toContain('95% percentile bootstrap interval');
    expect([...new Set(spec.hconcat[0].data.values.map((v) => v.label))]).toEqual(['all tweets', `#${tags[1]}`, `#${tags[0]}`]);
    expect(pngWidth(path.join(figure, 'share-by-hashtag.png'))).toBe(1200);
    expect(pngWidth(path.join(figure, 'daily-volume.png'))).toBe(1200);
    const svg = readFileSync(path.join(figure, 'share-by-hashtag.svg'), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*width="1200" height="\d+" viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('Figure 1 &lt;b&gt;&amp;');

    const again = charts(file, '-o', figure, '--quiet');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`${path.join(figure, 'share-by-hashtag.vl.json')} already exists; choose another output folder or pass --force to replace it`);
    expect(charts(file, '-o', figure, '--force', '--no-png', '--quiet').status).toBe(0);
    expect(readFileSync(path.join(figure, 'share-by-hashtag.svg')).equals(readFileSync(path.join(plain, 'share-by-hashtag.svg')))).toBe(true);

    const unknown = charts(file, '-o', path.join(dir, 'none'), '--hashtags', 'nosuchtag');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(`--hashtags: ${file} reports no #nosuchtag`);
    expect(existsSync(path.join(dir, 'none'))).toBe(false);
    const notSummary = charts(path.join(report, 'report.html'), '-o', path.join(dir, 'none'));
    expect(notSummary.status).toBe(2);
    expect(notSummary.stderr).toContain('report.html: not valid JSON');
    expect(notSummary.stderr).not.toContain('    at ');
  }, 120_000);
});
