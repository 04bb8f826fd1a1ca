// The team library from the command line:
//   npm run library -- --init <dir> [--port 5433]   a PostgreSQL of its own in <dir>, started, with the schema,
//                                                   a team "default" and a user for you: to try it on one machine
//   npm run library -- --start <dir> | --stop <dir>
//   npm run library -- --migrate <url>              creates or brings up to date the schema (an administrator)
//   npm run library -- --add-team <name> [--retention <days>] <url>
//   npm run library -- --add-user <name> --team <team> [--team …] [--read-only | --publisher] [--new-password] <url>
//   npm run library -- --ship <url> --recording <id> [--db <file>] [--team <team>]   sends what a recorder left
//   npm run library -- --apply-retention <url>
// Passwords come from PGPASSWORD or ~/.pgpass (or are printed once, when made here).
// Exit codes: 2 usage or a refusal, 3 the library unreachable, 4 credentials refused.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { systemUserName } from '../api/deck-user';
import { addTeam, addUser } from '../library/library-admin';
import { LibraryConnection, connectError, libraryUrlWithoutPassword, type LibraryError } from '../library/library-connection';
import { LiveShipper } from '../library/library-shipper';
import { findPostgres, localPostgres } from '../library/local-postgres';
import { localPortIsFree } from '../net/free-port';
import { openDatabase } from '../recorder/db';
import { recoverInterrupted } from '../recorder/recording-writer';
import { defaultDatabasePath } from '../recorder/paths';
import { HELP_OPTION, parseCommandLine, usageError } from './command-line';

const USAGE = `usage: npm run library -- --init <dir> [--port <port>]      a library of its own on this machine, to try it
       npm run library -- --start <dir> | --stop <dir>
       npm run library -- --migrate <url>                      create or update the schema (an administrator)
       npm run library -- --add-team <name> [--retention <days>] <url>
       npm run library -- --add-user <name> --team <team> [--team …] [--read-only | --publisher] [--new-password] <url>
       npm run library -- --ship <url> --recording <id> [--db <file>] [--team <team>]
       npm run library -- --apply-retention <url>
  <url> is postgres://user@host:port/database[?sslmode=require]; the password comes from PGPASSWORD or ~/.pgpass.
  --add-user on an existing user changes only what is asked: --read-only / --publisher its role, --team adds
  teams, --new-password sets its password (LIBRARY_USER_PASSWORD, or one made and shown once).
  Exit codes: 2 usage or a refusal, 3 the library unreachable, 4 credentials refused.`;

