// Follow mode in the live view (Chromium, simulator): a row clicked by hand stops the following for
// that job only (the next command is followed again, as a terminal shows it), and with a job's chip
// chosen the detail follows that job, never one outside the filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startWithOpenTab, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);

/** The job of the result the detail shows, read from the recording it says it shows. */
function shownJob(h: Harness, p: Page): Promise<number | null> {
  return p
    .locator('.live [data-test=result-detail]')
    .evaluate((el) => [Number(el.getAttribute('data-recording')), Number(el.getAttribute('data-pos'))])
    .then(([rec, pos]) => (h.db.prepare('SELECT job_id AS j FROM results WHERE session_id = ? AND pos = ?').get(rec, pos) as { j: number } | undefined)?.j ?? null)
    .catch(() => null);
}

async function runToEnd(p: Page, command: string, n: number): Promise<void> {
  await p.fill('[data-test=command-input]', command);
  await p.keyboard.press('Enter');
  await p.waitForFunction((k) => {
    const chips = document.querySelectorAll('[data-test=job-chip]');
    return chips.length >= k && /succeeded/.test(chips[k - 1]!.textContent ?? '');
  }, n, { timeout: 20_000 });
}

describe.skipIf(skipOrFail(missing))('follow mode (Chromium, simulator)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startWithOpenTab({ callRate: 20 });
  }, 60_000);
  afterAll(() => h?.close());

  it('a row clicked by hand stops the following; the next command is followed again', async () => {
    const p = h.page;
    await runToEnd(p, 'watch demo.MathGame primeFactors "{params, returnObj}" -x 2 -n 5', 1);
    await expect.poll(() => shownJob(h, p)).toBe(1);
    await p.locator('[data-test=result-row][data-type=watch]').first().click();
    expect(await p.locator('[data-test=follow]').isChecked()).toBe(false);
    await runToEnd(p, 'watch demo.MathGame primeFactors "{params, returnObj}" -x 2 -n 3', 2);
    await expect.poll(() => shownJob(h, p)).toBe(2);
    expect(await p.locator('[data-test=follow]').isChecked()).toBe(true);
  }, 60_000);

  it("with a job's chip chosen, the detail follows that job only", async () => {
    const p = h.page;
    // run alone: the two jobs this needs
    for (let n = await p.locator('[data-test=job-chip]').count(); n < 2; n++) await runToEnd(p, `watch demo.MathGame primeFactors "{params, returnObj}" -x 2 -n ${5 - n * 2}`, n + 1);
    await p.locator('[data-test=job-chip]').first().click();
    await expect.poll(() => shownJob(h, p)).toBe(1);
    expect(await p.locator('[data-test=result-row]').evaluateAll((rows) => rows.length)).toBeGreaterThan(0);
    // the newest of job 1 is what the detail shows, though job 2's results are newer
    const newestOfJob1 = (h.db.prepare(`SELECT MAX(pos) AS pos FROM results WHERE job_id = 1 AND type = 'watch'`).get() as { pos: number }).pos;
    expect(await p.locator('.live [data-test=result-detail]').getAttribute('data-pos')).toBe(String(newestOfJob1));
  }, 30_000);
});
