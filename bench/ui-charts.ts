// UI figure for npm run bench: a watch job of 100,000 calls drawn as cost over time (uPlot) in
// Chromium; frame intervals while the pointer moves over it (hover numbers) and while zooming.
import { RecordingWriter, resultRow } from '../src/main/recorder/recording-writer';
import { seededRandom } from '../test/simulator/math-game';
import { startHarness, uiPrerequisites } from '../test/e2e/harness';
import { startFrameClock, stopFrameClock } from './frame-clock';

export interface UiChartFigures {
  points: number;
  loadMs: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frames: number;
}

export async function measureChartFrames(points = 100_000): Promise<UiChartFigures | string> {
  const missing = uiPrerequisites();
  if (missing) return missing;
  const h = await startHarness([]);
  try {
    const w = new RecordingWriter(h.db);
    const id = w.createRecording({ targetName: 'bench', targetUrl: 'http://127.0.0.1:8563/api', startedAt: 1_764_064_800_000 });
    w.writeJob(id, { jobId: 1, command: 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2', state: 'succeeded', startedAt: 1_764_064_800_000 });
    const rand = seededRandom(11);
    const ins = h.db.prepare(`INSERT INTO results (session_id, pos, batch_seq, job_id, type, origin, received_at, server_time, raw) VALUES (?, ?, 0, 1, 'watch', 'live', ?, ?, ?)`);
    h.db.transaction(() => {
      for (let i = 0; i < points; i++) {
        const threw = rand() < 0.3;
        const cost = Math.round((0.02 + rand() * rand() * 5) * 1e6) / 1e6;
        ins.run(id, i + 1, 1_764_064_800_000 + i * 3, 1_764_064_800_000 + i * 3, `{"type":"watch","jobId":1,"ts":"2026-11-25 10:00:00.000","cost":${cost},"accessPoint":"${threw ? 'AtExceptionExit' : 'AtExit'}","value":"@Integer[${i}]"}`);
      }
    })();
    h.db.prepare('UPDATE sessions SET result_count = ?, state = ? WHERE id = ?').run(points, 'closed', id);
    void resultRow;
    const p = h.page;
    await p.setViewportSize({ width: 1400, height: 860 });
    await p.click('[data-test=nav-recordings]');
    await p.locator('[data-test=recording] [data-test=replay]').first().click();
    const t0 = Date.now();
    await p.locator('.replay [data-test=result-row][data-type=watch]').first().click();
    await p.waitForSelector('[data-test=cost-over-time] canvas', { timeout: 60_000 });
    await p.waitForFunction((n) => (document.querySelector('[data-chart=cost-over-time] figcaption')?.textContent ?? '').includes(`${n.toLocaleString('en').replace(/,/g, '')} calls`) || (document.querySelector('[data-chart=cost-over-time] figcaption')?.textContent ?? '').includes(`${n} calls`), points, { timeout: 60_000 });
    const loadMs = Date.now() - t0;
    const box = (await p.locator('[data-test=cost-over-time] .u-over').boundingBox())!;
    await startFrameClock(p);
    // the pointer sweeps the plot twice (hover numbers follow it), then two zooms and back
    for (let sweep = 0; sweep < 2; sweep++) for (let i = 0; i <= 120; i++) await p.mouse.move(box.x + (box.width * (sweep ? 120 - i : i)) / 120, box.y + box.height / 2);
    for (const [a, b] of [
      [0.2, 0.6],
      [0.3, 0.5],
    ] as const) {
      await p.mouse.move(box.x + box.width * a, box.y + box.height / 2);
      await p.mouse.down();
      await p.mouse.move(box.x + box.width * b, box.y + box.height / 2, { steps: 20 });
      await p.mouse.up();
    }
    await p.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await new Promise((r) => setTimeout(r, 300));
    const frames = await stopFrameClock(p);
    return { points, loadMs, frameP50Ms: frames[Math.floor(frames.length / 2)]!, frameP95Ms: frames[Math.floor(frames.length * 0.95)]!, frames: frames.length };
  } finally {
    await h.close();
  }
}
