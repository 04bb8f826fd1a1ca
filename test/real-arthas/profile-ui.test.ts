// Profiling a real math-game (Arthas 4.3.4 with its native library; itimer works in containers) from
// the app in Chromium (#39): `profiler stop` is preceded by the deck's own `profiler dumpCollapsed`,
// recorded as a call of its own; `start -d N` gets its dump when it ends; the profile's view draws
// what the collapsed text counts (its total, the first row's sum, plain and inverted), its search
// counts the matching stacks, a click zooms and Reset comes back, the hot-methods table leads with
// the hottest self; screenshots at 1280x720 and 1024x640 in both languages, looked at.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACTS, uiPrerequisites, type Harness } from '../e2e/harness';
import { skipOrFail } from '../support/real-tier';
import { realArthasUnavailable } from './support/real-jvm';
import { mathGameTabForSuite, rawOfSelected, run, succeededChips, waitForSucceeded } from './support/ui-steps';

const why = realArthasUnavailable() ?? uiPrerequisites();
if (why) console.warn(`real-Arthas profile tests skipped: ${why}`);

/** the collapsed text's stacks, read here on their own: frames and the count after the last space */
function stacksOf(text: string): Array<{ frames: string[]; count: number }> {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const cut = l.lastIndexOf(' ');
      return { frames: l.slice(0, cut).split(';'), count: Number(l.slice(cut + 1)) };
    });
}

/**
 * At 1280x720 and 1024x640 in English and 简体中文: a check, then a screenshot
 * (test-artifacts/NAME-WxH-LOCALE.png); back to 1280x720 in English after.
 */
async function eachScreen(p: Page, name: string, check?: (where: string) => Promise<void>): Promise<void> {
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1024, height: 640 },
  ]) {
    for (const locale of ['en', 'zh-CN']) {
      await p.setViewportSize(size);
      await p.selectOption('[data-test=pref-locale]', locale);
      await p.waitForFunction((l) => document.documentElement.lang === l, locale);
      await check?.(`${size.width}x${size.height} ${locale}`);
      await p.screenshot({ path: join(ARTIFACTS, `${name}-${size.width}x${size.height}-${locale}.png`) });
    }
  }
  await p.setViewportSize({ width: 1280, height: 720 });
  await p.selectOption('[data-test=pref-locale]', 'en');
}

async function openProfile(p: Page): Promise<void> {
  const row = p.locator('[data-test=result-row][data-type=profiler]:has-text("profile:")').last();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  await p.waitForSelector('[data-test=profile]');
}

