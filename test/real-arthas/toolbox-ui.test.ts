// The JVM's toolbox in the app, against a real Arthas 4.3.4 in Chromium (#39.6): a heap dump named
// under arthas-output/ shows its size as the JVM's disk holds it and downloads byte for byte (serve
// mode: through the browser); one written elsewhere says it stays on the JVM's host; the Files panel
// lists arthas-output/; a JFR recording's file is found from Arthas's words; vmtool's instances read
// like a watch value. Screenshots at 1280x720 in both languages, looked at.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, uiPrerequisites } from '../e2e/harness';
import { skipOrFail } from '../support/real-tier';
import { realArthasUnavailable } from './support/real-jvm';
import { open, openMathGameTab, rawOfSelected, run, waitForSucceeded, type MathGameTab } from './support/ui-steps';

const why = realArthasUnavailable() ?? uiPrerequisites();
if (why) console.warn(`real-Arthas toolbox tests skipped: ${why}`);

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe.skipIf(skipOrFail(why))('the JVM\'s toolbox in the app (real Arthas 4.3.4, Chromium)', () => {
  let tab: MathGameTab;
  beforeAll(async () => {
    tab = await openMathGameTab();
  }, 120_000);
  afterAll(() => tab?.close());
  const onJvm = (name: string): string => join(tab.target.jvm.cwd, name);

  it('heapdump into arthas-output/: its size as on the JVM\'s disk, and a download byte for byte', async () => {
    const p = tab.h.page;
    await run(p, 'heapdump --live arthas-output/ui-heap.hprof');
    await waitForSucceeded(p, 'heapdump --live arthas-output/ui-heap.hprof');
    await open(p, 'heapdump');
    expect(await rawOfSelected(tab.h, p, 'heapdump')).toMatchObject({ dumpFile: 'arthas-output/ui-heap.hprof', live: true });
    const size = p.locator('[data-test=result-detail] [data-test=output-file-size]');
    await size.waitFor({ timeout: 15_000 });
    const onDisk = statSync(onJvm('arthas-output/ui-heap.hprof')).size;
    expect(Number(await size.getAttribute('data-bytes'))).toBe(onDisk);
    await p.screenshot({ path: join(ARTIFACTS, 'heapdump-1280x720-en.png') });
    const [download] = await Promise.all([p.waitForEvent('download', { timeout: 60_000 }), p.click('[data-test=result-detail] [data-test=output-file-download]')]);
    expect(download.suggestedFilename()).toBe('ui-heap.hprof');
    const got = readFileSync((await download.path())!);
    expect(got.length).toBe(onDisk);
    expect(sha(got)).toBe(sha(readFileSync(onJvm('arthas-output/ui-heap.hprof'))));
  }, 120_000);

  it('heapdump elsewhere: the view says where it is and that it stays on the JVM\'s host (no download)', async () => {
    const p = tab.h.page;
    await run(p, 'heapdump --live elsewhere.hprof');
    await waitForSucceeded(p, 'heapdump --live elsewhere.hprof');
    await open(p, 'heapdump', 2);
    await p.waitForSelector('[data-test=result-detail] [data-test=output-file-elsewhere]');
    expect(await p.locator('[data-test=result-detail] [data-test=output-file-path]').innerText()).toBe('elsewhere.hprof');
    expect(await p.locator('[data-test=result-detail] [data-test=output-file-download]').count()).toBe(0);
  }, 120_000);

  it('the Files panel lists arthas-output/ with each file\'s size, as the JVM\'s folder holds them', async () => {
    const p = tab.h.page;
    await p.click('[data-test=output-files-panel] summary');
    const entry = p.locator('[data-test=output-file-entry][data-name="ui-heap.hprof"]');
    await entry.waitFor({ timeout: 15_000 });
    expect(Number(await entry.getAttribute('data-bytes'))).toBe(statSync(onJvm('arthas-output/ui-heap.hprof')).size);
    await p.screenshot({ path: join(ARTIFACTS, 'output-files-1280x720-en.png') });
    await p.selectOption('[data-test=pref-locale]', 'zh-CN');
    await p.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await p.screenshot({ path: join(ARTIFACTS, 'output-files-1280x720-zh-CN.png') });
    await p.selectOption('[data-test=pref-locale]', 'en');
    await p.click('[data-test=output-files-panel] summary');
  }, 60_000);

  it('jfr stop: Arthas\'s words, and the recording file found in arthas-output/ with its size', async () => {
    const p = tab.h.page;
    await run(p, 'jfr start');
    await waitForSucceeded(p, 'jfr start');
    await p.waitForTimeout(1500);
    await run(p, 'jfr stop -r 1');
    await waitForSucceeded(p, 'jfr stop -r 1');
    await open(p, 'jfr', 2);
    const raw = await rawOfSelected(tab.h, p, 'jfr');
    const file = /written to:\n(.+)$/.exec(String(raw.jfrOutput))![1]!;
    expect(await p.locator('[data-test=result-detail] [data-test=jfr-result] pre').innerText()).toBe(String(raw.jfrOutput).trimEnd());
    const size = p.locator('[data-test=result-detail] [data-test=output-file-size]');
    await size.waitFor({ timeout: 15_000 });
    expect(Number(await size.getAttribute('data-bytes'))).toBe(statSync(file).size);
  }, 60_000);

  it('vmtool getInstances: the instances read like a watch value', async () => {
    const p = tab.h.page;
    await run(p, 'vmtool --action getInstances --className demo.MathGame --limit 2');
    await waitForSucceeded(p, 'vmtool --action getInstances --className demo.MathGame --limit 2');
    await open(p, 'vmtool');
    const raw = await rawOfSelected(tab.h, p, 'vmtool');
    const view = p.locator('[data-test=result-detail] [data-test=vmtool-result]');
    await view.waitFor();
    // the value tree shows the array and the instance as Arthas printed it
    const shown = await view.innerText();
    expect(String(raw.value)).toMatch(/^@MathGame\[\]\[/);
    const instance = /@MathGame\[(demo\.MathGame@[0-9a-f]+)\]/.exec(String(raw.value))![1]!;
    expect(shown).toContain(instance);
    await p.screenshot({ path: join(ARTIFACTS, 'vmtool-1280x720-en.png') });
    expect((p as unknown as { errors: string[] }).errors).toEqual([]);
  }, 60_000);
});
