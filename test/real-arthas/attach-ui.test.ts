// The JVM list and one-click attach in the app (Chromium, serve mode), against a real math-game.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeckEvent } from '../../src/shared/contract';
import { ARTIFACTS, startHarness, uiPrerequisites, type Harness } from '../e2e/harness';
import { arthasHome, realArthasUnavailable, startJvm, type Jvm } from './support/real-jvm';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable() ?? uiPrerequisites() ?? (process.platform !== 'linux' ? 'local discovery is tested on Linux' : null);
if (why) console.warn(`real-Arthas attach UI tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('local JVMs in the app: list, attach, a tab (real Arthas)', () => {
  let h: Harness;
  let jvm: Jvm;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    jvm = await startJvm({ kind: 'math-game' });
    h = await startHarness([]);
    await h.page.setViewportSize({ width: 1280, height: 720 });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await jvm?.kill();
  });

  it('lists the JVM, attaches Arthas in one click, and opens a tab that records it', async () => {
    const p = h.page;
    await p.click('[data-test=find-jvms]');
    const row = p.locator(`[data-test=local-jvm][data-pid="${jvm.pid}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('math-game.jar');
    await p.fill('[data-test=arthas-home]', arthasHome()!);
    await p.screenshot({ path: join(ARTIFACTS, 'local-jvms.png') });
    const events: DeckEvent[] = [];
    const off = h.service.onEvent((e) => events.push(e));
    await row.locator('[data-test=attach]').click();
    // the attach shows its steps while it works
    await p.waitForSelector('[data-test=task][data-task^=attach] [data-test=task-step]', { timeout: 20_000 });
    await p.screenshot({ path: join(ARTIFACTS, 'attach-steps.png') });
    await p.waitForSelector('[data-test=tab]:has-text("math-game (pid")', { timeout: 60_000 });
    off();
    const steps = events.flatMap((e) => (e.type === 'task.progress' && e.progress.what === 'attach' ? [e.progress.phase] : []));
    expect([...new Set(steps)]).toEqual(['finding the JVM', 'loading the agent', 'waiting for the HTTP API']);
    expect(events.some((e) => e.type === 'task.done' && e.taskId.startsWith('attach') && e.ok)).toBe(true);
    await p.waitForSelector('[data-test=tab] [data-state=ready]');
    await p.fill('[data-test=command-input]', 'version');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=result-row][data-type=version]');
    await p.waitForSelector(`[data-test=local-jvm][data-pid="${jvm.pid}"]:has-text("Arthas 4.3.4 on :")`);
    await p.screenshot({ path: join(ARTIFACTS, 'attached-tab.png') });
  }, 90_000);
});
