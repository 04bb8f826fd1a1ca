import { afterEach, describe, expect, it } from 'vitest';
import { ArthasClient } from '../../src/main/arthas/client';
import type { EngineOutput } from '../../src/main/arthas/engine-outbox';
import { SessionEngine } from '../../src/main/arthas/session';
import type { ArthasSimulator } from '../simulator/server';
import { startSimulator } from '../simulator/server';
import { waitFor } from '../support/wait';

let sim: ArthasSimulator | undefined;
let engine: SessionEngine | undefined;
afterEach(async () => {
  await engine?.stop();
  await sim?.close();
  engine = undefined;
  sim = undefined;
});

function collect(e: SessionEngine): EngineOutput[] {
  const out: EngineOutput[] = [];
  e.onOutput((o) => out.push(o));
  return out;
}
const results = (out: EngineOutput[]) => out.flatMap((o) => (o.type === 'batch' ? o.batch.results : []));
const events = (out: EngineOutput[]) => out.flatMap((o) => (o.type === 'event' ? [o.event] : []));

describe('session engine', () => {
  it('creates a session, tracks a job from command to status, and delivers ordered batches', async () => {
    sim = await startSimulator({ callRate: 100 });
    engine = new SessionEngine(new ArthasClient({ url: sim.url }));
    const out = collect(engine);
    await engine.start();
    await waitFor(() => results(out).some((r) => r.result.type === 'welcome'), 'the welcome');
    expect(engine.snapshot).toMatchObject({ state: 'ready', version: '4.3.4', pid: '4242', mainClass: 'demo.MathGame' });
    const { jobId } = await engine.run('watch demo.MathGame primeFactors -n 10');
    await waitFor(() => engine!.jobs.find((j) => j.jobId === jobId && j.endedAt), 'the job to end');
    const job = engine.jobs.find((j) => j.jobId === jobId)!;
    expect(job).toMatchObject({ state: 'succeeded', statusCode: 0, command: 'watch demo.MathGame primeFactors -n 10' });
    expect(results(out).filter((r) => r.result.type === 'watch')).toHaveLength(10);
    const seqs = out.flatMap((o) => (o.type === 'batch' ? [o.batch.seq] : []));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    await waitFor(() => engine!.snapshot.state === 'ready', 'ready again');
  });

  it('keeps exactly one pull in flight: a new pull starts the moment one returns', async () => {
    sim = await startSimulator({ callRate: 300 });
    engine = new SessionEngine(new ArthasClient({ url: sim.url }));
    await engine.start();
    await engine.run('watch demo.MathGame primeFactors -n 100000000');
    await new Promise((r) => setTimeout(r, 1500));
    const c = [...[...sim.sessions.values()][0]!.consumers.values()][0]!;
    expect(c.maxConcurrentPolls).toBe(1);
    // in-process simulator and engine share one event loop; a sleeping client would show 100s of ms
    expect(c.maxIdleBetweenPollsMs).toBeLessThan(50);
    expect(c.dropped).toBe(0);
    expect(engine.stats.pulls).toBeGreaterThan(20);
  });

  it('an idle session holds no pull: it asks session_info, pulls now and then to keep its consumer, and at once for a command', async () => {
    sim = await startSimulator({ callRate: 100 });
    engine = new SessionEngine(new ArthasClient({ url: sim.url }), { idleProbeMs: 100, idlePullMs: 1500 });
    const out = collect(engine);
    await engine.start();
    const { jobId } = await engine.run('watch demo.MathGame primeFactors -n 5');
    await waitFor(() => engine!.jobs.find((j) => j.jobId === jobId && j.endedAt) && engine!.snapshot.inputStatus === 'ALLOW_INPUT', 'the job to end');
    const pulls = engine.stats.pulls;
    await new Promise((r) => setTimeout(r, 700));
    expect(engine.stats.pulls).toBe(pulls);
    expect(engine.stats.idleProbes).toBeGreaterThanOrEqual(3);
    await waitFor(() => engine!.stats.pulls > pulls, 'the keep-alive pull', 3000);
    // a command: pulled at once, every result of the job arrives
    const t = Date.now();
    const { jobId: second } = await engine.run('watch demo.MathGame primeFactors -n 20');
    await waitFor(() => engine!.jobs.find((j) => j.jobId === second && j.endedAt), 'the second job to end');
    expect(Date.now() - t).toBeLessThan(1200);
    expect(results(out).filter((r) => r.result.type === 'watch' && r.result.jobId === second)).toHaveLength(20);
    // an outage while idle is noticed by the probes
    await sim.close();
    await waitFor(() => engine!.snapshot.state === 'reconnecting', 'reconnecting while idle', 3000);
  });

  it('rejoins at once when the server evicts the consumer, and records the gap', async () => {
    sim = await startSimulator({ callRate: 20 });
    engine = new SessionEngine(new ArthasClient({ url: sim.url }));
    const out = collect(engine);
    const first = await engine.start();
    await engine.run('watch demo.MathGame primeFactors -n 100000000');
    await waitFor(() => results(out).some((r) => r.result.type === 'watch'), 'a watch');
    sim.evictConsumers();
    await waitFor(() => events(out).find((e) => e.kind === 'gap' && e.gapReason === 'consumer-lost'), 'the gap event');
    expect(engine.snapshot.consumerId).not.toBe(first.consumerId);
    expect(engine.snapshot.arthasSessionId).toBe(first.arthasSessionId);
    // the server's history copy is marked, and live results follow it
    await waitFor(() => results(out).some((r) => r.origin === 'history'), 'history results');
    const n = results(out).filter((r) => r.origin === 'live' && r.result.type === 'watch').length;
    await waitFor(() => results(out).filter((r) => r.origin === 'live' && r.result.type === 'watch').length > n + 3, 'live watches after the rejoin');
  });

  it('marks the session lost when the server forgets it, or starts a new one when asked to', async () => {
    sim = await startSimulator();
    engine = new SessionEngine(new ArthasClient({ url: sim.url }));
    const out = collect(engine);
    await engine.start();
    sim.dropAllSessions();
    await waitFor(() => engine!.snapshot.state === 'lost', 'the lost state');
    expect(events(out).some((e) => e.gapReason === 'session-lost')).toBe(true);
    await engine.stop();

    engine = new SessionEngine(new ArthasClient({ url: sim.url }), { autoNewSession: true });
    const out2 = collect(engine);
    const before = await engine.start();
    sim.dropAllSessions();
    await waitFor(() => events(out2).find((e) => e.kind === 'reconnect'), 'a new session');
    expect(engine.snapshot.arthasSessionId).not.toBe(before.arthasSessionId);
    expect(engine.snapshot.state).toBe('ready');
  });

  it('rides out an outage with retries and records its start, end and the gap', async () => {
    sim = await startSimulator();
    const port = sim.port;
    engine = new SessionEngine(new ArthasClient({ url: sim.url, pullTimeoutMs: 3000 }), { backoffMs: [50, 100, 200] });
    const out = collect(engine);
    await engine.start();
    await sim.close();
    await waitFor(() => engine!.snapshot.state === 'reconnecting', 'reconnecting');
    // the server comes back (a restart keeps nothing: the session is lost)
    sim = await startSimulator({ port });
    await waitFor(() => events(out).find((e) => e.kind === 'outage-end') || engine!.snapshot.state === 'lost', 'the end of the outage');
    expect(events(out).filter((e) => e.kind === 'outage-start')).toHaveLength(1);
    expect(engine.snapshot.state).toBe('lost');
  });

  it('closes the Arthas session when stopped', async () => {
    sim = await startSimulator();
    engine = new SessionEngine(new ArthasClient({ url: sim.url }));
    await engine.start();
    expect(sim.sessions.size).toBe(1);
    await engine.stop();
    expect(sim.sessions.size).toBe(0);
    expect(engine.snapshot.state).toBe('closed');
  });

  it('runs a one-shot exec and delivers its results as one batch', async () => {
    sim = await startSimulator();
    engine = new SessionEngine(new ArthasClient({ url: sim.url }));
    const out = collect(engine);
    await engine.start();
    const a = await engine.execOnce('sysprop');
    expect(a.state).toBe('SUCCEEDED');
    await waitFor(() => results(out).some((r) => r.origin === 'exec' && r.result.type === 'sysprop'), 'the exec batch');
  });
});
