// What a page does that a shared, offline page must not: any request but its own file, a script
// error or console error, a dialog (dismissed and counted). Collected while a test runs.
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export function watchPage(page: Page, ownUrl: string): { requests: string[]; problems: string[] } {
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== ownUrl) requests.push(r.url());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { requests, problems };
}

/** A shared page opened as a colleague opens it: its file in a fresh context with the network off, watched, ready. */
export async function openOffline(browser: Browser, file: string, viewport = { width: 1280, height: 720 }): Promise<{ page: Page; context: BrowserContext; requests: string[]; problems: string[] }> {
  const context = await browser.newContext({ viewport });
  await context.setOffline(true);
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const { requests, problems } = watchPage(page, url);
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]');
  return { page, context, requests, problems };
}
