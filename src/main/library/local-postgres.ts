// A PostgreSQL server of its own in a folder, for trying the team library on one machine
// (`npm run library -- --init DIR`) and for the tests: initdb into the folder, then pg_ctl starts and
// stops it on 127.0.0.1. The server's binaries are the system's (Debian's postgresql package puts
// them in /usr/lib/postgresql/<version>/bin). initdb refuses to run as root: as root, the folder is
// given to the postgres user and the tools run as that user (runuser).
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';

const run = promisify(execFile);

export interface PostgresBinaries {
  bin: string;
  version: string;
}

/** The directory of initdb and pg_ctl, newest version first; null when PostgreSQL is not installed. */
export function findPostgres(): PostgresBinaries | null {
  const candidates: string[] = [];
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (fromConfig.status === 0) candidates.push(fromConfig.stdout.trim());
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) candidates.push(dir);
  for (const bin of candidates) {
    if (!existsSync(join(bin, 'initdb')) || !existsSync(join(bin, 'pg_ctl')) || !existsSync(join(bin, 'postgres'))) continue;
    const v = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' });
    const m = /(\d+)(?:\.\d+)?/.exec(v.stdout ?? '');
    if (m) return { bin, version: m[0] };
  }
  return null;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

function postgresUserIds(): { uid: number; gid: number } | null {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return r.status === 0 && g.status === 0 ? { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) } : null;
}

/** Runs a PostgreSQL tool: as the postgres user when this process is root (initdb refuses root). */
async function tool(bin: PostgresBinaries, name: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const file = join(bin.bin, name);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  try {
    const { stdout, stderr } = await run(cmd, argv, { timeout: timeoutMs, encoding: 'utf8' });
    return `${stdout}${stderr}`;
  } catch (e) {
    const err = e as Error & { stderr?: string; stdout?: string };
    throw new Error(`${name} failed: ${(err.stderr || err.stdout || err.message).trim()}`);
  }
}

export interface LocalPostgresOptions {
  /** the cluster's folder (created; must be empty or absent for init) */
  dir: string;
  port: number;
  /** the superuser made by initdb */
  user?: string;
  password?: string;
  /** tests: no fsync, no full-page writes (a crash may lose the cluster, which a test throws away) */
  fast?: boolean;
}

export interface LocalPostgres {
  readonly dir: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** postgres://user:password@127.0.0.1:port/postgres */
  url(database?: string, user?: string, password?: string): string;
  start(): Promise<void>;
  /** a clean stop (nothing when it is not running) */
  stop(): Promise<void>;
  /** as a crash: the server stops at once, sessions cut mid-statement */
  crash(): Promise<void>;
  running(): boolean;
  log(): string;
}

/** A cluster in `dir` (initialised on first use), not started. */
export async function localPostgres(bin: PostgresBinaries, opts: LocalPostgresOptions): Promise<LocalPostgres> {
  const user = opts.user ?? 'deck_admin';
  const dataDir = join(opts.dir, 'data');
  const passwordFile = join(opts.dir, 'admin-password');
  const owner = isRoot() ? postgresUserIds() : null;
  if (isRoot() && !owner) throw new Error('PostgreSQL cannot run as root, and this machine has no postgres user to run it as.');
  let password = opts.password;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true });
    password ??= randomBytes(18).toString('base64url');
    const pw = join(opts.dir, '.initdb-pw');
    writeFileSync(pw, `${password}\n`, { mode: 0o600 });
    if (owner) {
      for (const p of [opts.dir, dataDir, pw]) chownSync(p, owner.uid, owner.gid);
      // every folder above it must let the postgres user through
      if (spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dataDir]).status !== 0) {
        throw new Error(`As root, the library runs as the postgres user, and that user cannot reach ${opts.dir} (a folder above it is closed to others): choose a folder it can reach.`);
      }
    }
    try {
      await tool(bin, 'initdb', ['-D', dataDir, '-U', user, `--pwfile=${pw}`, '--auth-local=scram-sha-256', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', ...(opts.fast ? ['--no-sync'] : [])], 120_000);
    } finally {
      rmSync(pw, { force: true });
    }
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  } else {
    password ??= readFileSync(passwordFile, 'utf8').trim();
  }
  const settings = [
    `-c port=${opts.port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dataDir}`,
    ...(opts.fast ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ].join(' ');
  const logFile = join(opts.dir, 'server.log');
  if (owner && !existsSync(logFile)) {
    writeFileSync(logFile, '');
    chownSync(logFile, owner.uid, owner.gid);
  }
  let up = false;
  const pw = password;
  return {
    dir: opts.dir,
    port: opts.port,
    user,
    password: pw,
    url: (database = 'postgres', u = user, p = pw) => `postgres://${encodeURIComponent(u)}:${encodeURIComponent(p)}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`,
    async start() {
      await tool(bin, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-o', settings, '-w', '-t', '60', 'start'], 90_000);
      up = true;
    },
    async stop() {
      // whoever started it (this process, or an earlier one: npm run library -- --stop)
      try {
        await tool(bin, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } catch (e) {
        if (!/not running|does not exist|Is server running/i.test((e as Error).message)) throw e;
      }
      up = false;
    },
    async crash() {
      await tool(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      up = false;
    },
    running: () => up,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
}
