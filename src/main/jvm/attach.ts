// Attaches Arthas to a local JVM (see arthas-launch.ts) with the target JVM's own java where it can
// be read, on a free port of 127.0.0.1. An Arthas already attached is used as it is (its version said).
import { existsSync } from 'node:fs';
import type { AttachStep, LocalJvm } from '../../shared/contract';
import { localPortIsFree } from '../net/free-port';
import { AttachError, launchArthas } from './arthas-launch';
import { findArthasHome } from './arthas-home';
import { listLocalJvms } from './local-jvms';

export interface AttachResult {
  url: string;
  port: number;
  version: string;
  /** an Arthas was attached already: it was used as it is */
  reused: boolean;
  jvm: LocalJvm;
}

export async function attachToJvm(pid: number, opts: { arthasHome?: string; port?: number; timeoutMs?: number; onStep?: (s: AttachStep) => void } = {}): Promise<AttachResult> {
  const step = opts.onStep ?? (() => undefined);
  step('finding the JVM');
  const jvm = (await listLocalJvms()).find((j) => j.pid === pid);
  if (!jvm) throw new AttachError(`No JVM with pid ${pid} runs on this machine (it may have ended).`);
  if (!jvm.attachable) throw new AttachError(`JVM ${pid} runs as ${jvm.user}: attaching needs that user (or root). Start the deck as ${jvm.user}, or attach Arthas as that user.`);
  if (jvm.arthas) {
    // one Arthas per JVM: use it, of whatever version it is
    return { url: `http://127.0.0.1:${jvm.arthas.port}`, port: jvm.arthas.port, version: jvm.arthas.version, reused: true, jvm };
  }
  const home = findArthasHome(opts.arthasHome);
  if (opts.port !== undefined && !(await localPortIsFree(opts.port))) throw new AttachError(`Port ${opts.port} on 127.0.0.1 is taken: choose another, or leave it empty for a free one.`);
  // the target's own java where it can be read: an attach from another Java version may fail
  const java = jvm.javaBinary && existsSync(jvm.javaBinary) ? jvm.javaBinary : 'java';
  try {
    const r = await launchArthas({ pid, home, java, port: opts.port, timeoutMs: opts.timeoutMs, onLoading: () => step('loading the agent'), onWaiting: () => step('waiting for the HTTP API') });
    return { ...r, reused: false, jvm };
  } catch (e) {
    if (e instanceof AttachError) throw e;
    const err = e as Error & { stderr?: string; stdout?: string; code?: string | number };
    const said = `${err.stderr ?? ''}\n${err.stdout ?? ''}`.trim().split('\n').filter(Boolean).slice(-3).join(' ');
    if (err.code === 'ENOENT') throw new AttachError(`No java to run Arthas with (${java} not found): install a JDK or JRE.`);
    if (/No such process|not exist|AttachNotSupported|Unable to open socket file/i.test(said) && !existsSync(`/proc/${pid}`)) throw new AttachError(`JVM ${pid} ended while Arthas was being attached.`);
    throw new AttachError(`Attaching Arthas to JVM ${pid} failed: ${said || err.message}`);
  }
}
