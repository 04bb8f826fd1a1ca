// What an administrator runs to add a team and its people: a team is a PostgreSQL role, a person a
// login role granted that team and either deck_publisher (publish, delete) or deck_reader (browse,
// search). The statements are README's, and `npm run library -- --add-team / --add-user` runs them.
import { teamRole, validTeamName } from './library-schema';

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

export function addTeamSql(team: string, retentionDays: number | null = null): string[] {
  if (!validTeamName(team)) throw new Error(`A team name is lower-case letters, digits and _ (got "${team}").`);
  if (retentionDays !== null && !(Number.isInteger(retentionDays) && retentionDays > 0)) throw new Error('Retention is a whole number of days.');
  const role = teamRole(team);
  return [
    `DO $$ BEGIN CREATE ROLE ${ident(role)} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    `INSERT INTO deck.teams (name, role, retention_days) VALUES (${literal(team)}, ${literal(role)}, ${retentionDays ?? 'NULL'}) ON CONFLICT (name) DO UPDATE SET retention_days = excluded.retention_days`,
  ];
}

export function addUserSql(user: string, password: string, teams: string[], opts: { readOnly?: boolean } = {}): string[] {
  if (!/^[a-z_][a-z0-9_.-]{0,62}$/i.test(user)) throw new Error(`Not a user name PostgreSQL takes unquoted: "${user}".`);
  return [
    `DO $$ BEGIN CREATE ROLE ${ident(user)} LOGIN PASSWORD ${literal(password)}; EXCEPTION WHEN duplicate_object THEN ALTER ROLE ${ident(user)} LOGIN PASSWORD ${literal(password)}; END $$`,
    `GRANT ${opts.readOnly ? 'deck_reader' : 'deck_publisher'} TO ${ident(user)}`,
    ...teams.map((t) => {
      if (!validTeamName(t)) throw new Error(`No such team name: "${t}".`);
      return `GRANT ${ident(teamRole(t))} TO ${ident(user)}`;
    }),
  ];
}

/** The team's retention of headless captures, in days (null: kept until deleted). */
export function setRetentionSql(team: string, days: number | null): string {
  if (!validTeamName(team)) throw new Error(`No such team name: "${team}".`);
  return `UPDATE deck.teams SET retention_days = ${days === null ? 'NULL' : Math.floor(days)} WHERE name = ${literal(team)}`;
}
