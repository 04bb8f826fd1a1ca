// Real-server loss: a JVM calling RateGame.tick(n) 5,000 times a second, watched by the recording
// engine and by a bare pull loop (no disk, no parsing beyond JSON), each for the same time on the
// same warm JVM. Reports what the engine keeps as a ratio of what the bare loop keeps, whether
// every call the engine missed lies in a possible-loss or gap window, and the event-loop lag of
// this process (the main process's heartbeat) while the engine records.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ArthasClient } from '../src/main/arthas/client';
import { SessionEngine } from '../src/main/arthas/session';
import { openDatabase } from '../src/main/recorder/db';
import { RecordingWriter } from '../src/main/recorder/recording-writer';
import { startRecording } from '../src/main/recorder/session-recorder';
import { lossWindows, missingArguments, uncovered, watchedArguments } from '../test/real-arthas/support/coverage';
import { realArthasUnavailable, startRealTarget } from '../test/real-arthas/support/real-jvm';
import { BUSY_ENHANCING } from '../src/shared/session-events';
import { tempDir } from '../test/support/temp-dir';

const RATE = Number(process.env.BENCH_REAL_RATE ?? 5000);
const SECONDS = Number(process.env.BENCH_REAL_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_REAL_WARMUP ?? 8);
const WATCH = 'watch deck.RateGame tick "params[0]" -x 1 -n 100000000';

export interface RealLossFigures {
  rate: number;
  seconds: number;
  engine: { received: number; expected: number; kept: number; missing: number; uncovered: number; possibleLosses: number; lagP99Ms: number; lagMaxMs: number };
  bare: { received: number; expected: number; kept: number };
  ratio: number;
  /** the engine again beside four idle tabs on the same JVM: kept, and ÷ what it kept alone */
  besideIdle: { received: number; expected: number; kept: number; interrupted: boolean; ratio: number };
}

