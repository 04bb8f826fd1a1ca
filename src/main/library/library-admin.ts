// What an administrator runs to add a team and its people: a team is a PostgreSQL role, a person a
// login role granted that team and either deck_publisher (publish, delete) or deck_reader (browse,
// search). `npm run library -- --add-team / --add-user` run these. Each says what it found and
// changes only what was asked: an existing user keeps their password unless a new one is asked
// for, their role unless --read-only or --publisher says otherwise, and the teams they are in.
// A password goes to the server only as its SCRAM verifier (scram-verifier.ts).
import { teamRole, validTeamName } from './library-schema';
import { scramSha256Verifier } from './scram-verifier';

/** A pg.Client, a pool or a pool's client. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, args?: unknown[]): Promise<{ rows: R[] }>;
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export type DeckRole = 'publisher' | 'reader';

export interface TeamOutcome {
  created: boolean;
  retentionDays: number | null;
  /** one line for a person */
  said: string;
}

/** Makes a team, or says it exists; its retention changes only when `retentionDays` is given (null: kept until deleted). */
export async function addTeam(db: Queryable, team: string, retentionDays?: number | null): Promise<TeamOutcome> {
  if (!validTeamName(team)) throw new Error(`A team name is lower-case letters, digits and _ (got "${team}").`);
  if (retentionDays !== undefined && retentionDays !== null && !(Number.isInteger(retentionDays) && retentionDays > 0)) throw new Error('Retention is a whole number of days.');
  const role = teamRole(team);
  const had = (await db.query<{ retention_days: number | null }>('SELECT retention_days FROM deck.teams WHERE name = $1', [team])).rows[0];
  await db.query(`DO $$ BEGIN CREATE ROLE ${ident(role)} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
  const keep = (days: number | null): string => (days === null ? 'kept until deleted' : `kept ${days} days`);
  if (!had) {
    const days = retentionDays ?? null;
    await db.query('INSERT INTO deck.teams (name, role, retention_days) VALUES ($1, $2, $3)', [team, role, days]);
    return { created: true, retentionDays: days, said: `team ${team} made (headless captures ${keep(days)})` };
  }
  if (retentionDays === undefined || retentionDays === had.retention_days) {
    return { created: false, retentionDays: had.retention_days, said: `team ${team} exists (headless captures ${keep(had.retention_days)}); nothing changed` };
  }
  await db.query('UPDATE deck.teams SET retention_days = $2 WHERE name = $1', [team, retentionDays]);
  return { created: false, retentionDays, said: `team ${team} exists; headless captures now ${keep(retentionDays)} (were ${keep(had.retention_days)})` };
}

export interface UserRequest {
  user: string;
  teams: string[];
  /** the deck role asked for; unset: a new user publishes, an existing one keeps theirs */
  role?: DeckRole;
  /** the password of a new user, or a new password for an existing one when `newPassword` */
  password: string;
  /** set the password of an existing user too */
  newPassword?: boolean;
}

export interface UserOutcome {
  created: boolean;
  role: DeckRole | null;
  teams: string[];
  /** whether `password` is now the user's password */
  passwordSet: boolean;
  /** what was found and what changed, a line each */
  said: string[];
}

interface RoleFacts {
  login: boolean;
  publisher: boolean;
  reader: boolean;
  /** granted deck_publisher itself (not through another role), so REVOKE can take it back */
  directPublisher: boolean;
  teams: string[];
}

async function facts(db: Queryable, user: string): Promise<RoleFacts | null> {
  const r = (
    await db.query<{ login: boolean; publisher: boolean; reader: boolean; direct: boolean; teams: string[] }>(
      `SELECT r.rolcanlogin AS login, pg_has_role(r.oid, 'deck_publisher', 'MEMBER') AS publisher, pg_has_role(r.oid, 'deck_reader', 'MEMBER') AS reader,
         EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = r.oid AND m.roleid = 'deck_publisher'::regrole) AS direct,
         coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM deck.teams t WHERE pg_has_role(r.oid, t.role, 'MEMBER')), '{}') AS teams
       FROM pg_roles r WHERE r.rolname = $1`,
      [user],
    )
  ).rows[0];
  return r ? { login: r.login, publisher: r.publisher, reader: r.reader, directPublisher: r.direct, teams: r.teams } : null;
}

const roleWords = (role: DeckRole | null): string => (role === 'publisher' ? 'may publish' : role === 'reader' ? 'read-only' : 'no deck role');

/** Adds a person (or says who they are) and does only what was asked. */
export async function addUser(db: Queryable, req: UserRequest): Promise<UserOutcome> {
  if (!/^[a-z_][a-z0-9_.-]{0,62}$/i.test(req.user)) throw new Error(`Not a user name PostgreSQL takes unquoted: "${req.user}".`);
  if (!req.teams.length) throw new Error('Name at least one team.');
  const known = (await db.query<{ name: string; role: string }>('SELECT name, role FROM deck.teams WHERE name = ANY($1)', [req.teams])).rows;
  for (const t of req.teams) {
    if (!known.some((k) => k.name === t)) throw new Error(`No team "${t}" in this library (add it first: --add-team ${validTeamName(t) ? t : '<name>'}).`);
  }
  const u = ident(req.user);
  const before = await facts(db, req.user);
  const said: string[] = [];
  let passwordSet = false;
  if (!before) {
    await db.query(`CREATE ROLE ${u} LOGIN PASSWORD '${scramSha256Verifier(req.password)}'`);
    passwordSet = true;
  } else {
    const was: DeckRole | null = before.publisher ? 'publisher' : before.reader ? 'reader' : null;
    said.push(`user ${req.user} exists (${roleWords(was)}; teams: ${before.teams.join(', ') || 'none'})${before.login ? '' : '; it cannot log in (NOLOGIN), left so'}`);
    if (req.newPassword) {
      await db.query(`ALTER ROLE ${u} PASSWORD '${scramSha256Verifier(req.password)}'`);
      passwordSet = true;
      said.push('password changed');
    } else said.push('password unchanged');
  }
  const current: DeckRole | null = before ? (before.publisher ? 'publisher' : before.reader ? 'reader' : null) : null;
  const want: DeckRole = req.role ?? current ?? 'publisher';
  if (want === 'reader' && current === 'publisher') {
    if (!before!.directPublisher) throw new Error(`${req.user} may publish through another role than deck_publisher: revoke that role yourself.`);
    await db.query(`REVOKE deck_publisher FROM ${u}`);
    await db.query(`GRANT deck_reader TO ${u}`);
    said.push('now read-only (was a publisher)');
  } else if (want !== current) {
    await db.query(`GRANT ${want === 'publisher' ? 'deck_publisher' : 'deck_reader'} TO ${u}`);
    if (before) said.push(current ? `now ${roleWords(want)} (was ${roleWords(current)})` : `now ${roleWords(want)}`);
  }
  const added: string[] = [];
  for (const t of req.teams) {
    if (before?.teams.includes(t)) continue;
    await db.query(`GRANT ${ident(known.find((k) => k.name === t)!.role)} TO ${u}`);
    added.push(t);
  }
  const after = (await facts(db, req.user))!;
  const role: DeckRole | null = after.publisher ? 'publisher' : after.reader ? 'reader' : null;
  if (!before) said.push(`user ${req.user} made (${roleWords(role)}) in ${after.teams.join(', ')}`);
  else {
    if (added.length) said.push(`added to ${added.join(', ')}`);
    const already = req.teams.filter((t) => !added.includes(t));
    if (already.length) said.push(`already in ${already.join(', ')}`);
  }
  return { created: !before, role, teams: after.teams, passwordSet, said };
}
