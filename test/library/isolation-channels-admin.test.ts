// What a member hears and can fake on the library's channel, what an administrator's commands
// change (only what was asked; passwords never on the server's log), credentials refused said as
// such, and a capture whose recorder was killed: each on a real PostgreSQL, each its own test.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryChanges } from '../../src/main/library/library-changes';
import { LIBRARY_CHANNEL } from '../../src/main/library/library-rows';
import { openDatabase } from '../../src/main/recorder/db';
import { skipOrFail } from '../support/real-tier';
import { postgresUnavailable, USER_PASSWORD } from '../support/postgres';
import { exitOf, spawnTs } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';
import { sleep, waitFor } from '../support/wait';
import { startSimulator, type ArthasSimulator } from '../simulator/server';
import { startTwoTeams, type TwoTeams } from './support/two-teams';

const why = postgresUnavailable();
if (why) console.warn(`library channel and administration tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('the library channel, its administration and a dead recorder (real PostgreSQL)', () => {
  let t: TwoTeams;
  let sim: ArthasSimulator;
  const dir = tempDir('arthas-deck-isolation-');
  const url = (user: string, password?: string): string => `postgres://${user}${password ? `:${password}` : ''}@127.0.0.1:${t.pgs.server.port}/deck`;
  const touch = (lib: TwoTeams['alpha'], id: number): Promise<unknown> =>
    lib.pool.query(`BEGIN; UPDATE deck.recordings SET updated_at = clock_timestamp() WHERE id = ${Number(id)}; NOTIFY ${LIBRARY_CHANNEL}; COMMIT`);
  beforeAll(async () => {
    t = await startTwoTeams();
    sim = await startSimulator({ callRate: 100 });
  }, 120_000);
  afterAll(async () => {
    await sim?.close();
    await t?.close();
    dir.remove();
  });

  it('what a listener hears tells it nothing: one channel for every team, no payload', async () => {
    const spy = new pg.Client({ connectionString: url('mallory', USER_PASSWORD) });
    const heard: Array<{ channel: string; payload?: string }> = [];
    await spy.connect();
    try {
      spy.on('notification', (n) => heard.push({ channel: n.channel, payload: n.payload }));
      // the channels of version 1, one a team, carried the recording's id
      await spy.query(`LISTEN ${LIBRARY_CHANNEL}; LISTEN deck_beta; LISTEN deck_alpha`);
      await touch(t.beta, t.betaRecording);
      await waitFor(() => heard.length > 0, 'the notification of beta\'s change');
      await sleep(200);
      expect(heard).toEqual([{ channel: LIBRARY_CHANNEL, payload: '' }]);
    } finally {
      await spy.end();
    }
  });

  it("a fake notification costs a re-read of the listener's own rows and tells it of nothing; real changes of its team still come through", async () => {
    const told: number[] = [];
    const changes = await LibraryChanges.start({ connectionString: url('mallory', USER_PASSWORD), lib: t.alpha, onChanged: (ids) => told.push(...ids) });
    try {
      const reads = changes.reads;
      // beta's publisher fakes wake-ups, one carrying alpha's recording id
      await t.beta.pool.query(`NOTIFY ${LIBRARY_CHANNEL}, '${t.alphaRecording}'; SELECT pg_notify('${LIBRARY_CHANNEL}', 'x')`);
      await waitFor(() => changes.reads > reads, 'a re-read');
      await changes.settled();
      // and a real change of beta's
      await touch(t.beta, t.betaRecording);
      await waitFor(() => changes.reads > reads + 1, 'a re-read after beta changed');
      await changes.settled();
      expect(told).toEqual([]);
      await touch(t.alpha, t.alphaRecording);
      await waitFor(() => told.length > 0, "alpha's change told");
      expect(told).toEqual([t.alphaRecording]);
    } finally {
      await changes.close();
    }
  });

  it("--add-user sends no password to the server: the statement log holds a SCRAM verifier, and the user logs in with the password", async () => {
    const secret = 'Carol-Secret-91';
    await t.pgs.admin(`ALTER SYSTEM SET log_statement = 'all'`);
    await t.pgs.admin('SELECT pg_reload_conf()');
    try {
      const add = spawnTs('src/main/cli/library.ts', ['--add-user', 'carol', '--team', 'alpha', t.pgs.adminUrl], { LIBRARY_USER_PASSWORD: secret });
      expect((await exitOf(add)).code, add.output().stderr).toBe(0);
      expect(add.output().stdout).toContain('user carol made (may publish) in alpha');
      expect(add.output().stdout).not.toContain(secret);
      await waitFor(() => t.pgs.server.log().includes('CREATE ROLE "carol"'), 'the statement in the log');
      expect(t.pgs.server.log()).toMatch(/CREATE ROLE "carol" LOGIN PASSWORD 'SCRAM-SHA-256\$4096:/);
      expect(t.pgs.server.log()).not.toContain(secret);
    } finally {
      await t.pgs.admin('ALTER SYSTEM RESET log_statement');
      await t.pgs.admin('SELECT pg_reload_conf()');
    }
    const carol = await t.pgs.connect('carol', secret);
    expect(carol.status).toMatchObject({ user: 'carol', teams: ['alpha'], canPublish: true });
  });

  it('--add-user on an existing user says so and changes only what was asked: --read-only makes a publisher a reader, the password stays', async () => {
    await t.pgs.addUser('dave', ['alpha']);
    const again = spawnTs('src/main/cli/library.ts', ['--add-user', 'dave', '--team', 'alpha', '--read-only', t.pgs.adminUrl], { LIBRARY_USER_PASSWORD: 'Another-Pass-22' });
    expect((await exitOf(again)).code, again.output().stderr).toBe(0);
    const out = again.output().stdout;
    expect(out).toContain('user dave exists (may publish; teams: alpha)');
    expect(out).toContain('password unchanged');
    expect(out).toContain('now read-only (was a publisher)');
    expect(out).toContain('already in alpha');
    expect(out).not.toContain('Another-Pass-22');
    const dave = await t.pgs.connect('dave', USER_PASSWORD);
    expect(dave.status).toMatchObject({ user: 'dave', canPublish: false, writable: false });
    await expect(t.pgs.connect('dave', 'Another-Pass-22')).rejects.toThrow(/refused the credentials/);
  });

  it('--new-password and another --team change the password and add the team, nothing else', async () => {
    await t.pgs.addUser('erin', ['alpha'], { readOnly: true });
    const set = spawnTs('src/main/cli/library.ts', ['--add-user', 'erin', '--team', 'beta', '--new-password', t.pgs.adminUrl], { LIBRARY_USER_PASSWORD: 'Erin-New-Pass-5' });
    expect((await exitOf(set)).code, set.output().stderr).toBe(0);
    expect(set.output().stdout).toMatch(/user erin exists \(read-only; teams: alpha\)[\s\S]*password changed[\s\S]*added to beta/);
    const erin = await t.pgs.connect('erin', 'Erin-New-Pass-5');
    expect(erin.status).toMatchObject({ teams: ['alpha', 'beta'], canPublish: false });
  });

  it('--add-team on an existing team keeps its retention unless --retention is given', async () => {
    const same = spawnTs('src/main/cli/library.ts', ['--add-team', 'alpha', t.pgs.adminUrl]);
    expect((await exitOf(same)).code, same.output().stderr).toBe(0);
    expect(same.output().stdout).toContain('team alpha exists (headless captures kept 1 days); nothing changed');
    expect((await t.pgs.admin(`SELECT retention_days FROM deck.teams WHERE name = 'alpha'`)).rows[0].retention_days).toBe(1);
  });

  it('credentials the library refuses exit with the credentials code 4, not the usage code', async () => {
    const migrate = spawnTs('src/main/cli/library.ts', ['--migrate', url('mallory', 'wrong-password')]);
    expect((await exitOf(migrate)).code).toBe(4);
    expect(migrate.output().stderr).toMatch(/refused the credentials/);
    expect(migrate.output().stderr).not.toContain('wrong-password');
    const rec = spawnTs('src/main/cli/record.ts', [sim.url, '--exec', 'thread', '--db', dir.file('refused.db'), '--publish', url('mallory')], { PGPASSWORD: 'wrong-password' });
    expect((await exitOf(rec)).code).toBe(4);
    expect(rec.output().stderr).toMatch(/cannot publish to .*refused the credentials/);
  }, 60_000);

  it('a capture whose recorder was killed ends when --ship sends the rest, and retention removes it later', async () => {
    const db = dir.file('killed.db');
    const rec = spawnTs('src/main/cli/record.ts', [sim.url, '--exec', 'watch demo.MathGame primeFactors -n 100000', '--db', db, '--publish', url('mallory')], { PGPASSWORD: USER_PASSWORD });
    const capture = await waitFor(
      async () => (await t.pgs.admin(`SELECT id FROM deck.recordings WHERE kind = 'capture' AND team = 'alpha' AND result_count > 20`)).rows[0]?.id as number | undefined,
      'the capture in the library',
      30_000,
    );
    rec.kill('SIGKILL');
    await exitOf(rec);
    expect((await t.pgs.admin('SELECT state, ended_at FROM deck.recordings WHERE id = $1', [capture])).rows[0]).toEqual({ state: 'recording', ended_at: null });
    const local = openDatabase(db);
    const { id, n } = local.prepare('SELECT s.id AS id, (SELECT count(*) FROM results r WHERE r.session_id = s.id) AS n FROM sessions s').get() as { id: number; n: number };
    local.close();
    const ship = spawnTs('src/main/cli/library.ts', ['--ship', url('mallory'), '--recording', String(id), '--db', db, '--team', 'alpha'], { PGPASSWORD: USER_PASSWORD });
    expect((await exitOf(ship)).code, ship.output().stderr).toBe(0);
    const after = (await t.pgs.admin('SELECT state, ended_at, result_count FROM deck.recordings WHERE id = $1', [capture])).rows[0];
    expect(after.state).toBe('interrupted');
    expect(Number(after.ended_at)).toBeGreaterThan(0);
    expect(Number(after.result_count)).toBe(n);
    // past alpha's retention (1 day) it goes
    await t.pgs.admin('UPDATE deck.recordings SET ended_at = $2 WHERE id = $1', [capture, Date.now() - 2 * 86_400_000]);
    expect(Number((await t.pgs.admin('SELECT deck.apply_retention() AS n')).rows[0].n)).toBe(1);
    expect((await t.pgs.admin('SELECT 1 FROM deck.recordings WHERE id = $1', [capture])).rows).toEqual([]);
  }, 90_000);

  it('a capture left recording by a recorder nobody shipped for goes once nothing came for longer than its retention', async () => {
    const ins = `INSERT INTO deck.recordings (team, kind, target_name, target_url, started_at, state) VALUES ('alpha', 'capture', 't', 'u', $1, 'recording') RETURNING id`;
    const stale = Number((await t.alpha.pool.query(ins, [Date.now() - 3 * 86_400_000])).rows[0].id);
    const live = Number((await t.alpha.pool.query(ins, [Date.now() - 3 * 86_400_000])).rows[0].id);
    await t.pgs.admin(`UPDATE deck.recordings SET updated_at = now() - interval '2 days' WHERE id = $1`, [stale]);
    await t.pgs.admin('SELECT deck.apply_retention()');
    const left = (await t.pgs.admin('SELECT id FROM deck.recordings WHERE id = ANY($1)', [[stale, live]])).rows.map((r) => Number(r.id));
    expect(left).toEqual([live]);
  });
});
