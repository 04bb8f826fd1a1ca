import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, addTarget, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

/** If the list stopped following (the user scrolled or clicked a row), its button brings the newest back. */
async function showLatest(p: Page): Promise<void> {
  const button = p.locator('[data-test=to-latest]');
  if (await button.count()) await button.click();
}

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);

describe.skipIf(skipOrFail(missing))('live UI in Chromium against two simulators (serve mode)', () => {
  let h: Harness;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startHarness([{ callRate: 20 }, { callRate: 10, encoding: '3.x' }]);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('adds two targets, opens both tabs and runs watch in each; rows arrive in both', async () => {
    const p = h.page;
    await addTarget(p, 'orders', h.sims[0]!.url);
    await addTarget(p, 'billing', h.sims[1]!.url);
    for (const name of ['orders', 'billing']) {
      await p.click(`[data-test=target]:has-text("${name}") [data-test=open-target]`);
      await p.waitForSelector(`[data-test=tab]:has-text("${name}") [data-state=ready]`);
      await p.fill('[data-test=command-input]', 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2 -n 100000000');
      await p.keyboard.press('Enter');
      await p.waitForSelector('[data-test=result-row][data-type=watch]');
    }
    expect(await p.locator('[data-test=tab]').count()).toBe(2);
    await p.screenshot({ path: join(ARTIFACTS, 'live-billing-3x.png') });
    // the background tab kept recording
    await p.click('[data-test=tab]:has-text("orders")');
    await p.waitForFunction(() => document.querySelectorAll('[data-test=result-row][data-type=watch]').length > 5);
    await p.click('[data-test=result-row][data-type=watch] >> nth=2');
    await p.waitForSelector('[data-test=value-text]');
    await p.screenshot({ path: join(ARTIFACTS, 'live-orders-4x.png') });
    const counts = h.db.prepare(`SELECT target_name AS t, COUNT(*) AS n FROM results r JOIN sessions s ON s.id = r.session_id WHERE r.type = 'watch' GROUP BY target_name`).all() as Array<{ t: string; n: number }>;
    expect(counts.map((c) => c.t).sort()).toEqual(['billing', 'orders']);
  });

  it('interrupts the running job from the UI and shows the job as interrupted', async () => {
    const p = h.page;
    await p.click('[data-test=interrupt]');
    await p.waitForSelector('[data-test=job-chip]:has-text("interrupted")');
    await p.waitForTimeout(300);
    expect(await p.locator('[data-test=job-chip]').first().innerText()).toContain('interrupted');
    await p.waitForSelector('[data-test=tab]:has-text("orders") [data-state=ready]');
  });

  it('runs an unknown command and shows its error (a failed command, as Arthas 4.3.4 answers)', async () => {
    const p = h.page;
    await p.fill('[data-test=command-input]', 'frobnicate --now');
    await p.keyboard.press('Enter');
    await showLatest(p);
    const row = p.locator('[data-test=result-row][data-type=command]', { hasText: 'frobnicate: command not found' });
    await row.first().waitFor();
    expect(await row.first().getAttribute('class')).toContain('error');
  });

  it('shows a result value containing HTML as text, never as markup', async () => {
    const p = h.page;
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await p.fill('[data-test=command-input]', `echo '${hostile}'`);
    await p.keyboard.press('Enter');
    await showLatest(p);
    const row = p.locator('[data-test=result-row][data-type=message]', { hasText: '<img src=x' });
    await row.first().click();
    await p.waitForSelector('[data-test=result-detail]');
    expect(await p.locator('[data-test=result-detail]').innerText()).toContain(hostile);
    expect(await p.locator('img[src=x]').count()).toBe(0);
    expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await p.screenshot({ path: join(ARTIFACTS, 'live-hostile-text.png') });
  });

  it('closes a tab, which closes its Arthas session', async () => {
    const p = h.page;
    expect(h.sims[0]!.sessions.size).toBe(1);
    await p.click('[data-test=tab]:has-text("orders") [data-test=close-tab]');
    await p.waitForFunction(() => document.querySelectorAll('[data-test=tab]').length === 1);
    expect(h.sims[0]!.sessions.size).toBe(0);
  });

  it('tells what is wrong when a target cannot be used (connection test and open)', async () => {
    const p = h.page;
    await p.click('[data-test=add-target]');
    await p.fill('[data-test=target-name]', 'nowhere');
    await p.fill('[data-test=target-url]', 'http://127.0.0.1:9');
    await p.click('[data-test=target-test]');
    await p.waitForSelector('[data-test=check-result]');
    expect(await p.locator('[data-test=check-result]').innerText()).toContain('Connection refused');
    await p.screenshot({ path: join(ARTIFACTS, 'target-dialog-refused.png') });
    await p.click('[data-test=target-save]');
    await p.click('[data-test=target]:has-text("nowhere") [data-test=open-target]');
    await p.waitForSelector('[data-test=notice]:has-text("Connection refused")');
  });

  it('lists the recordings, replays one and seeks on the timeline', async () => {
    const p = h.page;
    await p.click('[data-test=nav-recordings]');
    await p.waitForSelector('[data-test=recording]');
    expect(await p.locator('[data-test=recording]').count()).toBe(2);
    await p.screenshot({ path: join(ARTIFACTS, 'recordings.png') });
    await p.click('[data-test=recording]:has-text("orders") [data-test=replay]');
    await p.waitForSelector('[data-test=timeline]');
    const position = async (): Promise<[number, number]> => {
      const [a, b] = ((await p.locator('[data-test=replay-position]').innerText()).split(' · ')[0] ?? '').split('/').map((x) => parseInt(x, 10));
      return [a!, b!];
    };
    const box = (await p.locator('[data-test=timeline]').boundingBox())!;
    await p.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await p.waitForFunction(() => /^[1-9]\d* \//.test(document.querySelector('[data-test=replay-position]')?.textContent ?? ''));
    const [mid, total] = await position();
    expect(mid).toBeGreaterThan(0);
    expect(mid).toBeLessThan(total);
    await p.click('[data-test=to-end]');
    await p.waitForFunction(() => {
      const [a, b] = (document.querySelector('[data-test=replay-position]')?.textContent ?? '').split(' · ')[0]!.split('/').map((x) => parseInt(x, 10));
      return a === b && a! > 0;
    });
    await p.click('[data-test=to-start]');
    await p.click('[data-test=step]');
    // one step shows the first batch (the results received together)
    await p.waitForFunction(() => /^[1-9]\d* \//.test(document.querySelector('[data-test=replay-position]')?.textContent ?? ''));
    const [stepped] = await position();
    expect(stepped).toBeLessThan(total);
    expect(await p.locator('[data-test=result-row]').count()).toBeGreaterThan(0);
    await p.screenshot({ path: join(ARTIFACTS, 'replay.png') });
    const errors = (p as unknown as { errors: string[] }).errors;
    expect(errors).toEqual([]);
  });
});
