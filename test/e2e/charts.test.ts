// Every chart in Chromium against known inputs written to the database: what it draws, its numbers on
// hover and its table are the same numbers; screenshots in the light and dark themes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { costBox, sharedHistogram } from '../../src/shared/charts/distribution';
import { formatMs } from '../../src/shared/display/quantities';
import { ARTIFACTS, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);

// known runs: before is fast with one exception in 8; after is slower with 3 in 8
const BEFORE = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 12];
const AFTER = [1.5, 1.6, 1.8, 2.2, 2.5, 3.0, 40, 45];
const THREW_BEFORE = [false, false, false, false, false, false, false, true];
const THREW_AFTER = [false, true, false, false, true, false, true, false];
const watchRaw = (n: number, cost: number, threw: boolean): string =>
  JSON.stringify({
    type: 'watch',
    jobId: 1,
    ts: '2026-11-25 10:00:00.000',
    cost,
    className: 'demo.MathGame',
    methodName: 'primeFactors',
    accessPoint: threw ? 'AtExceptionExit' : 'AtExit',
    value: `@ArrayList[\n    @Object[][\n        @Integer[${n}],\n    ],\n    ${threw ? 'null' : `@ArrayList[\n        @Integer[${n}],\n    ]`},\n    ${threw ? `java.lang.IllegalArgumentException: number is: ${n}, need >= 2` : 'null'},\n]`,
    sizeLimit: 10485760,
    expand: 2,
  });
const TRACE = {
  type: 'trace',
  jobId: 3,
  ts: '2026-11-25 10:00:01.000',
  nodeCount: 4,
  root: {
    type: 'thread',
    threadName: 'main',
    children: [
      {
        type: 'method',
        className: 'demo.MathGame',
        methodName: 'run',
        totalCost: 2_000_000,
        children: [
          { type: 'method', className: 'demo.MathGame', methodName: 'primeFactors', lineNumber: 24, totalCost: 1_500_000, children: [] },
          { type: 'method', className: 'demo.MathGame', methodName: 'print', lineNumber: 25, totalCost: 300_000, children: [] },
        ],
      },
    ],
  },
};

async function hover(p: Page, selector: string): Promise<string> {
  await p.locator(selector).first().hover({ force: true });
  return (await p.locator('[data-test=chart-readout]').first().innerText()).trim();
}

