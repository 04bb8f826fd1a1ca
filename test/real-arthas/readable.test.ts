// Readable at a glance (#25): what a Java engineer compares with first is Arthas's own terminal. Fed
// by a real Arthas 4.3.4 (math-game), in Chromium through the serve host, at 1280x720 and 1024x640.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatMs } from '../../src/shared/display/quantities';
import { javaFrame, memoryAreas, memoryRow, type JavaFrame, type MemoryEntry } from '../../src/shared/display/arthas-text';
import { ARTIFACTS, uiPrerequisites, type Harness } from '../e2e/harness';
import { skipOrFail } from '../support/real-tier';
import { realArthasUnavailable } from './support/real-jvm';
import { mathGameTabForSuite, run } from './support/ui-steps';

const why = realArthasUnavailable() ?? uiPrerequisites();
if (why) console.warn(`real-Arthas readability tests skipped: ${why}`);

const DETAIL = '.live [data-test=result-detail]';

/** The stored result the live detail shows (follow mode chose it: nothing was clicked). */
function shown(h: Harness, p: Page): Promise<{ type: string; raw: Record<string, unknown>; pos: number }> {
  return p.locator(DETAIL).evaluate((el) => [Number(el.getAttribute('data-recording')), Number(el.getAttribute('data-pos'))]).then(([recording, pos]) => {
    const row = h.db.prepare('SELECT type, raw FROM results WHERE session_id = ? AND pos = ?').get(recording, pos) as { type: string; raw: string } | undefined;
    if (!row) throw new Error(`the detail shows recording #${recording} position ${pos}, which is not stored`);
    return { type: row.type, raw: JSON.parse(row.raw) as Record<string, unknown>, pos: pos! };
  });
}

/** Waits until follow mode shows a result of the type in the detail, without a click. */
async function followed(h: Harness, p: Page, type: string): Promise<{ raw: Record<string, unknown>; pos: number }> {
  await p.waitForFunction(
    ([sel, ty]) => document.querySelector(`${sel}`)?.closest('.detail')?.querySelector('header b')?.textContent === ty,
    [DETAIL, type] as const,
    { timeout: 30_000 },
  );
  const s = await shown(h, p);
  expect(s.type).toBe(type);
  return s;
}

