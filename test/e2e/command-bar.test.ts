// The command bar's Tab, as a shell's (Chromium, simulator): one fit is taken; several are completed
// as far as they agree and then offered, the highlighted one taken by the next Tab; each option is
// offered with what it does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTHAS_COMMANDS } from '../../src/shared/arthas/commands';
import { COMMAND_TEXT_ZH_CN } from '../../src/shared/arthas/commands-zh-CN';
import { startWithOpenTab, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);

describe.skipIf(skipOrFail(missing))('command bar Tab (Chromium, simulator)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startWithOpenTab();
  }, 60_000);
  afterAll(() => h?.close());

  it('an ambiguous t + Tab picks nothing silently: the choices stay, the next Tab takes the highlighted one', async () => {
    const input = h.page.locator('[data-test=command-input]');
    await input.fill('t');
    await input.press('Tab');
    expect(await input.inputValue()).toBe('t');
    const offered = await h.page.locator('[data-test=completions] li .mono').allInnerTexts();
    expect(offered.map((x) => x.trim()).sort()).toEqual(['thread', 'trace', 'tt']);
    await input.press('ArrowDown');
    await input.press('Tab');
    expect(await input.inputValue()).toBe(`${offered[1]!.trim()} `);
    // what they share is completed at once: "dash" has one fit, "sy" two that agree on "sys"
    await input.fill('dash');
    await input.press('Tab');
    expect(await input.inputValue()).toBe('dashboard ');
    await input.fill('sy');
    await input.press('Tab');
    expect(await input.inputValue()).toBe('sys');
    await input.fill('');
  });

  it('offers each option with what it does, not the command name', async () => {
    const input = h.page.locator('[data-test=command-input]');
    await input.fill('watch demo.MathGame primeFactors -');
    const hints = await h.page.locator('[data-test=completions] li .muted').allInnerTexts();
    const watch = ARTHAS_COMMANDS.find((c) => c.name === 'watch')!;
    expect(hints).toEqual(Object.values(watch.options));
    expect(hints).not.toContain('watch');
    await input.fill('');
  });

  it('in 简体中文 the command and option hints are Chinese, and English again when switched back', async () => {
    const p = h.page;
    const input = p.locator('[data-test=command-input]');
    await p.selectOption('[data-test=pref-locale]', 'zh-CN');
    await p.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await input.fill('watch demo.MathGame primeFactors -');
    expect(await p.locator('[data-test=completions] li .muted').allInnerTexts()).toEqual(Object.values(COMMAND_TEXT_ZH_CN.watch!.options));
    await input.fill('dash');
    expect(await p.locator('[data-test=completions] li .muted').allInnerTexts()).toEqual([COMMAND_TEXT_ZH_CN.dashboard!.summary]);
    await p.screenshot({ path: 'test-artifacts/command-bar-hints-zh-CN.png' });
    await p.selectOption('[data-test=pref-locale]', 'en');
    await p.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await p.locator('[data-test=completions] li .muted').allInnerTexts()).toEqual([ARTHAS_COMMANDS.find((c) => c.name === 'dashboard')!.summary]);
    await input.fill('');
  });
});
