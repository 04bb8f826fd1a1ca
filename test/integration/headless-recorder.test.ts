import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/recorder/db';
import { RecordingReader } from '../../src/main/recorder/recording-reader';
import { startSimProcess, type SimProcess } from '../support/sim-process';
import { exitOf, spawnTs } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

let sim: SimProcess;
let dir: ReturnType<typeof tempDir>;
beforeAll(async () => {
  sim = await startSimProcess(['--rate', '200']);
  dir = tempDir();
});
afterAll(async () => {
  await sim.stop();
  dir.remove();
});

describe('headless recorder (npm run record)', () => {
  it('records each command into the database, prints progress, closes the Arthas session and exits 0', async () => {
    const db = dir.file('headless.db');
    const child = spawnTs('src/main/cli/record.ts', [sim.url, '--exec', 'watch demo.MathGame primeFactors "{params, returnObj}" -n 300', '--exec', 'thread', '--db', db]);
    const { code } = await exitOf(child);
    const { stderr } = child.output();
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/results \d+ {2}rate \d+\/s {2}gaps 0/);
    expect(stderr).toMatch(/stopped \(the last command ended\): \d+ results stored of \d+ received, 0 gaps/);
    const reader = new RecordingReader(openDatabase(db));
    const [rec] = reader.list();
    expect(rec).toMatchObject({ state: 'closed', arthasVersion: '4.3.4', mainClass: 'demo.MathGame', targetUrl: sim.url });
    expect(rec!.commands).toEqual(['watch demo.MathGame primeFactors "{params, returnObj}" -n 300', 'thread']);
    const counts = reader.countsByType(rec!.id);
    expect(counts.watch).toBe(300);
    expect(counts.thread).toBe(1);
    expect(reader.jobs(rec!.id).map((j) => j.state)).toEqual(['succeeded', 'succeeded']);
    expect(reader.events(rec!.id).map((e) => e.kind)).toEqual(expect.arrayContaining(['session-start', 'command', 'session-end']));
    reader.db.close();
  });

  it('exports the recording it made with --export, credentials-free and importable', async () => {
    const db = dir.file('export.db');
    const file = dir.file('run.arthasrec');
    const child = spawnTs('src/main/cli/record.ts', [sim.url, '--exec', 'watch demo.MathGame primeFactors -n 50', '--db', db, '--export', file]);
    expect((await exitOf(child)).code, child.output().stderr).toBe(0);
    expect(child.output().stderr).toMatch(/exported \d+ results to/);
    const { validateRecordingFile } = await import('../../src/main/recorder/arthasrec-import');
    const checked = await validateRecordingFile(file);
    expect(checked.results).toBeGreaterThanOrEqual(50);
    expect(checked.header.recording.targetUrl).toBe(sim.url);
  });

  it('stops after --for seconds, interrupting the running job', async () => {
    const db = dir.file('for.db');
    const t0 = Date.now();
    const child = spawnTs('src/main/cli/record.ts', [sim.url, '--exec', 'watch demo.MathGame primeFactors -n 100000000', '--for', '2', '--db', db]);
    const { code } = await exitOf(child);
    expect(code, child.output().stderr).toBe(0);
    expect(Date.now() - t0).toBeGreaterThan(2000);
    const reader = new RecordingReader(openDatabase(db));
    const rec = reader.list()[0]!;
    expect(rec.state).toBe('closed');
    expect(reader.countsByType(rec.id).watch).toBeGreaterThan(100);
    expect(reader.jobs(rec.id)[0]!.state).toBe('interrupted');
    reader.db.close();
  });

  it('runs a command again when Arthas answers its transient "someone else is enhancing classes"', async () => {
    const db = dir.file('busy.db');
    sim.send({ type: 'busy-enhancing' });
    const child = spawnTs('src/main/cli/record.ts', [sim.url, '--exec', 'watch demo.MathGame primeFactors -n 5', '--db', db]);
    const { code } = await exitOf(child);
    expect(code, child.output().stderr).toBe(0);
    expect(child.output().stderr).toContain('Arthas was still enhancing classes (transient): running "watch demo.MathGame primeFactors -n 5" again');
    const reader = new RecordingReader(openDatabase(db));
    const rec = reader.list()[0]!;
    expect(reader.countsByType(rec.id).watch).toBe(5);
    expect(reader.jobs(rec.id).map((j) => j.state)).toEqual(['failed', 'succeeded']);
    reader.db.close();
  });

  it('exits non-zero with a clear message on a bad URL, a dead port and bad credentials, writing no recording', async () => {
    const db = dir.file('bad.db');
    const bad = spawnTs('src/main/cli/record.ts', ['javascript:alert(1)', '--db', db]);
    expect((await exitOf(bad)).code).toBe(2);
    expect(bad.output().stderr).toMatch(/Only http:\/\/ and https:\/\/ targets/);
    const dead = spawnTs('src/main/cli/record.ts', ['http://127.0.0.1:9', '--exec', 'thread', '--db', db]);
    expect((await exitOf(dead)).code).toBe(3);
    expect(dead.output().stderr).toMatch(/Connection refused/);
    const authSim = await startSimProcess(['--username', 'u', '--password', 'p', '--auth-local']);
    const auth = spawnTs('src/main/cli/record.ts', [authSim.url, '--user', 'u', '--password', 'wrong', '--exec', 'thread', '--db', db]);
    expect((await exitOf(auth)).code).toBe(4);
    expect(auth.output().stderr).toMatch(/401/);
    expect(auth.output().stderr).not.toContain('wrong');
    await authSim.stop();
    const reader = new RecordingReader(openDatabase(db));
    expect(reader.list()).toEqual([]);
    reader.db.close();
  });
});