const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** A library that would not have us, said in one line with its exit code: 4 credentials, 3 unreachable, else 2. */
function refused(e: LibraryError): never {
  process.stderr.write(`library: ${e.message}\n`);
  process.exit(e.kind === 'credentials' ? 4 : e.kind === 'unreachable' ? 3 : 2);
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    refused(connectError(e as Error, url));
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function init(dir: string, port: number): Promise<void> {
  const bin = findPostgres();
  if (!bin) usageError('library', USAGE, 'PostgreSQL is not installed here (Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql).');
  if (existsSync(join(dir, 'data', 'PG_VERSION'))) usageError('library', USAGE, `${dir} holds a library already: npm run library -- --start ${dir}`);
  if (!(await localPortIsFree(port))) usageError('library', USAGE, `port ${port} is taken: choose another with --port`);
  const server = await localPostgres(bin, { dir, port });
  await server.start();
  await withAdmin(server.url('postgres'), (c) => c.query('CREATE DATABASE deck'));
  const admin = server.url('deck');
  const lib = new LibraryConnection({ url: admin });
  const st = await lib.prepare();
  await lib.close();
  if (!st.schemaVersion) throw new Error(st.reason);
  const user = systemUserName().toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const password = randomBytes(12).toString('base64url');
  await withAdmin(admin, async (c) => {
    await addTeam(c, 'default');
    await addUser(c, { user, teams: ['default'], password });
  });
  writeFileSync(join(dir, 'library.json'), JSON.stringify({ port, database: 'deck', user }, null, 2));
  say(`A team library runs in ${dir} (PostgreSQL ${bin.version} on 127.0.0.1:${port}), schema version ${st.schemaVersion}.`);
  say(`Add it in Arthas Deck (Recordings → Libraries → Add):`);
  say(`  connection string  postgres://${user}@127.0.0.1:${port}/deck`);
  say(`  password           ${password}   (shown once; the app keeps it in the keychain)`);
  say(`  team               default`);
  say(`The administrator (for --add-team / --add-user): postgres://${server.user}@127.0.0.1:${port}/deck, password in ${join(dir, 'admin-password')}.`);
  say(`Stop it with: npm run library -- --stop ${dir}; start it again with --start ${dir}.`);
}

async function startOrStop(dir: string, what: 'start' | 'stop'): Promise<void> {
  const bin = findPostgres();
  if (!bin) usageError('library', USAGE, 'PostgreSQL is not installed here.');
  const facts = join(dir, 'library.json');
  if (!existsSync(facts)) usageError('library', USAGE, `${dir} is not a library made by --init`);
  const { port } = JSON.parse(readFileSync(facts, 'utf8')) as { port: number };
  const server = await localPostgres(bin, { dir, port });
  if (what === 'start') {
    await server.start();
    say(`started on 127.0.0.1:${port}`);
  } else {
    await server.stop();
    say('stopped');
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseCommandLine('library', USAGE, () =>
    parseArgs({
      allowPositionals: true,
      options: {
        ...HELP_OPTION,
        init: { type: 'string' },
        port: { type: 'string', default: '5433' },
        start: { type: 'string' },
        stop: { type: 'string' },
        migrate: { type: 'string' },
        'add-team': { type: 'string' },
        retention: { type: 'string' },
        'add-user': { type: 'string' },
        team: { type: 'string', multiple: true, default: [] },
        'read-only': { type: 'boolean', default: false },
        publisher: { type: 'boolean', default: false },
        'new-password': { type: 'boolean', default: false },
        ship: { type: 'string' },
        recording: { type: 'string' },
        db: { type: 'string' },
        'apply-retention': { type: 'string' },
      },
    }),
  );
  if (values.init !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) usageError('library', USAGE, `--port takes a port, not "${values.port}"`);
    return init(resolve(values.init), port);
  }
  if (values.start !== undefined) return startOrStop(resolve(values.start), 'start');
  if (values.stop !== undefined) return startOrStop(resolve(values.stop), 'stop');
  if (values.migrate !== undefined) {
    const lib = new LibraryConnection({ url: values.migrate });
    try {
      const st = await lib.prepare().catch((e: Error) => refused(connectError(e, values.migrate!)));
      if (st.schemaVersion !== st.knownVersion) usageError('library', USAGE, st.reason ?? 'the schema could not be brought up to date');
      say(`${libraryUrlWithoutPassword(values.migrate)}: schema version ${st.schemaVersion} (PostgreSQL ${st.serverVersion}).`);
    } finally {
      await lib.close();
    }
    return;
  }
  const url = positionals[0] ?? values.ship ?? values['apply-retention'];
  if (values['add-team'] !== undefined) {
    if (!url) usageError('library', USAGE, '--add-team needs the library URL');
    const days = values.retention !== undefined ? Number(values.retention) : undefined;
    const team = values['add-team'];
    const out = await withAdmin(url, (c) => addTeam(c, team, days)).catch((e: Error) => usageError('library', USAGE, e.message));
    say(out.said);
    return;
  }
  if (values['add-user'] !== undefined) {
    if (!url || !values.team.length) usageError('library', USAGE, '--add-user needs --team and the library URL');
    if (values['read-only'] && values.publisher) usageError('library', USAGE, '--read-only or --publisher, not both');
    const given = process.env.LIBRARY_USER_PASSWORD;
    const password = given ?? randomBytes(12).toString('base64url');
    const user = values['add-user'];
    const role = values['read-only'] ? 'reader' : values.publisher ? 'publisher' : undefined;
    const out = await withAdmin(url, (c) => addUser(c, { user, teams: values.team, role, password, newPassword: values['new-password'] })).catch((e: Error) =>
      usageError('library', USAGE, e.message),
    );
    for (const line of out.said) say(line);
    if (out.passwordSet && !given) say(`password ${password} (shown once)`);
    return;
  }
  if (values.ship !== undefined) {
    const id = Number(values.recording);
    if (!Number.isSafeInteger(id) || id <= 0) usageError('library', USAGE, '--ship needs --recording <id>');
    const db = openDatabase(values.db ?? defaultDatabasePath());
    // a recorder that died (killed, its host restarted) left its recording 'recording': it ended then
    recoverInterrupted(db);
    const lib = new LibraryConnection({ url: values.ship });
    try {
      const st = await lib.prepare().catch((e: Error) => refused(connectError(e, values.ship!)));
      const team = values.team[0] ?? (st.teams.length === 1 ? st.teams[0] : undefined);
      if (!team) usageError('library', USAGE, `name the team with --team (member of: ${st.teams.join(', ') || 'none'})`);
      const shipper = new LiveShipper(db, lib, id, { team });
      const ok = await shipper.stop(60_000);
      say(ok ? `recording #${id}: ${shipper.stats.results} more results shipped; library recording #${shipper.stats.libraryId}` : `not everything went: ${shipper.stats.lastError}`);
      if (!ok) process.exitCode = 5;
    } finally {
      await lib.close();
      db.close();
    }
    return;
  }
  if (values['apply-retention'] !== undefined) {
    await withAdmin(values['apply-retention'], async (c) => say(`${(await c.query('SELECT deck.apply_retention() AS n')).rows[0].n} headless captures past their team's retention removed`));
    return;
  }
  usageError('library', USAGE, 'say what to do');
}

main().catch((e: Error) => {
  process.stderr.write(`library: ${e.message}\n`);
  process.exit(1);
});
