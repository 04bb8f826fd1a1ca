// The Java processes of this machine, found the way the JDK finds them (the hsperfdata_<user>
// folders, /proc on Linux; jps where a JDK is present elsewhere), so a JRE is enough. For each: pid,
// main class or jar, user, its java binary, and the Arthas already attached to it, if any (a port it
// listens on that answers the Arthas HTTP API).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { LocalJvm } from '../../shared/contract';
import { ArthasClient } from '../arthas/client';
import { argsOfJavaCommand, isJavaCommand, mainOfJavaCommand } from './java-command-line';

const run = promisify(execFile);

function users(): Map<number, string> {
  const m = new Map<number, string>();
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , uid] = line.split(':');
      if (name && uid) m.set(Number(uid), name);
    }
  } catch {
    /* no passwd file: uids are shown */
  }
  return m;
}

/** pids that have a perf-data file (JVMs started without -XX:-UsePerfData) */
function perfDataPids(): Set<number> {
  const out = new Set<number>();
  for (const base of new Set([tmpdir(), '/tmp'])) {
    let dirs: string[] = [];
    try {
      dirs = readdirSync(base).filter((d) => d.startsWith('hsperfdata_'));
    } catch {
      continue;
    }
    for (const d of dirs) {
      try {
        for (const f of readdirSync(join(base, d))) if (/^\d+$/.test(f)) out.add(Number(f));
      } catch {
        /* another user's folder */
      }
    }
  }
  return out;
}

const versions = new Map<string, string | undefined>();
/** The Java version of a java binary, from its JDK's release file (JAVA_VERSION="17.0.15"); kept per binary. */
export function javaVersionOf(javaBinary: string | undefined): string | undefined {
  if (!javaBinary) return undefined;
  if (!versions.has(javaBinary)) {
    let v: string | undefined;
    try {
      v = /^JAVA_VERSION="([^"]+)"/m.exec(readFileSync(join(dirname(dirname(javaBinary)), 'release'), 'utf8'))?.[1];
    } catch {
      v = undefined;
    }
    versions.set(javaBinary, v);
  }
  return versions.get(javaBinary);
}

/** Ports a process listens on (its own sockets, from /proc): readable for this user's processes. */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        /* closed meanwhile */
      }
    }
  } catch {
    return [];
  }
  const ports = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address rem_address st ... inode (10th field); 0A = LISTEN
      if (f.length > 9 && f[3] === '0A' && inodes.has(f[9]!)) ports.add(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** The Arthas HTTP API among the ports, with its version, or undefined. */
async function arthasOn(ports: number[]): Promise<{ port: number; version: string } | undefined> {
  for (const port of ports) {
    const client = new ArthasClient({ url: `http://127.0.0.1:${port}`, requestTimeoutMs: 1500 });
    try {
      const a = await client.exec('version', { execTimeout: 1500 });
      const v = a.results.find((r) => r.result.type === 'version')?.result.version;
      if (typeof v === 'string') return { port, version: v };
    } catch {
      /* not Arthas's HTTP port (telnet, the app's own ports…) */
    } finally {
      client.close();
    }
  }
  return undefined;
}

async function linuxJvms(): Promise<LocalJvm[]> {
  const names = users();
  const candidates = perfDataPids();
  for (const d of readdirSync('/proc')) if (/^\d+$/.test(d)) candidates.add(Number(d));
  const out: LocalJvm[] = [];
  for (const pid of candidates) {
    if (pid === process.pid) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue; // gone, or not ours to read
    }
    if (!isJavaCommand(argv)) continue;
    let uid = -1;
    try {
      uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? -1);
    } catch {
      /* gone */
    }
    let javaBinary: string | undefined;
    try {
      javaBinary = readlinkSync(`/proc/${pid}/exe`);
    } catch {
      javaBinary = undefined;
    }
    const me = typeof process.getuid === 'function' ? process.getuid() : -2;
    const attachable = me === 0 || me === uid;
    out.push({
      pid,
      main: mainOfJavaCommand(argv) ?? '(unknown main class)',
      args: argsOfJavaCommand(argv),
      user: names.get(uid) ?? String(uid),
      mine: me === uid,
      attachable,
      javaBinary,
      javaVersion: javaVersionOf(javaBinary),
      arthas: attachable ? await arthasOn(listeningPorts(pid)) : undefined,
    });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/** Elsewhere: jps, when a JDK is on PATH (no Arthas detection there yet). */
async function jpsJvms(): Promise<LocalJvm[]> {
  try {
    const { stdout } = await run('jps', ['-l'], { timeout: 10_000 });
    return stdout
      .split('\n')
      .map((l) => /^(\d+)\s+(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => !!m && !/sun\.tools\.jps\.Jps|jdk\.jcmd/.test(m[2]!))
      .map((m) => ({ pid: Number(m[1]), main: m[2] || '(unknown main class)', user: '', attachable: true }));
  } catch {
    return [];
  }
}

export async function listLocalJvms(): Promise<LocalJvm[]> {
  return process.platform === 'linux' && existsSync('/proc/self') ? linuxJvms() : jpsJvms();
}
