// The pull loop runs in a worker thread: a main thread that is blocked (a long diff, a commit
// waiting on the disk, a big IPC message) does not delay the next pull, so Arthas's queue of 50
// does not overflow. The same engine with its loop on the main thread is the control: it loses.
import { describe, expect, it } from 'vitest';
import { ArthasClient } from '../../src/main/arthas/client';
import { answerPauses } from '../../src/main/arthas/pull-loop';
import type { PullPlace } from '../../src/main/arthas/pull-channel';
import { SessionEngine } from '../../src/main/arthas/session';
import { MAX_CALL_RATE } from '../simulator/server';
import { startSimProcess } from '../support/sim-process';
import { sleep, waitFor } from '../support/wait';

/** Watches at the simulator's highest rate while this thread is blocked 600 ms, three times (its queue of 50 lasts 100 ms). */
async function blockedMainThread(pullIn: PullPlace): Promise<{ sent: number; dropped: number; received: number; place?: PullPlace }> {
  const sim = await startSimProcess(['--rate', String(MAX_CALL_RATE)]);
  const engine = new SessionEngine(new ArthasClient({ url: sim.url }), { pullIn });
  let received = 0;
  let ended = false;
  engine.onOutput((o) => {
    if (o.type === 'batch') for (const r of o.batch.results) if (r.result.type === 'watch') received++;
    if (o.type === 'job' && o.job.endedAt) ended = true;
  });
  try {
    await engine.start();
    await engine.run('watch demo.MathGame primeFactors "{params, returnObj}" -x 2 -n 100000000');
    await waitFor(() => received > 100, 'watch results');
    for (let i = 0; i < 3; i++) {
      const until = Date.now() + 600;
      while (Date.now() < until) {
        /* this thread is busy */
      }
      await sleep(300);
    }
    await engine.interrupt();
    await waitFor(() => ended, 'the job to end');
    const stats = await sim.stats();
    await waitFor(() => received >= (stats.sentByType.watch ?? 0) - stats.dropped || null, 'every delivered watch', 5000).catch(() => undefined);
    return { sent: stats.sentByType.watch ?? 0, dropped: stats.dropped, received, place: engine.pullPlace };
  } finally {
    await engine.stop();
    await sim.stop();
  }
}

describe('the pull loop in a worker thread', () => {
  it('keeps pulling while the main thread is blocked: nothing dropped by the server, everything sent received', async () => {
    const r = await blockedMainThread('worker');
    expect(r.place).toBe('worker');
    expect(r.dropped).toBe(0);
    expect(r.received).toBe(r.sent);
  }, 60_000);

  it('(control) the same loop on the main thread: the server drops results while the thread is blocked', async () => {
    const r = await blockedMainThread('inline');
    expect(r.place).toBe('inline');
    expect(r.dropped).toBeGreaterThan(0);
    expect(r.received + r.dropped).toBe(r.sent);
  }, 60_000);

  it('pauses only after answers that may leave the session idle, or that are not a success', () => {
    const ok = (text: string, status = 200) => ({ status, contentType: 'application/json', wwwAuthenticate: '', text, receivedAt: 0 });
    const body = (results: string) => `{"body":{"results":[${results}]},"consumerId":"c","sessionId":"s","state":"SUCCEEDED"}`;
    expect(answerPauses(ok(body('{"type":"watch","value":"x"}')))).toBe(false);
    expect(answerPauses(ok(body('')))).toBe(true);
    // a job's start: its command, ALLOW_INTERRUPT, the enhancer and the first results, as the real 4.3.4 sends them
    expect(answerPauses(ok(body('{"command":"watch x y","jobId":3,"state":"SCHEDULED","type":"command"},{"inputStatus":"ALLOW_INTERRUPT","jobId":0,"type":"input_status"},{"effect":{"classCount":1},"jobId":3,"success":true,"type":"enhancer"},{"type":"watch","value":"x"}')))).toBe(false);
    // a job's end: its status, then ALLOW_INPUT (the session may go idle)
    expect(answerPauses(ok(body('{"type":"watch"},{"jobId":3,"statusCode":0,"type":"status"},{"inputStatus":"ALLOW_INPUT","jobId":0,"type":"input_status"}')))).toBe(true);
    expect(answerPauses(ok(body('{"inputStatus":"ALLOW_INPUT","jobId":0,"type":"input_status"}')))).toBe(true);
    expect(answerPauses(ok('{"message":"consumer not found: c","state":"FAILED"}'))).toBe(true);
    expect(answerPauses(ok('<html>', 502))).toBe(true);
    // a value that only looks like a status result (escaped inside a string) is no pause
    expect(answerPauses(ok(body('{"type":"watch","value":"{\\"inputStatus\\":\\"ALLOW_INPUT\\"}"}')))).toBe(false);
  });
});
