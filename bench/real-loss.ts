// Real-server loss: a JVM calling RateGame.tick(n) thousands of times a second, watched in turn by
// the recording engine (in this process, recording into SQLite as the app does), by a bare pull
// loop (no disk, no parsing beyond JSON), and by the headless recorder as a child process
// (`npm run record`), alternately, five rounds at each rate. Every side is counted against what the
// JVM itself did: RateGame says how many calls it has made, once results are flowing and again at
// the end of the window, so a side that stalls, falls behind or is interrupted scores what it kept
// of the calls that happened, not of the calls that arrived. An interrupted job is a failure.
// Also: the engine beside four idle tabs; the engine with its pull loop in the worker thread and on
// the main thread while the main thread is kept busy (what a diff or a slow disk does); and whether
// two consumers of one session pulled side by side keep what one loses.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { ArthasClient } from '../src/main/arthas/client';
import { SessionEngine } from '../src/main/arthas/session';
import type { PullPlace } from '../src/main/arthas/pull-channel';
import { openDatabase } from '../src/main/recorder/db';
import { RecordingWriter } from '../src/main/recorder/recording-writer';
import { startRecording } from '../src/main/recorder/session-recorder';
import { BUSY_RETRY_ATTEMPTS, BUSY_RETRY_PAUSE_MS, refusedAsBusy, runAgainWhileBusy } from '../src/main/arthas/busy-retry';
import { BUSY_ENHANCING } from '../src/shared/session-events';
import { lossWindows, missingArguments, uncovered } from '../test/real-arthas/support/coverage';
import { realArthasUnavailable, startRealTarget, type RealTarget } from '../test/real-arthas/support/real-jvm';
import { tempDir } from '../test/support/temp-dir';

const RATES = (process.env.BENCH_REAL_RATES ?? '5000,10000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_REAL_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_REAL_SECONDS ?? 10);
/**
 * the fresh JVM's warm-up before the first rate (later rates: 8 s at most). Measured: a fresh
 * RateGame at 10,000 calls/s lets a bare loop keep 0.25, then 0.54, and only after a minute or so of
 * watching ~0.95, as the JIT compiles Arthas's pull path; with 8 s the first rounds' first side
 * (the engine) paid for it
 */
const WARMUP_SECONDS = Number(process.env.BENCH_REAL_WARMUP ?? 45);
/** BENCH_REAL_EXTRAS=0: only the rate rows (beside idle tabs, a busy main thread and two consumers left out) */
const EXTRAS = process.env.BENCH_REAL_EXTRAS !== '0';
const WATCH = 'watch deck.RateGame tick "params[0]" -x 1 -n 100000000';
const ARG = /@Long\[(\d+)\]/;

/** One side's run: what it kept of the calls the JVM made in its window. */
export interface SideRun {
  /** calls the JVM made in the window (its own count) */
  calls: number;
  /** of those, how many the side stored (or, for the bare loop, received) */
  got: number;
  kept: number;
  /** the job ended before the window did (Arthas interrupted it, or the side gave up) */
  interrupted: boolean;
  /** calls missed that no possible-loss or gap event of the recording covers (recording sides) */
  uncovered?: number;
  missing?: number;
  /** event-loop lag p99 of the process that recorded, ms (recording sides) */
  lagP99Ms?: number;
}

export interface RateFigures {
  rate: number;
  engine: SideRun[];
  bare: SideRun[];
  record: SideRun[];
  /**
   * the headless recorder in the window right after its first: a fresh process keeps less in its
   * first seconds (V8 compiling its code while the results pour in), as its users start it
   */
  recordLater: SideRun[];
  /** each round's order of the sides */
  orders: string[];
  /** rounds whose bare loop was cut short: failures, not ratios */
  failedRounds: string[];
  /** engine ÷ bare, record ÷ bare, record's second window ÷ bare, per round (0 where a side or the bare loop was cut short) */
  engineRatios: number[];
  recordRatios: number[];
  recordLaterRatios: number[];
}

export interface RealLossFigures {
  seconds: number;
  rounds: number;
  rates: RateFigures[];
  /** what BENCH_REAL_EXTRAS=0 leaves out */
  extras?: RealLossExtras;
}

export interface RealLossExtras {
  /** the engine beside four idle tabs on the same JVM ÷ the engine alone (same round) */
  besideIdle: { run: SideRun; alone: SideRun; ratio: number };
  /** 5,000 calls/s while this thread is blocked 40 ms in every 100: the pull loop in the worker vs on this thread, each ÷ bare */
  busyMain: { worker: number[]; inline: number[] };
  /** the highest rate: two consumers of one session pulled side by side (their union) ÷ one consumer */
  twoConsumers: { one: SideRun[]; two: SideRun[]; ratios: number[] };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What a side stored or received, as call numbers with their receive times, in call order. */
type Seen = Array<{ n: number; at: number }>;

function score(seen: Seen, from: number, to: number, interrupted: boolean): SideRun {
  const got = new Set(seen.filter((s) => s.n >= from && s.n < to).map((s) => s.n)).size;
  const calls = Math.max(1, to - from);
  return { calls, got, kept: got / calls, interrupted };
}

function seenInRecording(file: string): { seen: Seen; windows: Array<{ from: number; to: number }> } {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("SELECT received_at, raw FROM results WHERE type = 'watch' AND origin <> 'history'").all() as Array<{ received_at: number; raw: string }>;
    const seen: Seen = [];
    for (const r of rows) {
      const m = ARG.exec((JSON.parse(r.raw) as { value: string }).value);
      if (m) seen.push({ n: Number(m[1]), at: r.received_at });
    }
    const id = (db.prepare('SELECT MAX(id) AS id FROM sessions').get() as { id: number }).id;
    return { seen: seen.sort((a, b) => a.n - b.n), windows: lossWindows(db, id) };
  } finally {
    db.close();
  }
}

/** Missing calls in [from, to) and those no loss window covers. */
function coverage(seen: Seen, windows: Array<{ from: number; to: number }>, from: number, to: number): { missing: number; uncovered: number } {
  const near = seen.filter((s) => s.n >= from - 1 && s.n <= to);
  const missing = missingArguments(near).filter((m) => m.n >= from && m.n < to);
  return { missing: missing.length, uncovered: uncovered(missing, windows).length };
}

/** Waits until `flowing()` says results of the watch arrive (Arthas's transient busy answer retried by the side itself). */
async function untilFlowing(flowing: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (flowing()) return;
    await sleep(50);
  }
  throw new Error(`${what}: no watch result within 10 s`);
}

