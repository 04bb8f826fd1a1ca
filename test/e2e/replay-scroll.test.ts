// Replay's result list scrolls through the whole recording, in both directions, with the
// playhead's row highlighted (Chromium, serve mode).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { ARTIFACTS, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);
const N = 6000;

async function scrollUntil(p: Page, edge: 'top' | 'bottom', selector: string): Promise<void> {
  for (let i = 0; i < 60 && !(await p.locator(selector).count()); i++) {
    await p.locator('.results .viewport').evaluate((el, e) => (el.scrollTop = e === 'top' ? 0 : el.scrollHeight), edge);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe.skipIf(skipOrFail(missing))('replay: the whole recording in the list', () => {
  let h: Harness;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startHarness([]);
    const w = new RecordingWriter(h.db);
    const id = w.createRecording({ targetName: 'long run', targetUrl: 'http://127.0.0.1:8563/api', startedAt: 1_700_000_000_000 });
    for (let i = 0; i < N; i += 20) {
      w.writeBatch(
        id,
        Array.from({ length: 20 }, (_, k) => {
          const raw = JSON.stringify({ type: 'watch', jobId: 1, cost: 0.1, ts: '2023-11-14 22:13:20.000000000', value: `@Integer[${i + k + 1}]` });
          return resultRow(i / 20 + 1, 1_700_000_000_000 + (i + k) * 10, 'live', JSON.parse(raw), raw);
        }),
      );
    }
    w.writeJob(id, { jobId: 1, command: 'watch demo.MathGame primeFactors "params[0]"', state: 'succeeded', startedAt: 1_700_000_000_000, endedAt: 1_700_000_000_000 + N * 10 });
    w.endRecording(id, 'closed', 1_700_000_000_000 + N * 10);
  });
  afterAll(async () => h?.close());

  it('after a seek to the middle, scrolling up reaches the first result and down the last; the playhead row is marked', async () => {
    const p = h.page;
    await p.click('[data-test=nav-recordings]');
    await p.click('[data-test=recording]:has-text("long run") [data-test=replay]');
    await p.waitForSelector('[data-test=timeline]');
    const box = (await p.locator('[data-test=timeline]').boundingBox())!;
    await p.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await p.waitForFunction(() => /^\d{4} \//.test(document.querySelector('[data-test=replay-position]')?.textContent ?? ''));
    const pos = parseInt(await p.locator('[data-test=replay-position]').innerText(), 10);
    expect(pos).toBeGreaterThan(N * 0.4);
    await p.waitForSelector(`[data-test=result-row][aria-current=true][data-pos="${pos}"]`);
    await p.screenshot({ path: join(ARTIFACTS, 'replay-playhead.png') });
    // the counts are the recording's, not the loaded window's
    expect(await p.locator('button:has-text("All (")').innerText()).toBe(`All (${N})`);

    await scrollUntil(p, 'top', '[data-test=result-row][data-pos="1"]');
    expect(await p.locator('[data-test=result-row][data-pos="1"]').count()).toBe(1);
    await scrollUntil(p, 'bottom', `[data-test=result-row][data-pos="${N}"]`);
    expect(await p.locator(`[data-test=result-row][data-pos="${N}"]`).count()).toBe(1);
    // rows after the playhead are shown as not yet played
    expect(await p.locator(`[data-test=result-row][data-pos="${N}"]`).getAttribute('class')).toContain('future');
    // the playhead did not move while the user scrolled
    expect(parseInt(await p.locator('[data-test=replay-position]').innerText(), 10)).toBe(pos);
  });
});
