// Local discovery and one-click attach against real JVMs, with the real Arthas home.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { launchArthas } from '../../src/main/jvm/arthas-launch';
import { attachToJvm } from '../../src/main/jvm/attach';
import { listeningPorts, listLocalJvms } from '../../src/main/jvm/local-jvms';
import { freeServerPort } from '../../src/main/net/free-port';
import { openDatabase } from '../../src/main/recorder/db';
import { RecordingReader } from '../../src/main/recorder/recording-reader';
import { exitOf, spawnTs } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';
import { arthasHome, realArthasUnavailable, startJvm, type Jvm } from './support/real-jvm';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable() ?? (process.platform !== 'linux' ? 'local discovery is tested on Linux' : null);
if (why) console.warn(`real-Arthas attach tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('local JVMs: discovery and attach (real math-game, real Arthas)', () => {
  let jvm: Jvm;
  let other: Jvm;
  const dir = tempDir('arthas-deck-attach-');
  beforeAll(async () => {
    jvm = await startJvm({ kind: 'math-game' });
    other = await startJvm({ kind: 'math-game' });
  }, 60_000);
  afterAll(async () => {
    await jvm?.kill();
    await other?.kill();
    dir.remove();
  });

  it('lists the JVMs of this machine with pid, main (the jar), user and no Arthas yet', async () => {
    const found = (await listLocalJvms()).find((j) => j.pid === jvm.pid);
    expect(found).toMatchObject({ pid: jvm.pid, main: expect.stringMatching(/math-game\.jar$/), attachable: true });
    expect(found!.user).not.toBe('');
    expect(found!.javaBinary).toMatch(/java$/);
    expect(found!.arthas).toBeUndefined();
  });

  it('attaches in one step, then sees that Arthas on the JVM and uses it the next time', async () => {
    const steps: string[] = [];
    const r = await attachToJvm(jvm.pid, { arthasHome: arthasHome()!, onStep: (s) => steps.push(s) });
    expect(r).toMatchObject({ reused: false, version: '4.3.4' });
    expect(steps).toEqual(['finding the JVM', 'loading the agent', 'waiting for the HTTP API']);
    const listed = (await listLocalJvms()).find((j) => j.pid === jvm.pid)!;
    expect(listed.arthas).toEqual({ port: r.port, version: '4.3.4' });
    const again = await attachToJvm(jvm.pid, { arthasHome: arthasHome()! });
    expect(again).toMatchObject({ reused: true, port: r.port, version: '4.3.4' });
  }, 90_000);

  it('says clearly what is wrong: a JVM that has gone, no Arthas home, a port taken', async () => {
    await expect(attachToJvm(999_999_9)).rejects.toThrow(/No JVM with pid 9999999/);
    await expect(attachToJvm(other.pid, { arthasHome: dir.path })).rejects.toThrow(/is not an Arthas home/);
    const taken = (await listLocalJvms()).find((j) => j.pid === jvm.pid)!.arthas!.port;
    await expect(attachToJvm(other.pid, { arthasHome: arthasHome()!, port: taken })).rejects.toThrow(new RegExp(`Port ${taken} on 127.0.0.1 is taken`));
  }, 30_000);

  it('a port taken between its choice and Arthas binding it: Arthas is started again on another; only the HTTP port listens (telnet off)', async () => {
    const third = await startJvm({ kind: 'math-game' });
    const squatter: Server = createServer();
    try {
      const held = await freeServerPort();
      await new Promise<void>((r) => squatter.listen(held, '127.0.0.1', r));
      const tried: number[] = [];
      const nextPort = async (): Promise<number> => {
        const p = tried.length === 0 ? held : await freeServerPort();
        tried.push(p);
        return p;
      };
      // a port the user chose, taken: said once, no other port tried
      await expect(launchArthas({ pid: third.pid, home: arthasHome()!, port: held, timeoutMs: 30_000 })).rejects.toThrow(new RegExp(`Arthas could not listen on port ${held}: it was taken in the meantime. Choose another`));
      const r = await launchArthas({ pid: third.pid, home: arthasHome()!, nextPort, timeoutMs: 30_000 });
      expect(tried).toHaveLength(2);
      expect(r).toMatchObject({ port: tried[1], version: '4.3.4' });
      expect(listeningPorts(third.pid)).toEqual([r.port]);
    } finally {
      squatter.close();
      await third.kill();
    }
  }, 90_000);

  it('npm run record --attach <pid> attaches and records', async () => {
    const db = dir.file('attach.db');
    const child = spawnTs('src/main/cli/record.ts', ['--attach', String(other.pid), '--arthas-home', arthasHome()!, '--exec', 'version', '--db', db]);
    const { code } = await exitOf(child);
    expect(code, child.output().stderr).toBe(0);
    expect(child.output().stderr).toMatch(/attach: attached: Arthas 4\.3\.4 on http:\/\/127\.0\.0\.1:\d+/);
    const reader = new RecordingReader(openDatabase(db));
    const rec = reader.list()[0]!;
    expect(reader.countsByType(rec.id).version).toBe(1);
    reader.db.close();
  }, 90_000);
});