/** The engine recording the watch into SQLite, as the app does. */
async function engineSide(target: RealTarget, file: string, opts: { pullIn?: PullPlace; busyMain?: boolean; seconds?: number } = {}): Promise<SideRun> {
  const url = target.arthas.url;
  const db = openDatabase(file);
  const engine = new SessionEngine(new ArthasClient({ url }), { pullIn: opts.pullIn });
  const recorder = await startRecording(new RecordingWriter(db), engine, { targetName: 'rate-game', targetUrl: url });
  // Arthas's transient "someone else is enhancing classes" right after another side's watch: again
  const jobId = await runAgainWhileBusy(
    async () => {
      const id = (await engine.run(WATCH)).jobId;
      for (let k = 0; k < 100 && engine.jobs.find((j) => j.jobId === id)?.state === 'scheduled'; k++) await sleep(50);
      await sleep(300);
      return id;
    },
    (id) => refusedAsBusy(engine.jobs.find((j) => j.jobId === id)),
  );
  await untilFlowing(() => recorder.counts.stored > 5, 'engine');
  await sleep(500);
  let busy: NodeJS.Timeout | undefined;
  if (opts.busyMain) {
    // what a diff of large runs, a big IPC message or a commit waiting on the disk does to this thread
    busy = setInterval(() => {
      const until = Date.now() + 40;
      while (Date.now() < until) {
        /* blocked */
      }
    }, 100);
  }
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const from = await target.jvm.calls();
  await sleep((opts.seconds ?? SECONDS) * 1000);
  const to = await target.jvm.calls();
  lag.disable();
  clearInterval(busy);
  const interrupted = engine.jobs.find((j) => j.jobId === jobId)?.endedAt !== undefined;
  await engine.stop();
  await sleep(50);
  recorder.close();
  db.close();
  const { seen, windows } = seenInRecording(file);
  return { ...score(seen, from, to, interrupted), ...coverage(seen, windows, from, to), lagP99Ms: lag.percentile(99) / 1e6 };
}

