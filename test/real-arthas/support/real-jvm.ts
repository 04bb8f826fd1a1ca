// Real JVMs with a real Arthas attached, for the tests and benchmarks that hold the app to the
// real server. The Arthas home comes from ARTHAS_HOME or ../shared/arthas/4.3.4 next to the repo;
// without either, realArthasUnavailable() says why and the tests skip.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ArthasClient } from '../../../src/main/arthas/client';
import { launchArthas } from '../../../src/main/jvm/arthas-launch';

const run = promisify(execFile);

export const SHARED_ARTHAS_HOME = resolve(__dirname, '../../../../shared/arthas/4.3.4');
const RATE_GAME_SOURCE = resolve(__dirname, '../jvm/RateGame.java');

/** The Arthas home the real tests use, or null. */
export function arthasHome(): string | null {
  const candidates = [process.env.ARTHAS_HOME, SHARED_ARTHAS_HOME].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(join(p, 'arthas-core.jar')) && existsSync(join(p, 'arthas-agent.jar'))) ?? null;
}

function onPath(tool: string): boolean {
  return spawnSync(tool, ['-version'], { stdio: 'ignore' }).status === 0;
}

/** Why the real-Arthas tier cannot run here, or null when it can. */
export function realArthasUnavailable(): string | null {
  if (!arthasHome()) return `no Arthas home: set ARTHAS_HOME or put one at ${SHARED_ARTHAS_HOME}`;
  if (!onPath('java') || !onPath('javac')) return 'no JDK: java and javac must be on PATH (the tests start JVMs and compile a small one)';
  if (!existsSync(join(arthasHome()!, 'math-game.jar'))) return `the Arthas home ${arthasHome()} has no math-game.jar`;
  return null;
}


export interface Jvm {
  pid: number;
  /** its working folder (where Arthas's arthas-output/ is), removed when it exits */
  cwd: string;
  child: ChildProcess;
  /** RateGame only: calls per second from now on (0 pauses) */
  setRate(rate: number): void;
  /** RateGame only: how many calls of tick it has made so far, as the JVM itself counts them */
  calls(): Promise<number>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  alive(): boolean;
}

/** Compiles RateGame once per source version into a cache folder under the OS temp dir. */
async function rateGameClasses(): Promise<string> {
  const dir = join(tmpdir(), `arthas-deck-rategame-${Math.floor(statSync(RATE_GAME_SOURCE).mtimeMs)}`);
  if (existsSync(join(dir, 'deck', 'RateGame.class'))) return dir;
  const work = mkdtempSync(join(tmpdir(), 'arthas-deck-javac-'));
  await run('javac', ['-d', work, RATE_GAME_SOURCE]);
  try {
    renameSync(work, dir);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another test file compiled it first
  }
  return dir;
}

export interface JvmOptions {
  kind: 'math-game' | 'rate-game';
  /** RateGame: calls per second */
  rate?: number;
  /** e.g. { TZ: 'Asia/Shanghai' } */
  env?: Record<string, string>;
  jvmArgs?: string[];
  /** math-game: arguments after the jar (it ignores them; the JVM list shows them) */
  programArgs?: string[];
}

