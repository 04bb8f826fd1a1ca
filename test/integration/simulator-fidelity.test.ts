import { afterEach, describe, expect, it } from 'vitest';
import { ArthasClient } from '../../src/main/arthas/client';
import type { ArthasSimulator, SimulatorOptions } from '../simulator/server';
import { startSimulator } from '../simulator/server';
import { sleep, waitFor } from '../support/wait';

let sim: ArthasSimulator | undefined;
let client: ArthasClient | undefined;
async function setup(opts: SimulatorOptions = {}): Promise<{ sim: ArthasSimulator; client: ArthasClient; sid: string; cid: string }> {
  sim = await startSimulator(opts);
  client = new ArthasClient({ url: sim.url });
  const { sessionId, consumerId } = await client.initSession();
  await client.pullResults(sessionId, consumerId); // the welcome
  return { sim, client, sid: sessionId, cid: consumerId };
}
afterEach(async () => {
  client?.close();
  await sim?.close();
  sim = undefined;
  client = undefined;
});

describe('simulator fidelity (the real server, as documented)', () => {
  it('an empty pull is held about 2 s and answers an empty array', async () => {
    const { client, sid, cid } = await setup();
    const t0 = Date.now();
    const a = await client.pullResults(sid, cid);
    const ms = Date.now() - t0;
    expect(a.results).toEqual([]);
    expect(ms).toBeGreaterThanOrEqual(1900);
    expect(ms).toBeLessThan(2600);
  });

  it('answers about 100 ms after the first result when results trickle in', async () => {
    const { client, sid, cid } = await setup({ callRate: 2 });
    await client.asyncExec(sid, 'watch demo.MathGame primeFactors -n 100000000');
    // the first answer: command, input_status, enhancer, (maybe) a watch; it returns ~100 ms after the first
    const t0 = Date.now();
    const a = await client.pullResults(sid, cid);
    expect(a.results.length).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeLessThan(600);
  });

  it('never answers more than 20 results at once', async () => {
    const { client, sid, cid } = await setup({ callRate: 500 });
    await client.asyncExec(sid, 'watch demo.MathGame primeFactors -n 100000000');
    await sleep(300);
    for (let i = 0; i < 5; i++) {
      const a = await client.pullResults(sid, cid);
      expect(a.results.length).toBeLessThanOrEqual(20);
    }
    const a = await client.pullResults(sid, cid);
    expect(a.results.length).toBe(20);
  });

  it('keeps 50 results per consumer and silently drops the oldest', async () => {
    const { sim, client, sid, cid } = await setup({ callRate: 500 });
    await client.asyncExec(sid, 'watch demo.MathGame primeFactors -n 80');
    await waitFor(() => sim.sent('status') >= 1, 'the job to end');
    await sleep(50);
    const got: string[] = [];
    for (;;) {
      const a = await client.pullResults(sid, cid);
      if (a.results.length === 0) break;
      got.push(...a.results.map((r) => r.result.type));
    }
    // the job produced command, input_status, enhancer, 80 watch, status, input_status = 85 results
    expect(got).toHaveLength(50);
    expect(got.slice(-2)).toEqual(['status', 'input_status']);
    expect(got.filter((t) => t === 'watch')).toHaveLength(48);
    expect(sim.stats.dropped).toBe(35);
  });

  it('a second pull on the same consumer waits 500 ms for the lock and returns empty', async () => {
    const { client, sid, cid } = await setup();
    const first = client.pullResults(sid, cid);
    await sleep(20);
    const t0 = Date.now();
    const second = await client.pullResults(sid, cid);
    const ms = Date.now() - t0;
    expect(second.results).toEqual([]);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(1200);
    await first;
  });

  it('join copies at most the last 50 results of the session history', async () => {
    const { sim, client, sid } = await setup({ callRate: 500 });
    await client.asyncExec(sid, 'watch demo.MathGame primeFactors -n 100');
    await waitFor(() => sim.sent('status') >= 1, 'the job to end');
    const j = await client.joinSession(sid);
    const got: Array<{ type: string; inputStatus?: unknown }> = [];
    for (;;) {
      const a = await client.pullResults(sid, j.consumerId);
      if (a.results.length === 0) break;
      got.push(...a.results.map((r) => r.result));
    }
    // DISABLED + 50 of history + last input status = 52 offered to a queue of 50: the two oldest go
    expect(got).toHaveLength(50);
    expect(got[got.length - 1]).toMatchObject({ type: 'input_status', inputStatus: 'ALLOW_INPUT' });
    expect(got[got.length - 2]).toMatchObject({ type: 'status' });
  });

  it('evicts a consumer idle past its limit, then the session is still there to join', async () => {
    const { client, sid, cid } = await setup({ consumerIdleMs: 200 });
    await sleep(700);
    await expect(client.pullResults(sid, cid)).rejects.toMatchObject({ serverMessage: `consumer not found: ${cid}` });
    const j = await client.joinSession(sid);
    expect(j.consumerId).toMatch(/_2$/);
  });

  it('removes a session idle past the session timeout', async () => {
    const { client, sid } = await setup({ sessionTimeoutMs: 200, consumerIdleMs: 100 });
    await sleep(1200);
    await expect(client.sessionInfo(sid)).rejects.toMatchObject({ serverMessage: `session not found: ${sid}` });
  });

  it('interrupts the job when every consumer is unhealthy (not polling, queue full, idle over 1 s)', async () => {
    const { sim, client, sid } = await setup({ callRate: 200 });
    await client.asyncExec(sid, 'watch demo.MathGame primeFactors -n 100000000');
    await waitFor(() => sim.stats.unhealthyInterrupts > 0, 'the unhealthy interrupt', 5000);
    const j = await client.joinSession(sid);
    const messages: unknown[] = [];
    for (;;) {
      const a = await client.pullResults(sid, j.consumerId);
      if (a.results.length === 0) break;
      messages.push(...a.results.map((r) => r.result.message).filter(Boolean));
    }
    expect(messages).toContain('all consumers are unhealthy, current job was interrupted.');
    // the session takes a new job again
    expect((await client.asyncExec(sid, 'version')).jobId).toBeGreaterThan(0);
  });

  it('sends watch values as JSON with epoch ts (3.x) or as object-view text with a date-time ts (4.x)', async () => {
    for (const encoding of ['3.x', '4.x'] as const) {
      const { sim: s, client: c, sid, cid } = await setup({ encoding, callRate: 50 });
      await c.asyncExec(sid, 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2 -n 3');
      const watches: Array<Record<string, unknown>> = [];
      while (watches.length < 3) watches.push(...(await c.pullResults(sid, cid)).results.map((r) => r.result).filter((r) => r.type === 'watch'));
      if (encoding === '3.x') {
        expect(typeof watches[0]!.ts).toBe('number');
        expect(Array.isArray(watches[0]!.value)).toBe(true);
      } else {
        expect(watches[0]!.ts).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9}$/);
        expect(watches[0]!.value).toMatch(/^@ArrayList\[\n {4}@Object\[\]\[\n {8}@Integer\[-?\d+\],/);
      }
      c.close();
      await s.close();
    }
    sim = undefined;
    client = undefined;
  });
});
