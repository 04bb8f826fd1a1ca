// Keyboard and screen readers: an axe-core scan of each view reports no serious or critical
// violation, and the main actions work from the keyboard with a visible focus (Chromium).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTarget, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function seriousViolations(p: Page): Promise<string[]> {
  if (!(await p.evaluate(() => 'axe' in window))) await p.addScriptTag({ content: AXE });
  const violations = (await p.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } }).axe.run(document, { resultTypes: ['violations'] });
    return r.violations;
  })) as Violation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(skipOrFail(missing))('accessibility (axe-core) and keyboard use', () => {
  let h: Harness;
  beforeAll(async () => {
    // the page's CSP forbids inline scripts; the scanner is injected by the test browser only
    h = await startHarness([{ callRate: 20 }]);
    await h.page.close();
    h.page = await h.browser.newPage({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
    await h.page.goto(h.host.url);
    await addTarget(h.page, 'orders', h.sims[0]!.url);
    await h.page.click('[data-test=target]:has-text("orders") [data-test=open-target]');
    await h.page.waitForSelector('[data-test=tab]:has-text("orders") [data-state=ready]');
    await h.page.fill('[data-test=command-input]', 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2 -n 5');
    await h.page.keyboard.press('Enter');
    await h.page.waitForSelector('[data-test=job-chip]:has-text("succeeded")');
    await h.page.locator('[data-test=result-row][data-type=watch]').first().click();
  }, 60_000);
  afterAll(async () => h?.close());

  for (const theme of ['light', 'dark'] as const) {
    it(`each view has no serious or critical axe violation (${theme} theme: contrast included)`, async () => {
      const p = h.page;
      await p.selectOption('[data-test=pref-theme]', theme);
      await p.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
      const found: Record<string, string[]> = {};
      await p.click('[data-test=nav-live]');
      found.live = await seriousViolations(p);
      await p.click('[data-test=nav-recordings]');
      await p.waitForSelector('[data-test=recording]');
      found.recordings = await seriousViolations(p);
      await p.click('[data-test=nav-search]');
      await p.fill('[data-test=search-text]', 'Integer');
      await p.click('[data-test=search-go]');
      await p.waitForSelector('[data-test=search-hit]');
      found.search = await seriousViolations(p);
      await p.click('[data-test=nav-recordings]');
      await p.locator('[data-test=recording] [data-test=replay]').first().click();
      await p.waitForSelector('[data-test=timeline]');
      found.replay = await seriousViolations(p);
      await p.click('[data-test=nav-diff]');
      found.diff = await seriousViolations(p);
      await p.click('[data-test=nav-fleet]');
      await p.waitForSelector('[data-test=new-group]');
      found.fleet = await seriousViolations(p);
      await p.click('[data-test=nav-live]');
      await p.click('[data-test=add-target]');
      found.targetDialog = await seriousViolations(p);
      await p.keyboard.press('Escape');
      expect(found).toEqual({ live: [], recordings: [], search: [], replay: [], diff: [], fleet: [], targetDialog: [] });
      await p.selectOption('[data-test=pref-theme]', 'system');
    }, 60_000);
  }

  it('runs a command, opens a result and moves between views from the keyboard, with a visible focus', async () => {
    const p = h.page;
    await p.click('[data-test=nav-live]');
    await p.focus('[data-test=command-input]');
    await p.keyboard.type('version');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=result-row][data-type=version]');
    // a result row is reachable with Tab and opens with Enter
    const row = p.locator('[data-test=result-row][data-type=version]').first();
    await row.focus();
    expect(await row.evaluate((el) => el === document.activeElement)).toBe(true);
    const outline = await row.evaluate((el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).boxShadow);
    expect(outline).not.toBe('none none');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=result-detail]:has-text("version")');
    // the navigation is buttons: Tab reaches them, Enter switches
    await p.focus('[data-test=nav-recordings]');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=recording]');
  });

  it('Escape closes a dialog box wherever the focus is (the Libraries dialog, focus back on the page)', async () => {
    const p = h.page;
    await p.click('[data-test=nav-recordings]');
    for (const focusOnPage of [false, true]) {
      await p.click('[data-test=manage-libraries]');
      await p.waitForSelector('[data-test=libraries-dialog]');
      // a click on its text, or a button that went away, leaves the focus on the page, not in the box
      if (focusOnPage) await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await p.keyboard.press('Escape');
      await p.waitForSelector('[data-test=libraries-dialog]', { state: 'detached', timeout: 2000 });
    }
  });
});
