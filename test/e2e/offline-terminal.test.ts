// A terminal's recording in the offline HTML page (#36.3): a colleague without the app opens it with
// the network off and sees Arthas's terminal drawn as it stood at each moment (xterm.js inside the
// page, its styles under the page's CSP); its search finds a line and shows the terminal there.
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { exportRecordingHtml } from '../../src/main/recorder/html-export';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { LineAssembler, type TerminalFrame } from '../../src/shared/terminal/terminal-frames';
import { tempDir } from '../support/temp-dir';
import { skipOrFail } from '../support/real-tier';
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, uiPrerequisites } from './harness';
import { openOffline } from './page-watch';

const why = uiPrerequisites();
if (why) console.warn(`offline terminal test skipped: ${why}`);

// what Arthas 4.3.4's terminal sends for `version` and then `thread -n 1`'s first lines (colours as it prints them)
const OUTPUT = [
  '[arthas@4242]$ ',
  ...'version'.split(''),
  '\r\n',
  '4.3.4\r\n',
  '[arthas@4242]$ ',
  ...'thread'.split(''),
  '\r\n',
  'Threads Total: 22, NEW: 0, RUNNABLE: 13, BLOCKED: 0, WAITING: 2, TIMED_WAITING: 7, TERMINATED: 0\r\n',
  '\u001b[30;47mID   NAME                GROUP     PRIORITY  STATE  \u001b[0m\r\n',
  '1    main                main      5         \u001b[35mTIMED_WAITING\u001b[0m\r\n',
  '[arthas@4242]$ ',
  ...`ognl '"\\u6570\\u5b66"'`.split(''),
  '\r\n',
  '@String[数学]\r\n',
  '[arthas@4242]$ ',
];

describe.skipIf(skipOrFail(why))('a terminal recording in the offline HTML page (Chromium, network off)', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Db;
  let file: string;
  beforeAll(async () => {
    dir = tempDir();
    db = openDatabase(dir.file('offline.db'));
    const w = new RecordingWriter(db);
    const at = 1_764_000_000_000;
    const id = w.createRecording({ targetName: 'math-game', targetUrl: 'http://127.0.0.1:8563/api', name: 'terminal of math-game', startedAt: at });
    const lines = new LineAssembler();
    const row = (f: TerminalFrame, t: number) => resultRow(1, t, 'live', f as unknown as { type: string }, JSON.stringify(f));
    w.writeBatch(id, [row({ type: 'terminal', resize: { cols: 100, rows: 12 } }, at)]);
    OUTPUT.forEach((out, i) => w.writeBatch(id, [row({ type: 'terminal', out }, at + 100 * (i + 1)), ...lines.push(out).map((line) => row({ type: 'terminal', line }, at + 100 * (i + 1)))]));
    w.endRecording(id, 'closed', at + 100 * (OUTPUT.length + 1));
    file = dir.file('terminal.html');
    await exportRecordingHtml(db, id, file);
  });
  afterAll(() => {
    db?.close();
    dir?.remove();
  });

  it('draws the terminal at the end and at a found line, offline, with nothing requested', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
    try {
      const { page, requests, problems } = await openOffline(browser, file);
      await page.waitForSelector('[data-test=terminal-replay]');
      await page.click('[data-test=to-end]');
      const screen = (): Promise<string> => page.locator('[data-test=terminal-replay] .xterm-rows').innerText();
      await page.waitForFunction(() => (document.querySelector('[data-test=terminal-replay] .xterm-rows') as HTMLElement | null)?.innerText.includes('@String[数学]'));
      const atEnd = await screen();
      expect(atEnd).toMatch(/Threads Total: 22/);
      expect(atEnd).toMatch(/1 +main +main +5 +TIMED_WAITING/);
      await page.screenshot({ path: join(ARTIFACTS, 'offline-terminal-1280x720-en.png') });
      // the page's search finds a line of the output: the terminal is shown as it stood then
      await page.fill('[data-test=offline-q]', 'Threads Total');
      await page.click('[data-test=offline-find]');
      await page.waitForFunction(() => {
        const text = (document.querySelector('[data-test=terminal-replay] .xterm-rows') as HTMLElement | null)?.innerText ?? '';
        return text.includes('Threads Total') && !text.includes('@String[');
      });
      expect(requests).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
