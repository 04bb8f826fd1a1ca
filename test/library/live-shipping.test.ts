// Live publishing from headless recorders: the local SQLite file is the write-ahead copy and the
// shipper follows it into a real PostgreSQL. The library killed mid-stream and started again only
// delays shipping: in the end it holds exactly what the recorder stored, nothing lost or doubled;
// two recorders shipping at once each arrive whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArthasClient } from '../../src/main/arthas/client';
import { SessionEngine } from '../../src/main/arthas/session';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { RecordingWriter } from '../../src/main/recorder/recording-writer';
import { startRecording, type SessionRecorder } from '../../src/main/recorder/session-recorder';
import type { LibraryConnection } from '../../src/main/library/library-connection';
import { LiveShipper } from '../../src/main/library/library-shipper';
import { skipOrFail } from '../support/real-tier';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from '../support/postgres';
import { startSimProcess, type SimProcess } from '../support/sim-process';
import { tempDir } from '../support/temp-dir';
import { sleep, waitFor } from '../support/wait';

const why = postgresUnavailable();
if (why) console.warn(`live shipping tests skipped: ${why}`);

interface Recorder {
  db: Db;
  engine: SessionEngine;
  recorder: SessionRecorder;
  shipper: LiveShipper;
  sim: SimProcess;
}

describe.skipIf(skipOrFail(why))('live publishing to a real PostgreSQL', () => {
  let pgs: TestPostgres;
  let lib: LibraryConnection;
  const dir = tempDir('arthas-deck-ship-');
  const running: Recorder[] = [];
  beforeAll(async () => {
    pgs = await startTestPostgres();
    await pgs.addTeam('oncall');
    await pgs.addUser('jump', ['oncall']);
    lib = await pgs.connect('jump');
  }, 60_000);
  afterAll(async () => {
    for (const r of running) {
      await r.engine.stop().catch(() => undefined);
      r.recorder.close();
      r.db.close();
      await r.sim.stop();
    }
    await pgs?.close();
    dir.remove();
  });

  async function recorder(name: string, rate: number): Promise<Recorder> {
    const sim = await startSimProcess(['--rate', String(rate)]);
    const db = openDatabase(dir.file(`${name}.db`));
    const engine = new SessionEngine(new ArthasClient({ url: sim.url }));
    const recorder = await startRecording(new RecordingWriter(db), engine, { targetName: name, targetUrl: sim.url });
    const shipper = new LiveShipper(db, lib, recorder.recordingId, { team: 'oncall', intervalMs: 100, backoffMs: [100, 200, 400] });
    shipper.start();
    const r = { db, engine, recorder, shipper, sim };
    running.push(r);
    return r;
  }

  /** What the library holds of a recording, against what the local file holds. */
  async function compare(r: Recorder): Promise<void> {
    const libId = r.shipper.stats.libraryId!;
    const local = r.db.prepare('SELECT pos, raw FROM results WHERE session_id = ? ORDER BY pos').all(r.recorder.recordingId) as Array<{ pos: number; raw: string }>;
    const remote = (await pgs.admin('SELECT pos, raw FROM deck.results WHERE recording_id = $1 ORDER BY pos', [libId])).rows as Array<{ pos: number; raw: string }>;
    expect(remote.length).toBe(local.length);
    expect(remote.map((x) => Number(x.pos))).toEqual(local.map((x) => x.pos));
    expect(remote.map((x) => x.raw)).toEqual(local.map((x) => x.raw));
    const localEvents = (r.db.prepare('SELECT COUNT(*) AS n FROM events WHERE session_id = ?').get(r.recorder.recordingId) as { n: number }).n;
    expect(Number((await pgs.admin('SELECT count(*) AS n FROM deck.events WHERE recording_id = $1', [libId])).rows[0].n)).toBe(localEvents);
    const rec = (await pgs.admin('SELECT state, result_count, kind, run_by FROM deck.recordings WHERE id = $1', [libId])).rows[0];
    expect(rec).toMatchObject({ state: 'closed', kind: 'capture' });
    expect(Number(rec.result_count)).toBe(local.length);
  }

  it('the library killed mid-stream and started again: shipping resumes where it stopped, nothing lost or doubled', async () => {
    const r = await recorder('killed', 200);
    await r.engine.run('watch demo.MathGame primeFactors "{params, returnObj}" -n 100000');
    await waitFor(() => r.shipper.stats.results > 200, 'results shipped before the crash', 10_000);
    await pgs.server.crash();
    // the recorder goes on: the local file keeps growing while the library is down
    const localAt = (): number => (r.db.prepare('SELECT COUNT(*) AS n FROM results WHERE session_id = ?').get(r.recorder.recordingId) as { n: number }).n;
    const before = localAt();
    await sleep(2000);
    expect(localAt()).toBeGreaterThan(before + 200);
    expect(r.shipper.stats.failures).toBeGreaterThan(0);
    await pgs.server.start();
    await waitFor(() => r.shipper.stats.pending === 0 && r.shipper.stats.failures > 0 && r.shipper.stats.results > before + 200, 'shipping to catch up', 20_000);
    await r.engine.stop();
    r.recorder.close();
    expect(await r.shipper.stop()).toBe(true);
    await compare(r);
  }, 60_000);

  it('two recorders publishing at once each arrive whole, each its own capture', async () => {
    const [a, b] = await Promise.all([recorder('one', 300), recorder('two', 300)]);
    await Promise.all([a!.engine.run('watch demo.MathGame primeFactors -n 900'), b!.engine.run('watch demo.MathGame primeFactors -n 900')]);
    await waitFor(() => [a!, b!].every((r) => r.engine.jobs.every((j) => j.endedAt !== undefined)), 'both watches to end', 30_000);
    for (const r of [a!, b!]) {
      await r.engine.stop();
      r.recorder.close();
      expect(await r.shipper.stop()).toBe(true);
      await compare(r);
    }
    expect(a!.shipper.stats.libraryId).not.toBe(b!.shipper.stats.libraryId);
    // a shipper started again for the same recording finds its capture and adds nothing twice
    const again = new LiveShipper(a!.db, lib, a!.recorder.recordingId, { team: 'oncall' });
    expect(await again.stop()).toBe(true);
    expect(again.stats.libraryId).toBe(a!.shipper.stats.libraryId);
    expect(again.stats.results).toBe(0);
    await compare(a!);
  }, 60_000);
});
