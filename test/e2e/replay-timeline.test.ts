// Replay's timeline gives the jobs the bar: a two-minute pause between commands is drawn short, so
// clicks along the bar land on different results, and the detail follows the playhead (Chromium).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { isContent } from '../../src/renderer/src/lib/result-row';
import captures from '../fixtures/arthas-4.3.4/captures.json';
import { ARTIFACTS, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);
const T0 = 1_764_700_000_000;
const IDLE_MS = 120_000;

/** real 4.3.4 results of a command, as the jobId given */
function resultsOf(command: string, jobId: number): Array<Record<string, unknown>> {
  return (captures.commands as Record<string, Array<Record<string, unknown>>>)[command]!.filter((r) => r.jobId !== 0).map((r) => ({ ...r, jobId }));
}

async function clickAt(p: Page, share: number): Promise<number> {
  const box = (await p.locator('[data-test=timeline]').boundingBox())!;
  const before = await p.locator('[data-test=replay-position]').innerText();
  await p.mouse.click(box.x + box.width * share, box.y + box.height / 2);
  await p.waitForFunction((b) => document.querySelector('[data-test=replay-position]')?.textContent !== b, before).catch(() => undefined);
  return parseInt(await p.locator('[data-test=replay-position]').innerText(), 10);
}

describe.skipIf(skipOrFail(missing))('replay: the timeline in busy time, the detail at the playhead', () => {
  let h: Harness;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startHarness([]);
    const w = new RecordingWriter(h.db);
    const id = w.createRecording({ targetName: 'lunch break', targetUrl: 'http://127.0.0.1:8563/api', startedAt: T0 });
    // eight one-second jobs, a two-minute pause after the first
    const commands = ['jad demo.MathGame', 'thread', 'thread -n 3', 'jvm', 'sysprop', 'sc -d demo.MathGame', 'sm demo.MathGame', 'version'];
    let at = T0;
    let seq = 0;
    commands.forEach((command, i) => {
      const jobId = i + 1;
      const start = at;
      const rows = resultsOf(command, jobId).map((r, k) => resultRow(++seq, start + 100 + k * 200, 'live', r as never, JSON.stringify(r)));
      w.writeBatch(id, rows);
      w.writeJob(id, { jobId, command, state: 'succeeded', startedAt: start, endedAt: start + 1000 });
      at = start + 1000 + (i === 0 ? IDLE_MS : 500);
    });
    w.endRecording(id, 'closed', at);
  });
  afterAll(async () => h?.close());

  it('draws the pause short, so clicks at 40% and 85% land on different jobs; the detail shows the result at the playhead', async () => {
    const p = h.page;
    await p.setViewportSize({ width: 1280, height: 720 });
    await p.click('[data-test=nav-recordings]');
    await p.click('[data-test=recording]:has-text("lunch break") [data-test=replay]');
    await p.waitForSelector('[data-test=timeline]');
    const bar = (await p.locator('[data-test=timeline]').boundingBox())!;
    const idle = p.locator('[data-test=idle-stretch]');
    expect(await idle.count()).toBe(1);
    // the two minutes take the width of the idle cap (2 s) among ~11.5 s of jobs, not 90% of the bar
    expect((await idle.boundingBox())!.width / bar.width).toBeLessThan(0.2);
    expect(await idle.getAttribute('aria-label')).toMatch(/idle 2 min 0 s/);
    const at40 = await clickAt(p, 0.4);
    const at85 = await clickAt(p, 0.85);
    expect(at85).toBeGreaterThan(at40);
    // the detail follows the playhead: the result at that position (or the newest one a reader wants before it)
    // the newest result a reader wants at or before the playhead, as stored
    const stored = h.db.prepare('SELECT pos, type, job_id AS jobId, raw FROM results WHERE pos <= ? ORDER BY pos').all(at85) as Array<{ pos: number; type: string; jobId: number; raw: string }>;
    const expected = stored.filter((r) => isContent({ type: r.type, jobId: r.jobId, data: JSON.parse(r.raw) as Record<string, unknown> })).at(-1)!.pos;
    await p.waitForFunction((pos) => document.querySelector('.replay [data-test=result-detail]')?.getAttribute('data-pos') === String(pos), expected);
    await p.screenshot({ path: join(ARTIFACTS, 'replay-timeline-idle.png') });
  });
});
