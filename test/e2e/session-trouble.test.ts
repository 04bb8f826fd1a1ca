// What a user sees when a session runs into trouble: Arthas busy enhancing, someone else's
// session, a target that stops answering. Chromium against the simulator (serve mode).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait';
import { ARTIFACTS, addTarget, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);

describe.skipIf(skipOrFail(missing))('session trouble in the live view (Chromium, serve mode)', () => {
  let h: Harness;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startHarness([{ callRate: 20 }, { callRate: 20 }], { engine: { unreachableAfterMs: 1500 } });
    await addTarget(h.page, 'payments', h.sims[0]!.url);
    await addTarget(h.page, 'ledger', h.sims[1]!.url);
  });
  afterAll(async () => h?.close());

  it('"someone else is enhancing classes" is shown as transient, and Run again runs the command once more', async () => {
    const p = h.page;
    await p.click('[data-test=target]:has-text("payments") [data-test=open-target]');
    await p.waitForSelector('[data-test=tab]:has-text("payments")');
    h.sims[0]!.busyEnhancingOnce();
    await p.fill('[data-test=command-input]', 'watch demo.MathGame primeFactors -n 3');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=busy-banner]');
    expect(await p.locator('[data-test=busy-banner]').innerText()).toContain('someone else is enhancing classes');
    await p.screenshot({ path: join(ARTIFACTS, 'busy-enhancing.png') });
    await p.click('[data-test=run-again]');
    await p.waitForFunction(() => document.querySelectorAll('[data-test=result-row][data-type=watch]').length >= 3);
    await p.waitForSelector('[data-test=busy-banner]', { state: 'detached' });
  });

  it("an observer tab asks before interrupting the owner's job: Esc keeps it running, the explicit yes interrupts", async () => {
    const p = h.page;
    await p.fill('[data-test=command-input]', 'watch demo.MathGame primeFactors -n 100000');
    await p.keyboard.press('Enter');
    await waitFor(() => [...h.sims[0]!.sessions.values()].some((s) => s.job), 'the owner job');
    const owner = [...h.sims[0]!.sessions.values()].find((s) => s.job)!;
    await p.click('[data-test=target]:has-text("payments") button:has-text("Join")');
    await p.fill('input[placeholder="Arthas session id"]', owner.id);
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => document.querySelectorAll('[data-test=tab]').length === 2);
    await p.waitForSelector('[data-test=interrupt]:not([disabled])');
    await p.click('[data-test=interrupt]');
    await p.waitForSelector('[data-test=app-dialog]');
    await p.screenshot({ path: join(ARTIFACTS, 'observer-interrupt-confirm.png') });
    await p.keyboard.press('Escape');
    await p.waitForSelector('[data-test=app-dialog]', { state: 'detached' });
    await new Promise((r) => setTimeout(r, 300));
    expect(owner.job, 'Esc leaves the owner job running').toBeDefined();
    await p.click('[data-test=interrupt]');
    await p.click('[data-test=dialog-ok]');
    await waitFor(() => !owner.job, 'the owner job interrupted');
  });

  it('a target that stops answering says "Target unreachable since HH:MM:SS" in the tab', async () => {
    const p = h.page;
    await p.click('[data-test=target]:has-text("ledger") [data-test=open-target]');
    await p.waitForSelector('[data-test=tab]:has-text("ledger")');
    await h.sims[1]!.close();
    await p.waitForSelector('[data-test=unreachable-banner]', { timeout: 15_000 });
    expect(await p.locator('[data-test=unreachable-banner]').innerText()).toMatch(/Target unreachable since \d\d:\d\d:\d\d/);
    expect(await p.locator('[data-test=tab]:has-text("ledger")').innerText()).toContain('unreachable');
    await p.screenshot({ path: join(ARTIFACTS, 'unreachable.png') });
  });
});
