// A member of one team attacks another team's rows on a real PostgreSQL, with plain SQL as a hostile
// member would (not through the deck): every table that hangs off a recording, every column a
// member must not write, every function of the schema's owner. Each attack is its own test, and
// each fails if the attack works. The attacker is mallory (alpha's publisher), the victim beta.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryError } from '../../src/main/library/library-connection';
import { LibraryRecordings } from '../../src/main/library/library-recordings';
import { searchLibrary } from '../../src/main/library/library-search';
import { skipOrFail } from '../support/real-tier';
import { postgresUnavailable } from '../support/postgres';
import { BETA_RESULTS, refusal, rowsOf, startTwoTeams, type TwoTeams } from './support/two-teams';

const why = postgresUnavailable();
if (why) console.warn(`library isolation tests skipped: ${why}`);

const RESULT = `INSERT INTO deck.results (recording_id, team, pos, batch, job_id, type, origin, received_at, server_time, raw, words)
  VALUES ($1, $2, $3, 0, 1, 'watch', 'live', 1, NULL, '{"type":"watch"}', 'forged')`;

describe.skipIf(skipOrFail(why))("a member attacks another team's rows (real PostgreSQL)", () => {
  let t: TwoTeams;
  beforeAll(async () => {
    t = await startTwoTeams();
  }, 120_000);
  afterAll(async () => t?.close());

  it("results aimed at another team's recording are refused, in the same words whether it exists or not", async () => {
    // pos 1 exists in beta's recording: a unique index must not answer before the team rule does
    const aimed = await refusal(t.alpha.pool.query(RESULT, [t.betaRecording, 'alpha', 1]));
    const nowhere = await refusal(t.alpha.pool.query(RESULT, [t.unknownRecording, 'alpha', 1]));
    expect(aimed.code).toBe('23503');
    expect(nowhere.code).toBe(aimed.code);
    expect(nowhere.message).toBe(aimed.message);
    expect(await rowsOf(t.pgs, 'results', t.betaRecording)).toBe(BETA_RESULTS);
  });

  it("results labelled with the other team are refused by row-level security", async () => {
    const r = await refusal(t.alpha.pool.query(RESULT, [t.betaRecording, 'beta', BETA_RESULTS + 1]));
    expect(r.message).toMatch(/row-level security/);
    expect(await rowsOf(t.pgs, 'results', t.betaRecording)).toBe(BETA_RESULTS);
  });

  it("200,000 results into another team's live capture through COPY's staging path are refused whole", async () => {
    const client = await t.alpha.pool.connect();
    try {
      await client.query('CREATE TEMP TABLE stage AS SELECT recording_id, team, pos, batch, job_id, type, origin, received_at, server_time, raw, words FROM deck.results WITH NO DATA');
      await client.query(`INSERT INTO stage SELECT $1, 'alpha', g, 0, 1, 'watch', 'live', 1, NULL, '{}', 'x' FROM generate_series(${BETA_RESULTS + 1}, ${BETA_RESULTS + 200_000}) g`, [t.betaRecording]);
      const r = await refusal(client.query('INSERT INTO deck.results (recording_id, team, pos, batch, job_id, type, origin, received_at, server_time, raw, words) SELECT * FROM stage'));
      expect(r.code).toBe('23503');
    } finally {
      client.release(true);
    }
    expect(await rowsOf(t.pgs, 'results', t.betaRecording)).toBe(BETA_RESULTS);
  }, 60_000);

  it("events aimed at another team's recording are refused", async () => {
    const r = await refusal(t.alpha.pool.query(`INSERT INTO deck.events (recording_id, team, seq, at, kind, message) VALUES ($1, 'alpha', 1, 1, 'bookmark', 'forged')`, [t.betaRecording]));
    expect(r.code).toBe('23503');
    expect(await rowsOf(t.pgs, 'events', t.betaRecording)).toBe(1);
  });

  it("a job upserted onto another team's job neither changes it nor tells that it exists", async () => {
    const upsert = `INSERT INTO deck.jobs (recording_id, team, job_id, command, state, started_at) VALUES ($1, 'alpha', 1, 'forged', 'failed', 1)
      ON CONFLICT (recording_id, job_id, team) DO UPDATE SET command = excluded.command`;
    const aimed = await refusal(t.alpha.pool.query(upsert, [t.betaRecording]));
    const nowhere = await refusal(t.alpha.pool.query(upsert, [t.unknownRecording]));
    expect([aimed.code, nowhere.code]).toEqual(['23503', '23503']);
    expect((await t.pgs.admin('SELECT command FROM deck.jobs WHERE recording_id = $1', [t.betaRecording])).rows).toEqual([{ command: 'watch demo.Beta pay' }]);
  });

  it("a recording put into another team's fleet is refused (deleting the fleet would take it along)", async () => {
    const r = await refusal(
      t.alpha.pool.query(`INSERT INTO deck.recordings (team, kind, target_name, target_url, started_at, state, fleet_id) VALUES ('alpha', 'published', 'x', 'y', 1, 'closed', $1)`, [t.betaFleet]),
    );
    expect(r.code).toBe('23503');
  });

  it('a member cannot choose a row id (one that meets another team\'s would say it exists)', async () => {
    const ins = `INSERT INTO deck.recordings (id, team, kind, target_name, target_url, started_at, state) VALUES ($1, 'alpha', 'published', 'x', 'y', 1, 'closed')`;
    const taken = await refusal(t.alpha.pool.query(ins, [t.betaRecording]));
    const free = await refusal(t.alpha.pool.query(ins, [t.unknownRecording]));
    expect(taken.message).toMatch(/permission denied/);
    expect(free.message).toBe(taken.message);
    expect((await refusal(t.alpha.pool.query('UPDATE deck.recordings SET id = $1 WHERE id = $2', [t.betaRecording, t.alphaRecording]))).message).toMatch(/permission denied/);
  });

  it('who published a recording, and when, cannot be changed by its own team', async () => {
    const before = (await t.pgs.admin('SELECT published_by, published_at FROM deck.recordings WHERE id = $1', [t.alphaRecording])).rows[0];
    expect((await refusal(t.alpha.pool.query(`UPDATE deck.recordings SET published_by = 'victor' WHERE id = $1`, [t.alphaRecording]))).message).toMatch(/permission denied/);
    expect((await refusal(t.alpha.pool.query(`UPDATE deck.recordings SET published_at = '2001-01-01' WHERE id = $1`, [t.alphaRecording]))).message).toMatch(/permission denied/);
    // and not by a role that may update the whole row either (the trigger keeps them)
    await t.pgs.admin(`UPDATE deck.recordings SET published_by = 'someone', published_at = '2001-01-01' WHERE id = $1`, [t.alphaRecording]);
    expect((await t.pgs.admin('SELECT published_by, published_at FROM deck.recordings WHERE id = $1', [t.alphaRecording])).rows[0]).toEqual(before);
  });

  it("a recording cannot be moved to another team, nor a result rewritten", async () => {
    expect((await refusal(t.alpha.pool.query(`UPDATE deck.recordings SET team = 'beta' WHERE id = $1`, [t.alphaRecording]))).message).toMatch(/permission denied/);
    expect((await refusal(t.alpha.pool.query(`UPDATE deck.results SET raw = '{}' WHERE recording_id = $1`, [t.alphaRecording]))).message).toMatch(/permission denied/);
    expect((await refusal(t.alpha.pool.query(`UPDATE deck.events SET message = 'x'`))).message).toMatch(/permission denied/);
  });

  it("another team's rows cannot be read, updated or deleted", async () => {
    for (const table of ['recordings', 'fleets', 'jobs', 'events', 'results']) {
      expect(Number((await t.alpha.pool.query(`SELECT count(*) AS n FROM deck.${table} WHERE team = 'beta'`)).rows[0].n), table).toBe(0);
    }
    expect((await t.alpha.pool.query(`UPDATE deck.recordings SET name = 'pwned' WHERE id = $1`, [t.betaRecording])).rowCount).toBe(0);
    expect((await t.alpha.pool.query('DELETE FROM deck.recordings WHERE id = $1', [t.betaRecording])).rowCount).toBe(0);
    expect((await t.alpha.pool.query('DELETE FROM deck.fleets WHERE id = $1', [t.betaFleet])).rowCount).toBe(0);
    expect((await t.pgs.admin('SELECT name FROM deck.recordings WHERE id = $1', [t.betaRecording])).rows[0].name).toBe('beta secret capture');
  });

  it('a reader of a team cannot write to it', async () => {
    expect((await refusal(t.alphaReader.pool.query(`INSERT INTO deck.recordings (team, kind, target_name, target_url, started_at, state) VALUES ('alpha', 'published', 'x', 'y', 1, 'closed')`))).message).toMatch(/permission denied/);
    expect((await refusal(t.alphaReader.pool.query('DELETE FROM deck.recordings WHERE id = $1', [t.alphaRecording]))).message).toMatch(/permission denied/);
  });

  it('teams and memberships cannot be changed by a member', async () => {
    expect((await refusal(t.alpha.pool.query(`INSERT INTO deck.teams (name, role) VALUES ('evil', 'deck_team_beta')`))).message).toMatch(/permission denied/);
    expect((await refusal(t.alpha.pool.query(`UPDATE deck.teams SET role = 'deck_team_alpha' WHERE name = 'beta'`))).message).toMatch(/permission denied/);
    expect((await refusal(t.alpha.pool.query('GRANT deck_team_beta TO mallory'))).message).toMatch(/permission denied|must have admin option/);
    expect((await refusal(t.alpha.pool.query('SET ROLE deck_team_beta'))).message).toMatch(/permission denied/);
    expect((await t.alpha.pool.query('SELECT deck.my_teams() AS m, deck.session_teams() AS s')).rows[0]).toEqual({ m: ['alpha'], s: ['alpha'] });
  });

  it('retention runs for the administrator only: a member cannot delete another team\'s capture with it', async () => {
    await t.pgs.admin(`UPDATE deck.recordings SET kind = 'capture', ended_at = 1 WHERE id = $1`, [t.betaRecording]);
    try {
      for (const member of [t.alpha, t.alphaReader]) {
        expect((await refusal(member.pool.query('SELECT deck.apply_retention()'))).message).toMatch(/permission denied/);
      }
      expect(await rowsOf(t.pgs, 'results', t.betaRecording)).toBe(BETA_RESULTS);
    } finally {
      await t.pgs.admin(`UPDATE deck.recordings SET kind = 'published', ended_at = 1764000009000 WHERE id = $1`, [t.betaRecording]);
    }
  });

  it("functions the member shadows in public (as CREATE on public allows before PostgreSQL 15) are not the library's", async () => {
    await t.pgs.admin('GRANT CREATE ON SCHEMA public TO PUBLIC');
    const client = await t.alpha.pool.connect();
    try {
      await client.query(`CREATE FUNCTION public.pg_has_role(name, name, text) RETURNS boolean LANGUAGE sql AS 'SELECT true'`);
      await client.query(`CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql AS $$SELECT timestamptz '2001-01-01'$$`);
      await client.query('SET search_path = public, pg_catalog');
      expect((await client.query('SELECT deck.my_teams() AS m')).rows[0].m).toEqual(['alpha']);
      expect(Number((await client.query('SELECT count(*) AS n FROM deck.results WHERE recording_id = $1', [t.betaRecording])).rows[0].n)).toBe(0);
      const found = await client.query(`SELECT * FROM deck.find_results($1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 50)`, [t.betaWord]);
      expect(found.rows).toEqual([]);
      const id = (await client.query(`INSERT INTO deck.recordings (team, kind, target_name, target_url, started_at, state) VALUES ('alpha', 'published', 'x', 'y', 1, 'closed') RETURNING id, published_at`)).rows[0];
      expect(new Date(id.published_at).getFullYear()).toBeGreaterThan(2020);
      await client.query('DELETE FROM deck.recordings WHERE id = $1', [id.id]);
    } finally {
      await client.query('DROP FUNCTION IF EXISTS public.pg_has_role(name, name, text); DROP FUNCTION IF EXISTS public.now()').catch(() => undefined);
      client.release(true);
      await t.pgs.admin('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    }
  });

  it("search leaves nothing in the caller's transaction that tells how many rows another team has", async () => {
    const client = await t.alpha.pool.connect();
    try {
      await client.query('BEGIN');
      const before = (await client.query('SHOW enable_bitmapscan')).rows[0].enable_bitmapscan;
      // beta has 1,200 results with the word: the probe would switch the plan for a word that common
      const found = await client.query(`SELECT * FROM deck.find_results($1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 50)`, [t.betaWord]);
      expect(found.rows).toEqual([]);
      expect((await client.query('SHOW enable_bitmapscan')).rows[0].enable_bitmapscan).toBe(before);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it("the deck's own reads say the same of another team's recording as of one that never was", async () => {
    const lib = new LibraryRecordings(t.alpha, 1);
    expect(await lib.get(t.betaRecording)).toBeNull();
    expect(await lib.get(t.unknownRecording)).toBeNull();
    expect((await lib.page(t.betaRecording, {})).results).toEqual([]);
    expect(await lib.jobs(t.betaRecording)).toEqual([]);
    const gone = async (id: number): Promise<string> => (await lib.delete(id).then(() => '', (e: Error) => e.message)).replace(String(id), 'N');
    expect(await gone(t.betaRecording)).toBe(await gone(t.unknownRecording));
    expect(await gone(t.betaRecording)).toMatch(/No recording #N in this library that you may delete/);
    expect((await searchLibrary(t.alpha, { text: t.betaWord })).hits).toEqual([]);
  });

  it('a NUL in search text is refused with a message, not PostgreSQL\'s 22021', async () => {
    const err = await searchLibrary(t.alpha, { text: 'order\u0000 declined' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibraryError);
    expect((err as LibraryError).kind).toBe('invalid');
    expect((err as LibraryError).message).toMatch(/Search text cannot contain a NUL character/);
    await expect(new LibraryRecordings(t.alpha, 1).list({ text: 'a\u0000' })).rejects.toThrow(/NUL/);
  });
});