describe.skipIf(skipOrFail(why))('profiles of a real Arthas 4.3.4 in the app (Chromium)', () => {
  const tabOf = mathGameTabForSuite({ width: 1280, height: 720 });
  let h: Harness;
  beforeEach(() => {
    h = tabOf();
  });

  it('profiler stop: the profile is taken first, recorded, and drawn as the text counts it', async () => {
    const p = h.page;
    await run(p, 'profiler start --event itimer');
    await waitForSucceeded(p, 'profiler start --event itimer');
    await p.waitForTimeout(4000);
    await run(p, 'profiler stop');
    await waitForSucceeded(p, 'profiler stop');
    // the recording: the dump (an exec job of its own) before the stop's answer
    const rows = h.db.prepare(`SELECT r.pos, r.origin, j.command FROM results r JOIN jobs j ON j.session_id = r.session_id AND j.job_id = r.job_id WHERE r.type = 'profiler' ORDER BY r.pos`).all() as Array<{ pos: number; origin: string; command: string }>;
    const dump = rows.find((r) => r.command === 'profiler dumpCollapsed');
    const stop = rows.find((r) => r.command === 'profiler stop');
    expect(dump, JSON.stringify(rows)).toMatchObject({ origin: 'exec' });
    expect(dump!.pos).toBeLessThan(stop!.pos);

    await openProfile(p);
    const raw = await rawOfSelected(h, p, 'profiler');
    expect(raw).toMatchObject({ action: 'dumpCollapsed', actionArg: 'TOTAL' });
    const stacks = stacksOf(raw.executeResult as string);
    const total = stacks.reduce((s, x) => s + x.count, 0);
    expect(total).toBeGreaterThan(0);
    const view = p.locator('[data-test=profile]');
    await p.waitForFunction(() => Number(document.querySelector('[data-test=flame-graph]')?.getAttribute('data-rects')) > 0);
    expect(await view.getAttribute('data-unit')).toBe('ns');
    expect(Number(await view.getAttribute('data-total'))).toBe(total);
    expect(Number(await p.locator('[data-test=flame-graph]').getAttribute('data-drawn-total'))).toBe(total);
    // itimer counts whole 10 ms samples: the view says both
    expect(await view.innerText()).toContain(`${(total / 10_000_000).toLocaleString('en-US')} samples`);

    // the tooltip of a frame of the first row: its name, total and self
    const box = (await p.locator('[data-test=flame-graph] canvas').boundingBox())!;
    await p.mouse.move(box.x + 30, box.y + 17 + 8);
    const tip = p.locator('[data-test=flame-tooltip]');
    await tip.waitFor();
    expect(await tip.innerText()).toMatch(/total .+ \(.+%\)[\s\S]*self /);

    // a click zooms to that frame; Reset comes back to all
    await p.mouse.click(box.x + 30, box.y + 17 + 8);
    await p.waitForFunction(() => document.querySelector('[data-test=flame-graph]')?.getAttribute('data-focus') !== 'all');
    await p.click('[data-test=profile-reset]');
    await p.waitForFunction(() => document.querySelector('[data-test=flame-graph]')?.getAttribute('data-focus') === 'all');

    // a search counts each stack with a matching frame once
    const frame = 'Thread.run';
    const expected = stacks.filter((s) => s.frames.some((f) => f.replace(/\//g, '.').toLowerCase().includes(frame.toLowerCase()))).reduce((a, s) => a + s.count, 0);
    await p.fill('[data-test=profile-search]', frame);
    await p.waitForSelector('[data-test=profile-matched]');
    expect(Number(await p.locator('[data-test=profile-matched]').getAttribute('data-matched'))).toBe(expected);
    await p.fill('[data-test=profile-search]', '');

    // inverted: every stack read from its leaf, the same total drawn
    await p.check('[data-test=profile-inverted]');
    await p.waitForFunction((n) => Number(document.querySelector('[data-test=flame-graph]')?.getAttribute('data-drawn-total')) === n, total);
    await p.uncheck('[data-test=profile-inverted]');

    // hot methods: the hottest self first, as the text counts it; a click shows its callers
    const selfOf = new Map<string, number>();
    for (const s of stacks) selfOf.set(s.frames.at(-1)!, (selfOf.get(s.frames.at(-1)!) ?? 0) + s.count);
    const first = p.locator('[data-test=hot-method]').first();
    expect(Number(await first.getAttribute('data-self'))).toBe(Math.max(...selfOf.values()));
    await first.click();
    await p.waitForSelector('[data-test=method-neighbours]');

    await eachScreen(p, 'profile', async (where) => {
      // the graph fits the pane: it redraws to its width, nothing scrolls sideways
      const sideways = await p.locator('[data-test=result-detail]').evaluate((el) => {
        const body = el.closest('.detail')?.querySelector('.body') ?? el;
        return body.scrollWidth - body.clientWidth;
      });
      expect(sideways, where).toBeLessThanOrEqual(0);
    });
    expect((p as unknown as { errors: string[] }).errors).toEqual([]);
  }, 180_000);

  it('profiler start -d 2: the profile is taken when it ends by itself', async () => {
    const p = h.page;
    const dumps = (): number => (h.db.prepare(`SELECT count(*) AS n FROM jobs WHERE command = 'profiler dumpCollapsed'`).get() as { n: number }).n;
    const before = dumps();
    await run(p, 'profiler start --event itimer -d 2');
    await waitForSucceeded(p, 'profiler start --event itimer -d 2');
    const until = Date.now() + 20_000;
    while (dumps() === before && Date.now() < until) await p.waitForTimeout(250);
    expect(dumps()).toBe(before + 1);
    // the start's own answer says where Arthas writes its file and that the deck records the profile
    const start = p.locator('[data-test=result-row][data-type=profiler]:has-text("start:")').last();
    await start.click();
    await p.waitForSelector('[data-test=profiler-output-file]');
  }, 120_000);

  it('an event the JVM refuses: the Profile panel says what Arthas said, retries with itimer, counts samples and stops with the profile recorded', async () => {
    const p = h.page;
    const dumps = (): number => (h.db.prepare(`SELECT count(*) AS n FROM jobs WHERE command = 'profiler dumpCollapsed'`).get() as { n: number }).n;
    await run(p, 'profiler start --event no-such-event');
    await p.waitForSelector('[data-test=job-chip]:has-text("no-such-event"):has-text("failed")', { timeout: 30_000 });
    await p.click('[data-test=profile-panel] summary');
    const refused = p.locator('[data-test=profile-refused]');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('AsyncProfiler error: Unsupported event type');
    // the tests before ran their own starts and stops in this tab: count this one's chips past theirs
    const starts = await succeededChips(p, 'profiler start --event itimer');
    await p.click('[data-test=profile-retry-itimer]');
    await waitForSucceeded(p, 'profiler start --event itimer', 60_000, starts + 1);
    // running, and within a few seconds the samples so far (profiler getSamples, recorded)
    await p.waitForSelector('[data-test=profiling-running]:has-text("samples")', { timeout: 20_000 });
    await p.screenshot({ path: join(ARTIFACTS, 'profile-panel-1280x720-en.png') });
    const before = dumps();
    const stops = await succeededChips(p, 'profiler stop');
    await p.click('[data-test=profile-stop]');
    await waitForSucceeded(p, 'profiler stop', 60_000, stops + 1);
    expect(dumps()).toBe(before + 1);
    await p.waitForSelector('[data-test=profiling-running]', { state: 'detached' });
    await p.click('[data-test=profile-panel] summary');
  }, 90_000);

  it('two profiles compared: the differential graph holds each whole, the changed methods as their texts count them', async () => {
    const p = h.page;
    // two profiles of this JVM (the tests before may have left some: the last two are compared)
    for (let i = 0; i < 2; i++) {
      const [starts, stops] = [await succeededChips(p, 'profiler start --event itimer'), await succeededChips(p, 'profiler stop')];
      await run(p, 'profiler start --event itimer');
      await waitForSucceeded(p, 'profiler start --event itimer', 60_000, starts + 1);
      await p.waitForTimeout(2500);
      await run(p, 'profiler stop');
      await waitForSucceeded(p, 'profiler stop', 60_000, stops + 1);
    }
    const dumps = h.db.prepare(`SELECT j.session_id AS rec, j.job_id AS job, r.raw FROM jobs j JOIN results r ON r.session_id = j.session_id AND r.job_id = j.job_id AND r.type = 'profiler' WHERE j.command = 'profiler dumpCollapsed' ORDER BY j.started_at`).all() as Array<{ rec: number; job: number; raw: string }>;
    expect(dumps.length).toBeGreaterThanOrEqual(2);
    const [a, b] = dumps.slice(-2) as [(typeof dumps)[number], (typeof dumps)[number]];
    const totalOf = (raw: string): number => stacksOf((JSON.parse(raw) as { executeResult: string }).executeResult).reduce((s, x) => s + x.count, 0);

    await p.click('[data-test=nav-diff]');
    await p.click('[data-test=diff-mode-profiles]');
    for (const [side, d] of [['before', a], ['after', b]] as const) {
      await p.selectOption(`[data-test=pick-profile-recording-${side}]`, String(d.rec));
      await p.waitForSelector(`[data-test=pick-profile-${side}] option[value="${d.job}"]`, { state: 'attached' });
      await p.selectOption(`[data-test=pick-profile-${side}]`, String(d.job));
    }
    await p.waitForFunction(([x, y]) => {
      const el = document.querySelector('[data-test=profile-diff]');
      return el && Number(el.getAttribute('data-before')) === x && Number(el.getAttribute('data-after')) === y;
    }, [totalOf(a.raw), totalOf(b.raw)] as const, { timeout: 15_000 });
    // the graph draws both profiles whole: its first row sums to the merged total
    const graph = p.locator('[data-test=flame-graph]');
    await p.waitForFunction(() => Number(document.querySelector('[data-test=flame-graph]')?.getAttribute('data-rects')) > 0);
    expect(Number(await graph.getAttribute('data-drawn-total'))).toBeCloseTo(Number(await graph.getAttribute('data-total')), 0);
    // the changed methods, largest change first
    const deltas = (await p.locator('[data-test=changed-method]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-delta'))))).map(Math.abs);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas).toEqual([...deltas].sort((x, y) => y - x));
    // a frame's tooltip says its share before and after
    const box = (await graph.locator('canvas').boundingBox())!;
    await p.mouse.move(box.x + 20, box.y + 17 + 8);
    expect(await p.locator('[data-test=flame-tooltip]').innerText()).toMatch(/before: .+ %[\s\S]*after: .+ %/);
    await eachScreen(p, 'profile-diff');
    await p.click('[data-test=nav-live]');
    expect((p as unknown as { errors: string[] }).errors).toEqual([]);
  }, 180_000);
});
