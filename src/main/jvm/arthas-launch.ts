// Starts Arthas inside a local JVM the way arthas-boot.jar does (java -jar arthas-core.jar -pid …),
// with only its HTTP API listening on 127.0.0.1 (telnet off: -telnet-port -1), and waits until the
// API answers.
//
// Arthas binds its port in a thread of the target JVM after the attach command has returned. When
// the port was taken in between, the attach still "succeeds": the agent writes "Arthas failed to bind
// telnet or http port! … http port: N" into its log (user.home/logs/arthas/arthas.log of the JVM's
// user), nothing listens, and the JVM is left without Arthas, so it can be started again. That is
// noticed in the log and done on another port, up to three times.
import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ArthasClient } from '../arthas/client';
import { freeServerPort } from '../net/free-port';

const run = promisify(execFile);

export class AttachError extends Error {}

class PortNotBound extends Error {}

/** Polls `exec version` until Arthas's HTTP API answers at url; resolves with its version. */
export async function waitForArthasApi(
  url: string,
  timeoutMs: number,
  credentials: { username?: string; password?: string } = {},
  /** checked between tries: a reason to stop waiting (Arthas will not come), or null */
  hopeless: () => string | null = () => null,
): Promise<string> {
  const client = new ArthasClient({ url, ...credentials, requestTimeoutMs: 2000 });
  const end = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        const a = await client.exec('version', { execTimeout: 3000 });
        return String(a.results.find((r) => r.result.type === 'version')?.result.version ?? '?');
      } catch (e) {
        const why = hopeless();
        if (why) throw new PortNotBound(why);
        if (Date.now() > end) throw new AttachError(`Arthas was started but its HTTP API did not answer on ${url} within ${Math.round(timeoutMs / 1000)} s (${(e as Error).message}). See ~/logs/arthas/arthas.log.`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    client.close();
  }
}

/** The home directory of the user a local process runs as (Java's user.home), this user's if unknown. */
function processUserHome(pid: number): string {
  try {
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === uid);
    if (line) return line.split(':')[5]!;
  } catch {
    /* not Linux, or not readable */
  }
  return homedir();
}

/** What the agents' logs say from now on: the bytes appended since this was made. */
class AgentLogs {
  private readonly from: Array<{ file: string; offset: number }>;
  constructor(userHome: string) {
    this.from = [join(userHome, 'logs', 'arthas', 'arthas.log'), join(tmpdir(), 'logs', 'arthas', 'arthas.log')].map((file) => ({ file, offset: sizeOf(file) }));
  }
  appended(): string {
    let text = '';
    for (const { file, offset } of this.from) {
      const size = sizeOf(file);
      if (size <= offset) continue;
      const buf = Buffer.alloc(Math.min(size - offset, 1 << 20));
      const fd = openSync(file, 'r');
      try {
        readSync(fd, buf, 0, buf.length, offset);
      } finally {
        closeSync(fd);
      }
      text += buf.toString('utf8');
    }
    return text;
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export interface ArthasLaunch {
  pid: number;
  /** an Arthas home: arthas-core.jar and arthas-agent.jar */
  home: string;
  /** the java that runs the attach (best: the target JVM's own) */
  java?: string;
  /** a port chosen by the user: used as it is, never another */
  port?: number;
  /** where the ports to try come from when none was chosen (default: a free one below the ephemeral range) */
  nextPort?: () => Promise<number>;
  /** more arthas-core options, e.g. -username U -password P -session-timeout S */
  extraArgs?: string[];
  credentials?: { username?: string; password?: string };
  timeoutMs?: number;
  onLoading?: () => void;
  onWaiting?: () => void;
}

export async function launchArthas(o: ArthasLaunch): Promise<{ url: string; port: number; version: string }> {
  const java = o.java ?? 'java';
  const attempts = o.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = o.port ?? (await (o.nextPort ?? freeServerPort)());
    const logs = new AgentLogs(processUserHome(o.pid));
    o.onLoading?.();
    await run(java, ['-jar', join(o.home, 'arthas-core.jar'), '-pid', String(o.pid), '-core', join(o.home, 'arthas-core.jar'), '-agent', join(o.home, 'arthas-agent.jar'), '-target-ip', '127.0.0.1', '-telnet-port', '-1', '-http-port', String(port), ...(o.extraArgs ?? [])], { timeout: 60_000 });
    o.onWaiting?.();
    const url = `http://127.0.0.1:${port}`;
    const notBound = new RegExp(`failed to bind telnet or http port![^\\n]*http port: ${port}\\b`);
    try {
      const version = await waitForArthasApi(url, o.timeoutMs ?? 30_000, o.credentials, () => (notBound.test(logs.appended()) ? `Arthas could not listen on port ${port}: it was taken in the meantime.` : null));
      return { url, port, version };
    } catch (e) {
      if (!(e instanceof PortNotBound)) throw e;
      if (attempt >= attempts) throw new AttachError(o.port === undefined ? `${e.message} Tried ${attempts} ports.` : `${e.message} Choose another, or leave it empty for a free one.`);
    }
  }
}
