// Long work shows progress and can be cancelled: a large import in the browser (serve mode).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { exportRecording } from '../../src/main/recorder/arthasrec-export';
import { tempDir } from '../support/temp-dir';
import { ARTIFACTS, startHarness, uiPrerequisites, type Harness } from './harness';
import { skipOrFail } from '../support/real-tier';

const missing = uiPrerequisites();
if (missing) console.warn(`UI tests skipped: ${missing}`);
const N = 300_000;

describe.skipIf(skipOrFail(missing))('long work: progress and cancel', () => {
  let h: Harness;
  const dir = tempDir('arthas-deck-long-');
  const file = dir.file('large.arthasrec');
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await startHarness([]);
    const w = new RecordingWriter(h.db);
    const id = w.createRecording({ targetName: 'large', targetUrl: 'http://127.0.0.1:8563/api', startedAt: 1_700_000_000_000 });
    const raw = (i: number): string => JSON.stringify({ type: 'watch', jobId: 1, cost: 0.1, ts: '2023-11-14 22:13:20.000000000', value: `@ArrayList[ @Integer[${i}], @String[order-${i}-${'x'.repeat(40)}], ]` });
    for (let i = 0; i < N; i += 1000) w.writeBatch(id, Array.from({ length: 1000 }, (_, k) => resultRow(i / 1000 + 1, 1_700_000_000_000 + i + k, 'live', { type: 'watch', jobId: 1 }, raw(i + k))));
    w.endRecording(id, 'closed');
    await exportRecording(h.db, id, file, {});
    w.deleteRecording(id);
    await h.page.reload();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    dir.remove();
  });

  it('imports a large file with a progress bar that advances; Cancel leaves the library as it was', async () => {
    const p = h.page;
    await p.click('[data-test=nav-recordings]');
    const before = (h.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
    await p.setInputFiles('[data-test=import-file]', file);
    const task = p.locator('[data-test=task][data-task^=import]');
    const bar = task.locator('[data-test=task-progress]');
    await bar.waitFor({ timeout: 20_000 });
    // the bar moves: two readings, the second further
    const read = async (): Promise<number> => Number(await bar.getAttribute('value'));
    const first = await read();
    await p.waitForFunction((v) => Number(document.querySelector('[data-test=task][data-task^=import] [data-test=task-progress]')?.getAttribute('value') ?? v) > v, first, { timeout: 20_000 });
    await p.screenshot({ path: join(ARTIFACTS, 'import-progress.png') });
    expect(await task.innerText()).toMatch(/Importing.*\/s/s);
    await task.locator('[data-test=task-cancel]').click();
    await task.waitFor({ state: 'detached', timeout: 20_000 });
    await p.waitForSelector('[data-test=notice]:has-text("cancelled")');
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n).toBe(before);
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n).toBe(0);
    expect(await p.locator('[data-test=recording]').count()).toBe(before);
  }, 90_000);

  it('an export cancelled midway leaves no file', async () => {
    const w = new RecordingWriter(h.db);
    const id = w.createRecording({ targetName: 'to-export', targetUrl: 'http://127.0.0.1:8563/api' });
    for (let i = 0; i < 50_000; i += 1000) w.writeBatch(id, Array.from({ length: 1000 }, (_, k) => resultRow(1, 1 + i + k, 'live', { type: 'message' }, `{"type":"message","message":"m${i + k}"}`)));
    const out = dir.file('cancelled.arthasrec');
    const control = new AbortController();
    const run = exportRecording(h.db, id, out, {}, { signal: control.signal, onProgress: (pr) => pr.done >= 10_000 && control.abort() });
    await expect(run).rejects.toThrow(/Export cancelled/);
    expect(existsSync(out)).toBe(false);
  });
});
