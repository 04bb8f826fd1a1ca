// The team library from the command line: the headless recorder publishing live (npm run record --
// --publish), what it tells Arthas and the library about who ran the commands, a library that
// refuses, and a library of its own on this machine (npm run library -- --init).
import { chmodSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/recorder/db';
import { skipOrFail } from '../support/real-tier';
import { postgresUnavailable, startTestPostgres, USER_PASSWORD, type TestPostgres } from '../support/postgres';
import { exitOf, spawnTs } from '../support/run-cli';
import { startSimulator, type ArthasSimulator } from '../simulator/server';
import { freeLocalPort } from '../../src/main/net/free-port';
import { tempDir } from '../support/temp-dir';

const why = postgresUnavailable();
if (why) console.warn(`library CLI tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('the team library from the command line (real PostgreSQL)', () => {
  let pgs: TestPostgres;
  let sim: ArthasSimulator;
  const dir = tempDir('arthas-deck-libcli-');
  beforeAll(async () => {
    pgs = await startTestPostgres();
    await pgs.addTeam('oncall');
    await pgs.addUser('jumphost', ['oncall']);
    await pgs.addUser('reader', ['oncall'], { readOnly: true });
    sim = await startSimulator({ callRate: 100 });
  }, 60_000);
  afterAll(async () => {
    await sim?.close();
    await pgs?.close();
    dir.remove();
  });
  const url = (user: string): string => `postgres://${user}@127.0.0.1:${pgs.server.port}/deck`;

  it('record --publish ships the recording live; who ran it goes to Arthas with every call and into the library', async () => {
    const db = dir.file('jump.db');
    const child = spawnTs('src/main/cli/record.ts', [sim.url, '--exec', 'watch demo.MathGame primeFactors -n 150', '--db', db, '--publish', url('jumphost'), '--as', 'oncall-ann'], { PGPASSWORD: USER_PASSWORD });
    const { code } = await exitOf(child);
    const { stderr } = child.output();
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`publishing live to postgres://jumphost@127.0.0.1:${pgs.server.port}/deck as jumphost, team oncall`);
    expect(stderr).toMatch(/published live: \d+ results in library recording #\d+/);
    // the password is nowhere in what it printed
    expect(stderr).not.toContain(USER_PASSWORD);
    const local = openDatabase(db);
    const stored = (local.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n;
    expect((local.prepare('SELECT run_by FROM sessions').get() as { run_by: string }).run_by).toBe('oncall-ann');
    local.close();
    const rec = (await pgs.admin(`SELECT id, kind, state, run_by, result_count, published_by FROM deck.recordings WHERE kind = 'capture' ORDER BY id DESC LIMIT 1`)).rows[0];
    expect(rec).toMatchObject({ kind: 'capture', state: 'closed', run_by: 'oncall-ann', published_by: 'jumphost' });
    expect(Number(rec.result_count)).toBe(stored);
    expect(Number((await pgs.admin(`SELECT count(*) AS n FROM deck.results WHERE recording_id = $1 AND type = 'watch'`, [rec.id])).rows[0].n)).toBe(150);
    // Arthas heard who ran it: the body's userId (its /api) and X-User-Id, on every action, pulls included
    for (const action of ['init_session', 'async_exec', 'pull_results', 'close_session']) {
      expect([...sim.receivedUserIds.get(action)!.body], action).toEqual(['oncall-ann']);
      expect([...sim.receivedUserIds.get(action)!.header], action).toEqual(['oncall-ann']);
    }
  }, 60_000);

  it('a user who may only read is refused at once with the reason, before anything is recorded', async () => {
    const db = dir.file('reader.db');
    const child = spawnTs('src/main/cli/record.ts', [sim.url, '--exec', 'thread', '--db', db, '--publish', url('reader')], { PGPASSWORD: USER_PASSWORD });
    const { code } = await exitOf(child);
    expect(code).toBe(2);
    expect(child.output().stderr).toMatch(/cannot publish to postgres:\/\/reader@.*: reader may read this library but not publish to it/);
  }, 30_000);

  it('npm run library -- --init makes a library of its own that the deck can publish to, and --stop stops it', async () => {
    // as root the server runs as the postgres user, which must be able to reach the folder
    chmodSync(dir.path, 0o711);
    const home = dir.file('mylib');
    const port = await freeLocalPort();
    const init = spawnTs('src/main/cli/library.ts', ['--init', home, '--port', String(port)]);
    expect((await exitOf(init)).code, init.output().stderr).toBe(0);
    const out = init.output().stdout;
    const conn = /connection string\s+(\S+)/.exec(out)![1]!;
    const password = /password\s+(\S+)/.exec(out)![1]!;
    expect(conn).toMatch(new RegExp(`^postgres://\\w+@127\\.0\\.0\\.1:${port}/deck$`));
    const db = dir.file('try.db');
    const rec = spawnTs('src/main/cli/record.ts', [sim.url, '--exec', 'watch demo.MathGame primeFactors -n 5', '--db', db, '--publish', conn], { PGPASSWORD: password });
    expect((await exitOf(rec)).code, rec.output().stderr).toBe(0);
    expect(rec.output().stderr).toMatch(/team default/);
    const stop = spawnTs('src/main/cli/library.ts', ['--stop', home]);
    expect((await exitOf(stop)).code, stop.output().stderr).toBe(0);
  }, 90_000);
});
