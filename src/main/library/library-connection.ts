// A connection to a team library: a PostgreSQL database named by a connection string (sslmode and
// the other libpq parameters honoured by node-postgres), the password given apart (the keychain
// keeps it; it never goes into a recording, a log or an error message). Preparing it creates or
// migrates the schema when this user may; a library written by a newer deck is read, never written.
import pg from 'pg';
import { LIBRARY_MIGRATIONS, LIBRARY_SCHEMA_VERSION } from './library-schema';
import type { LibraryStatusInfo } from '../../shared/library/library-types';

// bigint columns (ids, positions, epoch milliseconds, counts) as numbers: all stay below 2^53
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface LibraryConfig {
  /** postgres://user@host:port/database?sslmode=… (a password in it is used, but the deck keeps passwords apart) */
  url: string;
  password?: string | null;
  /** how many connections at most */
  max?: number;
}

/** Why the library said no, as its callers act on it (exit codes, the contract's error kinds). */
export type LibraryErrorKind = 'unreachable' | 'credentials' | 'refused' | 'not-found' | 'invalid' | 'failed';

export class LibraryError extends Error {
  constructor(
    message: string,
    readonly kind: LibraryErrorKind,
  ) {
    super(message);
    this.name = 'LibraryError';
  }
}

/** PostgreSQL's SQLSTATE of a failed query, when the server sent one. */
export function sqlState(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Text a person typed, on its way into a query: PostgreSQL's text cannot hold NUL (it would answer 22021). */
export function libraryText(text: string, what: string): string {
  if (text.includes('\0')) throw new LibraryError(`${what} cannot contain a NUL character (\\0).`, 'invalid');
  return text;
}

/** the contract's LibraryStatusInfo: what a connection found */
export type LibraryStatus = LibraryStatusInfo;

/** Removes any password from a connection string, for display, settings and messages. */
export function libraryUrlWithoutPassword(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1@');
  }
}

/**
 * The connection string node-postgres gets: the password in it (its parser overrides a password given
 * beside the string). It stays inside the pool; what is shown and stored is the URL without it.
 */
export function withPassword(url: string, password: string | null | undefined): string {
  if (!password) return url;
  try {
    const u = new URL(url);
    u.password = encodeURIComponent(password);
    return u.toString();
  } catch {
    return url;
  }
}

/** A library URL as the user typed it: postgres:// or postgresql://, a host and a database. */
export function parseLibraryUrl(url: string): { url: string; password: string | null; user: string | null; database: string; host: string } {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new Error(`Not a PostgreSQL connection string: ${libraryUrlWithoutPassword(url)} (postgres://user@host:5432/database).`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error(`A library is a PostgreSQL database: its address starts with postgres:// (got ${u.protocol}//).`);
  if (!u.hostname) throw new Error('The connection string names no host.');
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database) throw new Error('The connection string names no database (postgres://user@host:5432/database).');
  const password = u.password ? decodeURIComponent(u.password) : null;
  return { url: libraryUrlWithoutPassword(u.toString()), password, user: u.username ? decodeURIComponent(u.username) : null, database, host: u.host };
}

const MIGRATION_LOCK = 0x64656b; // 'dek': one deck migrates at a time

export class LibraryConnection {
  readonly pool: pg.Pool;
  readonly url: string;
  private lastStatus?: LibraryStatus;

