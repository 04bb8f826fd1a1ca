// Two desktops (each its own database) and three headless recorders share one real PostgreSQL, as a
// team would: what each published the others find, search, replay and compare, each per their role
// and team; a teammate's desktop hears a live capture grow; who ran what is answered across the team.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { keychain } from '../support/keychain';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import type { DeckEvent } from '../../src/shared/contract';
import type { RecordingSummary } from '../../src/shared/recording/types';
import { skipOrFail } from '../support/real-tier';
import { postgresUnavailable, startTestPostgres, USER_PASSWORD, type TestPostgres } from '../support/postgres';
import { exitOf, spawnTs } from '../support/run-cli';
import { startSimulator, type ArthasSimulator } from '../simulator/server';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const why = postgresUnavailable();
if (why) console.warn(`team library tests skipped: ${why}`);

interface Desktop {
  db: Db;
  deck: DeckService;
  events: DeckEvent[];
  libraryId: number;
}

describe.skipIf(skipOrFail(why))('a team library shared by two desktops and three headless recorders (real PostgreSQL)', () => {
  let pgs: TestPostgres;
  let sim: ArthasSimulator;
  const dir = tempDir('arthas-deck-team-');
  const desktops: Desktop[] = [];
  const url = (user: string): string => `postgres://${user}@127.0.0.1:${pgs.server.port}/deck`;

  async function desktop(name: string, user: string): Promise<Desktop> {
    const db = openDatabase(dir.file(`${name}.db`));
    const deck = new DeckService({ db, databasePath: dir.file(`${name}.db`), mode: 'serve', version: 'test', searchIndex: false, secrets: keychain() });
    const events: DeckEvent[] = [];
    deck.onEvent((e) => events.push(e));
    await deck.call('settings.set', { key: 'user.name', value: user });
    const lib = await deck.call<'libraries.save'>('libraries.save', { name: 'team', url: url(user), password: USER_PASSWORD });
    const d = { db, deck, events, libraryId: lib.id };
    desktops.push(d);
    return d;
  }

  async function headless(user: string, command: string, as: string): Promise<void> {
    const child = spawnTs('src/main/cli/record.ts', [sim.url, '--exec', command, '--db', dir.file(`${user}.db`), '--publish', url(user), '--as', as], { PGPASSWORD: USER_PASSWORD });
    const { code } = await exitOf(child);
    expect(code, child.output().stderr).toBe(0);
  }

  beforeAll(async () => {
    pgs = await startTestPostgres();
    await pgs.addTeam('payments', 30);
    await pgs.addTeam('search');
    await pgs.addUser('ann', ['payments']);
    await pgs.addUser('bob', ['payments'], { readOnly: true });
    await pgs.addUser('jump1', ['payments']);
    await pgs.addUser('jump2', ['payments']);
    await pgs.addUser('jump3', ['search']);
    sim = await startSimulator({ callRate: 100 });
    await desktop('ann', 'ann');
    await desktop('bob', 'bob');
  }, 60_000);
  afterAll(async () => {
    for (const d of desktops) {
      await d.deck.shutdown();
      d.db.close();
    }
    await sim?.close();
    await pgs?.close();
    dir.remove();
  });

  it('each desktop connects as its user and is told what it may do; the password is kept sealed, not in the settings', async () => {
    const [a, b] = desktops as [Desktop, Desktop];
    expect(await a.deck.call<'libraries.connect'>('libraries.connect', { id: a.libraryId })).toMatchObject({ user: 'ann', teams: ['payments'], canPublish: true, writable: true });
    const bs = await b.deck.call<'libraries.connect'>('libraries.connect', { id: b.libraryId });
    expect(bs).toMatchObject({ user: 'bob', teams: ['payments'], canPublish: false, writable: false });
    const row = a.db.prepare('SELECT url, password_enc FROM libraries').get() as { url: string; password_enc: Buffer };
    expect(row.url).toBe(url('ann'));
    expect(row.password_enc.toString('latin1')).not.toContain(USER_PASSWORD);
    expect((await a.deck.call<'libraries.list'>('libraries.list', {}))[0]).toMatchObject({ name: 'team', url: url('ann'), hasPassword: true });
  });

  it('ann records two watch runs on her desktop and publishes them; bob finds, replays, searches and compares them; bob cannot publish', async () => {
    const [a, b] = desktops as [Desktop, Desktop];
    const t = await a.deck.call<'targets.save'>('targets.save', { name: 'orders', url: sim.url });
    const tab = await a.deck.call<'tabs.open'>('tabs.open', { targetId: t.id });
    for (let i = 0; i < 2; i++) {
      const { jobId } = await a.deck.call<'tabs.run'>('tabs.run', { tabId: tab.tabId, command: 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2 -n 40' });
      await waitFor(async () => (await a.deck.call<'tabs.list'>('tabs.list', {}))[0]!.jobs.find((j) => j.jobId === jobId)?.endedAt, 'the watch to end', 20_000);
    }
    await a.deck.call('tabs.close', { tabId: tab.tabId });
    const published = await a.deck.call<'libraries.publish'>('libraries.publish', { libraryId: a.libraryId, recordingId: tab.recordingId, team: 'payments', taskId: 'pub-1' });
    expect(published).toMatchObject({ deduplicated: false });
    expect(a.events.some((e) => e.type === 'task.done' && e.taskId === 'pub-1' && e.ok)).toBe(true);
    // bob: the list of the library, the recording's summary with who published it and who ran it
    const list = await b.deck.call<'recordings.list'>('recordings.list', { library: b.libraryId });
    const rec = list.find((r) => r.id === published.libraryRecordingId)!;
    expect(rec).toMatchObject({ runBy: 'ann', library: { libraryId: b.libraryId, team: 'payments', kind: 'published', publishedBy: 'ann' } });
    // replay reads: page, jobs, events, stats, a result, the cost series, a time → position
    const local = await a.deck.call<'recordings.page'>('recordings.page', { id: tab.recordingId, limit: 500 });
    const remote = await b.deck.call<'recordings.page'>('recordings.page', { id: rec.id, library: b.libraryId, limit: 500 });
    expect(remote.results.map((r) => r.raw)).toEqual(local.results.map((r) => r.raw));
    const jobs = await b.deck.call<'recordings.jobs'>('recordings.jobs', { id: rec.id, library: b.libraryId });
    expect(jobs.map((j) => j.state)).toEqual(['succeeded', 'succeeded']);
    expect((await b.deck.call<'recordings.stats'>('recordings.stats', { id: rec.id, library: b.libraryId })).byType.watch).toBe(80);
    const series = await b.deck.call<'recordings.costSeries'>('recordings.costSeries', { id: rec.id, library: b.libraryId, jobId: jobs[0]!.jobId });
    expect(series.pos.length).toBe(40);
    expect(await b.deck.call('recordings.result', { id: rec.id, library: b.libraryId, pos: remote.results[3]!.pos! })).toBe(local.results[3]!.raw);
    // the library's search finds a value the JVM sent
    const value = /@Integer\[(-?\d+)\]/.exec(remote.results.find((r) => r.type === 'watch')!.raw!)![1]!;
    const hits = await b.deck.call<'search.results'>('search.results', { text: value, library: b.libraryId });
    expect(hits.hits.some((h) => h.recordingId === rec.id)).toBe(true);
    // the two runs compared from the library, as from this desktop
    const diffLib = await b.deck.call<'diff.watch'>('diff.watch', { left: { recordingId: rec.id, jobId: jobs[0]!.jobId, library: b.libraryId }, right: { recordingId: rec.id, jobId: jobs[1]!.jobId, library: b.libraryId } });
    const diffLocal = await a.deck.call<'diff.watch'>('diff.watch', { left: { recordingId: tab.recordingId, jobId: jobs[0]!.jobId }, right: { recordingId: tab.recordingId, jobId: jobs[1]!.jobId } });
    expect(diffLib.summary).toEqual(diffLocal.summary);
    // and across: a local run against a library run
    const across = await a.deck.call<'diff.watch'>('diff.watch', { left: { recordingId: tab.recordingId, jobId: jobs[0]!.jobId }, right: { recordingId: rec.id, jobId: jobs[0]!.jobId, library: a.libraryId } });
    expect(across.summary.changed).toBe(0);
    // bob may read, not publish; an unknown library recording is not-found
    await expect(b.deck.call('libraries.publish', { libraryId: b.libraryId, recordingId: 1, team: 'payments' })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/bob may read this library but not publish/) });
    await expect(b.deck.call('recordings.page', { id: 999_999, library: b.libraryId })).rejects.toMatchObject({ kind: 'not-found' });
  }, 90_000);

  it('three headless recorders publish live; the payments desktops see their two captures (one heard growing), never the other team\'s', async () => {
    const b = desktops[1]!;
    b.events.length = 0;
    // bob's desktop listens once connected
    await b.deck.call('recordings.list', { library: b.libraryId });
    await Promise.all([
      headless('jump1', 'watch demo.MathGame primeFactors -n 60', 'oncall-ann'),
      headless('jump2', 'watch demo.MathGame primeFactors -n 60', 'oncall-raj'),
      headless('jump3', 'watch demo.MathGame primeFactors -n 60', 'search-kim'),
    ]);
    const list = await b.deck.call<'recordings.list'>('recordings.list', { library: b.libraryId });
    const captures = list.filter((r: RecordingSummary) => r.library?.kind === 'capture');
    expect(captures.map((r) => r.library!.publishedBy).sort()).toEqual(['jump1', 'jump2']);
    expect(captures.map((r) => r.runBy).sort()).toEqual(['oncall-ann', 'oncall-raj']);
    for (const c of captures) expect((await b.deck.call<'recordings.stats'>('recordings.stats', { id: c.id, library: b.libraryId })).byType.watch).toBe(60);
    await waitFor(() => b.events.some((e) => e.type === 'library.changed' && captures.some((c) => c.id === e.recordingId)), 'a change heard through LISTEN', 5000);
    // the audit: who ran what, on which JVM, when, what came back; search-kim is another team's
    const audit = await b.deck.call<'libraries.audit'>('libraries.audit', { id: b.libraryId, text: 'primeFactors' });
    const ranBy = new Set(audit.map((r) => r.runBy));
    expect(ranBy.has('oncall-ann') && ranBy.has('oncall-raj')).toBe(true);
    expect(ranBy.has('search-kim')).toBe(false);
    expect(audit.find((r) => r.runBy === 'oncall-raj')).toMatchObject({ command: 'watch demo.MathGame primeFactors -n 60', state: 'succeeded', results: 63, publishedBy: 'jump2', targetUrl: `${sim.url.replace(/\/api$/, '')}/api` });
    // ann's desktop (a publisher of the team) may delete a capture; bob's may not
    await expect(b.deck.call('libraries.deleteRecording', { id: b.libraryId, recordingId: captures[0]!.id })).rejects.toMatchObject({ message: expect.stringMatching(/bob may read this library but not delete/) });
    const a = desktops[0]!;
    await a.deck.call('libraries.deleteRecording', { id: a.libraryId, recordingId: captures[0]!.id });
    expect((await b.deck.call<'recordings.list'>('recordings.list', { library: b.libraryId })).map((r) => r.id)).not.toContain(captures[0]!.id);
  }, 120_000);
});
