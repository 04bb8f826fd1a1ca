// UI figure for npm run bench: a live tab holding 100,000 results, scrolled in Chromium.
import { addTarget, startHarness, uiPrerequisites } from '../test/e2e/harness';

export interface UiRowsFigures {
  rows: number;
  fillMs: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frames: number;
}

export async function measureUiRows(rows = 100_000): Promise<UiRowsFigures | string> {
  const missing = uiPrerequisites();
  if (missing) return missing;
  // a simulator with a deep queue and big answers, only so that 100,000 rows arrive quickly
  // (no calls of its own: the rows are the injected ones)
  const h = await startHarness([{ callRate: 0, limits: { queueSize: rows + 100, batchSizeLimit: 5000, itemLimit: 1_000_000 } }]);
  try {
    const p = h.page;
    await addTarget(p, 'bench', h.sims[0]!.url);
    await p.click('[data-test=open-target]');
    await p.waitForSelector('[data-test=tab] [data-state=ready]');
    // a running job: an idle tab rightly does not pull (its results would wait for the next command)
    await p.fill('[data-test=command-input]', 'watch demo.MathGame primeFactors -n 100000000');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=tab] [data-state=running]');
    const t0 = Date.now();
    for (let i = 0; i < rows; i++) h.sims[0]!.injectRaw(`{"type":"watch","jobId":0,"ts":${1_700_000_000_000 + i},"cost":0.05,"value":"@ArrayList[\\n    @Integer[${i}],\\n]"}`, 'watch');
    await p.waitForFunction((n) => Number(/All \((\d+)\)/.exec(document.body.innerText)?.[1] ?? 0) >= n, rows, { timeout: 120_000 });
    const fillMs = Date.now() - t0;
    const intervals = await p.evaluate(async () => {
      const vp = document.querySelector('.viewport') as HTMLElement;
      const out: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 240; i++) {
        vp.scrollTop = (i % 2 ? vp.scrollHeight : 0) * Math.random();
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const now = performance.now();
        out.push(now - last);
        last = now;
      }
      return out;
    });
    intervals.sort((a, b) => a - b);
    return { rows, fillMs, frameP50Ms: intervals[Math.floor(intervals.length / 2)]!, frameP95Ms: intervals[Math.floor(intervals.length * 0.95)]!, frames: intervals.length };
  } finally {
    await h.close();
  }
}
