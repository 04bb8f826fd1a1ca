// A real OpenSSH server on 127.0.0.1 for the SSH tests, with throwaway host and client keys.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { freeLocalPort } from '../../src/main/net/free-port';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { tempDir } from './temp-dir';

export const SSHD = '/usr/sbin/sshd';

export function sshdUnavailable(): string | null {
  if (!existsSync(SSHD)) return `no OpenSSH server at ${SSHD} (apt-get install openssh-server)`;
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'no ssh-keygen on PATH';
  }
  return null;
}


export interface Sshd {
  port: number;
  dir: string;
  clientKey: string;
  hostKeyPub: string;
  user: string;
  log(): string;
  stop(): Promise<void>;
  /** stops and starts again on the same port with the same keys (drops every connection) */
  restart(): Promise<void>;
  remove(): void;
}

export async function startSshd(opts: { passwordAuth?: boolean } = {}): Promise<Sshd> {
  const d = tempDir('arthas-deck-sshd-');
  const port = await freeLocalPort();
  const hostKey = join(d.path, 'host_ed25519');
  const clientKey = join(d.path, 'client_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey]);
  writeFileSync(join(d.path, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  mkdirSync('/run/sshd', { recursive: true });
  const config = join(d.path, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(d.path, 'authorized_keys')}`,
      `PasswordAuthentication ${opts.passwordAuth ? 'yes' : 'no'}`,
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'AllowTcpForwarding yes',
      `PidFile ${join(d.path, 'sshd.pid')}`,
      'LogLevel VERBOSE',
    ].join('\n'),
  );
  const logFile = join(d.path, 'sshd.log');
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(SSHD, ['-D', '-f', config, '-E', logFile], { stdio: 'ignore' });
    const end = Date.now() + 10_000;
    for (;;) {
      const up = await new Promise<boolean>((res) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), res(true)));
        s.once('error', () => res(false));
      });
      if (up) return;
      if (child.exitCode !== null || Date.now() > end) throw new Error(`sshd did not start: ${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async (): Promise<void> => {
    if (!child || child.exitCode !== null) return;
    const c = child;
    // its per-connection processes (its children) keep their sessions unless they are ended too
    try {
      execFileSync('pkill', ['-KILL', '-P', String(c.pid)], { stdio: 'ignore' });
    } catch {
      /* none */
    }
    await new Promise<void>((res) => {
      c.once('exit', () => res());
      c.kill('SIGTERM');
    });
  };
  await start();
  return {
    port,
    dir: d.path,
    clientKey,
    hostKeyPub: readFileSync(`${hostKey}.pub`, 'utf8'),
    user: userInfo().username,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    remove: () => d.remove(),
  };
}
