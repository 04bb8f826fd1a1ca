// A real PostgreSQL for the team-library tests: initdb into a temporary folder, started on a free
// port on 127.0.0.1 (as the postgres user when the tests run as root, as initdb refuses root), and
// stopped and removed afterwards. Skipped with the reason where PostgreSQL is not installed; in CI
// (CI=true or DECK_REQUIRE_REAL=1) its absence fails the run.
import pg from 'pg';
import { findPostgres, localPostgres, type LocalPostgres } from '../../src/main/library/local-postgres';
import { addTeam, addUser } from '../../src/main/library/library-admin';
import { LibraryConnection } from '../../src/main/library/library-connection';
import { freeLocalPort } from '../../src/main/net/free-port';
import { tempDir } from './temp-dir';

/** Why no real PostgreSQL can run here, or null. */
export function postgresUnavailable(): string | null {
  return findPostgres() ? null : "no PostgreSQL server binaries (Debian: apt-get install postgresql; initdb and pg_ctl in /usr/lib/postgresql/<version>/bin)";
}

export interface TestPostgres {
  server: LocalPostgres;
  /** the admin's connection string to the library database */
  adminUrl: string;
  /** runs SQL as the admin */
  admin(sql: string, args?: unknown[]): Promise<pg.QueryResult>;
  /** a connection of the admin's, for a transaction or a COPY (release it) */
  adminClient(): Promise<pg.PoolClient>;
  /** a library connection (prepared) as a user made with addUser */
  connect(user: string, password?: string): Promise<LibraryConnection>;
  /** a team (its role, retention) and a user in it (publisher or read-only) */
  addTeam(name: string, retentionDays?: number | null): Promise<void>;
  addUser(user: string, teams: string[], opts?: { readOnly?: boolean }): Promise<{ user: string; password: string; url: string }>;
  close(): Promise<void>;
}

export const USER_PASSWORD = 'Lib-Pass-7c1f';

/** A fresh server with a `deck` database whose schema the admin has created. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = findPostgres();
  if (!bin) throw new Error(postgresUnavailable()!);
  const dir = tempDir('arthas-deck-pg-');
  const server = await localPostgres(bin, { dir: dir.path, port: await freeLocalPort(), fast: true });
  await server.start();
  const boot = new pg.Client({ connectionString: server.url('postgres') });
  await boot.connect();
  await boot.query('CREATE DATABASE deck');
  await boot.end();
  const adminUrl = server.url('deck');
  const adminPool = new pg.Pool({ connectionString: adminUrl, max: 2 });
  adminPool.on('error', () => undefined);
  const adminLib = new LibraryConnection({ url: adminUrl });
  const st = await adminLib.prepare();
  if (st.schemaVersion === 0) throw new Error(st.reason);
  await adminLib.close();
  const open: LibraryConnection[] = [];
  const t: TestPostgres = {
    server,
    adminUrl,
    admin: (sql, args) => adminPool.query(sql, args),
    adminClient: () => adminPool.connect(),
    async connect(user, password = USER_PASSWORD) {
      const lib = new LibraryConnection({ url: server.url('deck', user, password) });
      open.push(lib);
      await lib.prepare();
      return lib;
    },
    async addTeam(name, retentionDays = null) {
      await addTeam(adminPool, name, retentionDays);
    },
    async addUser(user, teams, opts = {}) {
      await addUser(adminPool, { user, teams, role: opts.readOnly ? 'reader' : undefined, password: USER_PASSWORD });
      return { user, password: USER_PASSWORD, url: server.url('deck', user, USER_PASSWORD) };
    },
    async close() {
      for (const l of open) await l.close();
      await adminPool.end().catch(() => undefined);
      await server.stop().catch(() => undefined);
      dir.remove();
    },
  };
  return t;
}
