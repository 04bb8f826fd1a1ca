// What a page does that a shared, offline page must not: any request but its own file, a script
// error or console error, a dialog (dismissed and counted). Collected while a test runs.
import type { Page } from 'playwright-core';

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
