import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, addTarget, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();

describe.skipIf(skipOrFail(missing))('diff of watch runs and hostile values, in Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // the same method before and after a change: same calls (same seed), a changed return value
    h = await startHarness([{ callRate: 100, variant: 'v1', seed: 7 }, { callRate: 100, variant: 'v2', seed: 7 }]);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('records two runs with a changed return value, diffs them, and highlights the change', async () => {
    const p = h.page;
    for (const [name, sim] of [['before', h.sims[0]!], ['after', h.sims[1]!]] as const) {
      await addTarget(p, name, sim.url);
      await p.click(`[data-test=target]:has-text("${name}") [data-test=open-target]`);
      await p.waitForSelector(`[data-test=tab]:has-text("${name}") [data-state=ready]`);
      await p.fill('[data-test=command-input]', 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2 -n 60');
      await p.keyboard.press('Enter');
      await p.waitForSelector('[data-test=job-chip]:has-text("succeeded")');
      // the job's own results: command, enhancer, 60 watch, status (input statuses belong to job 0)
      expect(await p.locator('[data-test=job-chip]').first().innerText()).toContain('(63)');
    }
    await p.click('[data-test=nav-diff]');
    await p.selectOption('[data-test=pick-recording-before]', { label: await p.locator('[data-test=pick-recording-before] option', { hasText: 'before' }).innerText() });
    await p.selectOption('[data-test=pick-recording-after]', { label: await p.locator('[data-test=pick-recording-after] option', { hasText: 'after' }).innerText() });
    await p.waitForFunction(() => (document.querySelector('[data-test=pick-job-after]') as HTMLSelectElement | null)?.value !== '');
    await p.click('[data-test=compare]');
    await p.waitForSelector('[data-test=diff-summary]');
    const changed = parseInt(await p.locator('[data-test=diff-changed]').innerText(), 10);
    expect(changed).toBeGreaterThan(10);
    expect(await p.locator('[data-test=diff-summary]').innerText()).toMatch(/before\s+60/);
    // the highlighted change: the return value reversed, or an empty list instead of an exception
    const ins = p.locator('[data-test=diff-ins]').first();
    expect(await ins.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    await p.screenshot({ path: join(ARTIFACTS, 'diff.png') });
  });

  it('a change of options marks the shown result out of date at once, then compares again by itself', async () => {
    const p = h.page;
    const changed = parseInt(await p.locator('[data-test=diff-changed]').innerText(), 10);
    const before = await p.locator('[data-test=diff-pair]').count();
    expect(before).toBeGreaterThan(changed);
    await p.locator('label:has-text("only changed calls") input').check();
    await p.waitForSelector('[data-test=diff-stale]', { timeout: 1000 });
    await p.screenshot({ path: join(ARTIFACTS, 'diff-stale.png') });
    await p.waitForSelector('[data-test=diff-stale]', { state: 'detached' });
    expect(await p.locator('[data-test=diff-pair]').count()).toBe(changed);
    await p.locator('label:has-text("only changed calls") input').uncheck();
    await p.waitForSelector('[data-test=diff-stale]', { state: 'detached' });
    await p.waitForFunction((n) => document.querySelectorAll('[data-test=diff-pair]').length === n, before);
  });

  it('shows hostile values as text: ANSI, right-to-left, zero-width, huge (with a marker)', async () => {
    const p = h.page;
    await p.click('[data-test=nav-live]');
    await p.click('[data-test=tab]:has-text("after")');
    // results come to a session through a job of it: one runs (its method not called meanwhile, so
    // that its own rows do not push these out of the list's window) while the server sends them
    h.sims[1]!.setCallRate(0);
    await p.waitForSelector('[data-test=command-input]:not([disabled])');
    await p.fill('[data-test=command-input]', 'watch demo.MathGame primeFactors -n 100000');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=interrupt]:not([disabled])');
    h.sims[1]!.injectRaw('{"type":"message","jobId":0,"message":"\\u001b[31mred\\u001b[0m ‮evil‬ zero​width <b>bold</b>"}');
    h.sims[1]!.injectRaw(`{"type":"ognl","jobId":0,"value":"${'z'.repeat(2 * 1024 * 1024)}"}`, 'ognl');
    const big = p.locator('[data-test=result-row][data-type=ognl]');
    await big.first().waitFor();
    expect(await big.first().innerText()).toMatch(/too large to show here/);
    await big.first().click();
    await p.waitForSelector('[data-test=truncated]');
    expect(await p.locator('[data-test=truncated]').innerText()).toMatch(/2\.0 MB: too large to show whole/);
    const msg = p.locator('[data-test=result-row][data-type=message]', { hasText: 'evil' });
    // the escape, the right-to-left override and the zero-width space are shown as marks, not obeyed:
    // no colour from ANSI, "evil" not turned into "live", no word joined in secret
    const marked = '⟨U+001B⟩[31mred⟨U+001B⟩[0m ⟨U+202E⟩evil⟨U+202C⟩ zero⟨U+200B⟩width <b>bold</b>';
    expect(await msg.first().innerText()).toContain(marked);
    await msg.first().click();
    const detail = p.locator('[data-test=result-detail]');
    expect(await detail.innerText()).toContain(marked);
    for (const hidden of ['\u001b', '\u202e', '\u200b']) expect(await detail.innerText()).not.toContain(hidden);
    expect(await detail.locator('b').count()).toBe(0);
    // the raw JSON keeps the exact text (the recording does too: see the fault tests)
    expect(await detail.evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('isolate');
    await p.screenshot({ path: join(ARTIFACTS, 'live-hostile-values.png') });
    await p.click('[data-test=interrupt]');
    h.sims[1]!.setCallRate(100);
  });
});
