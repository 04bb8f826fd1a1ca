// The UI as a browser user (npm run serve) meets it: the app's own dialogs, files in and out, and a
// host that goes away and comes back. Chromium against the simulator.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWsHost, type WsHost } from '../../src/main/host/ws-host';
import { BULK_MIN_CHARS } from '../../src/main/host/bulk-answers';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { exportRecording } from '../../src/main/recorder/arthasrec-export';
import { validateRecordingFile } from '../../src/main/recorder/arthasrec-import';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';
import { ARTIFACTS, RENDERER_DIR, addTarget, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);

describe.skipIf(skipOrFail(missing))('browser mode: dialogs, files, reconnecting (Chromium)', () => {
  let h: Harness;
  let restarted: WsHost | undefined;
  const dir = tempDir('arthas-deck-browser-');
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startHarness([{ callRate: 20 }]);
    await addTarget(h.page, 'orders', h.sims[0]!.url);
    await h.page.click('[data-test=target]:has-text("orders") [data-test=open-target]');
    await h.page.waitForSelector('[data-test=tab]:has-text("orders") [data-state=ready]');
  });
  afterAll(async () => {
    await restarted?.close();
    await h?.close();
    dir.remove();
  });

  it("Bookmark, Rename and Tag use the app's dialog: Enter confirms, Esc cancels, focus comes back", async () => {
    const p = h.page;
    await p.click('button:has-text("Bookmark")');
    await p.waitForSelector('[data-test=app-dialog]');
    await p.fill('[data-test=dialog-input]', 'before the fix');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=app-dialog]', { state: 'detached' });
    await waitFor(() => (h.db.prepare("SELECT COUNT(*) AS n FROM events WHERE kind = 'bookmark' AND message = 'before the fix'").get() as { n: number }).n === 1, 'the bookmark');

    await p.click('[data-test=nav-recordings]');
    await p.waitForSelector('[data-test=recording]');
    const rename = p.locator('[data-test=recording] [data-test=rename]').first();
    await rename.click();
    await p.waitForSelector('[data-test=app-dialog]');
    await p.screenshot({ path: join(ARTIFACTS, 'dialog-rename.png') });
    await p.fill('[data-test=dialog-input]', 'checkout incident');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=recording]:has-text("checkout incident")');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('rename');

    await p.locator('[data-test=recording] [data-test=rename]').first().click();
    await p.fill('[data-test=dialog-input]', 'never saved');
    await p.keyboard.press('Escape');
    await p.waitForSelector('[data-test=app-dialog]', { state: 'detached' });
    expect(await p.locator('[data-test=recording]').first().innerText()).toContain('checkout incident');

    await p.locator('[data-test=recording] [data-test=tag]').first().click();
    await p.fill('[data-test=dialog-input]', 'prod, incident-42');
    // Tab stays inside the dialog
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => !!document.activeElement?.closest('[data-test=app-dialog]'))).toBe(true);
    await p.click('[data-test=dialog-ok]');
    await p.waitForSelector('[data-test=recording] .badge:has-text("incident-42")');
  });

  it('imports with a file picker (uploaded to the host) and exports as a download, saying where it went', async () => {
    const p = h.page;
    const file = dir.file('shared run.arthasrec');
    const id = (h.db.prepare('SELECT MAX(id) AS id FROM sessions').get() as { id: number }).id;
    await exportRecording(h.db, id, file, {});
    const before = await p.locator('[data-test=recording]').count();
    await p.setInputFiles('[data-test=import-file]', file);
    await p.waitForSelector('[data-test=notice]:has-text("Imported")');
    await p.waitForFunction((n) => document.querySelectorAll('[data-test=recording]').length === n + 1, before);

    // a modal dialog: said so to assistive technology, and Esc closes it at once
    await p.locator('[data-test=recording] [data-test=export]').first().click();
    const dialog = p.locator('[role=dialog][aria-modal=true]:has([data-test=do-export])');
    await dialog.waitFor();
    await p.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await p.locator('[data-test=recording] [data-test=export]').first().click();
    await dialog.waitFor();
    await p.screenshot({ path: join(ARTIFACTS, 'export-dialog.png') });
    const [download] = await Promise.all([p.waitForEvent('download'), p.click('[data-test=do-export]')]);
    const saved = dir.file('downloaded.arthasrec');
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toMatch(/\.arthasrec$/);
    const checked = await validateRecordingFile(saved);
    expect(checked.results).toBeGreaterThan(0);
    expect(readFileSync(saved).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    await p.waitForSelector('[data-test=notice]:has-text("downloads folder")');
    await p.screenshot({ path: join(ARTIFACTS, 'export-download.png') });
  });

  it('a hostile upload is refused with a clear message and nothing is imported', async () => {
    const p = h.page;
    const bad = dir.file('not-a-recording.arthasrec');
    writeFileSync(bad, '<script>alert(1)</script>');
    const before = await p.locator('[data-test=recording]').count();
    await p.setInputFiles('[data-test=import-file]', bad);
    await p.waitForSelector('[data-test=notice]:has-text("Import of not-a-recording.arthasrec failed")');
    expect(await p.locator('[data-test=recording]').count()).toBe(before);
  });

  it('a large answer (a recorded profile of 3 MB read whole) comes over HTTP once: drawn in the page, its answer then gone', async () => {
    const p = h.page;
    const w = new RecordingWriter(h.db);
    const at = Date.now();
    const lines = Array.from({ length: 30_000 }, (_, i) => `java/lang/Thread.run;demo/MathGame.run;demo/MathGame.primeFactors${i % 50};frame${i} ${i + 1}`);
    const raw = JSON.stringify({ type: 'profiler', action: 'dumpCollapsed', actionArg: 'SAMPLES', executeResult: `${lines.join('\n')}\n`, jobId: 2 });
    expect(raw.length).toBeGreaterThan(BULK_MIN_CHARS);
    const id = w.createRecording({ targetName: 'big-profile', targetUrl: 'http://127.0.0.1:8563/api', startedAt: at });
    w.writeJob(id, { jobId: 2, command: 'profiler dumpCollapsed SAMPLES', state: 'succeeded', startedAt: at, endedAt: at });
    w.writeBatch(id, [resultRow(1, at + 1, 'exec', { type: 'profiler', jobId: 2 }, raw)]);
    w.endRecording(id, 'closed', at + 2);
    const answers: Array<{ url: string; status: number }> = [];
    const seen = (r: import('playwright-core').Response): void => {
      if (r.url().includes('/answer/')) answers.push({ url: r.url(), status: r.status() });
    };
    p.on('response', seen);
    try {
      await p.click('[data-test=nav-recordings]');
      await p.fill('[data-test=rec-search]', 'big-profile');
      await p.press('[data-test=rec-search]', 'Enter');
      await p.locator('[data-test=recording]:has-text("big-profile") [data-test=replay]').click();
      await p.locator('.replay [data-test=result-row][data-type=profiler]').first().click();
      await p.waitForFunction(() => Number(document.querySelector('[data-test=flame-graph]')?.getAttribute('data-rects')) > 0, undefined, { timeout: 30_000 });
      // every count of the text is drawn: 1 + 2 + … + 30,000
      expect(Number(await p.getAttribute('[data-test=flame-graph]', 'data-total'))).toBe((30_000 * 30_001) / 2);
    } finally {
      p.off('response', seen);
    }
    expect(answers.map((a) => a.status)).toEqual([200]);
    // fetched once: the same key again, or without the page's token, is no answer
    const key = new URL(answers[0]!.url).pathname;
    expect((await fetch(`http://127.0.0.1:${h.host.port}${key}?token=${encodeURIComponent(h.host.token)}`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${h.host.port}${key}`)).status).toBe(404);
  });

  it('a waiting answer is handed only to the page: not without its token, not to another origin, not twice', async () => {
    const { port, token } = h.host;
    const w = new RecordingWriter(h.db);
    const raw = JSON.stringify({ type: 'ognl', jobId: 1, value: 'y'.repeat(BULK_MIN_CHARS) });
    const id = w.createRecording({ targetName: 'big-answer', targetUrl: 'http://127.0.0.1:8563/api', startedAt: Date.now() });
    w.writeBatch(id, [resultRow(1, Date.now(), 'exec', { type: 'ognl', jobId: 1 }, raw)]);
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`ws://127.0.0.1:${port}/deck?token=${encodeURIComponent(token)}`);
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const replies = new Map<number, { ok: boolean; result?: unknown; bulk?: string }>();
    ws.on('message', (m) => {
      const msg = JSON.parse(String(m)) as { id?: number; ok: boolean; bulk?: string };
      if (typeof msg.id === 'number') replies.set(msg.id, msg);
    });
    ws.send(JSON.stringify({ id: 7, method: 'recordings.result', args: { id, pos: 1 } }));
    ws.send(JSON.stringify({ id: 8, method: 'settings.get', args: { key: 'no-such-setting' } }));
    await waitFor(() => replies.size === 2, 'both answers');
    ws.close();
    // a small answer comes in the message; the large one names its key
    expect(replies.get(8)).toEqual({ id: 8, ok: true, result: null });
    const key = replies.get(7)!.bulk!;
    expect(key).toMatch(/^[\w-]{20,}$/);
    const url = `http://127.0.0.1:${port}/answer/${key}`;
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(`${url}?token=wrong-${token}`)).status).toBe(404);
    expect((await fetch(`${url}?token=${encodeURIComponent(token)}`, { headers: { Origin: 'http://evil.example' } })).status).toBe(404);
    expect((await fetch(`${url}?token=${encodeURIComponent(token)}`, { method: 'POST' })).status).toBe(405);
    // still waiting after those: the page's fetch gets it, byte for byte, once
    const got = await fetch(`${url}?token=${encodeURIComponent(token)}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toBe(raw);
    expect((await fetch(`${url}?token=${encodeURIComponent(token)}`)).status).toBe(404);
  });

  it('when the host goes away: "disconnected, retrying", then it reconnects and reloads without duplicating rows', async () => {
    const p = h.page;
    await p.click('[data-test=nav-live]');
    await p.fill('[data-test=command-input]', 'watch demo.MathGame primeFactors -n 80');
    await p.keyboard.press('Enter');
    await p.waitForSelector('[data-test=result-row][data-type=watch]');
    const { port, token } = h.host;
    await h.host.close();
    await p.waitForSelector('[data-test=disconnected]');
    await p.screenshot({ path: join(ARTIFACTS, 'disconnected.png') });
    await new Promise((r) => setTimeout(r, 1000));
    restarted = await startWsHost(h.service, { rendererDir: RENDERER_DIR, port, token });
    await p.waitForSelector('[data-test=disconnected]', { state: 'detached', timeout: 15_000 });
    await p.waitForSelector('[data-test=job-chip]:has-text("succeeded")', { timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 300));
    const recordingId = (h.db.prepare("SELECT MAX(id) AS id FROM sessions WHERE source = 'live' AND target_name = 'orders'").get() as { id: number }).id;
    const stored = (h.db.prepare('SELECT COUNT(*) AS n FROM results WHERE session_id = ?').get(recordingId) as { n: number }).n;
    const shown = parseInt((await p.locator('button:has-text("All (")').innerText()).replace(/\D+/g, ''), 10);
    expect(shown).toBe(stored);
    expect(await p.locator('[data-test=job-chip]').first().innerText()).toContain('(83)');
  });
});