/** The engine recording the watch into SQLite for SECONDS, as the app does. */
async function recordWithEngine(url: string, file: string) {
  const db = openDatabase(file);
  const engine = new SessionEngine(new ArthasClient({ url }));
  const recorder = await startRecording(new RecordingWriter(db), engine, { targetName: 'rate-game', targetUrl: url });
  // as the headless recorder does: Arthas's transient "someone else is enhancing classes" gets a second run
  let jobId = 0;
  for (let attempt = 1; attempt <= 4; attempt++) {
    jobId = (await engine.run(WATCH)).jobId;
    for (let k = 0; k < 60 && engine.jobs.find((j) => j.jobId === jobId)?.state === 'scheduled'; k++) await sleep(50);
    await sleep(300);
    const job = engine.jobs.find((j) => j.jobId === jobId);
    if (!(job?.state === 'failed' && BUSY_ENHANCING.test(job.statusMessage ?? ''))) break;
    await sleep(500);
  }
  await sleep(1500);
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const from = Date.now();
  await sleep(SECONDS * 1000);
  const to = Date.now();
  lag.disable();
  // ended before it was stopped: Arthas interrupted it ("all consumers are unhealthy")
  const interrupted = engine.jobs.find((j) => j.jobId === jobId)?.endedAt !== undefined;
  await engine.stop();
  await sleep(50);
  recorder.close();
  const seenByEngine = watchedArguments(db, recorder.recordingId);
  const e = kept(seenByEngine, from, to);
  const missing = missingArguments(e.inWindow);
  const notCovered = uncovered(missing, lossWindows(db, recorder.recordingId));
  db.close();
  return { e, missing, notCovered, engine, lag, interrupted };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Calls seen in [from, to] by receive time: how many arrived of the argument range they span. */
function kept(seen: Array<{ n: number; at: number }>, from: number, to: number): { received: number; expected: number; inWindow: Array<{ n: number; at: number }> } {
  const inWindow = seen.filter((s) => s.at >= from && s.at <= to);
  if (inWindow.length < 2) return { received: inWindow.length, expected: Math.max(1, inWindow.length), inWindow };
  const ns = inWindow.map((s) => s.n);
  return { received: new Set(ns).size, expected: Math.max(...ns) - Math.min(...ns) + 1, inWindow };
}

async function bareLoop(url: string, ms: number): Promise<Array<{ n: number; at: number }>> {
  const client = new ArthasClient({ url });
  const { sessionId, consumerId } = await client.initSession();
  await client.asyncExec(sessionId, WATCH);
  const seen: Array<{ n: number; at: number }> = [];
  const end = Date.now() + ms;
  const re = /@Long\[(\d+)\]/;
  let runs = 1;
  while (Date.now() < end) {
    const { response, receivedAt } = await client.call({ action: 'pull_results', sessionId, consumerId }, 15_000);
    for (const r of (response.body as { results: Array<{ type: string; value?: string; message?: string; statusCode?: number }> }).results) {
      // Arthas's transient "someone else is enhancing classes" right after the engine's run: again
      if (r.type === 'status' && r.statusCode !== 0 && BUSY_ENHANCING.test(r.message ?? '') && runs++ < 4) {
        await sleep(300);
        await client.asyncExec(sessionId, WATCH);
      }
      if (r.type !== 'watch') continue;
      const m = re.exec(r.value ?? '');
      if (m) seen.push({ n: Number(m[1]), at: receivedAt });
    }
  }
  await client.interruptJob(sessionId).catch(() => undefined);
  await sleep(300);
  await client.closeSession(sessionId).catch(() => undefined);
  client.close();
  return seen.sort((a, b) => a.n - b.n);
}

export async function measureRealLoss(): Promise<RealLossFigures | string> {
  const why = realArthasUnavailable();
  if (why) return why;
  const dir = tempDir('arthas-deck-bench-real-');
  const target = await startRealTarget({ kind: 'rate-game', rate: 0 });
  try {
    // warm-up: the JIT compiles the watch advice; a fresh JVM drops far more in its first seconds
    target.jvm.setRate(RATE);
    await bareLoop(target.arthas.url, WARMUP_SECONDS * 1000);

    // the engine, recording into SQLite as the app does
    const alone = await recordWithEngine(target.arthas.url, dir.file('real-loss.db'));
    const { e, missing, notCovered, engine, lag } = alone;

    // the bare loop, on the same warm JVM, for the same time
    const bareStart = Date.now();
    const seenByBare = await bareLoop(target.arthas.url, SECONDS * 1000 + 1500);
    const b = kept(seenByBare, bareStart + 1500, Date.now());

    // the engine again, beside four tabs left open after a short watch each (idle sessions on the same JVM)
    const idle: SessionEngine[] = [];
    for (let i = 0; i < 4; i++) {
      const t = new SessionEngine(new ArthasClient({ url: target.arthas.url }));
      await t.start();
      const { jobId } = await t.run('watch deck.RateGame tick returnObj -n 3');
      for (let k = 0; k < 100 && !t.jobs.find((j) => j.jobId === jobId)?.endedAt; k++) await sleep(50);
      idle.push(t);
    }
    const beside = await recordWithEngine(target.arthas.url, dir.file('real-beside-idle.db'));
    for (const t of idle) await t.stop();
    target.jvm.setRate(0);

    const engineKept = e.received / e.expected;
    const bareKept = b.received / b.expected;
    return {
      rate: RATE,
      seconds: SECONDS,
      engine: {
        received: e.received,
        expected: e.expected,
        kept: engineKept,
        missing: missing.length,
        uncovered: notCovered.length,
        possibleLosses: engine.stats.possibleLosses,
        lagP99Ms: lag.percentile(99) / 1e6,
        lagMaxMs: lag.max / 1e6,
      },
      bare: { received: b.received, expected: b.expected, kept: bareKept },
      ratio: engineKept / bareKept,
      besideIdle: { received: beside.e.received, expected: beside.e.expected, kept: beside.e.received / beside.e.expected, interrupted: beside.interrupted, ratio: beside.e.received / beside.e.expected / engineKept },
    };
  } finally {
    await target.close();
    dir.remove();
  }
}

if (require.main === module) {
  void measureRealLoss().then((f) => console.log(typeof f === 'string' ? `skipped: ${f}` : JSON.stringify(f, null, 2)));
}
