// A JVM that dies (kill -9), comes back, or whose Arthas is stopped, during a watch.
import { afterEach, describe, expect, it } from 'vitest';
import { ArthasClient } from '../../src/main/arthas/client';
import { openDatabase } from '../../src/main/recorder/db';
import { RecordingReader } from '../../src/main/recorder/recording-reader';
import { exitOf, spawnTs } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';
import { runEnhancing, startRig, type RecordingRig } from './support/recording-rig';
import { attachArthas, realArthasUnavailable, startJvm, startRealTarget, type RealTarget } from './support/real-jvm';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable();
if (why) console.warn(`real-Arthas tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('a dead or restarted JVM during a watch (real Arthas)', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
  });
  async function target(): Promise<RealTarget> {
    const t = await startRealTarget({ kind: 'math-game' });
    cleanup.push(() => t.close());
    return t;
  }
  async function rig(url: string, opts = {}): Promise<RecordingRig> {
    const r = await startRig({ url, pullTimeoutMs: 5000 }, { unreachableAfterMs: 1500, ...opts });
    cleanup.push(() => r.close());
    return r;
  }
  const events = (r: RecordingRig, kind: string) => r.reader.events(r.recorder.recordingId).filter((e) => e.kind === kind);

  it('kill -9: "target unreachable since HH:MM:SS" after the stated time, everything delivered before is kept', async () => {
    const t = await target();
    const r = await rig(t.arthas.url);
    await runEnhancing(r, 'watch demo.MathGame primeFactors');
    await waitFor(() => r.stored().filter((x) => x.type === 'watch').length >= 2, 'two watch results', 15_000);
    await t.jvm.kill('SIGKILL');
    await waitFor(() => r.engine.snapshot.state === 'unreachable', 'the unreachable state', 15_000);
    await new Promise((res) => setTimeout(res, 50));
    const [ev] = events(r, 'unreachable');
    expect(ev?.message).toMatch(/^Target unreachable since \d\d:\d\d:\d\d/);
    expect(r.engine.snapshot.unreachableSince).toBeGreaterThan(0);
    expect(r.recorder.counts.stored).toBe(r.engine.stats.results);
    await r.engine.stop();
    await new Promise((res) => setImmediate(res));
    const end = events(r, 'session-end').at(-1)!;
    expect(end.message).toMatch(/target unreachable since \d\d:\d\d:\d\d/);
    expect(r.stored().filter((x) => x.type === 'watch').length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('the JVM restarted on the same port: "session not found" is told as a restart, and a new session starts when asked', async () => {
    const t = await target();
    const r = await rig(t.arthas.url, { autoNewSession: true });
    const first = r.engine.snapshot.arthasSessionId;
    await runEnhancing(r, 'watch demo.MathGame primeFactors');
    await waitFor(() => r.stored().some((x) => x.type === 'watch'), 'a watch result', 15_000);
    await t.jvm.kill('SIGKILL');
    await waitFor(() => r.engine.snapshot.state === 'unreachable', 'unreachable', 15_000);
    const jvm = await startJvm({ kind: 'math-game' });
    cleanup.push(() => jvm.kill());
    await attachArthas(jvm, { port: t.arthas.port });
    await waitFor(() => r.engine.snapshot.arthasSessionId !== first && r.engine.snapshot.state === 'ready', 'a new session', 30_000);
    await new Promise((res) => setTimeout(res, 50));
    const lost = r.reader.events(r.recorder.recordingId).find((e) => e.kind === 'gap' && e.gapReason === 'session-lost')!;
    expect(lost.message).toMatch(/restarted/);
    expect(events(r, 'reconnect')).toHaveLength(1);
  }, 90_000);

  it("Arthas's stop during a watch: the recording ends cleanly with what was delivered", async () => {
    const t = await target();
    const r = await rig(t.arthas.url);
    await runEnhancing(r, 'watch demo.MathGame primeFactors');
    await waitFor(() => r.stored().filter((x) => x.type === 'watch').length >= 2, 'two watch results', 15_000);
    const other = new ArthasClient({ url: t.arthas.url, requestTimeoutMs: 5000 });
    await other.exec('stop', { execTimeout: 5000 }).catch(() => undefined); // the server goes away mid-answer
    other.close();
    await waitFor(() => r.engine.snapshot.state === 'unreachable', 'unreachable after stop', 15_000);
    const delivered = r.engine.stats.results;
    await r.engine.stop();
    await new Promise((res) => setImmediate(res));
    const rec = r.reader.get(r.recorder.recordingId)!;
    expect(rec.state).toBe('closed');
    expect(rec.resultCount).toBe(delivered);
    expect(r.stored().filter((x) => x.type === 'watch').length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('npm run record: a killed JVM ends the recording with "target unreachable" and exit code 3, nothing delivered lost', async () => {
    const t = await target();
    const dir = tempDir('arthas-deck-dead-');
    cleanup.push(async () => dir.remove());
    const db = dir.file('dead.db');
    const child = spawnTs('src/main/cli/record.ts', [t.arthas.url, '--exec', 'watch demo.MathGame primeFactors', '--for', '120', '--give-up', '12', '--db', db]);
    await waitFor(() => /results [1-9]\d*/.test(child.output().stderr) && /results ([5-9]|\d\d)/.test(child.output().stderr), 'results recorded', 20_000);
    await t.jvm.kill('SIGKILL');
    const t0 = Date.now();
    const { code } = await exitOf(child);
    const { stderr } = child.output();
    expect(code, stderr).toBe(3);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(stderr).toMatch(/unreachable: Target unreachable since \d\d:\d\d:\d\d/);
    const m = /stopped \(target unreachable for 12 s\): (\d+) results stored of (\d+) received/.exec(stderr);
    expect(m, stderr).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    const reader = new RecordingReader(openDatabase(db));
    const rec = reader.list()[0]!;
    expect(rec.state).toBe('closed');
    expect(rec.resultCount).toBe(Number(m![1]));
    expect(reader.events(rec.id).at(-1)!.message).toMatch(/target unreachable since/);
    reader.db.close();
  }, 90_000);
});
