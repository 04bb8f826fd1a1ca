// A recorded profile in the offline HTML page (#39.5): a colleague without the app opens the page
// with the network off and gets the same flame graph and hot methods as the app, from the real
// 4.3.4 dump (test/fixtures/arthas-4.3.4/profiles.json); nothing is requested, nothing breaks.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { exportRecordingHtml } from '../../src/main/recorder/html-export';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { tempDir } from '../support/temp-dir';
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, uiPrerequisites } from './harness';
import { openOffline } from './page-watch';
import { skipOrFail } from '../support/real-tier';

const why = uiPrerequisites();
if (why) console.warn(`offline profile test skipped: ${why}`);

type Result = Record<string, unknown> & { type: string };
const captured = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/arthas-4.3.4/profiles.json'), 'utf8')) as { commands: Record<string, Result[]> };

describe.skipIf(skipOrFail(why))('a profile in the offline HTML page (Chromium, network off)', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Db;
  let file: string;
  let total = 0;
  beforeAll(async () => {
    dir = tempDir();
    db = openDatabase(dir.file('offline.db'));
    const w = new RecordingWriter(db);
    const at = 1_764_000_000_000;
    const id = w.createRecording({ targetName: 'math-game', targetUrl: 'http://127.0.0.1:8563/api', name: 'slow checkout', startedAt: at });
    w.writeJob(id, { jobId: 5, command: 'profiler start --event itimer', state: 'succeeded', startedAt: at, endedAt: at });
    w.writeJob(id, { jobId: 8, command: 'profiler dumpCollapsed', state: 'succeeded', startedAt: at + 3000, endedAt: at + 3000 });
    for (const [key, jobAt] of [
      ['0 profiler start --event itimer', at],
      ['4 profiler dumpCollapsed', at + 3000],
    ] as const) {
      for (const r of captured.commands[key]!.filter((x) => x.type === 'profiler' || x.type === 'status')) {
        const raw = JSON.stringify(r);
        w.writeBatch(id, [resultRow(1, jobAt, key.includes('dump') ? 'exec' : 'live', r, raw)]);
      }
    }
    w.endRecording(id, 'closed', at + 4000);
    const dump = captured.commands['4 profiler dumpCollapsed']!.find((r) => r.type === 'profiler')!;
    total = String(dump.executeResult)
      .split('\n')
      .filter((l) => l.trim())
      .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    file = dir.file('profile.html');
    await exportRecordingHtml(db, id, file);
  });
  afterAll(() => {
    db?.close();
    dir?.remove();
  });

  it('draws the flame graph and hot methods as the app does, offline', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
    try {
      const { page, requests, problems } = await openOffline(browser, file);
      await page.locator('[data-test=result-row][data-type=profiler]:has-text("profile:")').first().click();
      await page.waitForFunction(() => Number(document.querySelector('[data-test=flame-graph]')?.getAttribute('data-rects')) > 0);
      expect(Number(await page.locator('[data-test=profile]').getAttribute('data-total'))).toBe(total);
      expect(Number(await page.locator('[data-test=flame-graph]').getAttribute('data-drawn-total'))).toBe(total);
      // the unit from the recorded `profiler start` job: time, in whole samples
      expect(await page.locator('[data-test=profile]').getAttribute('data-unit')).toBe('ns');
      expect(await page.locator('[data-test=profile]').innerText()).toContain(`${total / 10_000_000} samples`);
      expect(await page.locator('[data-test=hot-method]').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(ARTIFACTS, 'offline-profile-1280x720-en.png') });
      expect(requests).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
