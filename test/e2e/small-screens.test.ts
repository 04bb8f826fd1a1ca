// Nothing of the app may be out of reach at 1280x720 or 1024x640: every control is on screen or
// inside something that scrolls to it. Screenshots of each view at both sizes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, addTarget, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);

/** Visible controls that are off screen with no scrolling ancestor to bring them into view. */
function unreachable(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const out: string[] = [];
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const scrolls = (el: Element, axis: 'x' | 'y'): boolean => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        const s = getComputedStyle(a);
        const o = axis === 'x' ? s.overflowX : s.overflowY;
        if ((o === 'auto' || o === 'scroll') && (axis === 'x' ? a.scrollWidth > a.clientWidth : a.scrollHeight > a.clientHeight)) return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll('button, input, select, textarea, a[href], [tabindex="0"]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      // inside a closed <details> a control is not shown (its summary is the way to it)
      if (el.closest('details:not([open])') && !el.closest('summary')) continue;
      const clippedX = r.right > vw + 1 || r.left < -1;
      const clippedY = r.bottom > vh + 1 || r.top < -1;
      // a control cut off by an ancestor with overflow hidden counts too
      let hiddenBy: Element | null = null;
      for (let a = el.parentElement; a && !hiddenBy; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === 'hidden' || s.overflowY === 'hidden' || s.overflow === 'hidden') {
          const ar = a.getBoundingClientRect();
          if (r.right > ar.right + 1 || r.bottom > ar.bottom + 1) hiddenBy = a;
        }
      }
      const label = `${el.tagName.toLowerCase()} "${(el.textContent || (el as HTMLInputElement).placeholder || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
      if ((clippedX && !scrolls(el, 'x')) || (clippedY && !scrolls(el, 'y'))) out.push(`${label} off screen at ${Math.round(r.left)},${Math.round(r.top)}`);
      else if (hiddenBy && !(hiddenBy.closest('[data-test=tab-strip]') || hiddenBy.classList.contains('jobs'))) out.push(`${label} cut off by ${hiddenBy.className}`);
    }
    return out;
  });
}

describe.skipIf(skipOrFail(missing))('small screens: 1280x720 and 1024x640', () => {
  let h: Harness;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startHarness([{ callRate: 20 }, { callRate: 20 }]);
    const p = h.page;
    for (const name of ['payments-service-eu-west-production', 'ledger']) {
      await addTarget(p, name, h.sims[name === 'ledger' ? 1 : 0]!.url);
      await p.click(`[data-test=target]:has-text("${name}") [data-test=open-target]`);
      await p.waitForSelector(`[data-test=tab]:has-text("${name}") [data-state=ready]`);
    }
    for (const c of ['watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2 -n 5', 'trace demo.MathGame run -n 2', 'monitor -c 1 demo.MathGame primeFactors -n 2', 'thread']) {
      await p.fill('[data-test=command-input]', c);
      await p.keyboard.press('Enter');
      await p.waitForFunction(() => !document.querySelector('[data-test=interrupt]:not([disabled])'), undefined, { timeout: 15_000 });
      await new Promise((r) => setTimeout(r, 300));
    }
  }, 90_000);
  afterAll(async () => h?.close());

  for (const [w, hh] of [
    [1280, 720],
    [1024, 640],
  ] as const) {
    it(`every view at ${w}x${hh}: no control out of reach`, async () => {
      const p = h.page;
      await p.setViewportSize({ width: w, height: hh });
      const found: Record<string, string[]> = {};
      for (const view of ['live', 'fleet', 'recordings', 'search', 'replay', 'diff'] as const) {
        await p.click(`[data-test=nav-${view}]`);
        if (view === 'replay' && !(await p.locator('[data-test=timeline]').count())) {
          await p.click('[data-test=nav-recordings]');
          await p.locator('[data-test=recording] [data-test=replay]').first().click();
          await p.waitForSelector('[data-test=timeline]');
        }
        await new Promise((r) => setTimeout(r, 200));
        await p.screenshot({ path: join(ARTIFACTS, `${view}-${w}x${hh}.png`) });
        found[view] = await unreachable(p);
      }
      expect(found).toEqual({ live: [], fleet: [], recordings: [], search: [], replay: [], diff: [] });
    }, 60_000);
  }
});
