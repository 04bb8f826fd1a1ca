// The fleet in Chromium: a group made in the app, one command run on all its members (one of them
// down), their results on one timeline tagged by member and filtered, the comparison naming the
// member whose return values differ; and a second job beside a running one. Screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, addTarget, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);

describe.skipIf(skipOrFail(missing))('fleet view (Chromium, 1280x800)', () => {
  let h: Harness;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startHarness([
      { callRate: 100, seed: 3 },
      { callRate: 100, seed: 3 },
      { callRate: 100, seed: 3, variant: 'v2' },
    ]);
    await h.page.setViewportSize({ width: 1280, height: 800 });
    for (const [i, s] of h.sims.entries()) await addTarget(h.page, `pay-${i + 1}`, s.url);
    await addTarget(h.page, 'pay-down', 'http://127.0.0.1:9');
  }, 60_000);
  afterAll(async () => h?.close());

  it('groups, broadcasts, merges, filters and compares', async () => {
    const p = h.page;
    await p.click('[data-test=nav-fleet]');
    await p.click('[data-test=new-group]');
    await p.fill('[data-test=group-name]', 'payments');
    for (const cb of await p.locator('[data-test=group-member]').all()) await cb.check();
    await p.click('[data-test=group-save]');
    await p.waitForSelector('[data-test=group]:has-text("payments")');
    await p.fill('[data-test=fleet-command]', 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2 -n 40');
    await p.click('[data-test=fleet-run]');
    await p.waitForSelector('[data-test=fleet-member][data-member=pay-down][data-state=failed]');
    expect(await p.locator('[data-test=fleet-member][data-member=pay-down]').innerText()).toMatch(/refused/i);
    await p.waitForFunction(() => document.querySelectorAll('[data-test=fleet-member][data-state=done]').length === 3, undefined, { timeout: 20_000 });
    // one timeline, tagged by member
    await p.waitForFunction(() => new Set([...document.querySelectorAll('[data-test=fleet-row]')].map((r) => r.getAttribute('data-member'))).size === 3);
    await p.screenshot({ path: join(ARTIFACTS, 'fleet-view.png') });
    // members' tabs are in Live too, one session each
    expect(await p.locator('[data-test=tab]').count()).toBe(3);
    // filter: pay-1 hidden
    await p.locator('[data-test=fleet-member][data-member=pay-1] [data-test=member-filter]').uncheck();
    await p.waitForFunction(() => ![...document.querySelectorAll('[data-test=fleet-row]')].some((r) => r.getAttribute('data-member') === 'pay-1'));
    await p.locator('[data-test=fleet-member][data-member=pay-1] [data-test=member-filter]').check();
    // compare: pay-3 (another build) returns other values
    await p.click('[data-test=fleet-compare]');
    await p.waitForSelector('[data-test=fleet-comparison]');
    const outliers = await p.$$eval('[data-test=fleet-compare-row][data-outlier=true] th', (ths) => ths.map((th) => th.textContent));
    expect(outliers).toHaveLength(1);
    expect(outliers[0]).toContain('pay-3');
    expect(await p.locator('[data-test=fleet-difference]').count()).toBeGreaterThan(0);
    await p.locator('[data-test=fleet-comparison]').screenshot({ path: join(ARTIFACTS, 'fleet-comparison.png') });
    await p.click('[data-test=fleet-close]');
    await p.waitForFunction(() => document.querySelectorAll('[data-test=tab]').length === 0);
    // ended: the merged timeline replays at its recorded pace
    await p.waitForSelector('[data-test=fleet-play]');
    await p.click('[data-test=fleet-play]');
    await p.waitForFunction(() => Number(/^(\d+) \//.exec(document.querySelector('[data-test=fleet-position]')?.textContent ?? '')?.[1] ?? 0) > 3);
    await p.click('[data-test=fleet-play]');
    await p.locator('[data-test=fleet-slider]').fill('0');
    expect(await p.locator('[data-test=fleet-position]').innerText()).toMatch(/^1 \//);
    await p.waitForSelector('.fleet [data-test=result-detail]');
    await p.screenshot({ path: join(ARTIFACTS, 'fleet-replay.png') });
    // searched as a whole: the Search view, narrowed to this fleet's recordings
    await p.click('[data-test=fleet-search]');
    await p.fill('[data-test=search-text]', 'Integer');
    await p.click('[data-test=search-go]');
    await p.waitForSelector('[data-test=search-hit]');
    const where = await p.$$eval('[data-test=search-hit] .where', (els) => els.map((e) => e.textContent ?? ''));
    expect(where.length).toBeGreaterThan(0);
    expect(where.every((w) => /pay-[123]/.test(w))).toBe(true);
    const errors = (p as unknown as { errors: string[] }).errors;
    expect(errors).toEqual([]);
  }, 90_000);

  it('a second job beside a running one: another session on the same JVM, each interrupted on its own', async () => {
    const p = h.page;
    await p.click('[data-test=nav-live]');
    await p.click('[data-test=target]:has-text("pay-1") [data-test=open-target]');
    await p.waitForSelector('[data-test=tab] [data-state=ready]');
    await p.fill('[data-test=command-input]', 'watch demo.MathGame primeFactors -n 100000000');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=interrupt]:not([disabled])');
    await p.fill('[data-test=command-input]', 'trace demo.MathGame run -n 100000000');
    await p.click('[data-test=run-beside]');
    await p.waitForFunction(() => document.querySelectorAll('[data-test=tab]').length === 2);
    await p.waitForSelector('[data-test=tab]:has-text("job 2")');
    // the second tab's job runs; interrupting it leaves the first running
    await p.click('[data-test=tab]:has-text("job 2") .pick');
    await p.waitForSelector('[data-test=result-row][data-type=trace]');
    await p.click('[data-test=interrupt]');
    await p.waitForSelector('[data-test=interrupt][disabled]');
    await p.locator('[data-test=tab]').first().locator('.pick').click();
    expect(await p.locator('[data-test=interrupt]').isDisabled()).toBe(false);
    await p.click('[data-test=nav-fleet]');
    await p.locator('[data-test=fleet]:has-text("jobs") .link').first().click();
    await p.waitForSelector('[data-test=fleet-member][data-member="job 2"][data-state=done]');
    await p.waitForSelector('[data-test=fleet-member][data-member="job 1"][data-state=running]');
    await p.screenshot({ path: join(ARTIFACTS, 'fleet-two-jobs.png') });
    await p.click('[data-test=fleet-close]');
  }, 60_000);
});
