import { describe, expect, it } from 'vitest';
import { ArthasClient } from '../../src/main/arthas/client';
import { SessionEngine } from '../../src/main/arthas/session';
import { MAX_CALL_RATE } from '../simulator/server';
import { startSimProcess } from '../support/sim-process';
import { waitFor } from '../support/wait';

const SECONDS = Number(process.env.NO_LOSS_SECONDS ?? 60);

describe('engine under load', () => {
  it(`loses nothing over ${SECONDS} s of watch at the simulator's highest rate (${MAX_CALL_RATE}/s)`, async () => {
    const sim = await startSimProcess(['--rate', String(MAX_CALL_RATE)]);
    const engine = new SessionEngine(new ArthasClient({ url: sim.url }));
    let received = 0;
    let lastJobEnded = false;
    engine.onOutput((o) => {
      if (o.type === 'batch') for (const r of o.batch.results) if (r.result.type === 'watch') received++;
      if (o.type === 'job' && o.job.endedAt) lastJobEnded = true;
    });
    try {
      await engine.start();
      await engine.run('watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2 -n 100000000');
      await new Promise((r) => setTimeout(r, SECONDS * 1000));
      await engine.interrupt();
      await waitFor(() => lastJobEnded, 'the job to end');
      const stats = await sim.stats();
      await waitFor(async () => received >= (stats.sentByType.watch ?? 0) || null, 'every watch', 5000).catch(() => undefined);
      expect(stats.sentByType.watch).toBeGreaterThan(MAX_CALL_RATE * SECONDS * 0.8);
      expect(stats.dropped).toBe(0);
      expect(received).toBe(stats.sentByType.watch);
    } finally {
      await engine.stop();
      await sim.stop();
    }
  }, (SECONDS + 30) * 1000);
});
