/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// page.evaluate's callbacks run in the browser: they see the DOM's types.
/**
 * label.html in headless chromium: labeled by keypress from a file:// URL, reloaded, exported,
 * and the downloaded sample.csv read back with parseLabels.
 */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labelPageHtml, sampleRowsOf } from '../../src/report/label-page.js';
import { parseLabels, sampleCsv, type LabelWord } from '../../src/labeled/sample-csv.js';
import { describeBrowser, launchBrowser, openFile, type PageLog } from '../helpers/browser.js';
import { HOSTILE_DESCRIPTION, HOSTILE_NAME, HOSTILE_TWEET, labelSample } from './label-fixture.js';

const input = labelSample(6, 3);
const scoreOf = (rank: number): string => `model score ${(input.accounts[rank - 1].score ?? NaN).toFixed(2)}`;

describeBrowser('label.html in headless chromium', () => {
  let dir: string;
  let file: string;
  let context: BrowserContext;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'botshare-label-page-'));
    file = path.join(dir, 'label.html');
    await writeFile(file, labelPageHtml(input));
    context = await launchBrowser();
  });

  afterAll(async () => {
    await context?.close();
  });

  const shown = (page: Page): Promise<string | null> => page.locator('article.account').getAttribute('data-rank');
  const progress = (page: Page): Promise<string | null> => page.locator('#progress-text').textContent();
  const scoreShown = (page: Page): Promise<string> => page.locator('article.account').innerText();

  async function exported(page: Page, button = '#export'): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    expect(download.suggestedFilename()).toBe('sample.csv');
    const saved = path.join(dir, `export-${Date.now()}.csv`);
    await download.saveAs(saved);
    return readFile(saved, 'utf8');
  }

  it('labels by keypress in rank order, hides the score until labeled, persists, and exports what parseLabels reads', async () => {
    const { page, log } = await openFile(context, file);
    await expect(page.title()).resolves.toBe('Label 6 accounts — botshare');
    expect(await shown(page)).toBe('1');
    expect(await progress(page)).toBe('0 of 6 labeled');
    // Before a label: no score anywhere in what the page shows.
    expect(await page.locator('#score').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/model score/);

    await page.keyboard.press('b');
    expect(await shown(page)).toBe('2');
    expect(await progress(page)).toBe('1 of 6 labeled');
    expect(await page.locator('#last').innerText()).toContain(`→ bot · ${scoreOf(1)}`);
    expect(await scoreShown(page)).not.toMatch(/model score/);

    await page.keyboard.press('h');
    await page.keyboard.press('Backspace');
    expect(await shown(page)).toBe('2');
    expect(await page.locator('#score').innerText()).toBe(`your label: human · ${scoreOf(2)}`);
    await page.keyboard.press('u'); // relabel 2, and on to 3
    expect(await shown(page)).toBe('3');
    expect(await progress(page)).toBe('2 of 6 labeled');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await shown(page)).toBe('1');
    expect(await page.locator('#score').innerText()).toBe(`your label: bot · ${scoreOf(1)}`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight'); // no further than the first unlabeled
    expect(await shown(page)).toBe('3');
    expect(await page.locator('#forward').isDisabled()).toBe(true);
    await page.click('button.label-button.bot'); // the button does what the key does
    expect(await shown(page)).toBe('4');

    // The labeler's name: typed once (its letters label nothing), kept with the labels, and
    // written on every labeled row, guarded as the CSV writer guards it.
    const name = `=HYPERLINK("x"), 'Ann B.'`;
    await page.fill('#labeler', name);
    await page.keyboard.press('Enter');
    expect(await progress(page)).toBe('3 of 6 labeled');

    await page.reload({ waitUntil: 'load' });
    expect(await progress(page)).toBe('3 of 6 labeled');
    expect(await shown(page)).toBe('4');
    expect(await page.locator('#score').count()).toBe(0);
    expect(await page.inputValue('#labeler')).toBe(name);

    const partial = await exported(page);
    const labels: (LabelWord | null)[] = ['bot', 'unsure', 'bot', null, null, null];
    expect(partial).toBe(sampleCsv(sampleRowsOf(input).map((r, i) => ({ ...r, label: labels[i], labeler: labels[i] === null ? null : name }))));
    const read = parseLabels(partial, 'sample.csv');
    expect(read.rows.map((r) => r.label)).toEqual(labels);
    expect(read.rows.map((r) => r.labeler)).toEqual(labels.map((l) => (l === null ? null : name)));
    expect(read.sampleId).toBe(input.sampleId);

    for (const key of ['h', 'H', 'u']) await page.keyboard.press(key);
    expect(await page.locator('section.done h1').innerText()).toBe('All 6 accounts are labeled.');
    expect(await progress(page)).toBe('6 of 6 labeled');
    const full = parseLabels(await exported(page, 'section.done button.export-done'), 'sample.csv');
    expect(full.rows.map((r) => r.label)).toEqual(['bot', 'unsure', 'bot', 'human', 'human', 'unsure']);
    expect(full.warnings).toEqual([]);

    expect(log).toEqual<PageLog>({ console: [], dialogs: [], requests: [] });
    await page.close();
  });

  it('shows hostile names, descriptions and tweets as text and runs none of them', async () => {
    const { page, log } = await openFile(context, file);
    await page.evaluate((key) => window.localStorage.removeItem(key), `botshare-labels:${input.sampleId}`);
    await page.reload({ waitUntil: 'load' });
    expect(await shown(page)).toBe('1');
    const card = await page.locator('article.account').innerText();
    expect(card).toContain(HOSTILE_NAME);
    expect(card).toContain(`@${HOSTILE_NAME}`);
    expect(card).toContain(HOSTILE_DESCRIPTION);
    const texts = await page.locator('.tweet-list .text').allTextContents();
    expect(texts).toContain(HOSTILE_TWEET);
    const dom = await page.evaluate(() => ({
      scripts: [...document.querySelectorAll('script')].map((s) => s.type),
      images: document.querySelectorAll('img').length,
      bold: document.querySelectorAll('b').length,
      svgInText: document.querySelectorAll('.profile svg, .tweets svg').length,
      handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
    }));
    expect(dom).toEqual({ scripts: ['application/json', ''], images: 0, bold: 0, svgInText: 0, handlers: [] });
    const shot = path.join(dir, 'label-page.png');
    await page.screenshot({ path: shot });
    expect((await stat(shot)).size).toBeGreaterThan(30_000);
    console.log(`label page screenshot: ${shot}`);
    expect(log).toEqual<PageLog>({ console: [], dialogs: [], requests: [] });
    await page.close();
  });

  it('still labels and exports where the browser blocks storage, and says that labels will not be kept', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // As a browser with site data disabled does: reading localStorage throws.
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('storage is blocked', 'SecurityError');
        },
      });
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    expect(await page.locator('#storage-warning').isVisible()).toBe(true);
    expect(await page.locator('#storage-warning').innerText()).toContain('export sample.csv before closing');
    await page.keyboard.press('h');
    expect(await progress(page)).toBe('1 of 6 labeled');
    expect(parseLabels(await exported(page), 'sample.csv').rows[0].label).toBe('human');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('ignores stored labels that are not its own (other ids, unknown words, a polluting key) and key repeats', async () => {
    const { page, log } = await openFile(context, file);
    const first = input.accounts[0].userId;
    await page.evaluate(
      ([key, id]) =>
        window.localStorage.setItem(key, `{"labels":[["${id}","bot"],["${id}x","human"],["__proto__","bot"],["${id}","<b>x</b>"]],"__proto__":{"polluted":1}}`),
      [`botshare-labels:${input.sampleId}`, first] as const,
    );
    await page.reload({ waitUntil: 'load' });
    // The last pair for the first id is not a label: the earlier "bot" stands; nothing else is read.
    expect(await progress(page)).toBe('1 of 6 labeled');
    expect(await page.evaluate(() => ({} as Record<string, unknown>).polluted)).toBeUndefined();
    await page.evaluate((key) => window.localStorage.setItem(key, 'not json'), `botshare-labels:${input.sampleId}`);
    await page.reload({ waitUntil: 'load' });
    expect(await progress(page)).toBe('0 of 6 labeled');
    // A held key (a repeat) labels one account, not a run of them.
    await page.keyboard.down('h');
    await page.keyboard.down('h');
    await page.keyboard.up('h');
    expect(await progress(page)).toBe('1 of 6 labeled');
    expect(log).toEqual<PageLog>({ console: [], dialogs: [], requests: [] });
    await page.close();
  });
});
