// Every result view fed by a real Arthas 4.3.4 (math-game), in Chromium through the serve host.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMs, formatShare } from '../../src/shared/display/quantities';
import { ARTIFACTS, uiPrerequisites, type Harness } from '../e2e/harness';
import { open, openMathGameTab, rawOfSelected, run, waitForSucceeded, type MathGameTab } from './support/ui-steps';
import { realArthasUnavailable, type RealTarget } from './support/real-jvm';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable() ?? uiPrerequisites();
if (why) console.warn(`real-Arthas UI tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('result views fed by a real Arthas 4.3.4 (Chromium, 1280x720)', () => {
  let tab: MathGameTab | undefined;
  let target: RealTarget;
  let h: Harness;
  beforeAll(async () => {
    tab = await openMathGameTab();
    ({ target, h } = tab);
  }, 120_000);
  afterAll(() => tab?.close());

  it("trace: as Arthas prints it, each call with its share of its caller and the caller's own time, in ms in the list and the detail alike", async () => {
    const p = h.page;
    await run(p, 'trace demo.MathGame run -n 1');
    await open(p, 'trace');
    const raw = await rawOfSelected(h, p, 'trace');
    type N = { type: string; cost: number; totalCost: number; className: string; methodName: string; lineNumber: number; children?: N[] };
    const runNode = (raw.root as { children: N[] }).children[0]!;
    const kids = (runNode.children ?? []).filter((k) => k.type === 'method');
    const costs = await p.locator('[data-test=trace-cost]').allInnerTexts();
    // the method under the thread: its cost, in ms rounded as a person reads them (Arthas: [1.166027ms])
    expect(costs[0]).toBe(`[${formatMs(runNode.totalCost / 1e6)}]`);
    expect(await p.locator('[data-test=trace-cost]').first().getAttribute('title')).toBe(`${runNode.totalCost} ns`);
    // each call under it: Arthas's [34.55% 0.403ms], the share of the caller's total to two decimals
    expect(costs.slice(1, 1 + kids.length)).toEqual(kids.map((k) => `[${((k.cost * 100) / runNode.totalCost).toFixed(2)}% ${formatMs(k.cost / 1e6)}]`));
    // run's own time: its total less the calls traced under it
    if (kids.length) expect(await p.locator('[data-test=trace-self]').first().innerText()).toBe(`self ${formatMs((runNode.totalCost - kids.reduce((a, k) => a + k.totalCost, 0)) / 1e6)}`);
    // the list row says the same number as the detail, in the same unit
    const row = await p.locator('[data-test=result-row][data-type="trace"]').last().innerText();
    expect(row).toContain(formatMs(runNode.totalCost / 1e6));
    for (const c of costs) expect(c).toMatch(/^\[(\d+\.\d\d% )?\d+(\.\d+)?(e-\d)? (ms|s)\]$/);
    await p.screenshot({ path: join(ARTIFACTS, 'real-trace-1280x720.png') });
  }, 60_000);

  it('monitor: avg rt = cost ÷ total and fail rate = failed ÷ total, the table fits at 1280x720', async () => {
    const p = h.page;
    await run(p, 'monitor -c 1 demo.MathGame primeFactors -n 3');
    // the job has ended: the newest stored monitor result is the one opened
    await waitForSucceeded(p, 'monitor');
    await open(p, 'monitor', 3);
    const raw = await rawOfSelected(h, p, 'monitor');
    const m = (raw.monitorDataList as Array<{ cost: number; total: number; failed: number }>)[0]!;
    expect(await p.locator('[data-test=monitor-rt]').first().innerText()).toBe(formatMs(m.cost / m.total));
    expect(await p.locator('[data-test=monitor-fail-rate]').first().innerText()).toBe(formatShare(m.failed, m.total));
    const box = (await p.locator('[data-test=monitor-table]').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    const detail = (await p.locator('[data-test=result-detail]').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(detail.x + detail.width + 1);
    await p.waitForSelector('svg.chart');
    await p.screenshot({ path: join(ARTIFACTS, 'real-monitor-1280x720.png') });
  }, 120_000);

  const VIEWS: Array<[string, string]> = [
    ['watch demo.MathGame primeFactors "{params,returnObj,throwExp}" -n 2 -x 2', 'watch'],
    ['stack demo.MathGame primeFactors -n 1', 'stack'],
    ['tt -t demo.MathGame primeFactors -n 2', 'tt'],
    ['thread', 'thread'],
    ['dashboard -n 1', 'dashboard'],
    ['jvm', 'jvm'],
    ['sysprop', 'sysprop'],
    ['sc -d demo.MathGame', 'sc'],
    ['sm demo.MathGame', 'sm'],
    ['jad demo.MathGame', 'jad'],
    ['version', 'version'],
  ];
  for (const [command, type] of VIEWS) {
    it(`${type}: a real result has its own view, without errors`, async () => {
      const p = h.page;
      await run(p, command);
      await open(p, type).catch((e: Error) => {
        // what the tab got last, to tell a busy Arthas from a view that did not show its rows
        const last = h.db.prepare('SELECT type, substr(raw, 1, 160) AS raw FROM results ORDER BY id DESC LIMIT 6').all();
        throw new Error(`${e.message}; newest results stored: ${JSON.stringify(last)}`);
      });
      const text = await p.locator('[data-test=result-detail]').innerText();
      expect(text).not.toContain('No dedicated view for this result type');
      expect(text.trim().length).toBeGreaterThan(3);
      if (type === 'watch' || type === 'tt') expect(text).toMatch(/\d(\.\d+)? ms/);
      if (type === 'jad') expect(text).toContain('class MathGame');
      if (type === 'version') expect(text).toContain(target.arthas.version);
      const errors = (p as unknown as { errors: string[] }).errors;
      expect(errors).toEqual([]);
      if (['watch', 'tt', 'dashboard'].includes(type)) await p.screenshot({ path: join(ARTIFACTS, `real-${type}-1280x720.png`) });
    }, 60_000);
  }

  it('search: a watch exception is found by its message across recordings, marked, and the hit opens replay at that result', async () => {
    const p = h.page;
    await run(p, 'watch demo.MathGame primeFactors "{params,throwExp}" -e -x 2 -n 2');
    await open(p, 'watch', 2);
    // the message the JVM sent, e.g. "number is: -93241, need >= 2"
    const stored = h.db.prepare(`SELECT session_id AS recordingId, pos, raw FROM results WHERE type = 'watch' AND raw LIKE '%IllegalArgumentException%' ORDER BY id DESC LIMIT 1`).get() as { recordingId: number; pos: number; raw: string };
    const message = /number is: -?\d+, need >= 2/.exec(stored.raw)![0];
    await p.click('[data-test=nav-search]');
    await p.fill('[data-test=search-text]', message);
    await p.click('[data-test=search-go]');
    await p.waitForSelector('[data-test=search-hit]');
    const first = p.locator('[data-test=search-hit]').first();
    expect(await first.locator('mark').first().innerText()).toBe(message);
    expect(await first.innerText()).toContain(`#${stored.recordingId}`);
    expect(await first.innerText()).toContain(`result ${stored.pos}`);
    await p.screenshot({ path: join(ARTIFACTS, 'real-search-1280x720.png') });
    await first.click();
    await p.waitForSelector('[data-test=replay-position]');
    expect(await p.locator('[data-test=replay-position]').innerText()).toMatch(new RegExp(`^${stored.pos} / `));
    const detail = p.locator('.replay [data-test=result-detail]');
    await detail.waitFor();
    expect(await detail.innerText()).toContain(message);
    const errors = (p as unknown as { errors: string[] }).errors;
    expect(errors).toEqual([]);
    await p.click('[data-test=nav-live]');
  }, 90_000);

  it('charts fed by the real Arthas: a watch job\'s cost over time marks what threw; a trace\'s icicle sized by its ns', async () => {
    const p = h.page;
    await run(p, 'watch demo.MathGame primeFactors "{params,returnObj,throwExp}" -x 2 -n 12');
    await open(p, 'watch', 12);
    await p.waitForFunction(() => /12 calls/.test(document.querySelector('.live [data-chart=cost-over-time] figcaption')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const job = (h.db.prepare(`SELECT session_id AS s, job_id AS j FROM results WHERE type = 'watch' ORDER BY id DESC LIMIT 1`).get() as { s: number; j: number });
    const threw = (h.db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ? AND job_id = ? AND type = 'watch' AND raw LIKE '%"accessPoint":"AtExceptionExit"%'`).get(job.s, job.j) as { n: number }).n;
    expect(await p.locator('.live [data-chart=cost-over-time] figcaption').innerText()).toContain(`12 calls, ${threw} threw`);
    await p.locator('.live [data-chart=cost-over-time]').screenshot({ path: join(ARTIFACTS, 'real-watch-cost-over-time.png') });
    await run(p, 'trace demo.MathGame run -n 1');
    await open(p, 'trace');
    const raw = await rawOfSelected(h, p, 'trace');
    const run0 = (raw.root as { children: Array<{ totalCost: number }> }).children[0]!;
    const bars = await p.$$eval('.live [data-test=flame-bar]', (els) => els.map((e) => [Number(e.getAttribute('data-cost')), e.textContent ?? '']));
    expect(bars[1]![0]).toBe(run0.totalCost);
    // the traced method has no line of its own: no ":-1"
    expect(bars.map((b) => b[1]).join(' ')).not.toContain(':-1');
    await p.locator('.live [data-chart=trace-flame]').screenshot({ path: join(ARTIFACTS, 'real-trace-flame.png') });
  }, 90_000);
});
