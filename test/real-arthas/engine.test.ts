// The engine and the headless recorder against a real Arthas 4.3.4 attached to math-game.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArthasClient } from '../../src/main/arthas/client';
import { openDatabase } from '../../src/main/recorder/db';
import { RecordingReader } from '../../src/main/recorder/recording-reader';
import { refusedAsBusy, runAgainWhileBusy } from '../../src/main/arthas/busy-retry';
import { BUSY_ENHANCING } from '../../src/shared/session-events';
import { exitOf, spawnTs } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';
import { runEnhancing, startRig } from './support/recording-rig';
import { realArthasUnavailable, startRealTarget, type RealTarget } from './support/real-jvm';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable();
if (why) console.warn(`real-Arthas tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('engine and headless recorder against a real Arthas (math-game)', () => {
  let target: RealTarget;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    target = await startRealTarget({ kind: 'math-game' });
    dir = tempDir('arthas-deck-real-cli-');
  }, 90_000);
  afterAll(async () => {
    await target?.close();
    dir?.remove();
  });

  it('stopping a running watch keeps its tail: the last results, status 0 and ALLOW_INPUT are recorded before the session is closed', async () => {
    const rig = await startRig({ url: target.arthas.url });
    const sessionId = rig.engine.snapshot.arthasSessionId!;
    const jobId = await runEnhancing(rig, 'watch demo.MathGame primeFactors');
    await waitFor(() => rig.stored().filter((r) => r.type === 'watch').length >= 2, 'two watch results', 15_000);
    await rig.engine.stop();
    await new Promise((r) => setImmediate(r));
    const stored = rig.stored();
    const status = stored.findIndex((r) => r.type === 'status' && r.jobId === jobId);
    expect(status, 'the job status is recorded').toBeGreaterThan(0);
    expect(stored[status]!.statusCode).toBe(0);
    expect(stored.slice(status + 1).some((r) => r.type === 'input_status' && r.inputStatus === 'ALLOW_INPUT')).toBe(true);
    const job = rig.reader.jobs(rig.recorder.recordingId).find((j) => j.jobId === jobId)!;
    expect(job).toMatchObject({ state: 'interrupted', statusCode: 0 });
    expect(job.endedAt).toBeGreaterThan(0);
    // and the session was closed afterwards
    const probe = new ArthasClient({ url: target.arthas.url });
    await expect(probe.sessionInfo(sessionId)).rejects.toMatchObject({ kind: 'api', serverMessage: `session not found: ${sessionId}` });
    probe.close();
    await rig.close();
  }, 40_000);

  it("Arthas stopped by another client while npm run record watches: exit 3 with the reason, never 'the last command ended'", async () => {
    // a JVM of its own: `stop` ends its Arthas
    const own = await startRealTarget({ kind: 'math-game' });
    try {
      const db = dir.file('stopped-elsewhere.db');
      const child = spawnTs('src/main/cli/record.ts', [own.arthas.url, '--exec', 'watch demo.MathGame primeFactors -n 100000', '--db', db, '--give-up', '5']);
      await waitFor(() => /recording .* as recording #/.test(child.output().stderr) || null, 'recording', 20_000);
      await new Promise((r) => setTimeout(r, 3000));
      // another user's client stops Arthas
      const other = new ArthasClient({ url: own.arthas.url });
      await other.exec('stop', { execTimeout: 5000 }).catch(() => undefined);
      other.close();
      const { code } = await exitOf(child);
      const stderr = child.output().stderr;
      expect(code, stderr).toBe(3);
      expect(stderr).not.toMatch(/the last command ended/);
      const reader = new RecordingReader(openDatabase(db));
      const rec = reader.list()[0]!;
      const job = reader.jobs(rec.id)[0]!;
      // Arthas queues the job's end (status -10) as it shuts down; when a pull took it before the
      // port closed, the deck says Arthas was stopped; when not, the target became unreachable
      if (job.statusCode === -10) expect(stderr).toMatch(/Arthas was stopped \(not from here\): job \d+ ended with status -10, then the connection (was refused|dropped)/);
      else expect(stderr).toMatch(/stopped \(target unreachable for 5 s\)/);
    } finally {
      await own.close();
    }
  }, 60_000);

  it('npm run record stops when its last job ends even with a longer --for (whichever comes first)', async () => {
    const db = dir.file('first.db');
    const t0 = Date.now();
    const child = spawnTs('src/main/cli/record.ts', [target.arthas.url, '--exec', 'watch demo.MathGame primeFactors -n 3', '--for', '40', '--db', db]);
    const { code } = await exitOf(child);
    expect(code, child.output().stderr).toBe(0);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(child.output().stderr).toMatch(/stopped \(the last command ended\)/);
    const reader = new RecordingReader(openDatabase(db));
    const rec = reader.list()[0]!;
    expect(reader.countsByType(rec.id).watch).toBe(3);
    reader.db.close();
  }, 40_000);

  it('npm run record --for ends an endless watch with its status recorded (nothing of the tail lost)', async () => {
    const db = dir.file('for.db');
    // 8 s: under CI's load the watch may first meet Arthas's "someone else is enhancing" and be run again (busy-retry)
    const child = spawnTs('src/main/cli/record.ts', [target.arthas.url, '--exec', 'watch demo.MathGame primeFactors', '--for', '8', '--db', db]);
    const { code } = await exitOf(child);
    expect(code, child.output().stderr).toBe(0);
    const reader = new RecordingReader(openDatabase(db));
    const rec = reader.list()[0]!;
    const job = reader.jobs(rec.id)[0]!;
    expect(job).toMatchObject({ state: 'interrupted', statusCode: 0 });
    expect(reader.countsByType(rec.id).status).toBe(1);
    expect(reader.countsByType(rec.id).watch).toBeGreaterThanOrEqual(2);
    reader.db.close();
  }, 40_000);

  it("an observer (--join) that stops leaves the owner's watch running; --interrupt-owner-job is the explicit way to end it", async () => {
    const owner = await startRig({ url: target.arthas.url });
    const sessionId = owner.engine.snapshot.arthasSessionId!;
    const jobId = await runEnhancing(owner, 'watch demo.MathGame primeFactors');
    await waitFor(() => owner.stored().some((r) => r.type === 'watch'), 'the owner sees a watch result', 15_000);
    const db = dir.file('observer.db');
    const observer = spawnTs('src/main/cli/record.ts', [target.arthas.url, '--join', sessionId, '--for', '3', '--db', db]);
    expect((await exitOf(observer)).code, observer.output().stderr).toBe(0);
    const before = owner.stored().filter((r) => r.type === 'watch').length;
    await waitFor(() => owner.stored().filter((r) => r.type === 'watch').length >= before + 2, "the owner's watch goes on after the observer left", 15_000);
    expect(owner.stored().some((r) => r.type === 'status' && r.jobId === jobId)).toBe(false);
    expect(owner.engine.jobs.find((j) => j.jobId === jobId)!.endedAt).toBeUndefined();
    const reader = new RecordingReader(openDatabase(db));
    expect(reader.countsByType(reader.list()[0]!.id).watch).toBeGreaterThanOrEqual(1);
    reader.db.close();

    const ender = spawnTs('src/main/cli/record.ts', [target.arthas.url, '--join', sessionId, '--for', '2', '--interrupt-owner-job', '--db', dir.file('ender.db')]);
    expect((await exitOf(ender)).code, ender.output().stderr).toBe(0);
    await waitFor(() => owner.stored().some((r) => r.type === 'status' && r.jobId === jobId), "the owner's job ended by the explicit choice", 10_000);
    await owner.close();
  }, 60_000);

  it('records the results of every command the views show, each with its job ended', async () => {
    const rig = await startRig({ url: target.arthas.url });
    const commands = [
      'trace demo.MathGame run -n 1',
      'stack demo.MathGame primeFactors -n 1',
      'tt -t demo.MathGame primeFactors -n 2',
      'monitor -c 1 demo.MathGame primeFactors -n 1',
      'thread',
      'dashboard -n 1',
      'jvm',
      'sysprop',
      'sc -d demo.MathGame',
      'sm demo.MathGame',
      'jad demo.MathGame',
      'version',
    ];
    let busy = 0;
    for (const command of commands) {
      // Arthas's transient "someone else is enhancing classes": running it again is the remedy
      await runAgainWhileBusy(
        async () => {
          const { jobId } = await rig.engine.run(command);
          await waitFor(() => rig.engine.jobs.find((j) => j.jobId === jobId)?.endedAt && rig.engine.snapshot.inputStatus === 'ALLOW_INPUT', `${command} to end`, 20_000);
          return rig.engine.jobs.find((j) => j.jobId === jobId)!;
        },
        refusedAsBusy,
        { onRetry: () => busy++ },
      );
    }
    if (busy) console.warn(`real Arthas answered "someone else is enhancing classes" ${busy} time(s); run again, as the UI offers`);
    await new Promise((r) => setTimeout(r, 50));
    const jobs = rig.reader.jobs(rig.recorder.recordingId).filter((j) => !BUSY_ENHANCING.test(j.statusMessage ?? ''));
    expect(jobs.map((j) => `${j.command}: ${j.state}`)).toEqual(commands.map((c) => `${c}: succeeded`));
    const types = new Set(rig.stored().map((r) => r.type));
    for (const t of ['trace', 'stack', 'tt', 'monitor', 'thread', 'dashboard', 'jvm', 'sysprop', 'sc', 'sm', 'jad', 'version']) expect(types, t).toContain(t);
    await rig.close();
  }, 120_000);
});
