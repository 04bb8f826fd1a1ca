// Steps a user takes in the live view of a real Arthas, shared by the real-Arthas UI tests.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { ARTIFACTS, addTarget, startHarness, type Harness } from '../../e2e/harness';
import { startRealTarget, type RealTarget } from './real-jvm';

const CHIPS = '[data-test=job-chip]';
/** the harness behind each tab's page: what a failed step reports comes from its database too */
const harnessOf = new WeakMap<Page, Harness>();

/**
 * What the tab shows and what its recording holds, for a step that timed out: under CI's load a
 * failure must say where the command went (refused, stuck without results, or never sent).
 */
export async function tabState(p: Page): Promise<string> {
  const lines: string[] = [];
  const texts = (sel: string): Promise<string[]> => p.locator(sel).allInnerTexts().catch(() => ['(unreadable)']);
  lines.push(`job chips: ${JSON.stringify(await texts(CHIPS))}`);
  lines.push(`notices: ${JSON.stringify(await texts('[data-test=notice]'))}`);
  lines.push(`banner: ${JSON.stringify(await texts('[data-test=busy-banner]'))}`);
  lines.push(`input: ${JSON.stringify(await p.inputValue('[data-test=command-input]').catch(() => '(none)'))}`);
  lines.push(`page errors: ${JSON.stringify((p as Page & { errors?: string[] }).errors ?? [])}`);
  const h = harnessOf.get(p);
  if (h) {
    const q = <T>(sql: string): T[] => {
      try {
        return h.db.prepare(sql).all() as T[];
      } catch (e) {
        return [{ error: (e as Error).message } as T];
      }
    };
    lines.push(`stored jobs: ${JSON.stringify(q('SELECT job_id, command, state, status_message FROM jobs ORDER BY started_at DESC LIMIT 4'))}`);
    lines.push(`last results: ${JSON.stringify(q('SELECT pos, job_id, type, origin, substr(raw, 1, 160) AS raw FROM results ORDER BY id DESC LIMIT 6'))}`);
    lines.push(`last events: ${JSON.stringify(q('SELECT kind, gap_reason, message FROM events ORDER BY id DESC LIMIT 6'))}`);
  }
  return lines.join('\n');
}