describe.skipIf(skipOrFail(missing))('charts (Chromium)', () => {
  let h: Harness;
  let recordingId: number;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startHarness([]);
    const w = new RecordingWriter(h.db);
    recordingId = w.createRecording({ targetName: 'charts', targetUrl: 'http://127.0.0.1:8563/api', name: 'known runs', startedAt: 1_764_064_800_000 });
    const at = 1_764_064_800_000;
    const cmd = 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2';
    w.writeJob(recordingId, { jobId: 1, command: cmd, state: 'succeeded', startedAt: at });
    w.writeJob(recordingId, { jobId: 2, command: cmd, state: 'succeeded', startedAt: at + 1000 });
    w.writeJob(recordingId, { jobId: 3, command: 'trace demo.MathGame run -n 1', state: 'succeeded', startedAt: at + 2000 });
    BEFORE.forEach((c, i) => w.writeBatch(recordingId, [resultRow(i, at + i * 10, 'live', { type: 'watch', jobId: 1 }, watchRaw(100 + i, c, THREW_BEFORE[i]!))]));
    AFTER.forEach((c, i) => w.writeBatch(recordingId, [resultRow(i, at + 1000 + i * 10, 'live', { type: 'watch', jobId: 2 }, watchRaw(100 + i, c, THREW_AFTER[i]!).replace('"jobId":1', '"jobId":2'))]));
    w.writeBatch(recordingId, [resultRow(99, at + 2000, 'live', { type: 'trace', jobId: 3 }, JSON.stringify(TRACE))]);
    w.endRecording(recordingId, 'closed', at + 3000);
    await h.page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);
  afterAll(async () => h?.close());

  it('diff: box plots, histogram and exception rate match their tables and the known runs', async () => {
    const p = h.page;
    await p.click('[data-test=nav-recordings]');
    await p.locator('[data-test=recording]').first().locator('[data-test=diff]').click();
    await p.waitForFunction(() => (document.querySelector('[data-test=pick-job-after]') as HTMLSelectElement | null)?.value === '2');
    await p.click('[data-test=compare]');
    await p.waitForSelector('[data-chart=cost-distribution] [data-test=box]');
    // the histogram drawn is the one of the known costs over shared bins
    const expected = sharedHistogram([BEFORE, AFTER]);
    const drawn = await p.$$eval('[data-test=hist-bar]', (els) => els.map((e) => [Number(e.getAttribute('data-run')), Number(e.getAttribute('data-bin')), Number(e.getAttribute('data-count'))]));
    for (const [run, bin, count] of drawn) expect(count).toBe(expected.counts[run!]![bin!]);
    expect(drawn.reduce((a, d) => a + d[2]!, 0)).toBe(BEFORE.length + AFTER.length);
    // the table lists the same counts, bin by bin
    await p.click('[data-chart=cost-distribution] [data-test=chart-table] summary');
    const rows = await p.$$eval('[data-test=hist-table] tr', (trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td.n')].map((td) => Number(td.textContent))));
    expect(rows).toEqual(expected.edges.slice(0, -1).map((_, i) => [expected.counts[0]![i], expected.counts[1]![i]]));
    const boxes = await p.$$eval('[data-test=box-table] tr', (trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    const b0 = costBox(BEFORE)!;
    const b1 = costBox(AFTER)!;
    expect(boxes[0]).toEqual([String(b0.n), formatMs(b0.min), formatMs(b0.q1), formatMs(b0.median), formatMs(b0.q3), formatMs(b0.p90), formatMs(b0.p99), formatMs(b0.max)]);
    expect(boxes[1]![3]).toBe(formatMs(b1.median));
    // the numbers on hover
    expect(await hover(p, '[data-chart=cost-distribution] .boxrow[data-run="1"]')).toContain(`median ${formatMs(b1.median)}`);
    // exception rate: 1 of 8 before, 3 of 8 after, in the bars and the table
    const rates = await p.$$eval('[data-test=rate-bar]', (els) => els.map((e) => Number(e.getAttribute('data-rate'))));
    expect(rates).toEqual([1 / 8, 3 / 8]);
    await p.click('[data-chart=exception-rate] [data-test=chart-table] summary');
    expect(await p.locator('[data-test=rate-table] tr').nth(2).innerText()).toMatch(/8\s+3\s+37\.5%/);
    await p.locator('[data-chart=cost-distribution]').screenshot({ path: join(ARTIFACTS, 'chart-cost-distribution.png') });
    await p.locator('[data-chart=exception-rate]').screenshot({ path: join(ARTIFACTS, 'chart-exception-rate.png') });
  }, 60_000);

  it('watch: cost over time, exceptions marked, with the point under the pointer and a table of windows', async () => {
    const p = h.page;
    await p.click('[data-test=nav-recordings]');
    await p.locator('[data-test=recording]').first().locator('[data-test=replay]').click();
    await p.locator('.replay [data-test=result-row][data-type=watch]').nth(9).click();
    await p.waitForSelector('[data-test=cost-over-time] canvas');
    expect(await p.locator('[data-chart=cost-over-time] figcaption').innerText()).toContain(`${AFTER.length} calls, ${THREW_AFTER.filter(Boolean).length} threw`);
    await p.click('[data-chart=cost-over-time] [data-test=chart-table] summary');
    const sums = await p.$$eval('[data-test=series-table] tr', (trs) =>
      trs.slice(1).reduce((a, tr) => {
        const n = [...tr.querySelectorAll('td.n')].map((td) => Number(td.textContent));
        return [a[0]! + n[0]!, a[1]! + n[1]!];
      }, [0, 0]),
    );
    expect(sums).toEqual([AFTER.length, THREW_AFTER.filter(Boolean).length]);
    // the pointer over the plot: the nearest call's time, cost and position
    const plot = await p.locator('[data-test=cost-over-time] .u-over').boundingBox();
    await p.mouse.move(plot!.x + plot!.width - 2, plot!.y + plot!.height / 2);
    await p.waitForFunction(() => /result \d+/.test(document.querySelector('[data-chart=cost-over-time] [data-test=chart-readout]')?.textContent ?? ''));
    expect(await p.locator('[data-chart=cost-over-time] [data-test=chart-readout]').innerText()).toContain(formatMs(AFTER[AFTER.length - 1]!));
    await p.locator('[data-chart=cost-over-time]').screenshot({ path: join(ARTIFACTS, 'chart-cost-over-time.png') });
  }, 60_000);

  it('trace: the icicle is sized by time, the hottest path marked, its table the same numbers', async () => {
    const p = h.page;
    await p.locator('.replay [data-test=result-row][data-type=trace]').first().click();
    await p.waitForSelector('[data-test=flame-bar]');
    const bars = await p.$$eval('[data-test=flame-bar]', (els) => els.map((e) => ({ cost: Number(e.getAttribute('data-cost')), hot: e.getAttribute('data-hot') === 'true', w: (e as HTMLElement).getBoundingClientRect().width })));
    expect(bars.map((b) => [b.cost, b.hot])).toEqual([
      [2_000_000, true],
      [2_000_000, true],
      [1_500_000, true],
      [300_000, false],
    ]);
    // widths follow the shares: primeFactors is 75% of the root, print 15%
    expect(bars[2]!.w / bars[0]!.w).toBeCloseTo(0.75, 1);
    expect(bars[3]!.w / bars[0]!.w).toBeCloseTo(0.15, 1);
    expect(await hover(p, '[data-test=flame-bar] >> nth=2')).toContain('75.0%');
    await p.click('[data-chart=trace-flame] [data-test=chart-table] summary');
    expect(await p.locator('[data-test=flame-table] tr').nth(1).innerText()).toMatch(/thread main\s+0\s+2(\.0+)? ms\s+100\.0/);
    await p.locator('[data-chart=trace-flame]').screenshot({ path: join(ARTIFACTS, 'chart-trace-flame.png') });
    // dark theme: the same charts in its colors
    await p.selectOption('[data-test=pref-theme]', 'dark');
    await p.locator('[data-chart=trace-flame]').screenshot({ path: join(ARTIFACTS, 'chart-trace-flame-dark.png') });
    await p.locator('.replay [data-test=result-row][data-type=watch]').nth(9).click();
    await p.waitForSelector('[data-test=cost-over-time] canvas');
    await p.locator('[data-chart=cost-over-time]').screenshot({ path: join(ARTIFACTS, 'chart-cost-over-time-dark.png') });
    await p.click('[data-test=nav-diff]');
    await p.locator('[data-chart=cost-distribution]').screenshot({ path: join(ARTIFACTS, 'chart-cost-distribution-dark.png') });
    await p.selectOption('[data-test=pref-theme]', 'system');
    const errors = (p as unknown as { errors: string[] }).errors;
    expect(errors).toEqual([]);
  }, 60_000);
});
