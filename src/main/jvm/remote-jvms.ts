// The JVM list and attach on the SSH host itself, through the same connection: the same steps as
// locally, as shell commands (POSIX sh and /proc on the remote; a JRE and an Arthas home there).
import type { LocalJvm } from '../../shared/contract';
import type { SshTunnel } from '../ssh/ssh-tunnel';
import { AttachError } from './arthas-launch';
import { NO_HOME_HELP } from './arthas-home';
import { argsOfJavaCommand, isJavaCommand, mainOfJavaCommand } from './java-command-line';

/** single-quoted for sh */
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** pid, user, then the command line with NUL bytes as \x01, one process a line */
const LIST = `for p in /proc/[0-9]*; do c=$(tr '\\000' '\\001' < "$p/cmdline" 2>/dev/null) || continue; [ -n "$c" ] || continue; u=$(stat -c %U "$p" 2>/dev/null); echo "\${p#/proc/} $u $c"; done`;

export async function listRemoteJvms(ssh: SshTunnel): Promise<LocalJvm[]> {
  const { stdout } = await ssh.exec(LIST);
  const me = (await ssh.exec('id -un')).stdout.trim();
  const out: LocalJvm[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(\d+) (\S*) (.*)$/.exec(line);
    if (!m) continue;
    const argv = m[3]!.split('\x01').filter(Boolean);
    if (!isJavaCommand(argv)) continue;
    const user = m[2]!;
    out.push({ pid: Number(m[1]), main: mainOfJavaCommand(argv) ?? '(unknown main class)', args: argsOfJavaCommand(argv), user, mine: me === user, attachable: me === 'root' || me === user, javaBinary: argv[0] });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/** Attaches Arthas on the SSH host to the JVM pid; resolves with the remote HTTP port (127.0.0.1 there). */
export async function attachRemote(ssh: SshTunnel, pid: number, opts: { arthasHome?: string; port?: number } = {}): Promise<{ port: number }> {
  const jvm = (await listRemoteJvms(ssh)).find((j) => j.pid === pid);
  if (!jvm) throw new AttachError(`No JVM with pid ${pid} runs on the SSH host (it may have ended).`);
  if (!jvm.attachable) throw new AttachError(`JVM ${pid} on the SSH host runs as ${jvm.user}: attach as that user (ssh ${jvm.user}@…).`);
  const homeCmd = opts.arthasHome
    ? `[ -f ${q(`${opts.arthasHome}/arthas-core.jar`)} ] && echo ${q(opts.arthasHome)}`
    : `{ [ -n "$ARTHAS_HOME" ] && [ -f "$ARTHAS_HOME/arthas-core.jar" ] && echo "$ARTHAS_HOME"; } || ls -d "$HOME"/.arthas/lib/*/arthas 2>/dev/null | sort -V | tail -n 1`;
  const home = (await ssh.exec(homeCmd)).stdout.trim();
  if (!home) throw new AttachError(opts.arthasHome ? `${opts.arthasHome} on the SSH host is not an Arthas home.` : `On the SSH host: ${NO_HOME_HELP}`);
  // a high port nothing listens on there (as ss or netstat list them; a taken one fails the attach, saying so)
  const listening = (await ssh.exec('ss -ltn 2>/dev/null || netstat -ltn 2>/dev/null')).stdout;
  const taken = (p: number): boolean => new RegExp(`[:.]${p}\\s`).test(listening);
  let port = opts.port ?? 0;
  if (opts.port !== undefined && taken(opts.port)) throw new AttachError(`Port ${opts.port} is taken on the SSH host: choose another.`);
  for (let i = 0; !port && i < 20; i++) {
    const p = 20000 + Math.floor(Math.random() * 30000);
    if (!taken(p)) port = p;
  }
  const java = jvm.javaBinary && jvm.javaBinary.startsWith('/') ? jvm.javaBinary : 'java';
  const r = await ssh.exec(`${q(java)} -jar ${q(`${home}/arthas-core.jar`)} -pid ${pid} -core ${q(`${home}/arthas-core.jar`)} -agent ${q(`${home}/arthas-agent.jar`)} -target-ip 127.0.0.1 -telnet-port -1 -http-port ${port}`, 90_000);
  if (r.code !== 0) throw new AttachError(`Attaching Arthas to JVM ${pid} on the SSH host failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
  return { port };
}
