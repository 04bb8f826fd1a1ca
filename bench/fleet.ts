// Bench figures for fleets: 10 members (simulators in their own processes) at 500 results/s each,
// one watch broadcast to all, recorded by the service in this process (the main process) while a
// Chromium page shows the merged live view: stored = delivered per member, the view's frame interval,
// this process's event-loop lag and RSS.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startFrameClock, stopFrameClock } from './frame-clock';
import { chromium } from 'playwright-core';
import { DeckService } from '../src/main/api/deck-service';
import { startWsHost } from '../src/main/host/ws-host';
import { openDatabase } from '../src/main/recorder/db';
import { CHROMIUM, CHROMIUM_FLAGS, RENDERER_DIR, uiPrerequisites } from '../test/e2e/harness';
import { MAX_CALL_RATE } from '../test/simulator/server';
import { startSimProcess } from '../test/support/sim-process';

export interface FleetFigures {
  members: number;
  rate: number;
  seconds: number;
  sent: number[];
  /** results the server evicted from a full consumer queue before they were pulled (Arthas drops the oldest of 50) */
  dropped: number[];
  stored: number[];
  lagP99Ms: number;
  rssAfterWarmupMB: number;
  rssEndMB: number;
  frameP95Ms: number | null;
  frames: number;
}

export async function measureFleet(dir: { file(name: string): string }, members = 10, seconds = Number(process.env.BENCH_FLEET_SECONDS ?? 60)): Promise<FleetFigures> {
  const sims = await Promise.all(Array.from({ length: members }, () => startSimProcess(['--rate', String(MAX_CALL_RATE)])));
  const db = openDatabase(dir.file('fleet.db'));
  const deck = new DeckService({ db, databasePath: '', mode: 'serve', version: 'bench', searchIndex: false });
  const host = await startWsHost(deck, { rendererDir: RENDERER_DIR });
  const ui = uiPrerequisites() ? null : await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  try {
    const ids: number[] = [];
    for (const [i, s] of sims.entries()) ids.push((await deck.call<'targets.save'>('targets.save', { name: `member-${String(i + 1).padStart(2, '0')}`, url: s.url })).id);
    const fleet = await deck.call<'fleets.run'>('fleets.run', { targetIds: ids, command: 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2 -n 100000000' });
    const page = ui ? await ui.newPage({ viewport: { width: 1400, height: 860 } }) : null;
    if (page) {
      await page.goto(host.url);
      await page.click('[data-test=nav-fleet]');
      await page.locator(`[data-test=fleet]`).first().locator('.link').click();
      await page.waitForSelector('[data-test=fleet-row]', { timeout: 30_000 });
    }
    // warm-up, then the measured stretch; RSS like with like: after a full GC, under load, at both ends
    await new Promise((r) => setTimeout(r, 5000));
    global.gc?.();
    const rssAfterWarmup = process.memoryUsage().rss;
    if (page) await startFrameClock(page);
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    lag.disable();
    global.gc?.();
    const rssEnd = process.memoryUsage().rss;
    let frames: number[] = [];
    if (page) frames = await stopFrameClock(page);
    await deck.call('fleets.interrupt', { id: fleet.id });
    await new Promise((r) => setTimeout(r, 1500));
    // closing drains each session to its job's last results
    await deck.call('fleets.close', { id: fleet.id });
    const info = await deck.call<'fleets.get'>('fleets.get', { id: fleet.id });
    const stats = await Promise.all(sims.map((s) => s.stats()));
    const sent = stats.map((st) => st.sentByType.watch ?? 0);
    const dropped = stats.map((st) => st.dropped);
    const stored = info.members.map((m) => (db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ? AND type = 'watch'`).get(m.recordingId) as { n: number }).n);
    return {
      members,
      rate: MAX_CALL_RATE,
      seconds,
      sent,
      dropped,
      stored,
      lagP99Ms: lag.percentile(99) / 1e6,
      rssAfterWarmupMB: rssAfterWarmup / 1048576,
      rssEndMB: rssEnd / 1048576,
      frameP95Ms: frames.length ? frames[Math.floor(frames.length * 0.95)]! : null,
      frames: frames.length,
    };
  } finally {
    await ui?.close();
    await deck.shutdown();
    await host.close();
    db.close();
    await Promise.all(sims.map((s) => s.stop()));
  }
}
