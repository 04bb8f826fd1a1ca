// Idle sessions beside a busy one on the same real JVM. Arthas holds a pull of an empty queue for up
// to 2 s on one of its few HTTP worker threads, and every connection served by that thread waits
// meanwhile: idle tabs that kept pulling stalled the busy tab's pulls, its queue of 50 overflowed,
// and Arthas interrupted its watch ("all consumers are unhealthy"). Idle sessions of the deck do
// not hold a worker: the busy watch keeps every call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingArguments, watchedArguments } from './support/coverage';
import { runEnhancing, startRig, type RecordingRig } from './support/recording-rig';
import { realArthasUnavailable, startRealTarget, type RealTarget } from './support/real-jvm';
import { refusedAsBusy, runAgainWhileBusy } from '../../src/main/arthas/busy-retry';
import { waitFor } from '../support/wait';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable();
if (why) console.warn(`real-Arthas idle-session tests skipped: ${why}`);

/** Runs a short command to its end (again after Arthas's transient "someone else is enhancing classes"). */
async function runToEnd(rig: RecordingRig, command: string): Promise<number> {
  const job = await runAgainWhileBusy(async () => {
    const { jobId } = await rig.engine.run(command);
    return waitFor(() => rig.engine.jobs.find((j) => j.jobId === jobId && j.endedAt !== undefined), `${command} to end`, 15_000);
  }, refusedAsBusy);
  expect(job.state, job.statusMessage).toBe('succeeded');
  return job.jobId;
}

describe.skipIf(skipOrFail(why))('idle sessions beside a busy one (real Arthas 4.3.4)', () => {
  let target: RealTarget;
  const rigs: RecordingRig[] = [];
  beforeAll(async () => {
    target = await startRealTarget({ kind: 'rate-game', rate: 200 });
  }, 90_000);
  afterAll(async () => {
    for (const r of rigs) await r.close();
    await target?.close();
  });

  it('four tabs whose watch has ended stay open while a fifth watches at 200 calls/s: nothing interrupted, no call missing', async () => {
    // as an assistant's or a finished fleet's tabs: a short watch each, then idle
    for (let i = 0; i < 4; i++) {
      const idle = await startRig({ url: target.arthas.url });
      rigs.push(idle);
      await runToEnd(idle, 'watch deck.RateGame tick returnObj -n 3');
    }
    // once input is allowed again an idle tab holds no pull: count from there
    for (const r of rigs) await waitFor(() => r.engine.snapshot.inputStatus === 'ALLOW_INPUT', 'the idle tab to take input', 5000);
    const pullsBefore = rigs.map((r) => r.engine.stats.pulls);
    const busy = await startRig({ url: target.arthas.url });
    rigs.push(busy);
    const jobId = await runEnhancing(busy, 'watch deck.RateGame tick "params[0]" -x 1 -n 100000000');
    await new Promise((r) => setTimeout(r, 8000));
    const job = busy.engine.jobs.find((j) => j.jobId === jobId)!;
    const messages = busy.stored().filter((r) => r.type === 'message').map((r) => String(r.message));
    expect(messages.filter((m) => /unhealthy/.test(m))).toEqual([]);
    expect(job.endedAt, `the watch ended: ${job.state} ${job.statusMessage ?? ''}`).toBeUndefined();
    const seen = watchedArguments(busy.db, busy.recorder.recordingId);
    expect(seen.length).toBeGreaterThan(1000);
    expect(missingArguments(seen)).toEqual([]);
    // the idle ones did not pull meanwhile: they were asked whether they still exist
    for (const [i, r] of rigs.slice(0, 4).entries()) {
      expect(r.engine.stats.pulls - pullsBefore[i]!, `idle tab ${i + 1}: pulls during the busy watch`).toBe(0);
      expect(r.engine.stats.idleProbes).toBeGreaterThan(0);
    }
    // and pull again the moment a command is sent
    const again = await runToEnd(rigs[0]!, 'watch deck.RateGame tick returnObj -n 3');
    await waitFor(() => rigs[0]!.stored().filter((r) => r.type === 'status' && r.jobId === again).length === 1, 'its results stored', 5000);
    expect(rigs[0]!.stored().filter((r) => r.type === 'watch' && r.jobId === again)).toHaveLength(3);
  }, 90_000);
});
