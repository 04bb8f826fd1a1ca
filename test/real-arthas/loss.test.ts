// Server-side loss on a real Arthas: a JVM that calls tick(0), tick(1), … faster than one consumer
// queue of 50 can hold within a pull's round trip. Nothing in the answers says results were
// dropped; the recording must say where they may have been (possible loss) or were (tt gaps).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lossWindows, missingArguments, uncovered, watchedArguments } from './support/coverage';
import { runEnhancing, startRig } from './support/recording-rig';
import { realArthasUnavailable, startRealTarget, type RealTarget } from './support/real-jvm';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable();
if (why) console.warn(`real-Arthas tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('server-side loss on a real Arthas (RateGame bursts)', () => {
  let target: RealTarget;
  beforeAll(async () => {
    target = await startRealTarget({ kind: 'rate-game', rate: 0 });
  }, 90_000);
  afterAll(async () => target?.close());

  async function burst(rate: number, ms: number): Promise<void> {
    target.jvm.setRate(rate);
    await new Promise((r) => setTimeout(r, ms));
    target.jvm.setRate(0);
  }

  it('a burst the server cannot queue: every missing call falls in a recorded possible-loss window', async () => {
    const rig = await startRig({ url: target.arthas.url });
    await runEnhancing(rig, 'watch deck.RateGame tick "params[0]" -x 1 -n 10000000');
    await new Promise((r) => setTimeout(r, 500));
    await burst(20_000, 2000);
    await new Promise((r) => setTimeout(r, 1500));
    await rig.engine.stop();
    await new Promise((r) => setImmediate(r));
    const seen = watchedArguments(rig.db, rig.recorder.recordingId);
    const missing = missingArguments(seen);
    const windows = lossWindows(rig.db, rig.recorder.recordingId);
    console.log(`burst: ${seen.length} calls recorded, ${missing.length} missing, ${windows.length} possible-loss windows`);
    expect(seen.length).toBeGreaterThan(1000);
    expect(missing.length, 'a burst of 20,000 calls/s overflows a queue of 50').toBeGreaterThan(0);
    expect(rig.engine.stats.possibleLosses).toBeGreaterThan(0);
    expect(uncovered(missing, windows)).toEqual([]);
    await rig.close();
  }, 60_000);

  it('a steady 50 calls/s, every answer full (Arthas fills 20 as the calls happen): nothing missing, no possible loss said', async () => {
    const rig = await startRig({ url: target.arthas.url });
    await runEnhancing(rig, 'watch deck.RateGame tick "params[0]" -x 1 -n 10000000');
    target.jvm.setRate(50);
    await new Promise((r) => setTimeout(r, 6000));
    target.jvm.setRate(0);
    await new Promise((r) => setTimeout(r, 1000));
    await rig.engine.stop();
    await new Promise((r) => setImmediate(r));
    const seen = watchedArguments(rig.db, rig.recorder.recordingId);
    expect(seen.length).toBeGreaterThan(200);
    expect(missingArguments(seen)).toEqual([]);
    const fullAnswers = rig.out.filter((o) => o.type === 'batch' && o.batch.results.length === 20).length;
    expect(fullAnswers, 'Arthas answers full at this rate').toBeGreaterThan(5);
    expect(rig.engine.stats.possibleLosses).toBe(0);
    await rig.close();
  }, 60_000);

  it('tt record indexes that jump are recorded as gaps with the number of records missing', async () => {
    const rig = await startRig({ url: target.arthas.url });
    const jobId = await runEnhancing(rig, 'tt -t deck.RateGame tick -n 30000');
    await new Promise((r) => setTimeout(r, 500));
    await burst(20_000, 1500);
    await new Promise((r) => setTimeout(r, 1500));
    await rig.engine.stop();
    await new Promise((r) => setImmediate(r));
    const indexes = rig
      .stored()
      .filter((r) => r.type === 'tt' && r.jobId === jobId)
      .flatMap((r) => (r.timeFragmentList as Array<{ index: number }>).map((f) => f.index));
    let jumped = 0;
    for (let i = 1; i < indexes.length; i++) jumped += Math.max(0, indexes[i]! - indexes[i - 1]! - 1);
    const gaps = rig.db.prepare("SELECT data FROM events WHERE session_id = ? AND kind = 'gap' AND gap_reason = 'server-drop'").all(rig.recorder.recordingId) as Array<{ data: string }>;
    const recordedMissing = gaps.reduce((sum, g) => sum + (JSON.parse(g.data) as { missing: number }).missing, 0);
    console.log(`tt burst: ${indexes.length} records, ${jumped} missing by index, ${gaps.length} gap events`);
    expect(indexes.length).toBeGreaterThan(100);
    expect(jumped, 'a burst of 20,000 calls/s makes tt drop records').toBeGreaterThan(0);
    expect(recordedMissing).toBe(jumped);
    expect(rig.engine.stats.missing).toBe(jumped);
    await rig.close();
  }, 60_000);
});