  constructor(cfg: LibraryConfig) {
    this.url = libraryUrlWithoutPassword(cfg.url);
    this.pool = new pg.Pool({ connectionString: withPassword(cfg.url, cfg.password), max: cfg.max ?? 4, application_name: 'arthas-deck', connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
    // a server that goes away errors idle clients: the next query reconnects
    this.pool.on('error', () => undefined);
  }

  /** The status found at the last prepare (undefined before). */
  get status(): LibraryStatus | undefined {
    return this.lastStatus;
  }

  async schemaVersion(client: pg.PoolClient | pg.Pool = this.pool): Promise<number> {
    const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('deck.schema_version')::text AS t`);
    if (!exists.rows[0]!.t) return 0;
    const v = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM deck.schema_version');
    return v.rows[0]!.v ?? 0;
  }

  /**
   * Connects and makes the schema current when this user may (creates it in an empty database,
   * migrates an older one); says what it found. Throws when the server cannot be reached or refuses.
   */
  async prepare(): Promise<LibraryStatus> {
    const client = await this.pool.connect().catch((e: Error) => {
      throw connectError(e, this.url);
    });
    try {
      let version = await this.schemaVersion(client);
      let migrateError: string | undefined;
      if (version < LIBRARY_SCHEMA_VERSION) {
        try {
          await client.query('BEGIN');
          await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
          // another deck may have migrated while this one waited for the lock
          version = await this.schemaVersion(client);
          for (const m of LIBRARY_MIGRATIONS) {
            if (m.version <= version) continue;
            await client.query(m.sql);
            await client.query('INSERT INTO deck.schema_version (version) VALUES ($1)', [m.version]);
            version = m.version;
          }
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          version = await this.schemaVersion(client);
          migrateError = (e as Error).message;
        }
      }
      const facts = await client.query<{ user: string; server: string }>(`SELECT current_user AS user, current_setting('server_version') AS server`);
      let teams: string[] = [];
      let canPublish = false;
      if (version > 0) {
        const t = await client.query<{ teams: string[]; publisher: boolean }>(`SELECT deck.my_teams() AS teams, pg_has_role(current_user, 'deck_publisher', 'MEMBER') AS publisher`);
        teams = t.rows[0]!.teams;
        canPublish = t.rows[0]!.publisher;
      }
      const status: LibraryStatus = { user: facts.rows[0]!.user, teams, canPublish, schemaVersion: version, knownVersion: LIBRARY_SCHEMA_VERSION, writable: false, serverVersion: facts.rows[0]!.server };
      if (version === 0) status.reason = `The library has no schema yet, and creating it as ${status.user} failed (${migrateError ?? 'no rights'}): an administrator runs \`npm run library -- --migrate <url>\` once.`;
      else if (version > LIBRARY_SCHEMA_VERSION) status.reason = `This library was written by a newer Arthas Deck (schema ${version}; this one knows ${LIBRARY_SCHEMA_VERSION}): it can be read, not written. Update Arthas Deck to publish.`;
      else if (version < LIBRARY_SCHEMA_VERSION) status.reason = `The library's schema is older (${version}; this deck writes ${LIBRARY_SCHEMA_VERSION}) and migrating it as ${status.user} failed (${migrateError ?? 'no rights'}): an administrator runs \`npm run library -- --migrate <url>\`.`;
      else if (!canPublish) status.reason = `${status.user} may read this library but not publish to it (not a member of deck_publisher).`;
      else if (!teams.length) status.reason = `${status.user} belongs to no team of this library: an administrator grants one (see README, "Team library").`;
      else status.writable = true;
      this.lastStatus = status;
      return status;
    } finally {
      client.release();
    }
  }

  /** Throws the reason when this deck may not write (prepare() first). */
  requireWritable(team?: string): void {
    const s = this.lastStatus;
    if (!s) throw new LibraryError('The library has not been connected yet.', 'failed');
    if (!s.writable) throw new LibraryError(s.reason ?? 'This library cannot be written.', 'refused');
    if (team !== undefined && !s.teams.includes(team)) throw new LibraryError(`${s.user} is not a member of team "${team}" (member of: ${s.teams.join(', ') || 'none'}).`, 'refused');
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

/** A failed connection as a LibraryError: said for a person (describeConnectError), its kind from its code. */
export function connectError(e: Error & { code?: string }, url: string): LibraryError {
  if (e instanceof LibraryError) return e;
  const message = describeConnectError(e, url);
  // node-postgres's own timeout carries no code
  const unreachable = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET'].includes(e.code ?? '') || (!e.code && /timeout/i.test(e.message));
  const credentials = e.code === '28P01' || e.code === '28000' || message.startsWith('PostgreSQL asks for a password');
  return new LibraryError(message, unreachable ? 'unreachable' : credentials ? 'credentials' : e.code === '3D000' ? 'not-found' : 'failed');
}

/** A failed connection said for a person: where, and what to check; never the password. */
export function describeConnectError(e: Error & { code?: string }, url: string): string {
  const where = libraryUrlWithoutPassword(url);
  if (/client password must be a string|password authentication failed|no password supplied/i.test(e.message) && !e.code) {
    return `PostgreSQL asks for a password at ${where} and none was given (the app keeps it in the keychain; on the command line use PGPASSWORD or ~/.pgpass).`;
  }
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Nothing answers at ${where}: is PostgreSQL running there, and on that port?`;
    case 'ENOTFOUND':
      return `Host not found: ${where}.`;
    case '28P01':
    case '28000':
      return `PostgreSQL refused the credentials for ${where} (${e.message}).`;
    case '3D000':
      return `No such database at ${where} (${e.message}).`;
    default:
      return `Cannot connect to the library ${where}: ${e.message}`;
  }
}
