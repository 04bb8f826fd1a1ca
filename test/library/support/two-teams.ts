// Two teams on one real PostgreSQL, as the adversarial tests need them: alpha (a publisher, the
// attacker, and a reader) and beta (a publisher, the victim). Beta has a recording with jobs,
// events and 1,200 results whose words share one (common enough that search reads it along the key),
// in a fleet; alpha has a recording of its own. Every row is written as its team's member would.
import type { LibraryConnection } from '../../../src/main/library/library-connection';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

export interface TwoTeams {
  pgs: TestPostgres;
  /** alpha's publisher: the attacker */
  alpha: LibraryConnection;
  /** alpha's reader */
  alphaReader: LibraryConnection;
  /** beta's publisher: the victim */
  beta: LibraryConnection;
  betaRecording: number;
  betaFleet: number;
  alphaRecording: number;
  /** a word in every one of beta's results and none of alpha's */
  betaWord: string;
  /** a recording id no team has */
  unknownRecording: number;
  close(): Promise<void>;
}

export const BETA_RESULTS = 1200;

export async function startTwoTeams(): Promise<TwoTeams> {
  const pgs = await startTestPostgres();
  await pgs.addTeam('alpha', 1);
  await pgs.addTeam('beta', 1);
  await pgs.addUser('mallory', ['alpha']);
  await pgs.addUser('reed', ['alpha'], { readOnly: true });
  await pgs.addUser('victor', ['beta']);
  const [alpha, alphaReader, beta] = [await pgs.connect('mallory'), await pgs.connect('reed'), await pgs.connect('victor')];
  const insertRecording = `INSERT INTO deck.recordings (team, kind, name, target_name, target_url, started_at, ended_at, state, fleet_id)
    VALUES ($1, 'published', $2, $3, 'http://10.0.0.9:8563/api', 1764000000000, 1764000009000, 'closed', $4) RETURNING id`;
  const betaFleet = Number((await beta.pool.query(`INSERT INTO deck.fleets (team, name, command, started_at, ended_at) VALUES ('beta', 'beta fleet', 'watch x y', 1, 2) RETURNING id`)).rows[0].id);
  const betaRecording = Number((await beta.pool.query(insertRecording, ['beta', 'beta secret capture', 'beta-orders', betaFleet])).rows[0].id);
  await beta.pool.query(`INSERT INTO deck.jobs (recording_id, team, job_id, command, state, started_at) VALUES ($1, 'beta', 1, 'watch demo.Beta pay', 'succeeded', 1764000000000)`, [betaRecording]);
  await beta.pool.query(`INSERT INTO deck.events (recording_id, team, seq, at, kind, message) VALUES ($1, 'beta', 1, 1764000000500, 'bookmark', 'beta bookmark')`, [betaRecording]);
  await beta.pool.query(
    `INSERT INTO deck.results (recording_id, team, pos, batch, job_id, type, origin, received_at, server_time, raw, words)
     SELECT $1, 'beta', g, g / 20, 1, 'watch', 'live', 1764000000000 + g, NULL, '{"type":"watch","value":"zebrafish ' || g || '"}', 'type watch value zebrafish ' || g
     FROM generate_series(1, ${BETA_RESULTS}) g`,
    [betaRecording],
  );
  const alphaRecording = Number((await alpha.pool.query(insertRecording, ['alpha', 'alpha capture', 'alpha-orders', null])).rows[0].id);
  await alpha.pool.query(
    `INSERT INTO deck.results (recording_id, team, pos, batch, job_id, type, origin, received_at, server_time, raw, words)
     VALUES ($1, 'alpha', 1, 0, NULL, 'message', 'live', 1764000000001, NULL, '{"type":"message","message":"alpha only"}', 'type message message alpha only')`,
    [alphaRecording],
  );
  const unknownRecording = Number((await pgs.admin('SELECT max(id) + 1000 AS n FROM deck.recordings')).rows[0].n);
  return {
    pgs,
    alpha,
    alphaReader,
    beta,
    betaRecording,
    betaFleet,
    alphaRecording,
    betaWord: 'zebrafish',
    unknownRecording,
    close: () => pgs.close(),
  };
}

/** What a query failed with: PostgreSQL's SQLSTATE and message (the test fails if it did not fail). */
export async function refusal(query: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await query;
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { code: err.code ?? '', message: err.message };
  }
  throw new Error('the attack was not refused');
}

/** How many rows of a table the administrator sees for a recording (past row-level security). */
export async function rowsOf(pgs: TestPostgres, table: 'results' | 'events' | 'jobs', recordingId: number): Promise<number> {
  return Number((await pgs.admin(`SELECT count(*) AS n FROM deck.${table} WHERE recording_id = $1`, [recordingId])).rows[0].n);
}
