// The UI as a browser user (npm run serve) meets it: the app's own dialogs, files in and out, and a
// host that goes away and comes back. Chromium against the simulator.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWsHost, type WsHost } from '../../src/main/host/ws-host';
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
    const recordingId = (h.db.prepare("SELECT MAX(id) AS id FROM sessions WHERE source = 'live'").get() as { id: number }).id;
    const stored = (h.db.prepare('SELECT COUNT(*) AS n FROM results WHERE session_id = ?').get(recordingId) as { n: number }).n;
    const shown = parseInt((await p.locator('button:has-text("All (")').innerText()).replace(/\D+/g, ''), 10);
    expect(shown).toBe(stored);
    expect(await p.locator('[data-test=job-chip]').first().innerText()).toContain('(83)');
  });
});
