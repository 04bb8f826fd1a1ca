// The JVM list and one-click attach in the app (Chromium, serve mode), against a real math-game.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeckEvent } from '../../src/shared/contract';
import { ARTIFACTS, startHarness, uiPrerequisites, type Harness } from '../e2e/harness';
import { arthasHome, realArthasUnavailable, startJvm, type Jvm } from './support/real-jvm';
import { requireReal, skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable() ?? uiPrerequisites() ?? (process.platform !== 'linux' ? 'local discovery is tested on Linux' : null);
if (why) console.warn(`real-Arthas attach UI tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('local JVMs in the app: list, attach, a tab (real Arthas)', () => {
  let h: Harness;
  let jvm: Jvm;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    jvm = await startJvm({ kind: 'math-game', programArgs: ['--deck-test', 'one two'] });
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
    // what it runs with, which Java, and whose it is: Attach is never a careless click
    expect(await row.locator('[data-test=jvm-args]').innerText()).toBe('--deck-test one two');
    const release = readFileSync(join(dirname(dirname(realpathSync(readlinkSync(`/proc/${jvm.pid}/exe`)))), 'release'), 'utf8');
    expect(await row.innerText()).toContain(`Java ${/^JAVA_VERSION="([^"]+)"/m.exec(release)![1]}`);
    expect(await row.locator('[data-test=jvm-mine]').innerText()).toContain(userInfo().username);
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

  // another user's JVM: root may attach to it, so the deck marks it and asks first
  // (root only: in CI, which runs as root, it runs or fails; it never skips there)
  const asRoot = process.getuid?.() === 0;
  if (!asRoot) console.warn(`the other-user attach test ${requireReal() ? 'fails' : 'is skipped'}: it needs root (to start a JVM as nobody)`);
  it.skipIf(!asRoot && !requireReal())("marks another user's JVM and asks before attaching to it as root", async () => {
    expect(asRoot, 'this test starts a JVM as nobody: it needs root').toBe(true);
    const marker = `deck-other-user-${process.pid}`;
    // a copy nobody can read: the Arthas home may lie under a folder only root may enter
    const jarDir = mkdtempSync(join(tmpdir(), 'arthas-deck-nobody-'));
    chmodSync(jarDir, 0o755);
    const jar = join(jarDir, 'math-game.jar');
    copyFileSync(join(arthasHome()!, 'math-game.jar'), jar);
    chmodSync(jar, 0o644);
    const other: ChildProcess = spawn('runuser', ['-u', 'nobody', '--', 'java', '-Xshare:auto', '-jar', jar, marker], { stdio: 'ignore', detached: true, cwd: jarDir });
    let exited: number | null = null;
    other.once('exit', (code) => (exited = code ?? -1));
    try {
      // the java process itself (runuser may stay as its parent)
      let pid = 0;
      for (let i = 0; i < 100 && !pid; i++) {
        for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
          try {
            const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
            if (argv[0]!.endsWith('java') && argv.includes(marker)) pid = Number(d);
          } catch {
            /* gone */
          }
        }
        if (!pid) await new Promise((r) => setTimeout(r, 100));
      }
      expect(pid, `the JVM started as nobody${exited !== null ? ` (runuser exited with ${exited})` : ''}`).toBeGreaterThan(0);
      const p = h.page;
      await p.click('[data-test=find-jvms]');
      const row = p.locator(`[data-test=local-jvm][data-pid="${pid}"]`);
      await row.waitFor({ timeout: 20_000 });
      expect(await row.locator('[data-test=jvm-other-user]').innerText()).toBe('runs as nobody');
      expect(await row.locator('[data-test=jvm-mine]').count()).toBe(0);
      await row.locator('[data-test=attach]').click();
      const dialog = p.locator('[role=dialog], [role=alertdialog]').last();
      await dialog.waitFor();
      expect(await dialog.innerText()).toMatch(/runs as nobody, not as you/);
      await p.screenshot({ path: join(ARTIFACTS, 'attach-other-user.png') });
      await p.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      // nothing was attached: no task, no Arthas in it
      await p.waitForTimeout(500);
      expect(await p.locator('[data-test=task][data-task^=attach]').count()).toBe(0);
      expect(await row.innerText()).not.toContain('Arthas 4.3.4 on');
      // the JVM whose Arthas the deck already has says so
      const mine = p.locator(`[data-test=local-jvm][data-pid="${jvm.pid}"]`);
      expect(await mine.locator('[data-test=jvm-target]').innerText()).toMatch(/^in your targets: math-game/);
    } finally {
      // a cleanup never hides what failed: the process group may be gone already
      try {
        if (other.pid) process.kill(-other.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      rmSync(jarDir, { recursive: true, force: true });
    }
  }, 60_000);
});
