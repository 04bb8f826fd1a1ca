// The contract's JVM part: discovery and attach on this machine (src/main/jvm/) or on an SSH host
// through the same connection; the attached JVM saved as a target. DeckService routes here.
import { ATTACH_STEPS, type AttachStep, type DeckArgs, type DeckResult, type SshStep, type TargetInfo } from '../../shared/contract';
import { waitForArthasApi } from '../jvm/arthas-launch';
import { attachToJvm } from '../jvm/attach';
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

/** What a caller hears of long JVM work: its steps, and a way to stop waiting. */
export interface JvmWork {
  onStep?: (s: AttachStep | SshStep) => void;
  signal?: AbortSignal;
}

async function withSsh<T>(ssh: SshArg, files: SshFiles, use: (t: SshTunnel) => Promise<T>, remotePort = 0, work: JvmWork = {}): Promise<T> {
  const t = new SshTunnel({ route: { destination: ssh.destination, identityFile: ssh.identityFile }, remoteHost: '127.0.0.1', remotePort, acceptFingerprint: ssh.acceptHostKey, onStep: work.onStep, ...files });
  const stop = (): void => t.close();
  work.signal?.addEventListener('abort', stop);
  try {
    return await use(t);
  } finally {
    work.signal?.removeEventListener('abort', stop);
    t.close();
  }
}

/** The steps of an attach: here, or on an SSH host (connect first, then a tunnel to the new port). */
export function attachSteps(overSsh: boolean): ReadonlyArray<AttachStep | SshStep> {
  return overSsh ? ['connecting', 'checking the host key', 'finding the JVM', 'loading the agent', 'forwarding the port', 'waiting for the HTTP API'] : ATTACH_STEPS;
}


/** A JVM's main as a short name: "math-game" for /opt/demo/math-game.jar; a class name as it is. */
function shortMain(main: string): string {
  return main.split(/[\\/]/).pop()!.replace(/\.jar$/, '');
}

export async function handleJvms(method: 'jvms.list' | 'jvms.attach', args: unknown, targets: TargetSaver, files: SshFiles = {}, work: JvmWork = {}): Promise<unknown> {
  try {
    if (method === 'jvms.list') {
      const { ssh } = args as DeckArgs<'jvms.list'>;
      return (await (ssh ? withSsh(ssh, files, async (t) => (await t.connectOnly(), listRemoteJvms(t))) : listLocalJvms())) satisfies DeckResult<'jvms.list'>;
    }
    const { pid, arthasHome, ssh } = args as DeckArgs<'jvms.attach'>;
    if (ssh) {
      const { port, main } = await withSsh(ssh, files, async (t) => {
        await t.connectOnly();
        work.onStep?.('finding the JVM');
        const jvm = (await listRemoteJvms(t)).find((j) => j.pid === pid);
        work.onStep?.('loading the agent');
        const r = await attachRemote(t, pid, { arthasHome });
        return { port: r.port, main: jvm?.main ?? 'jvm' };
      }, 0, work);
      // the new Arthas, reached through a tunnel of its own, answers before the target is saved
      const route = { kind: 'ssh' as const, destination: ssh.destination, ...(ssh.identityFile ? { identityFile: ssh.identityFile } : {}) };
      const version = await withSsh(ssh, files, async (t) => {
        await t.open();
        work.onStep?.('waiting for the HTTP API');
        return waitForArthasApi(t.url, 30_000);
      }, port, { ...work, onStep: (s) => s === 'forwarding the port' && work.onStep?.(s) });
      const target = targets.saveTargetFor(`${shortMain(main)} (pid ${pid} on ${ssh.destination})`, `http://127.0.0.1:${port}`, route);
      return { target, version, reused: false } satisfies DeckResult<'jvms.attach'>;
    }
    const r = await attachToJvm(pid, { arthasHome, onStep: work.onStep });
    const target = targets.saveTargetFor(`${shortMain(r.jvm.main)} (pid ${pid})`, r.url);
    return { target, version: r.version, reused: r.reused } satisfies DeckResult<'jvms.attach'>;
  } catch (e) {
    throw routeDeckError(e) ?? e;
  }
}
