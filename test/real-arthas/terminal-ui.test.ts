// Arthas's own terminal in the app, in Chromium, against a real Arthas 4.3.4 (#36): the Terminal view
// beside the typed one (Ctrl-` switches), typing with Arthas's Tab completion, a thread table and
// Chinese text drawn (its wide characters two cells each), Ctrl-C of a running watch, the pane
// resized with the window; what is drawn is what the recording holds; its replay draws the same
// screen. Under the deck's strict CSP (xterm's styles go through constructed sheets). Screenshots
// at 1280x720 in both languages, looked at.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, uiPrerequisites } from '../e2e/harness';
import { plainText, type TerminalFrame } from '../../src/shared/terminal/terminal-frames';
import { skipOrFail } from '../support/real-tier';
import { realArthasUnavailable } from './support/real-jvm';
import { openMathGameTab, type MathGameTab } from './support/ui-steps';

const why = realArthasUnavailable() ?? uiPrerequisites();
if (why) console.warn(`real-Arthas terminal UI tests skipped: ${why}`);

/** the screen's rows as xterm draws them (its DOM renderer: one element per row) */
const screen = (p: Page, within = '[data-test=terminal-pane]'): Promise<string> => p.locator(`${within} .xterm-rows`).innerText();

async function until(p: Page, what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms; the terminal showed:\n${await screen(p).catch(() => '(no terminal)')}`);
    await p.waitForTimeout(100);
  }
}

describe.skipIf(skipOrFail(why))('Arthas\'s own terminal in the app (real Arthas 4.3.4, Chromium)', () => {
  let tab: MathGameTab;
  beforeAll(async () => {
    tab = await openMathGameTab();
  }, 120_000);
  afterAll(() => tab?.close());
  /** prompts the terminal has shown so far (its whole output as recorded: the screen scrolls) */
  const prompts = async (_p: Page): Promise<number> => plainText(recorded().map((f) => f.out ?? '').join('')).split(/\[arthas@\d+\]\$ /).length - 1;
  const recorded = (): TerminalFrame[] => (tab.h.db.prepare(`SELECT raw FROM results WHERE type = 'terminal' ORDER BY session_id, pos`).all() as Array<{ raw: string }>).map((r) => JSON.parse(r.raw) as TerminalFrame);

  it('the Terminal view opens Arthas\'s terminal beside the tab: its prompt, a session of its own', async () => {
    const p = tab.h.page;
    await p.click('[data-test=view-terminal]');
    await p.waitForSelector('[data-test=terminal-pane][data-state=open]', { timeout: 20_000 });
    await until(p, 'the prompt', async () => (await prompts(p)) >= 1);
    // xterm's measured styles are applied (through constructed sheets): its rows have the cell height
    const rowHeight = await p.locator('[data-test=terminal-pane] .xterm-rows > div').first().evaluate((el) => el.getBoundingClientRect().height);
    expect(rowHeight).toBeGreaterThan(10);
    expect(rowHeight).toBeLessThan(30);
  }, 60_000);

  it('typing with Arthas\'s Tab completion, then thread: its table drawn as Arthas prints it', async () => {
    const p = tab.h.page;
    await p.locator('[data-test=terminal-pane] .xterm-helper-textarea').focus();
    const before = await prompts(p);
    await p.keyboard.type('threa');
    await p.keyboard.press('Tab');
    await until(p, 'the completion', async () => /thread\s*$/m.test(await screen(p)));
    await p.keyboard.press('Enter');
    await until(p, 'the thread table', async () => (await prompts(p)) > before);
    // the table as Arthas prints it: its header in the recording, its rows on the screen
    const text = plainText(recorded().map((f) => f.out ?? '').join(''));
    expect(text).toMatch(/Threads Total: \d+/);
    expect(text).toMatch(/ID\s+NAME\s+GROUP\s+PRIORITY\s+STATE/);
    expect(await screen(p)).toMatch(/\d+\s+\S+\s+\S+\s+\d+\s+(RUNNABLE|WAITING|TIMED_WAITING)/);
  }, 60_000);

  it('Chinese text: drawn in wide cells, as Arthas answers it', async () => {
    const p = tab.h.page;
    const before = await prompts(p);
    // Arthas's line editor rings the bell for typed CJK (a fact of 4.3.4's terminal); its answers carry it
    await p.keyboard.type(`ognl '"\\u6570\\u5b66\\u6e38\\u620f \\u4e2d\\u6587"'`);
    await p.keyboard.press('Enter');
    await until(p, 'the answer', async () => (await prompts(p)) > before && /@String\[/.test(await screen(p)));
    expect(await screen(p)).toContain('数学游戏 中文');
    await p.screenshot({ path: join(ARTIFACTS, 'terminal-1280x720-en.png') });
    await p.selectOption('[data-test=pref-locale]', 'zh-CN');
    await p.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await p.screenshot({ path: join(ARTIFACTS, 'terminal-1280x720-zh-CN.png') });
    await p.selectOption('[data-test=pref-locale]', 'en');
  }, 60_000);

  it('Ctrl-C stops a running watch: the prompt comes back', async () => {
    const p = tab.h.page;
    await p.locator('[data-test=terminal-pane] .xterm-helper-textarea').focus();
    const before = await prompts(p);
    await p.keyboard.type('watch demo.MathGame primeFactors -x 1');
    await p.keyboard.press('Enter');
    await until(p, 'a watch result', async () => /method=demo\.MathGame\.primeFactors/.test(await screen(p)));
    await p.screenshot({ path: join(ARTIFACTS, 'terminal-watch-1280x720-en.png') });
    await p.keyboard.press('Control+c');
    await until(p, 'the prompt after Ctrl-C', async () => (await prompts(p)) > before);
  }, 60_000);

  it('the pane follows the window\'s size: the terminal is resized and the resize recorded', async () => {
    const p = tab.h.page;
    const last = (): TerminalFrame['resize'] => recorded().filter((f) => f.resize).at(-1)?.resize;
    const wide = last()!;
    await p.setViewportSize({ width: 1024, height: 640 });
    await until(p, 'a smaller size recorded', async () => (last()?.cols ?? 0) < wide.cols);
    await p.setViewportSize({ width: 1280, height: 720 });
    await until(p, 'the size back', async () => last()?.cols === wide.cols);
  }, 60_000);

  it('Ctrl-` switches to the typed view and back; the terminal keeps its screen', async () => {
    const p = tab.h.page;
    const shown = await screen(p);
    await p.keyboard.press('Control+`');
    await p.waitForSelector('[data-test=command-input], [data-test=result-row]', { timeout: 5000 });
    expect(await p.locator('[data-test=terminal-pane]').isVisible()).toBe(false);
    await p.keyboard.press('Control+`');
    await p.waitForSelector('[data-test=terminal-pane]', { state: 'visible' });
    expect(await screen(p)).toBe(shown);
  });

  it('what the terminal drew is in the recording, and its replay draws the same screen', async () => {
    const p = tab.h.page;
    const out = recorded().map((f) => f.out ?? '').join('');
    expect(out).toContain('数学游戏 中文');
    const shown = await screen(p);
    const recordingId = Number(/recording #(\d+)/.exec(await p.locator('[data-test=terminal-pane] .bar').innerText())![1]);
    // closing the tab ends the terminal's recording; its replay shows the screen at its end
    await p.click('[data-test=view-typed]');
    await p.click('[data-test=nav-recordings]');
    await p.click(`[data-test=recording][data-id="${recordingId}"] [data-test=replay]`);
    await p.waitForSelector('[data-test=terminal-replay]');
    await p.click('[data-test=to-end]');
    const replayed = (): Promise<string> => screen(p, '[data-test=terminal-replay]');
    await until(p, 'the replayed screen', async () => (await replayed()).includes('数学游戏 中文'));
    // the last screen of the live terminal is the replay's at the end (same size, same frames)
    expect((await replayed()).trimEnd()).toBe(shown.trimEnd());
    await p.screenshot({ path: join(ARTIFACTS, 'terminal-replay-1280x720-en.png') });
    expect((p as unknown as { errors: string[] }).errors).toEqual([]);
  }, 60_000);
});