/** A bare pull loop (or several consumers of one session, side by side): no disk, JSON only. */
async function bareSide(target: RealTarget, consumers = 1, seconds = SECONDS): Promise<SideRun> {
  const client = new ArthasClient({ url: target.arthas.url });
  const { sessionId, consumerId } = await client.initSession();
  const ids = [consumerId];
  for (let i = 1; i < consumers; i++) ids.push((await client.joinSession(sessionId)).consumerId);
  const seen: Seen = [];
  let ended = false;
  let stop = false;
  let runs = 1;
  await client.asyncExec(sessionId, WATCH);
  const loop = async (cid: string): Promise<void> => {
    while (!stop) {
      const { response, receivedAt } = await client.call({ action: 'pull_results', sessionId, consumerId: cid }, 15_000);
      for (const r of (response.body as { results: Array<{ type: string; value?: string; message?: string; statusCode?: number; jobId?: number }> }).results) {
        if (r.type === 'status') {
          // the bare loop runs the watch again itself, as the engine's callers do (busy-retry.ts)
          if (r.statusCode !== 0 && BUSY_ENHANCING.test(r.message ?? '') && cid === consumerId && runs < BUSY_RETRY_ATTEMPTS) {
            await sleep(BUSY_RETRY_PAUSE_MS * runs++);
            await client.asyncExec(sessionId, WATCH);
          } else if (!BUSY_ENHANCING.test(r.message ?? '') && !stop) ended = true;
        }
        if (r.type !== 'watch') continue;
        const m = ARG.exec(r.value ?? '');
        if (m) seen.push({ n: Number(m[1]), at: receivedAt });
      }
    }
  };
  const loops = ids.map((cid) => loop(cid));
  await untilFlowing(() => seen.length > 5, 'bare loop');
  await sleep(500);
  const from = await target.jvm.calls();
  await sleep(seconds * 1000);
  const to = await target.jvm.calls();
  const interrupted = ended;
  stop = true;
  await Promise.all(loops).catch(() => undefined);
  await client.interruptJob(sessionId).catch(() => undefined);
  await sleep(300);
  await client.closeSession(sessionId).catch(() => undefined);
  client.close();
  return score(seen, from, to, interrupted);
}

const ROOT = resolve(__dirname, '..');

/**
 * `npm run record` as a child process, as people run it on a jump host; stopped with Ctrl-C (SIGINT).
 * Scored in its first window (the headline: what a user who just started it keeps) and in the window
 * right after it.
 */
async function recordSide(target: RealTarget, file: string, lagFile: string): Promise<{ first: SideRun; later: SideRun }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli/record.ts', target.arthas.url, '--exec', WATCH, '--db', file], {
    cwd: ROOT,
    env: { ...process.env, DECK_LAG_REPORT: lagFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  let exited = false;
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => ((exited = true), r(code))));
  const stored = (): number => {
    if (!existsSync(file)) return 0;
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare("SELECT COUNT(*) AS n FROM results WHERE type = 'watch'").get() as { n: number }).n;
      } finally {
        db.close();
      }
    } catch {
      return 0;
    }
  };
  for (let i = 0; i < 400 && !exited && stored() <= 5; i++) await sleep(50);
  if (exited) throw new Error(`npm run record ended before recording: ${stderr.slice(-500)}`);
  await sleep(500);
  const from = await target.jvm.calls();
  await sleep(SECONDS * 1000);
  const mid = await target.jvm.calls();
  const interruptedFirst = exited;
  await sleep(SECONDS * 1000);
  const to = await target.jvm.calls();
  const interrupted = exited;
  child.kill('SIGINT');
  const code = await exit;
  if (code !== 0 && !interrupted) throw new Error(`npm run record exited with ${code}: ${stderr.slice(-500)}`);
  const { seen, windows } = seenInRecording(file);
  const lag = existsSync(lagFile) ? (JSON.parse(readFileSync(lagFile, 'utf8')) as { p99Ms: number }) : undefined;
  return {
    first: { ...score(seen, from, mid, interruptedFirst), ...coverage(seen, windows, from, mid), lagP99Ms: lag?.p99Ms },
    later: { ...score(seen, mid, to, interrupted), ...coverage(seen, windows, mid, to) },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
}

