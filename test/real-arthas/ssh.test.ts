// Reaching a real Arthas through a real OpenSSH server on 127.0.0.1 (throwaway keys), and through a
// forwarding command (ssh -N -L itself): host keys, ~/.ssh/config, ProxyJump, a dropped tunnel.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForwardingCommand } from '../../src/main/forward/forwarding-command';
import { fingerprint } from '../../src/main/ssh/known-hosts';
import { HostKeyError, SshTunnel } from '../../src/main/ssh/ssh-tunnel';
import { startSshd, sshdUnavailable, type Sshd } from '../support/sshd';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';
import { runEnhancing, startRig } from './support/recording-rig';
import { realArthasUnavailable, startRealTarget, type RealTarget } from './support/real-jvm';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable() ?? sshdUnavailable();
if (why) console.warn(`SSH tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('through SSH to a real Arthas (real OpenSSH server on 127.0.0.1)', () => {
  let target: RealTarget;
  let sshd: Sshd;
  const dir = tempDir('arthas-deck-ssh-');
  const knownHosts = dir.file('known_hosts');
  const config = dir.file('config');
  let hostFp: string;
  beforeAll(async () => {
    [target, sshd] = await Promise.all([startRealTarget({ kind: 'math-game' }), startSshd()]);
    hostFp = fingerprint(Buffer.from(sshd.hostKeyPub.split(/\s+/)[1]!, 'base64'));
    writeFileSync(config, `Host arthas-box\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.clientKey}\n\nHost behind-jump\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.clientKey}\n  ProxyJump arthas-box\n`);
  }, 90_000);
  afterAll(async () => {
    await target?.close();
    await sshd?.stop();
    sshd?.remove();
    dir.remove();
  });
  const tunnel = (destination: string, extra: Partial<ConstructorParameters<typeof SshTunnel>[0]> = {}): SshTunnel =>
    new SshTunnel({ route: { destination, identityFile: sshd.clientKey, agent: false }, remoteHost: '127.0.0.1', remotePort: target.arthas.port, knownHostsFile: knownHosts, configFile: config, ...extra });

  it('refuses an unknown host key, showing its fingerprint; once accepted it is remembered', async () => {
    const t = tunnel(`${sshd.user}@127.0.0.1:${sshd.port}`);
    const err = await t.open().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyError);
    expect(err).toMatchObject({ verdict: 'unknown', fingerprint: hostFp });
    expect((err as Error).message).toContain(hostFp);
    const accepted = tunnel(`${sshd.user}@127.0.0.1:${sshd.port}`, { acceptFingerprint: hostFp });
    await accepted.open();
    accepted.close();
    expect(readFileSync(knownHosts, 'utf8')).toMatch(/^\|1\|\S+ ssh-ed25519 /m);
    const again = tunnel(`${sshd.user}@127.0.0.1:${sshd.port}`);
    await again.open();
    again.close();
    expect(sshd.log()).toMatch(/Accepted publickey for \S+ from 127\.0\.0\.1/);
  }, 30_000);

  it('refuses a changed host key', async () => {
    const other = dir.file('other_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const wrong = dir.file('known_hosts_wrong');
    writeFileSync(wrong, `[127.0.0.1]:${sshd.port} ${readFileSync(`${other}.pub`, 'utf8').split(/\s+/).slice(0, 2).join(' ')}\n`);
    const t = tunnel(`${sshd.user}@127.0.0.1:${sshd.port}`, { knownHostsFile: wrong, acceptFingerprint: hostFp });
    await expect(t.open()).rejects.toMatchObject({ verdict: 'changed' });
  });

  it('records through an alias of ~/.ssh/config and through a ProxyJump; a dropped tunnel comes back and nothing delivered is lost', async () => {
    for (const alias of ['behind-jump', 'arthas-box']) {
      const t = tunnel(alias);
      await t.open();
      const rig = await startRig({ url: t.url, pullTimeoutMs: 5000 }, { unreachableAfterMs: 60_000 });
      await runEnhancing(rig, 'watch demo.MathGame primeFactors -n 100000');
      await waitFor(() => rig.stored().filter((r) => r.type === 'watch').length >= 2, 'watch results through SSH', 20_000);
      if (alias === 'arthas-box') {
        const before = rig.stored().filter((r) => r.type === 'watch').length;
        await sshd.restart();
        await waitFor(() => rig.stored().filter((r) => r.type === 'watch').length >= before + 2, 'results after the tunnel came back', 40_000);
        expect(rig.recorder.counts.stored).toBe(rig.engine.stats.results);
        expect(rig.reader.events(rig.recorder.recordingId).some((e) => e.kind === 'outage-start' || e.kind === 'gap')).toBe(true);
      }
      await rig.close();
      t.close();
    }
  }, 90_000);

  it('a forwarding command (ssh -N -L) is started, used, and started again when it dies', async () => {
    const cmd = `ssh -N -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ExitOnForwardFailure=yes -i ${sshd.clientKey} -p ${sshd.port} -L {port}:127.0.0.1:${target.arthas.port} ${sshd.user}@127.0.0.1`;
    const events: string[] = [];
    const f = new ForwardingCommand(cmd, { onEvent: (e) => events.push(e.kind) });
    await f.start();
    const rig = await startRig({ url: f.url, pullTimeoutMs: 5000 }, { unreachableAfterMs: 60_000 });
    await runEnhancing(rig, 'watch demo.MathGame primeFactors -n 100000');
    await waitFor(() => rig.stored().filter((r) => r.type === 'watch').length >= 2, 'watch results through the command', 20_000);
    const before = rig.stored().filter((r) => r.type === 'watch').length;
    f.kill();
    await waitFor(() => events.includes('up'), 'the command started again', 20_000);
    expect(f.starts).toBe(2);
    await waitFor(() => rig.stored().filter((r) => r.type === 'watch').length >= before + 2, 'results after the restart', 30_000);
    expect(events).toEqual(['down', 'up']);
    await rig.close();
    f.stop();
  }, 90_000);

  it('a forwarding command that fails says what it printed', async () => {
    const f = new ForwardingCommand('echo "no such pod: orders-7d9" >&2; exit 1; # {port}');
    await expect(f.start()).rejects.toThrow(/ended before port \d+ accepted connections\. It said: no such pod: orders-7d9/);
  });
});

describe.skipIf(skipOrFail(why))('npm run record --ssh (real OpenSSH server, real Arthas)', () => {
  let target: RealTarget;
  let sshd: Sshd;
  const dir = tempDir('arthas-deck-ssh-cli-');
  beforeAll(async () => {
    [target, sshd] = await Promise.all([startRealTarget({ kind: 'math-game' }), startSshd()]);
  }, 90_000);
  afterAll(async () => {
    await target?.close();
    await sshd?.stop();
    sshd?.remove();
    dir.remove();
  });

  it('refuses an unknown host key with the flag to accept it, then records through the tunnel', async () => {
    const { exitOf, spawnTs } = await import('../support/run-cli');
    const home = dir.file('home');
    const env = { HOME: home, SSH_AUTH_SOCK: '' };
    const args = [`http://127.0.0.1:${target.arthas.port}`, '--ssh', `${sshd.user}@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKey, '--exec', 'version', '--db', dir.file('ssh.db')];
    const refused = spawnTs('src/main/cli/record.ts', args, env);
    expect((await exitOf(refused)).code).toBe(3);
    const fp = /--accept-host-key (SHA256:\S+)/.exec(refused.output().stderr)?.[1];
    expect(fp, refused.output().stderr).toBeDefined();
    const ok = spawnTs('src/main/cli/record.ts', [...args, '--accept-host-key', fp!], env);
    expect((await exitOf(ok)).code, ok.output().stderr).toBe(0);
    expect(ok.output().stderr).toMatch(/stopped \(the last command ended\): [1-9]\d* results stored/);
    expect(readFileSync(`${home}/.ssh/known_hosts`, 'utf8')).toContain('ssh-ed25519');
  }, 60_000);
});

