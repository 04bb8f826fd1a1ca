// The offline HTML export opened in Chromium with the network off: it replays with the app's own
// views (timeline, play, list, every result view) and searches; a recording whose values carry <script> and event handlers runs nothing;
// the masking rules apply; the page asks for nothing over the network and breaks no CSP rule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { exportRecordingHtml } from '../../src/main/recorder/html-export';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { tempDir } from '../support/temp-dir';
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, uiPrerequisites } from './harness';
import { openOffline } from './page-watch';
import { skipOrFail } from '../support/real-tier';

const why = uiPrerequisites();
if (why) console.warn(`offline HTML tests skipped: ${why}`);

const HOSTILE = [
  '<script>window.__xss = 1; document.title = "pwned"</script>',
  '</script><img src=x onerror="window.__xss=2">',
  '<!-- <script>window.__xss=3</script>',
  '"><svg onload=window.__xss=4> \u001b[31mred\u001b[0m \u202eevil\u202c zero\u200bwidth',
  '\u2028</script ><iframe src="https://example.com/"></iframe>',
];

describe.skipIf(skipOrFail(why))('offline HTML export (Chromium, network off)', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Db;
  let browser: Browser;
  let file: string;
  let recordingId: number;
  beforeAll(async () => {
    dir = tempDir();
    db = openDatabase(dir.file('offline.db'));
    const w = new RecordingWriter(db);
    recordingId = w.createRecording({ targetName: 'orders <b>prod</b>', targetUrl: 'http://10.0.0.5:8563/api', name: 'checkout "incident"', startedAt: 1_764_000_000_000 });
    w.writeJob(recordingId, { jobId: 1, command: 'watch demo.Checkout pay "{params, returnObj}" -x 2', state: 'succeeded', startedAt: 1_764_000_000_000 });
    let at = 1_764_000_000_100;
    const raws: string[] = [];
    for (let i = 0; i < 40; i++) raws.push(JSON.stringify({ type: 'watch', jobId: 1, ts: '2025-11-24 16:00:00.000', cost: 1.25 + i, value: `@ArrayList[@String[order-${i}], @String[token=secret-${i}abc]]`, sizeLimit: 10485760, expand: 2 }));
    HOSTILE.forEach((h) => raws.push(JSON.stringify({ type: 'watch', jobId: 1, ts: '2025-11-24 16:00:01.000', cost: 2, value: h, sizeLimit: 10485760, expand: 2 })));
    raws.push(JSON.stringify({ type: 'watch', jobId: 1, ts: '2025-11-24 16:00:02.000', cost: 3, value: 'java.lang.IllegalStateException: needle in the haystack', sizeLimit: 10485760, expand: 2 }));
    for (const raw of raws) w.writeBatch(recordingId, [resultRow(0, (at += 30), 'live', JSON.parse(raw) as { type: string }, raw)]);
    w.writeEvent(recordingId, { at: 1_764_000_000_500, kind: 'bookmark', message: 'slow <i>here</i>' });
    w.writeEvent(recordingId, { at: 1_764_000_000_900, kind: 'gap', gapReason: 'server-drop', message: 'gap: 3 results dropped' });
    w.endRecording(recordingId, 'closed', at + 10);
    file = dir.file('checkout.html');
    const s = await exportRecordingHtml(db, recordingId, file, { mask: [{ pattern: 'secret-\\w+' }] });
    expect(s).toMatchObject({ results: 46, masked: 40, events: 2 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    db?.close();
    dir?.remove();
  });

  it('is what the export of the contract writes when asked for html', async () => {
    const { DeckService } = await import('../../src/main/api/deck-service');
    const deck = new DeckService({ db, databasePath: '', mode: 'serve', version: 't', searchIndex: false });
    const path = dir.file('via-contract.html');
    const r = await deck.call<'recordings.export'>('recordings.export', { recordingId, path, format: 'html', jobs: [1] });
    expect(r).toMatchObject({ results: 46, name: 'via-contract.html' });
    expect(readFileSync(path, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    await expect(deck.call('recordings.export', { recordingId, path, format: 'pdf' })).rejects.toThrow(/format/);
    await deck.shutdown();
  });

  it('is one file with a strict CSP (its own script and style by hash, nothing else) and no masked text', () => {
    const html = readFileSync(file, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(csp).not.toContain('unsafe');
    expect(html).not.toMatch(/secret-\d/);
    // recorded text never appears as markup: every "<" in the data is escaped
    for (const h of HOSTILE) expect(html).not.toContain(h.slice(0, 12));
    expect(html.match(/<script/g)).toHaveLength(3);
  });

  it('replays and searches offline, and runs nothing from the recording', async () => {
    const { page, context, requests, problems } = await openOffline(browser, file);
    expect(await page.title()).toBe('checkout "incident" - Arthas Deck recording');
    // the app's own replay: its facts, its timeline, its list and detail views
    expect(await page.locator('[data-test=offline-facts]').innerText()).toContain('orders <b>prod</b>');
    expect(await page.locator('[data-test=offline-facts]').innerText()).toMatch(/started 2025-11-24 \d\d:\d\d:\d\d/);
    const position = page.locator('[data-test=replay-position]');
    await expect.poll(() => position.innerText()).toMatch(/^0 \/ 46/);
    await page.waitForSelector('[data-test=timeline]');
    expect(await page.locator('[data-test=result-row][data-type=watch]').count()).toBeGreaterThan(10);
    // play: the playhead moves through the results at the recorded pace
    await page.click('[data-test=play]');
    await page.waitForFunction(() => /^([3-9]|\d\d) \//.test(document.querySelector('[data-test=replay-position]')!.textContent ?? ''));
    await page.click('[data-test=play]');
    // straight to the end: the detail follows the playhead, in the app's watch view
    await page.click('[data-test=to-end]');
    await expect.poll(() => position.innerText()).toMatch(/^46 \/ 46/);
    const detail = page.locator('[data-test=result-detail]');
    await expect.poll(() => detail.innerText()).toContain('needle in the haystack');
    expect(await detail.innerText()).toMatch(/cost\s+3 ms/);
    // search within it: the hit is opened
    await page.click('[data-test=to-start]');
    await page.fill('[data-test=offline-q]', 'NEEDLE');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-test=offline-hits]').innerText()).toBe('1 of 1 results');
    await expect.poll(() => detail.getAttribute('data-pos')).toBe('46');
    await page.screenshot({ path: join(ARTIFACTS, 'offline-html-1280x720.png') });
    // the hostile values are on the page as text, and nothing of them ran
    await page.fill('[data-test=offline-q]', '<script>');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-test=offline-hits]').innerText()).toBe('1 of 2 results');
    await expect.poll(() => detail.innerText()).toContain('<script>window.__xss = 1');
    await page.fill('[data-test=offline-q]', 'xss');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 4; i++) {
      await expect.poll(() => page.locator('[data-test=offline-hits]').innerText()).toBe(`${i + 1} of 4 results`);
      expect(await page.locator('[data-test=result-detail] :is(iframe, img, svg, script)').count()).toBe(0);
      await page.click('[data-test=offline-next]');
    }
    // an ANSI escape, a right-to-left override and a zero-width space are shown as marks, as in the app
    await page.fill('[data-test=offline-q]', 'zero');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-test=offline-hits]').innerText()).toBe('1 of 1 results');
    await expect.poll(() => page.locator('[data-test=result-detail] [data-test=value-text]').innerText()).toBe('"><svg onload=window.__xss=4> ⟨U+001B⟩[31mred⟨U+001B⟩[0m ⟨U+202E⟩evil⟨U+202C⟩ zero⟨U+200B⟩width');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.title()).not.toBe('pwned');
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it("opens in the reader's language (简体中文 here, at 1024x640), dates as the app writes them", async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 640 }, locale: 'zh-CN' });
    await context.setOffline(true);
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready=true]');
    await page.waitForSelector('[data-test=result-row]');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    const facts = await page.locator('[data-test=offline-facts]').innerText();
    expect(facts).toMatch(/开始于 2025-11-24 \d\d:\d\d:\d\d/);
    expect(facts).toContain('46 条结果');
    expect(await page.locator('[data-test=play]').innerText()).toBe('播放');
    await page.click('[data-test=to-end]');
    await expect.poll(() => page.locator('[data-test=result-detail]').innerText()).toContain('needle in the haystack');
    // nothing of the page is cut off at the side: the controls and the detail fit the window
    const detail = (await page.locator('[data-test=result-detail]').boundingBox())!;
    expect(detail.x + detail.width).toBeLessThanOrEqual(1024);
    await page.screenshot({ path: join(ARTIFACTS, 'offline-html-zh-CN-1024x640.png') });
    await context.close();
  }, 60_000);
});