export async function measureRealLoss(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<RealLossFigures | string> {
  const why = realArthasUnavailable();
  if (why) return why;
  const dir = tempDir('arthas-deck-bench-real-');
  const target = await startRealTarget({ kind: 'rate-game', rate: 0 });
  let k = 0;
  const file = (): string => dir.file(`side-${++k}.db`);
  const show = (name: string, r: SideRun): void =>
    log(`  ${name.padEnd(8)} kept ${r.got}/${r.calls} = ${r.kept.toFixed(4)}${r.interrupted ? ' INTERRUPTED' : ''}${r.missing !== undefined ? `, missed ${r.missing} (${r.uncovered} outside a loss window)` : ''}${r.lagP99Ms !== undefined ? `, lag p99 ${r.lagP99Ms.toFixed(1)} ms` : ''}`);
  try {
    const rates: RateFigures[] = [];
    for (const rate of RATES) {
      target.jvm.setRate(rate);
      // warm-up: the JIT compiles the watch advice; a fresh JVM drops far more in its first seconds
      await bareSide(target, 1, rate === RATES[0] ? WARMUP_SECONDS : Math.min(8, WARMUP_SECONDS));
      // and this process's engine once (not counted), as an app that has recorded before: its first
      // run compiles the engine's and the recorder's code while the results pour in
      if (rate === RATES[0]) await engineSide(target, file(), { seconds: 3 });
      const f: RateFigures = { rate, engine: [], bare: [], record: [], recordLater: [], engineRatios: [], recordRatios: [], recordLaterRatios: [], orders: [], failedRounds: [] };
      for (let round = 1; round <= ROUNDS; round++) {
        log(`real ${rate}/s round ${round}/${ROUNDS}`);
        // the sides take turns going first (the JVM warms, the machine's load drifts within a round)
        let e: SideRun | undefined;
        let b: SideRun | undefined;
        let recorded: { first: SideRun; later: SideRun } | undefined;
        const sides = [
          async () => show('engine', (e = await engineSide(target, file()))),
          async () => show('bare', (b = await bareSide(target))),
          async () => {
            recorded = await recordSide(target, file(), dir.file(`lag-${k}.json`));
            show('record', recorded.first);
            show('  later', recorded.later);
          },
        ];
        const order = sides.map((_, i) => (i + round - 1) % sides.length);
        f.orders.push(order.map((i) => ['engine', 'bare', 'record'][i]!).join(' → '));
        for (const i of order) {
          await sides[i]!();
          await sleep(500);
        }
        const r = recorded!.first;
        const later = recorded!.later;
        f.engine.push(e!);
        f.bare.push(b!);
        f.record.push(r);
        f.recordLater.push(later);
        // a bare loop cut short (Arthas ended its watch) is no denominator: the round fails, it does not lift the ratios
        if (b!.interrupted) f.failedRounds.push(`round ${round}: the bare loop's watch was ended by Arthas`);
        const ratio = (x: SideRun): number => (x.interrupted || b!.interrupted ? 0 : x.kept / b!.kept);
        f.engineRatios.push(ratio(e!));
        f.recordRatios.push(ratio(r));
        f.recordLaterRatios.push(ratio(later));
      }
      rates.push(f);
    }
    if (!EXTRAS) return { seconds: SECONDS, rounds: ROUNDS, rates };

    const low = RATES[0]!;
    target.jvm.setRate(low);
    // the engine beside four tabs left open after a short watch each (idle sessions on the same JVM)
    const alone = await engineSide(target, file());
    const idle: SessionEngine[] = [];
    for (let i = 0; i < 4; i++) {
      const t = new SessionEngine(new ArthasClient({ url: target.arthas.url }));
      await t.start();
      const { jobId } = await t.run('watch deck.RateGame tick returnObj -n 3');
      for (let w = 0; w < 100 && !t.jobs.find((j) => j.jobId === jobId)?.endedAt; w++) await sleep(50);
      idle.push(t);
    }
    const beside = await engineSide(target, file());
    show('beside idle', beside);
    for (const t of idle) await t.stop();

    // a busy main thread: where the pull loop runs decides what is kept
    const busyMain = { worker: [] as number[], inline: [] as number[] };
    for (let round = 1; round <= 3; round++) {
      log(`real ${low}/s, main thread busy, round ${round}/3`);
      const w = await engineSide(target, file(), { pullIn: 'worker', busyMain: true });
      show('worker', w);
      const b = await bareSide(target);
      show('bare', b);
      const i = await engineSide(target, file(), { pullIn: 'inline', busyMain: true });
      show('inline', i);
      busyMain.worker.push(w.interrupted ? 0 : w.kept / b.kept);
      busyMain.inline.push(i.interrupted ? 0 : i.kept / b.kept);
    }

    // two consumers of one session, side by side, at the highest rate
    const high = Math.max(...RATES);
    target.jvm.setRate(high);
    const twoConsumers = { one: [] as SideRun[], two: [] as SideRun[], ratios: [] as number[] };
    for (let round = 1; round <= 3; round++) {
      log(`real ${high}/s, one consumer vs two, round ${round}/3`);
      const one = await bareSide(target, 1);
      show('one', one);
      const two = await bareSide(target, 2);
      show('two', two);
      twoConsumers.one.push(one);
      twoConsumers.two.push(two);
      twoConsumers.ratios.push(two.kept / one.kept);
    }
    target.jvm.setRate(0);
    return { seconds: SECONDS, rounds: ROUNDS, rates, extras: { besideIdle: { run: beside, alone, ratio: beside.kept / alone.kept }, busyMain, twoConsumers } };
  } finally {
    await target.close();
    dir.remove();
  }
}

if (require.main === module) {
  void measureRealLoss().then((f) => console.log(typeof f === 'string' ? `skipped: ${f}` : JSON.stringify(f, null, 2)));
}