/** Waits as waitForFunction does; on a timeout the error says what the tab showed and stored. */
async function waitOrTell(p: Page, what: string, wait: () => Promise<unknown>): Promise<void> {
  try {
    await wait();
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message.split('\n')[0]}\n${await tabState(p)}`);
  }
}

/**
 * Runs a command in the tab and waits until its job is there and has passed Arthas's transient
 * "someone else is enhancing classes" (the last job's banner): Run again, as a user would.
 */
export async function run(p: Page, command: string): Promise<void> {
  await p.waitForSelector('[data-test=command-input]:not([disabled])');
  await waitOrTell(p, `before ${command}: the last job still runs`, () =>
    p.waitForFunction(() => !document.querySelector('[data-test=interrupt]:not([disabled])'), undefined, { timeout: 30_000 }),
  );
  let before = await p.locator(CHIPS).count();
  await p.fill('[data-test=command-input]', command);
  await p.keyboard.press('Enter');
  for (let attempt = 0; ; attempt++) {
    // the new job has a result past its enhancement, has ended, or was refused as busy
    await waitOrTell(p, `${command}: no job with results, ended or refused`, () => p.waitForFunction(
      ([sel, n]) => {
        const chips = document.querySelectorAll(sel as string);
        if (chips.length <= Number(n)) return false;
        const last = chips[chips.length - 1] as HTMLElement;
        const results = Number(/\((\d+)\)\s*\S*\s*$/.exec(last.innerText)?.[1] ?? 0);
        return !!document.querySelector('[data-test=busy-banner]') || !last.classList.contains('running') || results >= 2;
      },
      [CHIPS, before] as const,
      { timeout: 30_000 },
    ));
    // a job that ended without results may be Arthas's transient busy answer: its banner follows the
    // job's chip by a frame or more (results are applied once per frame), so give it a moment
    const ended = await p.locator(CHIPS).last().evaluate((el) => !el.classList.contains('running'));
    if (ended) await p.waitForSelector('[data-test=busy-banner]', { timeout: 3000 }).catch(() => undefined);
    if (!(await p.locator('[data-test=busy-banner]').count()) || attempt === 3) return;
    before = await p.locator(CHIPS).count();
    await p.click('[data-test=run-again]');
  }
}

/** Waits until the tab's job of this command has succeeded; on a timeout the error says what the tab showed and stored. */
/**
 * How many of the tab's visible job chips run the command (a substring of theirs) and have succeeded:
 * read from the chip's title, as its label shortens long commands. A function the page runs whole
 * (no helper of this file: the app's CSP refuses strings evaluated as code).
 */
function countSucceeded([command, _n]: readonly [string, number]): number {
  return [...document.querySelectorAll<HTMLElement>('[data-test=job-chip]')].filter((el) => el.checkVisibility() && (el.title.split('\n')[0] ?? '').includes(command) && (el.title.split('\n')[1] ?? '').startsWith('succeeded')).length;
}

/** How many of the tab's job chips show the command (a substring of theirs) as succeeded. */
export async function succeededChips(p: Page, command: string): Promise<number> {
  return p.evaluate(countSucceeded, [command, 0] as const);
}

/**
 * Waits for a job chip of the command to show "succeeded"; with `atLeast`, for that many of them
 * (a tab that ran the command before already shows one: pass the count before plus one).
 */
export async function waitForSucceeded(p: Page, command: string, timeout = 60_000, atLeast = 1): Promise<void> {
  await waitOrTell(p, `${command}: its job did not succeed`, () =>
    p.waitForFunction(
      ([c, n]) => [...document.querySelectorAll<HTMLElement>('[data-test=job-chip]')].filter((el) => el.checkVisibility() && (el.title.split('\n')[0] ?? '').includes(c) && (el.title.split('\n')[1] ?? '').startsWith('succeeded')).length >= n,
      [command, atLeast] as const,
      { timeout },
    ),
  );
}

/** Waits for a result row of the type, then opens the newest one in the detail view. */
export async function open(p: Page, type: string, count = 1): Promise<void> {
  // the list is a window over the tab's rows: when it does not follow the newest, "latest" brings them into view
  const button = p.locator('[data-test=to-latest]');
  const until = Date.now() + 30_000;
  for (;;) {
    if (await button.count()) await button.click().catch(() => undefined);
    const rows = await p.locator(`[data-test=result-row][data-type="${type}"]`).count();
    if (rows >= count) break;
    if (Date.now() > until) throw new Error(`no ${count} ${type} row(s) shown within 30 s (${rows} shown)`);
    await p.waitForTimeout(200);
  }
  if (await button.count()) await button.click();
  await p.locator(`[data-test=result-row][data-type="${type}"]`).last().click();
  await p.waitForSelector('[data-test=result-detail]');
}

/** The result the detail view shows, as the server sent it: its recording and position, read from the view. */
export async function rawOfSelected(h: Harness, p: Page, type: string): Promise<Record<string, unknown>> {
  const detail = p.locator('[data-test=result-detail]');
  const recording = Number(await detail.getAttribute('data-recording'));
  const pos = Number(await detail.getAttribute('data-pos'));
  const row = h.db.prepare('SELECT type, raw FROM results WHERE session_id = ? AND pos = ?').get(recording, pos) as { type: string; raw: string } | undefined;
  if (!row) throw new Error(`the detail shows recording #${recording} position ${pos}, which is not stored`);
  expect(row.type, 'the selected result').toBe(type);
  return JSON.parse(row.raw) as Record<string, unknown>;
}

/** A real math-game with Arthas attached, added as a target and open in a tab of the app in Chromium. */
export interface MathGameTab {
  target: RealTarget;
  h: Harness;
  close(): Promise<void>;
}

export async function openMathGameTab(size = { width: 1280, height: 720 }): Promise<MathGameTab> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const target = await startRealTarget({ kind: 'math-game' });
  let h: Harness | undefined;
  const close = async (): Promise<void> => {
    await h?.close();
    await target.close();
  };
  try {
    h = await startHarness([]);
    harnessOf.set(h.page, h);
    await h.page.setViewportSize(size);
    await addTarget(h.page, 'math-game', target.arthas.url);
    await h.page.click('[data-test=target]:has-text("math-game") [data-test=open-target]');
    await h.page.waitForSelector('[data-test=tab]');
    return { target, h, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** A math-game tab for the tests of a describe block: opened before them, closed after; the harness behind it. */
export function mathGameTabForSuite(size?: { width: number; height: number }): () => Harness {
  let tab: MathGameTab | undefined;
  beforeAll(async () => {
    tab = await openMathGameTab(size);
  }, 120_000);
  afterAll(() => tab?.close());
  return () => {
    if (!tab) throw new Error('the math-game tab did not open (see the suite\'s setup)');
    return tab.h;
  };
}
