// Terminal figures for `npm run bench -- terminal` (#36.6): 20 MB of output through a real Arthas
// 4.3.4's /ws (three ognl answers of 60,000 lines each) into the Terminal view in Chromium, recorded
// by the app's own service in this process (its main process): what the recording holds counted
// against what the JVM was asked to print (every numbered line once), the main process's event-loop
// lag p99 while it flows, the page's frame intervals while it draws, and the flow control's pauses.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { addTarget, startHarness, uiPrerequisites } from '../test/e2e/harness';
import { realArthasUnavailable, startRealTarget } from '../test/real-arthas/support/real-jvm';
import { plainText, type TerminalFrame } from '../src/shared/terminal/terminal-frames';
import { startFrameClock, stopFrameClock } from './frame-clock';

export interface TerminalFigures {
  /** lines the JVM was asked to print, and those the recording holds (each numbered line once) */
  linesAsked: number;
  linesStored: number;
  storedMB: number;
  seconds: number;
  lagP99Ms: number;
  lagMaxMs: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frames: number;
}

/** lines an answer: three answers of about 6.8 MB each (under Arthas's 10 MB result limit), 20 MB in all */
const LINES = Number(process.env.BENCH_TERMINAL_LINES ?? 60_000);
const ANSWERS = 3;
export async function measureTerminal(): Promise<TerminalFigures | string> {
  const missing = realArthasUnavailable() ?? uiPrerequisites();
  if (missing) return missing;
  const target = await startRealTarget({ kind: 'math-game' });
  const h = await startHarness([]);
  try {
    const p = h.page;
    await p.setViewportSize({ width: 1280, height: 800 });
    await addTarget(p, 'math-game', target.arthas.url);
    await p.click('[data-test=target]:has-text("math-game") [data-test=open-target]');
    await p.waitForSelector('[data-test=tab]');
    await p.click('[data-test=view-terminal]');
    await p.waitForSelector('[data-test=terminal-pane][data-state=open]', { timeout: 30_000 });
    await p.waitForFunction(() => /\[arthas@\d+\]\$/.test((document.querySelector('[data-test=terminal-pane] .xterm-rows') as HTMLElement | null)?.innerText ?? ''));
    const textarea = p.locator('[data-test=terminal-pane] .xterm-helper-textarea');
    await textarea.focus();
    // a list Arthas prints an element a line: each its number (from+1 … from+LINES), padded, then filler to 98 characters
    const command = (from: number): string => `ognl -x 1 '#i = ${from}, (new java.lang.Object[${LINES}]).{ #i = #i + 1, "L" + (1000000000L + #i).toString().substring(1) + "${'x'.repeat(88)}" }'`;
    // the end of what the window was handed so far (the service's own events: no query of the database meanwhile)
    let tail = '';
    const off = h.service.onEvent((e) => {
      if (e.type === 'terminal.output') tail = (tail + e.data).slice(-4096);
    });
    const lag = monitorEventLoopDelay({ resolution: 1 });
    const t0 = Date.now();
    lag.enable();
    await startFrameClock(p);
    for (let a = 0; a < ANSWERS; a++) {
      const from = a * LINES;
      await p.keyboard.type(command(from), { delay: 0 });
      await p.keyboard.press('Enter');
      // the answer's last line, then the prompt after it
      const last = `L${String(from + LINES).padStart(9, '0')}`;
      const until = Date.now() + Number(process.env.BENCH_TERMINAL_WAIT_MS ?? 300_000);
      for (;;) {
        if (tail.includes(`${last}x`)) break;
        if (Date.now() > until) throw new Error(`the answer's last line ${last} was not recorded within 300 s; the terminal shows:\n${await p.locator('[data-test=terminal-pane] .xterm-rows').innerText()}`);
        await p.waitForTimeout(200);
      }
      await p.waitForTimeout(500);
    }
    const frames = await stopFrameClock(p);
    lag.disable();
    off();
    const seconds = (Date.now() - t0) / 1000;
    const rows = h.db.prepare(`SELECT raw FROM results WHERE type = 'terminal' ORDER BY session_id, pos`).all() as Array<{ raw: string }>;
    let out = '';
    for (const r of rows) out += (JSON.parse(r.raw) as TerminalFrame).out ?? '';
    const seen = new Set<string>();
    for (const m of plainText(out).matchAll(/L(\d{9})x{88}/g)) seen.add(m[1]!);
    return {
      linesAsked: ANSWERS * LINES,
      linesStored: seen.size,
      storedMB: out.length / 1048576,
      seconds,
      lagP99Ms: lag.percentile(99) / 1e6,
      lagMaxMs: lag.max / 1e6,
      frameP50Ms: frames[Math.floor(frames.length / 2)] ?? 0,
      frameP95Ms: frames[Math.floor(frames.length * 0.95)] ?? 0,
      frames: frames.length,
    };
  } finally {
    await h.close();
    await target.close();
  }
}
