// The members' profiles of a fleet side by side in Chromium (#39.4): two pods profiled alike and one
// that spends a fifth of its time in a lock; the Fleet view's comparison leads with that method, the
// slow pod's cell marked; a member without a profile is named. Screenshots in both languages.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedDump, profiledFleet, slowerBy } from '../support/profiled-fleet';
import { skipOrFail } from '../support/real-tier';
import { ARTIFACTS, startHarness, uiPrerequisites, type Harness } from './harness';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);

describe.skipIf(skipOrFail(missing))("a fleet's profiles compared (Chromium, 1280x800)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness([]);
    const a = capturedDump('4 profiler dumpCollapsed');
    profiledFleet(h.db, [['pod-1', a], ['pod-2', a], ['pod-3', slowerBy(a, 'demo/Slow.lockedCheckout')], ['pod-4', null]]);
    await h.page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);
  afterAll(async () => h?.close());

  it('leads with the method that sets one pod apart, that pod marked; the pod without a profile named', async () => {
    const p = h.page;
    await p.click('[data-test=nav-fleet]');
    await p.click('[data-test=fleet] button:has-text("checkout pods")');
    await p.click('[data-test=fleet-compare-profiles]');
    const first = p.locator('[data-test=fleet-profile-method]').first();
    await first.waitFor();
    expect(await first.getAttribute('data-frame')).toBe('demo/Slow.lockedCheckout');
    expect(await first.getAttribute('data-hottest')).toBe('pod-3');
    // the Java name, the slow pod's share (a fifth) and the others' none
    expect(await first.locator('td').first().innerText()).toBe('demo.Slow.lockedCheckout');
    expect((await first.locator('td.hottest').innerText()).trim()).toBe('20 %');
    expect(await p.locator('[data-test=fleet-profiles-missing]').innerText()).toContain('pod-4');
    await p.locator('[data-test=fleet-profiles]').scrollIntoViewIfNeeded();
    await p.screenshot({ path: join(ARTIFACTS, 'fleet-profiles-1280x800-en.png') });
    await p.selectOption('[data-test=pref-locale]', 'zh-CN');
    await p.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await p.locator('[data-test=fleet-profiles]').scrollIntoViewIfNeeded();
    await p.screenshot({ path: join(ARTIFACTS, 'fleet-profiles-1280x800-zh-CN.png') });
    await p.selectOption('[data-test=pref-locale]', 'en');
    expect((p as unknown as { errors: string[] }).errors).toEqual([]);
  });
});
