// Arthas's own terminal beside a tab (#36), against the real /ws of Arthas 4.3.4: typing, Arthas's
// Tab completion, Ctrl-C of a running watch, a resize, a secret typed to `auth` masked in the
// recording (its echo too), every frame shown recorded first and whole, lines found by search; Arthas
// stopped: the drop marked, and the terminal back (a new Arthas session) when Arthas is attached again.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeckArgs, DeckEvent, DeckMethod, DeckResult, TerminalInfo } from '../../src/shared/contract';
import { plainText, type TerminalFrame } from '../../src/shared/terminal/terminal-frames';
import { skipOrFail } from '../support/real-tier';
import { deckOnMathGameForSuite } from './support/deck-on-math-game';
import { attachArthas, realArthasUnavailable } from './support/real-jvm';

const why = realArthasUnavailable();
if (why) console.warn(`terminal tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('Arthas\'s own terminal beside a tab (real /ws)', () => {
  const suite = deckOnMathGameForSuite('arthas-deck-term-');
  let term: TerminalInfo;
  /** what the window was handed, in order */
  let shown = '';
  const states: TerminalInfo[] = [];
  const call = <M extends DeckMethod>(m: M, a: DeckArgs<M>): Promise<DeckResult<M>> => suite().call(m, a);
  const frames = (): TerminalFrame[] => (suite().db.prepare(`SELECT raw FROM results WHERE session_id = ? AND type = 'terminal' ORDER BY pos`).all(term.recordingId) as Array<{ raw: string }>).map((r) => JSON.parse(r.raw) as TerminalFrame);
  const recordedOut = (): string => frames().map((f) => f.out ?? '').join('');
  const type = async (keys: string): Promise<void> => {
    for (const k of keys) expect(await call('terminals.input', { terminalId: term.terminalId, data: k })).toBe(true);
  };
  const until = async (what: string, ok: () => boolean, ms = 15_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms; the window was shown: ${JSON.stringify(plainText(shown).slice(-600))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const prompts = (): number => plainText(shown).split(/\[arthas@\d+\]\$ /).length - 1;

  beforeAll(async () => {
    suite().deck.onEvent((e: DeckEvent) => {
      if (e.type === 'terminal.output') {
        shown += e.data;
        call('terminals.drawn', { terminalId: e.terminalId, chars: e.data.length }).catch(() => undefined); // closed meanwhile
      } else if (e.type === 'terminal.state') states.push(e.terminal);
    });
    term = await call('terminals.open', { tabId: suite().tabId, cols: 120, rows: 40 });
    await until('the prompt', () => prompts() >= 1, 20_000);
  }, 90_000);

  it('opens as a session of Arthas\'s own, beside the tab, in a recording of its own', () => {
    expect(term.state).toBe('open');
    const rec = suite().db.prepare('SELECT name, state, target_url AS url FROM sessions WHERE id = ?').get(term.recordingId) as { name: string; state: string; url: string };
    expect(rec.name).toBe('terminal of math-game');
    // the target as saved, as the tab's own recording names it (not the address a route opened)
    expect(rec.url).toBe((suite().db.prepare('SELECT target_url AS url FROM sessions WHERE id = ?').get(suite().recordingId) as { url: string }).url);
    expect(frames()[0]).toEqual({ type: 'terminal', resize: { cols: 120, rows: 40 } });
  });

  it('typing a command: Arthas echoes it and answers; the window is handed only what is recorded', async () => {
    const before = prompts();
    await type('version\r');
    await until('the answer and the next prompt', () => prompts() > before);
    expect(plainText(shown)).toMatch(/version\n4\.3\.4\n/);
    // stored = shown: every character handed to the window is in the recording, in order
    expect(recordedOut()).toBe(shown);
  });

  it('Tab: Arthas completes the command name itself', async () => {
    const before = shown.length;
    await type('sysp\t');
    await until('the completion', () => plainText(shown.slice(before)).includes('sysprop'));
    await type('\u0015'); // Ctrl-U: the line is cleared again
  });

  it('Ctrl-C stops a running watch and the prompt comes back', async () => {
    const before = prompts();
    await type('watch demo.MathGame primeFactors -x 1\r');
    await until('the first watch result', () => /Press Q or Ctrl\+C to abort[\s\S]*method=demo\.MathGame\.primeFactors/.test(plainText(shown)), 20_000);
    expect(prompts()).toBe(before);
    await type('\u0003');
    await until('the prompt after Ctrl-C', () => prompts() > before);
  }, 40_000);

  it('a resize reaches Arthas (dashboard draws to its width) and is recorded', async () => {
    await call('terminals.resize', { terminalId: term.terminalId, cols: 90, rows: 20 });
    await new Promise((r) => setImmediate(r));
    expect(frames().at(-1)).toEqual({ type: 'terminal', resize: { cols: 90, rows: 20 } });
    const from = shown.length;
    const before = prompts();
    await type('dashboard -n 1\r');
    await until('the dashboard', () => prompts() > before, 20_000);
    const widths = plainText(shown.slice(from)).split('\n').map((l) => [...l].length);
    expect(Math.max(...widths)).toBeLessThanOrEqual(90);
    expect(Math.max(...widths)).toBeGreaterThan(80);
    await call('terminals.resize', { terminalId: term.terminalId, cols: 120, rows: 40 });
  }, 40_000);

  it('a secret typed to auth is masked in the recording, in the keystrokes and in their echo; the window sees what the user typed', async () => {
    const before = prompts();
    await type('auth s3cr3t-pw\r');
    await until('auth\'s answer', () => prompts() > before);
    expect(plainText(shown)).toContain('auth s3cr3t-pw');
    const raw = (suite().db.prepare(`SELECT group_concat(raw, '') AS all_raw FROM results WHERE session_id = ?`).get(term.recordingId) as { all_raw: string }).all_raw;
    for (const f of frames()) expect(JSON.stringify(f)).not.toContain('s3cr3t');
    expect(raw).not.toContain('s3cr3t');
    const typed = frames().map((f) => f.in ?? '').join('');
    expect(typed).toContain('auth *********\r');
    expect(plainText(recordedOut())).toMatch(/auth \*{9}\n/);
    expect(plainText(recordedOut())).toContain('Authentication result: false');
  });

  it('search finds a line of the terminal\'s output (escapes stripped) at its place in the recording', async () => {
    const lines = frames().flatMap((f) => f.line?.split('\n') ?? []);
    expect(lines).toContain('Authentication result: false, username: arthas');
    const hits = await call('search.results', { text: 'Authentication result', recordingId: term.recordingId });
    expect(hits.hits.length).toBeGreaterThan(0);
    const hit = suite().db.prepare('SELECT raw FROM results WHERE session_id = ? AND pos = ?').get(term.recordingId, hits.hits[0]!.pos) as { raw: string };
    expect((JSON.parse(hit.raw) as TerminalFrame).line!.split('\n')).toContain('Authentication result: false, username: arthas');
  });

  it('Arthas stopped: the drop is marked in the recording and the state; attached again, the terminal is back with a new session; nothing before is lost', async () => {
    const recordedBefore = recordedOut();
    await type('stop\r');
    await until('unreachable', () => states.some((s) => s.state === 'unreachable'), 20_000);
    const events = (): Array<{ kind: string }> => suite().db.prepare('SELECT kind FROM events WHERE session_id = ? ORDER BY id').all(term.recordingId) as Array<{ kind: string }>;
    await until('the drop recorded', () => events().some((e) => e.kind === 'unreachable'));
    await attachArthas(suite().target.jvm, { port: suite().target.arthas.port });
    await until('reconnected', () => states.at(-1)?.state === 'open', 40_000);
    await until('the drop\'s end recorded', () => events().some((e) => e.kind === 'reconnect'));
    const before = prompts();
    await until('a prompt of the new session', () => prompts() >= before, 10_000);
    expect(recordedOut().startsWith(recordedBefore)).toBe(true);
    // stored = shown, but for the secret's echo (masked in the recording)
    expect(recordedOut()).toBe(shown.replace('auth s3cr3t-pw', 'auth *********'));
  }, 120_000);
});
