/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// page.evaluate's callbacks run in the browser: they see the DOM's types.
/**
 * report.html in a real browser: Debian's chromium, driven by playwright-core. Skipped with
 * a message when /usr/bin/chromium is missing, but a failure under CI=true (CI installs it).
 */
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, openFile } from '../helpers/browser.js';
import { run } from '../../src/cli/program.js';
import { report } from '../../src/pipeline/report.js';
import { fixtureSummary, HOSTILE, RATES, syntheticCorpus } from './fixture.js';
import { labeledSummary } from './labeled-summary-fixture.js';
import { writeReport } from '../../src/report/write-report.js';
import { DEFAULT_METHOD } from '../../src/estimate/default-method.js';

describeBrowser('report.html in headless chromium', () => {
  let dir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'botshare-browser-'));
    const corpus = syntheticCorpus();
    await report(
      { kind: 'scored', tweets: corpus.tweets, rates: RATES, model: 'synthetic-test', explanations: corpus.explanations },
      path.join(dir, 'out'),
      {
        bootstrap: { replicates: 200, seed: 1 },
        png: false,
        references: [
          { hashtag: 'forzacinaeitalia', share: 0.463 },
          { hashtag: 'graziecina', share: 0.371 },
        ],
      },
    );
    // An empty profile folder, and the flags from NOTES-node.md (playwright adds --headless).
    context = await launchBrowser({ width: 1200, height: 900 });
  });

  afterAll(async () => {
    await context?.close();
  });

  const open = (file: string): ReturnType<typeof openFile> => openFile(context, file);

  it('loads offline without console errors, dialogs or network requests, and is readable', async () => {
    const { page, log } = await open(path.join(dir, 'out', 'report.html'));
    expect(log).toEqual({ console: [], dialogs: [], requests: [] });
    await expect(page.title()).resolves.toBe('Bot share report');
    // The answer table: all tweets + 3 hashtags, each with a share named by its method.
    const rows = await page.locator('table.answer tbody tr').allTextContents();
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r).toMatch(new RegExp(`\\d+\\.\\d%.*${DEFAULT_METHOD}`));
    // Five charts drawn inline, each with a visible size.
    const boxes = await page.locator('figure .chart > svg').evaluateAll((svgs) =>
      svgs.map((s) => {
        const b = s.getBoundingClientRect();
        return [b.width, b.height];
      }),
    );
    expect(boxes).toHaveLength(5);
    for (const [w, h] of boxes) {
      expect(w).toBeGreaterThan(200);
      expect(h).toBeGreaterThan(100);
    }
    const shot = path.join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(50_000);
    const top = path.join(dir, 'report-top.png');
    await page.screenshot({ path: top });
    console.log(`report screenshots: ${shot} (full page), ${top} (first screen)`);
    await page.close();
  });

  it('shows hostile screen names and hashtags as text and runs none of them', async () => {
    const { page, log } = await open(path.join(dir, 'out', 'report.html'));
    const text = await page.locator('body').innerText();
    for (const h of HOSTILE) expect(text).toContain(h);
    expect(text).toContain('#<b>bold</b>');
    const dom = await page.evaluate(() => ({
      scripts: [...document.querySelectorAll('script')].map((s) => s.type),
      images: document.querySelectorAll('img').length,
      bold: [...document.querySelectorAll('b')].length,
      handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
      nestedSvg: document.querySelectorAll('svg svg').length,
    }));
    expect(dom.scripts.every((t) => t === 'application/json')).toBe(true);
    expect(dom.images).toBe(0);
    expect(dom.bold).toBe(0);
    expect(dom.handlers).toEqual([]);
    expect(dom.nestedSvg).toBe(0);
    // Had anything run, a dialog would have opened or the CSP would have logged a refusal.
    expect(log).toEqual({ console: [], dialogs: [], requests: [] });
    await page.close();
  });

  it('embeds the same chart specs that it saves beside it', async () => {
    const { page } = await open(path.join(dir, 'out', 'report.html'));
    const embedded = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('script[type="application/json"]')].map((s) => [s.getAttribute('data-chart'), JSON.parse(s.textContent ?? '')]),
      ),
    );
    expect(Object.keys(embedded).sort()).toEqual(['daily-volume', 'score-distribution', 'share-by-hashtag', 'threshold-sensitivity', 'top-accounts']);
    for (const [name, spec] of Object.entries(embedded)) {
      const saved: unknown = JSON.parse(await readFile(path.join(dir, 'out', 'charts', `${name}.vl.json`), 'utf8'));
      expect(spec).toEqual(saved);
    }
    await page.close();
  });

  it('at phone width (390 px): the page is no wider than the screen, tables and charts scroll inside it, and a labeled report says what its chart draws', async () => {
    const { summary } = fixtureSummary();
    const tags = summary.hashtags.map((h) => h.hashtag);
    const few = { code: 'few_labels', message: 'only 3 labeled account(s) in this domain (fewer than 10): the interval rests on very few points' };
    const labeled = labeledSummary({ ...summary, references: [] }, [
      { hashtag: tags[0], estimate: 0.3, labeled: 3, asBot: 0.34, flags: [few] },
      { hashtag: tags[1], estimate: 0.1, labeled: 40 },
    ], { bot: 10, human: 30, unsure: 3, empty: 0 });
    const out = path.join(dir, 'labeled');
    await writeReport(out, labeled, { png: false });
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      const { page, log } = await openFile(phone, path.join(out, 'report.html'));
      expect(log).toEqual({ console: [], dialogs: [], requests: [] });
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        screen: window.innerWidth,
        tables: [...document.querySelectorAll('table')].map((t) => t.getBoundingClientRect().right),
        chart: (() => {
          const svg = document.querySelector('#chart-share-by-hashtag svg');
          const box = document.querySelector('#chart-share-by-hashtag .chart');
          return { svg: svg?.getBoundingClientRect().width ?? 0, box: box?.clientWidth ?? 0, text: svg?.textContent ?? '' };
        })(),
      }));
      expect(widths.page).toBeLessThanOrEqual(widths.screen);
      for (const right of widths.tables) expect(right).toBeLessThanOrEqual(widths.screen);
      // The chart keeps its drawn size (its text stays readable) and scrolls in its box.
      expect(widths.chart.svg).toBeGreaterThan(widths.chart.box);
      expect(widths.chart.box).toBeLessThanOrEqual(widths.screen);
      expect(widths.chart.text).toMatch(/model-assisted estimate from the labeled sample/);
      expect(widths.chart.text).not.toMatch(/reference value|bootstrap/);
      const section = await page.locator('#labeled-sample').innerText();
      expect(section).toMatch(/few labels/);
      expect(section).toMatch(/30\.0% \/ 34\.0%/);
      const shot = path.join(dir, 'labeled-phone.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`labeled report at phone width: ${shot}`);
      await page.close();
    } finally {
      await phone.close();
    }
  });

  it('loads the report that `botshare replicate` writes from the CLI, with its simulation banner and the replication chart', async () => {
    const out = path.join(dir, 'replication');
    const code = await run(['node', 'botshare', 'replicate', '-o', out, '--data', path.join(dir, 'no-labeled-sets'), '--replicates', '200', '--no-png', '--quiet']);
    expect(code).toBe(0);
    const { page, log } = await open(path.join(out, 'report.html'));
    expect(log).toEqual({ console: [], dialogs: [], requests: [] });
    const text = await page.locator('body').innerText();
    expect(text).toMatch(/SIMULATION — not the original tweets/);
    // One SIMULATION in the banner; the labeled route's labeler is named as simulated.
    const banner = await page.locator('#simulation-banner').innerText();
    expect(banner.match(/SIMULATION/g)).toHaveLength(1);
    expect(banner).toMatch(/SIMULATED labeler/);
    await expect(page.locator('#labeled-sample h2').innerText()).resolves.toBe('The labeled sample (labels by a SIMULATED labeler)');
    expect(text).toMatch(/#forzacinaeitalia/i);
    expect(text).toMatch(/#graziecina/i);
    // The replication chart plus the report's five, drawn inline.
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(6);
    const shot = path.join(dir, 'replication.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(50_000);
    await page.close();
  }, 120_000);
});
