/**
 * Headless Debian chromium for page tests, driven by playwright-core (as in
 * tests/report/browser.test.ts): skipped with a message when /usr/bin/chromium is missing,
 * a failure under CI=true.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';

export function describeBrowser(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM)) describe(name, fn);
  else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs chromium', () => {
        throw new Error(`${CHROMIUM} is missing and CI=true requires it (apt-get install -y chromium)`);
      });
    });
  } else describe.skip(`${name} (skipped: ${CHROMIUM} not found; apt-get install -y chromium to run it)`, fn);
}

/** A browser with an empty profile of its own and the flags from NOTES-node.md. */
export async function launchBrowser(viewport = { width: 1280, height: 860 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(await mkdtemp(path.join(tmpdir(), 'botshare-chromium-profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    viewport,
    acceptDownloads: true,
  });
}

/** What a page did that it should not: console errors and warnings, dialogs, network requests. */
export interface PageLog {
  console: string[];
  dialogs: string[];
  requests: string[];
}

/** Opens a local file, recording console errors, dialogs and any request that is not file: or blob:. */
export async function openFile(context: BrowserContext, file: string): Promise<{ page: Page; log: PageLog }> {
  const page = await context.newPage();
  const log: PageLog = { console: [], dialogs: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.console.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    log.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('blob:')) log.requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, log };
}
