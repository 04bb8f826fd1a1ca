// Bench figure: a 100,000-result recording exported as one offline .html page, opened in Chromium
// (network off): time from navigation until the page shows its first results, and the file size.
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { openDatabase } from '../src/main/recorder/db';
import { exportRecordingHtml } from '../src/main/recorder/html-export';
import { RecordingWriter } from '../src/main/recorder/recording-writer';
import { CHROMIUM, CHROMIUM_FLAGS, uiPrerequisites } from '../test/e2e/harness';

export interface OfflineOpenFigures {
  results: number;
  exportMs: number;
  bytes: number;
  openMs: number[];
}

export async function measureOfflineOpen(dir: { file(name: string): string }, raws: string[]): Promise<OfflineOpenFigures | string> {
  const missing = uiPrerequisites();
  if (missing) return missing;
  const db = openDatabase(dir.file('offline.db'));
  const w = new RecordingWriter(db);
  const id = w.createRecording({ targetName: 'bench', targetUrl: 'http://127.0.0.1:8563/api', startedAt: 1_700_000_000_000 });
  w.writeJob(id, { jobId: 1, command: 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2', state: 'succeeded', startedAt: 1_700_000_000_000 });
  const ins = db.prepare(`INSERT INTO results (session_id, pos, batch_seq, job_id, type, origin, received_at, server_time, raw) VALUES (?, ?, 0, 1, 'watch', 'live', ?, NULL, ?)`);
  db.transaction(() => raws.forEach((raw, i) => ins.run(id, i + 1, 1_700_000_000_000 + i * 5, raw)))();
  const file = dir.file('offline.html');
  let t = performance.now();
  await exportRecordingHtml(db, id, file);
  const exportMs = performance.now() - t;
  db.close();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  const openMs: number[] = [];
  try {
    for (let k = 0; k < 3; k++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      await context.setOffline(true);
      const page = await context.newPage();
      t = performance.now();
      await page.goto(pathToFileURL(file).href, { timeout: 60_000 });
      await page.waitForSelector('body[data-ready=true] [data-test=result-row]', { timeout: 60_000 });
      openMs.push(performance.now() - t);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { results: raws.length, exportMs, bytes: statSync(file).size, openMs };
}