export async function startJvm(opts: JvmOptions): Promise<Jvm> {
  const home = arthasHome();
  if (!home) throw new Error(realArthasUnavailable()!);
  const args =
    opts.kind === 'math-game'
      ? [...(opts.jvmArgs ?? []), '-jar', join(home, 'math-game.jar'), ...(opts.programArgs ?? [])]
      : [...(opts.jvmArgs ?? []), '-cp', await rateGameClasses(), 'deck.RateGame', String(opts.rate ?? 100)];
  // a working folder of its own: what Arthas writes there (profiler's arthas-output/) goes with the JVM
  const cwd = mkdtempSync(join(tmpdir(), 'arthas-deck-jvm-'));
  const child = spawn('java', ['-Xshare:auto', ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  child.once('exit', () => rmSync(cwd, { recursive: true, force: true }));
  child.stderr!.resume();
  // RateGame answers "count" with "calls <k>"; one answer per question, in order
  const countWaiters: Array<(n: number) => void> = [];
  let outBuf = '';
  child.stdout!.on('data', (c: Buffer) => {
    outBuf += c.toString();
    let nl: number;
    while ((nl = outBuf.indexOf('\n')) >= 0) {
      const line = outBuf.slice(0, nl);
      outBuf = outBuf.slice(nl + 1);
      const m = /^calls (\d+)/.exec(line);
      if (m) countWaiters.shift()?.(Number(m[1]));
    }
  });
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  if (opts.kind === 'rate-game') {
    await new Promise<void>((res, rej) => {
      let out = '';
      const on = (c: Buffer): void => {
        out += c.toString();
        if (/ready \d+/.test(out)) {
          child.stdout!.off('data', on);
          res();
        }
      };
      child.stdout!.on('data', on);
      child.once('exit', (code) => rej(new Error(`RateGame exited with ${code}`)));
    });
  } else {
    // math-game prints a line a second from its first call
    await new Promise((r) => setTimeout(r, 300));
    if (exited) throw new Error('math-game exited at once');
  }
  return {
    pid: child.pid!,
    cwd,
    child,
    setRate: (rate) => child.stdin!.write(`${rate}\n`),
    calls: () =>
      new Promise<number>((res, rej) => {
        if (opts.kind !== 'rate-game') return rej(new Error('only RateGame counts its calls'));
        if (exited) return rej(new Error('the JVM has exited'));
        countWaiters.push(res);
        child.stdin!.write('count\n');
      }),
    alive: () => !exited,
    kill: async (signal = 'SIGKILL') => {
      if (exited) return;
      child.kill(signal);
      await exit;
    },
  };
}

export interface AttachOptions {
  username?: string;
  password?: string;
  /** false: 127.0.0.1 must authenticate too (the release's arthas.properties turns that off) */
  localConnectionNonAuth?: boolean;
  sessionTimeoutSeconds?: number;
  /** the HTTP port (default: a free one), e.g. the port of an Arthas that was there before */
  port?: number;
}

/** An Arthas home whose arthas.properties makes loopback authenticate (a copy; removed by the caller). */
function homeRequiringLocalAuth(home: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'arthas-deck-home-'));
  for (const f of ['arthas-core.jar', 'arthas-agent.jar', 'arthas-spy.jar']) if (existsSync(join(home, f))) copyFileSync(join(home, f), join(dir, f));
  writeFileSync(join(dir, 'arthas.properties'), 'arthas.localConnectionNonAuth=false\narthas.sessionTimeout=10800\n');
  return dir;
}

export interface AttachedArthas {
  url: string;
  port: number;
  home: string;
  /** answers `exec version` as a plain client would */
  version: string;
}

/** Attaches Arthas to a JVM the way arthas-boot.jar does, then waits until /api answers. */
export async function attachArthas(jvm: Jvm, opts: AttachOptions = {}): Promise<AttachedArthas> {
  let home = arthasHome()!;
  const tempHome = opts.localConnectionNonAuth === false ? homeRequiringLocalAuth(home) : null;
  if (tempHome) home = tempHome;
  const extraArgs: string[] = [];
  if (opts.username) extraArgs.push('-username', opts.username);
  if (opts.password) extraArgs.push('-password', opts.password);
  if (opts.sessionTimeoutSeconds) extraArgs.push('-session-timeout', String(opts.sessionTimeoutSeconds));
  const { url, port, version } = await launchArthas({ pid: jvm.pid, home, port: opts.port, extraArgs, credentials: { username: opts.username, password: opts.password }, timeoutMs: 60_000 });
  return { url, port, home, version };
}

export interface RealTarget {
  jvm: Jvm;
  arthas: AttachedArthas;
  close(): Promise<void>;
}

/** A JVM with Arthas attached; close() ends the JVM (and with it Arthas). */
export async function startRealTarget(jvmOpts: JvmOptions, attach: AttachOptions = {}): Promise<RealTarget> {
  const jvm = await startJvm(jvmOpts);
  try {
    const arthas = await attachArthas(jvm, attach);
    return {
      jvm,
      arthas,
      close: async () => {
        await jvm.kill();
        if (arthas.home !== arthasHome()) rmSync(arthas.home, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await jvm.kill();
    throw e;
  }
}

/**
 * A fresh JVM's first enhancement is slow: Arthas loads and compiles its weaving machinery while the
 * method's callers wait, and RateGame then makes the calls it owes in a burst that no queue of 50
 * holds while Arthas, still busy, answers a pull only after half a second (seen on 2 cores: 564 ms).
 * Tests that count every call of a steady stream enhance the method once before they count.
 */
export async function warmUpEnhancement(url: string, classAndMethod: string): Promise<void> {
  const client = new ArthasClient({ url });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const a = await client.exec(`watch ${classAndMethod} -n 3`, { execTimeout: 30_000 });
      if (!a.results.some((r) => r.result.type === 'status' && r.result.statusCode !== 0)) return;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    client.close();
  }
}
