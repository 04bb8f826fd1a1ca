// The contract's JVM part: discovery and attach on this machine (src/main/jvm/) or on an SSH host
// through the same connection; the attached JVM saved as a target. DeckService routes here.
import type { DeckArgs, DeckResult, TargetInfo } from '../../shared/contract';
import { attachToJvm, waitForArthasApi } from '../jvm/attach';
import { listLocalJvms } from '../jvm/local-jvms';
import { attachRemote, listRemoteJvms } from '../jvm/remote-jvms';
import { SshTunnel } from '../ssh/ssh-tunnel';
import { routeDeckError } from './route-errors';

export interface TargetSaver {
  /** saves (or finds, by URL and route) a target and returns it */
  saveTargetFor(name: string, url: string, route?: TargetInfo['route']): TargetInfo;
}

type SshArg = NonNullable<DeckArgs<'jvms.list'>['ssh']>;

export interface SshFiles {
  knownHostsFile?: string;
  configFile?: string;
}

async function withSsh<T>(ssh: SshArg, files: SshFiles, use: (t: SshTunnel) => Promise<T>, remotePort = 0): Promise<T> {
  const t = new SshTunnel({ route: { destination: ssh.destination, identityFile: ssh.identityFile }, remoteHost: '127.0.0.1', remotePort, acceptFingerprint: ssh.acceptHostKey, ...files });
  try {
    return await use(t);
  } finally {
    t.close();
  }
}


/** A JVM's main as a short name: "math-game" for /opt/demo/math-game.jar; a class name as it is. */
function shortMain(main: string): string {
  return main.split(/[\\/]/).pop()!.replace(/\.jar$/, '');
}

export async function handleJvms(method: 'jvms.list' | 'jvms.attach', args: unknown, targets: TargetSaver, files: SshFiles = {}): Promise<unknown> {
  try {
    if (method === 'jvms.list') {
      const { ssh } = args as DeckArgs<'jvms.list'>;
      return (await (ssh ? withSsh(ssh, files, async (t) => (await t.connectOnly(), listRemoteJvms(t))) : listLocalJvms())) satisfies DeckResult<'jvms.list'>;
    }
    const { pid, arthasHome, ssh } = args as DeckArgs<'jvms.attach'>;
    if (ssh) {
      const { port, main } = await withSsh(ssh, files, async (t) => {
        await t.connectOnly();
        const jvm = (await listRemoteJvms(t)).find((j) => j.pid === pid);
        const r = await attachRemote(t, pid, { arthasHome });
        return { port: r.port, main: jvm?.main ?? 'jvm' };
      });
      // the new Arthas, reached through a tunnel of its own, answers before the target is saved
      const route = { kind: 'ssh' as const, destination: ssh.destination, ...(ssh.identityFile ? { identityFile: ssh.identityFile } : {}) };
      const version = await withSsh(ssh, files, async (t) => {
        await t.open();
        return waitForArthasApi(t.url, 30_000);
      }, port);
      const target = targets.saveTargetFor(`${shortMain(main)} (pid ${pid} on ${ssh.destination})`, `http://127.0.0.1:${port}`, route);
      return { target, version, reused: false } satisfies DeckResult<'jvms.attach'>;
    }
    const r = await attachToJvm(pid, { arthasHome });
    const target = targets.saveTargetFor(`${shortMain(r.jvm.main)} (pid ${pid})`, r.url);
    return { target, version: r.version, reused: r.reused } satisfies DeckResult<'jvms.attach'>;
  } catch (e) {
    throw routeDeckError(e) ?? e;
  }
}