describe.skipIf(skipOrFail(why))('JVMs on the SSH host: listed and attached through the connection (real OpenSSH, real Arthas home)', () => {
  let sshd: Sshd;
  let jvm: Awaited<ReturnType<typeof import('./support/real-jvm').startJvm>>;
  const dir = tempDir('arthas-deck-ssh-remote-');
  beforeAll(async () => {
    const { startJvm } = await import('./support/real-jvm');
    [sshd, jvm] = await Promise.all([startSshd(), startJvm({ kind: 'math-game' })]);
  }, 60_000);
  afterAll(async () => {
    await jvm?.kill();
    await sshd?.stop();
    sshd?.remove();
    dir.remove();
  });

  it('lists the remote JVMs, attaches Arthas there, and records through a tunnel (npm run record --ssh --attach)', async () => {
    const { listRemoteJvms } = await import('../../src/main/jvm/remote-jvms');
    const { arthasHome } = await import('./support/real-jvm');
    const known = dir.file('known_hosts');
    const probe = new SshTunnel({ route: { destination: `${sshd.user}@127.0.0.1:${sshd.port}`, identityFile: sshd.clientKey, agent: false }, remoteHost: '127.0.0.1', remotePort: 0, knownHostsFile: known, acceptFingerprint: fingerprint(Buffer.from(sshd.hostKeyPub.split(/\s+/)[1]!, 'base64')) });
    await probe.connectOnly();
    const listed = (await listRemoteJvms(probe)).find((j) => j.pid === jvm.pid);
    probe.close();
    expect(listed).toMatchObject({ pid: jvm.pid, main: expect.stringMatching(/math-game\.jar$/), attachable: true });

    const { exitOf, spawnTs } = await import('../support/run-cli');
    const home = dir.file('home');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(`${home}/.ssh`, { recursive: true });
    copyFileSync(known, `${home}/.ssh/known_hosts`);
    const child = spawnTs(
      'src/main/cli/record.ts',
      ['--ssh', `${sshd.user}@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKey, '--attach', String(jvm.pid), '--arthas-home', arthasHome()!, '--exec', 'version', '--db', dir.file('remote.db')],
      { HOME: home, SSH_AUTH_SOCK: '' },
    );
    const { code } = await exitOf(child);
    expect(code, child.output().stderr).toBe(0);
    expect(child.output().stderr).toMatch(/stopped \(the last command ended\): [1-9]\d* results stored/);
    expect(sshd.log()).toMatch(/Accepted publickey/);
  }, 90_000);
});

describe.skipIf(skipOrFail(why))('an SSH password: kept encrypted, offered to the server', () => {
  it('is stored only through the keychain and is what the deck offers sshd when no key is given', async () => {
    const sshd = await startSshd({ passwordAuth: true });
    const d = tempDir('arthas-deck-ssh-pass-');
    const { openDatabase } = await import('../../src/main/recorder/db');
    const { DeckService } = await import('../../src/main/api/deck-service');
    const db = openDatabase(d.file('deck.db'));
    // a reversible stand-in for the OS keychain: what matters is that the column never holds the text
    const secrets = { available: () => true, encrypt: (p: string) => Buffer.from(Buffer.from(p, 'utf8').map((b) => b ^ 0x5a)), decrypt: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8') };
    const known = d.file('known_hosts');
    const service = new DeckService({ db, databasePath: d.file('deck.db'), mode: 'serve', version: 't', secrets, ssh: { knownHostsFile: known, configFile: d.file('none') } });
    try {
      const t = await service.call<'targets.save'>('targets.save', { name: 'pw', url: 'http://127.0.0.1:9/api', route: { kind: 'ssh', destination: `${sshd.user}@127.0.0.1:${sshd.port}`, agent: false }, sshPassword: 'Wr0ng-but-Offered' });
      expect(t.hasSshPassword).toBe(true);
      expect(JSON.stringify(db.prepare('SELECT * FROM targets').all())).not.toContain('Wr0ng-but-Offered');
      const fp = fingerprint(Buffer.from(sshd.hostKeyPub.split(/\s+/)[1]!, 'base64'));
      const check = await service.call<'targets.check'>('targets.check', { id: t.id, acceptHostKey: fp });
      expect(check.ok).toBe(false);
      expect(check.message).toMatch(/refused every credential offered.*password/);
      await waitFor(() => /Failed password for \S+ from 127\.0\.0\.1/.test(sshd.log()), 'sshd to log the password attempt', 5000);
    } finally {
      await service.shutdown();
      db.close();
      await sshd.stop();
      sshd.remove();
      d.remove();
    }
  }, 30_000);
});