describe.skipIf(skipOrFail(why))('readable at a glance: a real Arthas 4.3.4 in Chromium', () => {
  const tabOf = mathGameTabForSuite();
  let h: Harness;
  beforeEach(() => {
    h = tabOf();
  });

  it('follow mode: the newest result of a one-shot command is shown whole at once (jad), and the source keeps its lines', async () => {
    const p = h.page;
    await run(p, 'jad demo.MathGame');
    const { raw } = await followed(h, p, 'jad');
    const source = String(raw.source);
    const pre = p.locator(`${DETAIL} .src`);
    // no wrap: every line of the source is one line on screen, its indentation and /*NN*/ numbers in place
    expect(await pre.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre');
    const text = await pre.innerText();
    expect(text.split('\n').filter((l) => /\/\*\d+\*\//.test(l))).toEqual(source.split('\n').filter((l) => /\/\*\d+\*\//.test(l)));
    // numbered lines start at column 0 as jad prints them; the others keep their indentation
    expect(text).toMatch(/^\/\*\d+\*\/ {5,}\S/m);
    expect(text).toMatch(/^ {11}public static void main/m);
  }, 60_000);

  it('dashboard: its thread table first, then memory with total and max, GC and runtime with units; -i refreshes in place', async () => {
    const p = h.page;
    await run(p, 'dashboard -n 1');
    const { raw } = await followed(h, p, 'dashboard');
    const threads = raw.threads as unknown[];
    expect(threads.length).toBeGreaterThan(5);
    expect(await p.locator(`${DETAIL} [data-test=thread-table] tr.mono`).count()).toBe(threads.length);
    const memory = memoryAreas(raw.memoryInfo as Record<string, MemoryEntry[]>).map(memoryRow);
    const cells = await p.locator(`${DETAIL} [data-test=dashboard-memory] tr`).evaluateAll((rows) => rows.slice(1).map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    expect(cells).toEqual(memory.map((m) => [m.name, m.used, m.total, m.max, m.usage]));
    // buffer pools: the JVM's Long.MIN_VALUE max prints as - (as Arthas prints it), never as a number
    expect(cells.filter((c) => ['mapped', 'direct'].includes(c[0]!)).map((c) => c[3])).toEqual(['-', '-']);
    const runtime = await p.locator(`${DETAIL} [data-test=dashboard-runtime]`).innerText();
    const load = (raw.runtimeInfo as { systemLoadAverage: number }).systemLoadAverage;
    expect(runtime).toContain(load.toFixed(2));
    expect(runtime).toMatch(new RegExp(`timestamp/uptime\\s+.+/${(raw.runtimeInfo as { uptime: number }).uptime}s$`, 'm'));
    // -i: each refresh replaces what is shown, as the terminal redraws (run returns at the job's second result)
    await run(p, 'dashboard -i 1500 -n 3');
    const recording = Number(await p.locator(DETAIL).getAttribute('data-recording'));
    const job = (h.db.prepare(`SELECT MAX(job_id) AS j FROM results WHERE session_id = ? AND type = 'dashboard'`).get(recording) as { j: number }).j;
    const ofJob = (): number[] => (h.db.prepare(`SELECT pos FROM results WHERE session_id = ? AND job_id = ? AND type = 'dashboard' ORDER BY pos`).all(recording, job) as Array<{ pos: number }>).map((r) => r.pos);
    const seen = new Set<number>();
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      const s = await shown(h, p).catch(() => null);
      if (s?.type === 'dashboard') seen.add(s.pos);
      if (ofJob().length === 3 && s?.pos === ofJob()[2]) break;
      await p.waitForTimeout(100);
    }
    // the second and the third were each shown as they came, nothing clicked
    expect([...seen].filter((pos) => ofJob().includes(pos))).toEqual(ofJob().slice(1));
    await p.screenshot({ path: join(ARTIFACTS, 'readable-dashboard-1280x720.png') });
  }, 90_000);

  it("tt: each parameter as `tt -i` prints it (param[0]=@Integer[…]), not Arthas's {expand, object} wrapper", async () => {
    const p = h.page;
    await run(p, 'tt -t demo.MathGame primeFactors -n 1');
    const { raw } = await followed(h, p, 'tt');
    const param = ((raw.timeFragmentList as Array<{ params: Array<{ object: number }> }>)[0]!.params)[0]!.object;
    const shownParams = await p.locator(`${DETAIL} [data-test=tt-param]`).allInnerTexts();
    expect(shownParams.map((x) => x.replace(/\s+/g, ''))).toEqual([`param[0]=@Integer[${param}]`]);
    expect(await p.locator(DETAIL).innerText()).not.toContain('expand');
    // the call's fields a line each, as `tt -i` prints them, the values the stored ones
    const f = (raw.timeFragmentList as Array<Record<string, unknown>>)[0]!;
    const fields = await p.locator(`${DETAIL} [data-test=tt-fields] tr`).evaluateAll((rows) => rows.map((r) => [r.querySelector('th')!.textContent, r.querySelector('td')!.textContent]));
    expect(fields).toEqual([
      ['index', String(f.index)], ['timestamp', String(f.timestamp)], ['cost', formatMs(f.cost as number)], ['object', String(f.object)],
      ['class', String(f.className)], ['method', String(f.methodName)], ['is-return', String(f.return)], ['is-exception', String(f.throw)],
    ]);
    await p.screenshot({ path: join(ARTIFACTS, 'readable-tt-1280x720.png') });
  }, 60_000);

  it('thread -n 3: each thread as Arthas prints it (header with units, frames as Java writes them), nothing cut', async () => {
    const p = h.page;
    await run(p, 'thread -n 3');
    const { raw } = await followed(h, p, 'thread');
    const busy = raw.busyThreads as Array<{ stackTrace?: JavaFrame[] }>;
    const blocks = await p.locator(`${DETAIL} [data-test=thread-stack]`).allInnerTexts();
    expect(blocks).toHaveLength(busy.length);
    for (const [i, block] of blocks.entries()) {
      const [header, ...frames] = block.split('\n');
      expect(header).toMatch(/^"[^"]+" Id=\d+ cpuUsage=[\d.]+% deltaTime=\d+ms time=\d+ms [A-Z_]+/);
      expect(frames).toEqual((busy[i]!.stackTrace ?? []).map((f) => `    at ${javaFrame(f)}`));
    }
    const all = blocks.join('\n');
    expect(all).not.toMatch(/:-\d+\b/);
    expect(all).toMatch(/\((Native Method|Unknown Source|\w+\.java:\d+)\)/);
    // a frame runs past the pane: it scrolls sideways, never wraps or drops what is past the edge
    expect(await p.locator(`${DETAIL} [data-test=thread-stack]`).first().evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre');
    // one sideways scroll for all of them (not a scrollbar under each thread)
    const scrolls = await p.locator(`${DETAIL} [data-test=thread-stack]`).evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).length);
    expect(scrolls).toBe(0);
    await p.screenshot({ path: join(ARTIFACTS, 'readable-thread-1280x720.png') });
  }, 60_000);

  it('Tab completes classes and methods the JVM has, without using up a job of the tab', async () => {
    const p = h.page;
    await p.waitForSelector('[data-test=command-input]:not([disabled])');
    const chips = await p.locator('[data-test=job-chip]').count();
    const recording = (h.db.prepare('SELECT MAX(id) AS id FROM sessions').get() as { id: number }).id;
    const commands = (): number => (h.db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ? AND type = 'command'`).get(recording) as { n: number }).n;
    const before = commands();
    const input = p.locator('[data-test=command-input]');
    await input.fill('watch demo.MathG');
    await input.press('Tab');
    await p.waitForFunction(() => (document.querySelector('[data-test=command-input]') as HTMLInputElement).value === 'watch demo.MathGame ');
    await input.pressSequentially('pri');
    await input.press('Tab');
    // two methods start so: both offered, with their descriptors; Tab takes the chosen one
    await p.waitForSelector('[data-test=completions] li:has-text("primeFactors")');
    expect(await p.locator('[data-test=completions] li').allInnerTexts()).toEqual(['watch demo.MathGame primeFactors demo.MathGame (I)Ljava/util/List;', 'watch demo.MathGame print demo.MathGame (ILjava/util/List;)V']);
    await p.screenshot({ path: join(ARTIFACTS, 'readable-tab-completion-1280x720.png') });
    await input.press('Tab');
    expect(await input.inputValue()).toBe('watch demo.MathGame primeFactors ');
    await input.fill('watch no.such.Clas');
    await input.press('Tab');
    await p.waitForSelector('[data-test=completion-note]');
    await input.fill('');
    expect(await p.locator('[data-test=job-chip]').count()).toBe(chips);
    expect(commands()).toBe(before);
  }, 60_000);

  it('the number that matters is never cut: monitor rows lead with avg rt, trace rows in ms, charts with their clock time', async () => {
    const p = h.page;
    await run(p, 'monitor -c 1 demo.MathGame primeFactors -n 3');
    await p.waitForSelector('[data-test=job-chip]:has-text("monitor"):has-text("succeeded")', { timeout: 30_000 });
    await p.click('.live [data-test=to-latest]').catch(() => undefined);
    const row = p.locator('.live [data-test=result-row][data-type=monitor]').last();
    const { raw } = await followed(h, p, 'monitor');
    const m = (raw.monitorDataList as Array<{ cost: number; total: number }>)[0]!;
    const summary = row.locator('.s');
    const text = await summary.innerText();
    expect(text.startsWith(`avg rt ${formatMs(m.cost / m.total)}`)).toBe(true);
    // the avg rt is inside what the cell shows, at 1024 px too
    for (const width of [1280, 1024]) {
      await p.setViewportSize({ width, height: width === 1280 ? 720 : 640 });
      const fits = await summary.evaluate((el) => {
        const range = document.createRange();
        const node = el.firstChild!;
        range.setStart(node, 0);
        range.setEnd(node, (node.textContent ?? '').indexOf(',') + 1);
        return range.getBoundingClientRect().right <= el.getBoundingClientRect().right;
      });
      expect(fits, `avg rt visible at ${width} px`).toBe(true);
    }
    await p.setViewportSize({ width: 1280, height: 720 });
    // the charts' time axis says when
    expect(await p.locator(`${DETAIL} [data-test=chart-from]`).first().textContent()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    // its letters stay 12 px whatever the pane's width: a wider pane gets more ticks, not bigger text
    const chart = p.locator(`${DETAIL} svg.chart`).first();
    const axis = async (): Promise<{ height: number; ticks: number }> => ({
      height: (await chart.locator('[data-test=chart-from]').boundingBox())!.height,
      ticks: await chart.locator('text[data-test^=chart-]').count(),
    });
    const narrow = await axis();
    await p.click('[data-test=detail-wide]');
    await expect.poll(async () => (await chart.boundingBox())!.width).toBeGreaterThan(600);
    const wide = await axis();
    await p.click('[data-test=detail-wide]');
    expect(narrow.height).toBeLessThan(18);
    expect(wide.height).toBeCloseTo(narrow.height, 0);
    expect(wide.ticks).toBeGreaterThan(narrow.ticks);
    await run(p, 'trace demo.MathGame run -n 1');
    await followed(h, p, 'trace');
    for (const t of await p.locator('.live [data-test=result-row][data-type=trace] .s').allInnerTexts()) expect(t).toMatch(/^\d+(\.\d+)? (ms|s) /);
  }, 60_000);

  it('the divider is dragged and kept across a reload; the detail can take the whole width', async () => {
    const p = h.page;
    const right = p.locator('.live .split > .right');
    const before = (await right.boundingBox())!.width;
    const bar = (await p.locator('.live [data-test=divider]').boundingBox())!;
    await p.mouse.move(bar.x + 2, bar.y + bar.height / 2);
    await p.mouse.down();
    await p.mouse.move(bar.x - 200, bar.y + bar.height / 2, { steps: 8 });
    await p.mouse.up();
    const dragged = (await right.boundingBox())!.width;
    expect(Math.abs(dragged - (before + 200))).toBeLessThan(12);
    // the width is a setting of the app: a reload (or the next start) finds it
    await p.waitForTimeout(300);
    await p.reload();
    await p.waitForSelector('[data-test=target]:has-text("math-game")');
    if (!(await p.locator('[data-test=tab]').count())) await p.click('[data-test=target]:has-text("math-game") [data-test=open-target]');
    await p.waitForSelector('.live .split > .right');
    await p.waitForFunction((w) => Math.abs((document.querySelector('.live .split > .right') as HTMLElement).getBoundingClientRect().width - w) < 3, dragged);
    // the whole width for the detail, and back
    const split = (await p.locator('.live .split').boundingBox())!.width;
    await p.click('.live [data-test=detail-wide]').catch(async () => {
      // nothing selected yet after the reload: pick the newest result
      await p.locator('.live [data-test=result-row]').last().click();
      await p.click('.live [data-test=detail-wide]');
    });
    expect(await p.locator('.live .split > .left').isVisible()).toBe(false);
    expect((await right.boundingBox())!.width).toBeGreaterThan(split - 2);
    await p.click('.live [data-test=detail-wide]');
    expect(await p.locator('.live .split > .left').isVisible()).toBe(true);
  }, 60_000);

  it('protocol noise stays out of the list unless asked for; an interrupted job says so', async () => {
    const p = h.page;
    await run(p, 'watch demo.MathGame primeFactors "{params,returnObj}" -x 1');
    await p.click('[data-test=interrupt]');
    await p.waitForSelector('[data-test=job-chip].interrupted', { timeout: 20_000 });
    await p.click('[data-test=to-latest]').catch(() => undefined);
    expect(await p.locator('.live [data-test=result-row][data-type=input_status]').count()).toBe(0);
    const status = p.locator('.live [data-test=result-row][data-type=status]').last();
    await status.waitFor();
    expect(await status.innerText()).toMatch(/interrupted/);
    expect(await status.innerText()).not.toMatch(/done/);
    await p.check('.live [data-test=show-protocol]');
    await p.click('[data-test=to-latest]').catch(() => undefined);
    await p.waitForSelector('.live [data-test=result-row][data-type=input_status]');
    await p.uncheck('.live [data-test=show-protocol]');
  }, 60_000);

  it('the watch diff says when params read at exit cannot align calls, and aligns by order on request; values keep their Java types', async () => {
    const p = h.page;
    for (let i = 0; i < 2; i++) await run(p, 'watch demo.MathGame primeFactors "{params,returnObj,throwExp}" -x 2 -n 8');
    const recording = Number(await p.locator(DETAIL).getAttribute('data-recording'));
    // the two jobs of eight calls each, ended (their status stored)
    const ended = (): number[] =>
      (h.db.prepare(`SELECT job_id AS j FROM results WHERE session_id = ? AND type = 'status' AND job_id IN (SELECT job_id FROM results WHERE session_id = ? AND type = 'command' AND raw LIKE '%-n 8%') ORDER BY job_id`).all(recording, recording) as Array<{ j: number }>).map((r) => r.j);
    const until = Date.now() + 60_000;
    while (ended().length < 2 && Date.now() < until) await p.waitForTimeout(200);
    const jobs = ended();
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    await p.click('[data-test=nav-diff]');
    await p.selectOption('[data-test=pick-recording-before]', String(recording));
    await p.selectOption('[data-test=pick-recording-after]', String(recording));
    await p.waitForSelector(`[data-test=pick-job-after] option[value="${jobs.at(-1)}"]`, { state: 'attached' });
    await p.selectOption('[data-test=pick-job-before]', String(jobs.at(-2)));
    await p.selectOption('[data-test=pick-job-after]', String(jobs.at(-1)));
    await p.click('[data-test=compare]');
    await p.waitForSelector('[data-test=diff-summary]');
    // at exit primeFactors has divided its argument down to 1 (or threw on a negative one): said, not hidden
    const warning = p.locator('[data-test=params-warning]');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/-b|exit/);
    const titles = await p.locator('[data-test=diff-pair] .params').allInnerTexts();
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(title).toMatch(/^params \[@Integer\[-?\d+\]\]$/);
    await p.screenshot({ path: join(ARTIFACTS, 'readable-diff-1280x720.png') });
    await p.click('[data-test=align-order]');
    await p.waitForSelector('[data-test=params-warning]', { state: 'detached' });
    expect(await p.locator('[data-test=diff-summary]').innerText()).toMatch(/8/);
    await p.click('[data-test=nav-live]');
  }, 120_000);

  it('the watch diff says when one run was read on entry (-b) and the other at exit; the run pickers show each run\'s options first', async () => {
    const p = h.page;
    await run(p, 'watch demo.MathGame primeFactors "{params,returnObj,throwExp}" -x 2 -n 6');
    await run(p, 'watch demo.MathGame primeFactors "{params,returnObj,throwExp}" -b -x 2 -n 6');
    const recording = Number(await p.locator(DETAIL).getAttribute('data-recording'));
    const job = (option: string): number => (h.db.prepare(`SELECT MAX(job_id) AS j FROM results WHERE session_id = ? AND type = 'command' AND raw LIKE ?`).get(recording, `%${option}%`) as { j: number }).j;
    const entry = job('-b -x 2 -n 6');
    const exit = job('throwExp}\\" -x 2 -n 6');
    const until = Date.now() + 60_000;
    const done = (): number => (h.db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ? AND type = 'status' AND job_id IN (?, ?)`).get(recording, entry, exit) as { n: number }).n;
    while (done() < 2 && Date.now() < until) await p.waitForTimeout(200);
    await p.click('[data-test=nav-diff]');
    await p.selectOption('[data-test=pick-recording-before]', String(recording));
    await p.selectOption('[data-test=pick-recording-after]', String(recording));
    await p.waitForSelector(`[data-test=pick-job-after] option[value="${entry}"]`, { state: 'attached' });
    // the options lead: runs of one method differ where the select cuts them
    expect(await p.locator(`[data-test=pick-job-after] option[value="${entry}"]`).innerText()).toMatch(new RegExp(`^job ${entry} \\[-b -x 2 -n 6\\]: watch `));
    await p.selectOption('[data-test=pick-job-before]', String(exit));
    await p.selectOption('[data-test=pick-job-after]', String(entry));
    await p.click('[data-test=compare]');
    await p.waitForSelector('[data-test=diff-summary]');
    expect(await p.locator('[data-test=access-mismatch]').innerText()).toMatch(/before at method exit, after at method entry \(watch -b\)/);
    // exceptions cannot be seen on entry: not "0%"
    expect(await p.locator('[data-test=diff-summary] [data-test=exceptions-not-seen]').innerText()).toMatch(/not seen on entry/);
    await p.screenshot({ path: join(ARTIFACTS, 'readable-diff-entry-exit-1280x720.png') });
    await p.click('[data-test=nav-live]');
  }, 120_000);

  it('looks right at 1024x640 and in 简体中文 too (screenshots looked at)', async () => {
    const p = h.page;
    for (const [w, ht] of [[1280, 720], [1024, 640]] as const) {
      await p.setViewportSize({ width: w, height: ht });
      for (const locale of ['en', 'zh-CN']) {
        await p.selectOption('[data-test=pref-locale]', locale);
        await p.waitForFunction((l) => document.documentElement.lang === l, locale);
        await run(p, 'thread -n 3');
        await followed(h, p, 'thread');
        await p.screenshot({ path: join(ARTIFACTS, `readable-thread-${w}x${ht}-${locale}.png`) });
        await run(p, 'dashboard -n 1');
        await followed(h, p, 'dashboard');
        await p.screenshot({ path: join(ARTIFACTS, `readable-dashboard-${w}x${ht}-${locale}.png`) });
        // the jobs take two lines at most and the list keeps most of its height for results
        const jobs = (await p.locator('.live .jobs').boundingBox())!;
        expect(jobs.height).toBeLessThanOrEqual(50);
        const list = (await p.locator('.live .split > .left').boundingBox())!;
        const head = (await p.locator('.live .split > .left .head').boundingBox())!;
        const room = Math.floor((list.y + list.height - (head.y + head.height)) / 24);
        expect(room, 'result rows the list has room for').toBeGreaterThanOrEqual(ht === 640 ? 12 : 15);
        // the session's state and the JVM's zone in the chosen language; dates in the one format of every view
        const badge = await p.locator('[data-test=tab] [data-state]').first().innerText();
        expect(badge).toMatch(locale === 'en' ? /^(ready|running job)$/ : /^(就绪|任务运行中)$/);
        if (locale === 'zh-CN') expect(await p.locator('.live').innerText()).toContain('JVM 时区 UTC');
        // the header is one line, and so is the tab's facts line (its session id short, whole in its title)
        expect((await p.locator('header').first().boundingBox())!.height).toBeLessThan(40);
        expect((await p.locator('[data-test=tab-facts]').boundingBox())!.height, `the facts line at ${w} px`).toBeLessThan(36);
        expect(await p.locator('[data-test=session-id]').innerText()).toMatch(/ [0-9a-f]{8}…$/);
        expect(await p.locator('[data-test=session-id]').getAttribute('title')).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
        const errors = (p as unknown as { errors: string[] }).errors;
        expect(errors).toEqual([]);
      }
    }
    // dates read the same in both languages, as the results' times do (not the browser's 12/2/2026 1:26:41 PM)
    await p.click('[data-test=nav-recordings]');
    const started = await p.locator('td.started').first().innerText();
    expect(started).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await p.screenshot({ path: join(ARTIFACTS, 'readable-recordings-1024x640-zh-CN.png') });
    await p.click('[data-test=nav-live]');
    // the targets can be put away on a small screen, and come back
    const split = (await p.locator('.live .split').boundingBox())!.width;
    await p.click('[data-test=toggle-sidebar]');
    await p.waitForSelector('.targets', { state: 'detached' });
    expect((await p.locator('.live .split').boundingBox())!.width).toBeGreaterThan(split + 200);
    await p.screenshot({ path: join(ARTIFACTS, 'readable-no-sidebar-1024x640-zh-CN.png') });
    await p.click('[data-test=toggle-sidebar]');
    await p.waitForSelector('.targets');
    await p.selectOption('[data-test=pref-locale]', 'en');
    await p.setViewportSize({ width: 1280, height: 720 });
  }, 180_000);
});
