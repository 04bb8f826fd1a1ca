// Attaches Arthas to a local JVM the way arthas-boot.jar does (java -jar arthas-core.jar -pid …),
// with the target JVM's own java where it can be read, on a free port of 127.0.0.1, and waits until
// the HTTP API answers. An Arthas already attached is used as it is (its version said).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freeLocalPort, localPortIsFree } from '../net/free-port';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AttachStep, LocalJvm } from '../../shared/contract';
import { ArthasClient } from '../arthas/client';
import { findArthasHome } from './arthas-home';
import { listLocalJvms } from './local-jvms';

const run = promisify(execFile);

export class AttachError extends Error {}

export interface AttachResult {
  url: string;
  port: number;
  version: string;
  /** an Arthas was attached already: it was used as it is */
  reused: boolean;
  jvm: LocalJvm;
}


/** Polls `exec version` until Arthas's HTTP API answers at url; resolves with its version. */
export async function waitForArthasApi(url: string, timeoutMs: number, credentials: { username?: string; password?: string } = {}): Promise<string> {
  const client = new ArthasClient({ url, ...credentials, requestTimeoutMs: 2000 });
  const end = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        const a = await client.exec('version', { execTimeout: 3000 });
        return String(a.results.find((r) => r.result.type === 'version')?.result.version ?? '?');
      } catch (e) {
        if (Date.now() > end) throw new AttachError(`Arthas was started but its HTTP API did not answer on ${url} within ${Math.round(timeoutMs / 1000)} s (${(e as Error).message}). See ~/logs/arthas/arthas.log.`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    client.close();
  }
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
  let port = opts.port;
  if (port !== undefined) {
    if (!(await localPortIsFree(port))) throw new AttachError(`Port ${port} on 127.0.0.1 is taken: choose another, or leave it empty for a free one.`);
  } else port = await freeLocalPort();
  // the target's own java where it can be read: an attach from another Java version may fail
  const java = jvm.javaBinary && existsSync(jvm.javaBinary) ? jvm.javaBinary : 'java';
  step('loading the agent');
  try {
    await run(java, ['-jar', join(home, 'arthas-core.jar'), '-pid', String(pid), '-core', join(home, 'arthas-core.jar'), '-agent', join(home, 'arthas-agent.jar'), '-target-ip', '127.0.0.1', '-telnet-port', '0', '-http-port', String(port)], { timeout: 60_000 });
  } catch (e) {
    const err = e as Error & { stderr?: string; stdout?: string; code?: string | number };
    const said = `${err.stderr ?? ''}\n${err.stdout ?? ''}`.trim().split('\n').filter(Boolean).slice(-3).join(' ');
    if (err.code === 'ENOENT') throw new AttachError(`No java to run Arthas with (${java} not found): install a JDK or JRE.`);
    if (/No such process|not exist|AttachNotSupported|Unable to open socket file/i.test(said) && !existsSync(`/proc/${pid}`)) throw new AttachError(`JVM ${pid} ended while Arthas was being attached.`);
    throw new AttachError(`Attaching Arthas to JVM ${pid} failed: ${said || err.message}`);
  }
  step('waiting for the HTTP API');
  const url = `http://127.0.0.1:${port}`;
  const version = await waitForArthasApi(url, opts.timeoutMs ?? 30_000);
  return { url, port, version, reused: false, jvm };
}
