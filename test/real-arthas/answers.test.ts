// Answers the terminal prints as tables, key-value lists and trees, fed by a real Arthas 4.3.4
// (math-game) in Chromium: the cells on screen are the stored JSON's values, in the terminal's
// layout (shared/display/answer-tables.ts); a screenshot of each (test-artifacts/answer-*.png).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerLayout } from '../../src/shared/display/answer-tables';
import { ARTIFACTS, uiPrerequisites, type Harness } from '../e2e/harness';
import { skipOrFail } from '../support/real-tier';
import { realArthasUnavailable } from './support/real-jvm';
import { mathGameTabForSuite, open, rawOfSelected, run } from './support/ui-steps';

const why = realArthasUnavailable() ?? uiPrerequisites();
if (why) console.warn(`real-Arthas answer tests skipped: ${why}`);

type R = Record<string, unknown>;

/** The tables the detail shows: each row's cells as text. */
function shownTables(p: Page): Promise<string[][][]> {
  return p.locator('[data-test=result-detail] [data-test=answer-table]').evaluateAll((tables) => tables.map((tb) => [...tb.querySelectorAll('tr[data-test=answer-row]')].map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText))));
}

describe.skipIf(skipOrFail(why))("terminal-table answers fed by a real Arthas 4.3.4 (Chromium, 1280x720)", () => {
  const tabOf = mathGameTabForSuite();
  let h: Harness;
  beforeEach(() => {
    h = tabOf();
  });

  /** Runs the command, opens its newest result of the type, and checks the screen shows its layout, cell for cell. */
  async function shows(command: string, type: string, shot: string): Promise<R> {
    const p = h.page;
    await run(p, command);
    await open(p, type);
    const raw = await rawOfSelected(h, p, type);
    const layout = answerLayout(type, raw)!;
    expect(layout, `a layout for ${type}`).not.toBeNull();
    expect(await shownTables(p)).toEqual(layout.tables.map((tb) => tb.rows));
    if (layout.line) expect(await p.locator('[data-test=result-detail] [data-test=answer-line]').innerText()).toBe(layout.line);
    expect((p as unknown as { errors: string[] }).errors).toEqual([]);
    await p.screenshot({ path: join(ARTIFACTS, `answer-${shot}-1280x720.png`) });
    return raw;
  }

  it('sm: the row reads as the terminal line; sm -d as its key-value table', async () => {
    await shows('sm demo.MathGame primeFactors', 'sm', 'sm');
    const rows = await h.page.locator('[data-test=result-row][data-type=sm] .s').allInnerTexts();
    expect(rows).toContain('demo.MathGame primeFactors(I)Ljava/util/List;');
    const raw = await shows('sm -d demo.MathGame primeFactors', 'sm', 'sm-d');
    const cells = (await shownTables(h.page))[0]!;
    expect(cells.find((r) => r[0] === 'return')![1]).toBe((raw.methodInfo as R).returnType);
  }, 60_000);

  it('sc -d: the class-info table with its class-loader chain; jad names the same chain', async () => {
    const raw = await shows('sc -d demo.MathGame', 'sc', 'sc-d');
    const loaders = (raw.classInfo as R).classloader as string[];
    const cells = (await shownTables(h.page))[0]!;
    expect(cells.find((r) => r[0] === 'class-loader')![1]).toBe(`+-${loaders[0]}\n  +-${loaders[1]}`);
    await run(h.page, 'jad demo.MathGame');
    await open(h.page, 'jad');
    expect(await h.page.locator('[data-test=result-detail] [data-test=jad-loaders]').innerText()).toBe(`+-${loaders[0]}\n  +-${loaders[1]}`);
  }, 60_000);

  it('classloader -t: each loader under its parent', async () => {
    await shows('classloader -t', 'classloader', 'classloader-t');
    expect(await h.page.locator('[data-test=result-detail] [data-test=answer-line]').innerText()).toMatch(/^\+-BootstrapClassLoader\n\+-jdk\.internal\.loader\.ClassLoaders\$PlatformClassLoader@\w+\n {2}\+-/);
  }, 60_000);

  it('vmoption, memory, logger, options: the columns Arthas prints, every row', async () => {
    const vm = await shows('vmoption', 'vmoption', 'vmoption');
    expect((await shownTables(h.page))[0]!.length).toBe((vm.vmOptions as unknown[]).length);
    expect(await h.page.locator('[data-test=result-detail] [data-test=answer-table] th').allInnerTexts()).toEqual(['KEY', 'VALUE', 'ORIGIN', 'WRITEABLE']);
    await shows('memory', 'memory', 'memory');
    await shows('logger', 'logger', 'logger');
    await shows('options', 'options', 'options');
  }, 90_000);

  it('mbean attributes as NAME VALUE; vmtool and getstatic as object-view text', async () => {
    const mb = await shows('mbean java.lang:type=Threading', 'mbean', 'mbean');
    const threads = ((mb.mbeanAttribute as Record<string, Array<{ name: string; value: unknown }>>)['java.lang:type=Threading'] ?? []).find((a) => a.name === 'ThreadCount')!;
    expect((await shownTables(h.page))[0]!.find((r) => r[0] === 'ThreadCount')![1]).toBe(String(threads.value));
    const vt = await shows('vmtool --action getInstances --className demo.MathGame --limit 1', 'vmtool', 'vmtool');
    expect(await h.page.locator('[data-test=result-detail] [data-test=value-text]').innerText()).toBe(vt.value);
    const gs = await shows('getstatic demo.MathGame random', 'getstatic', 'getstatic');
    expect(await h.page.locator('[data-test=result-detail] [data-test=value-text]').innerText()).toBe(gs.field);
  }, 90_000);
});
