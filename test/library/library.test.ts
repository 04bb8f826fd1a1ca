// The team library on a real PostgreSQL: its schema, publishing (byte for byte, one copy of the
// same content, nothing left by a cancel), row-level security per team, a read-only role, a newer
// schema refused for writing, PostgreSQL's full-text search with the local search's rules, the audit
// of who ran what, and retention of headless captures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { LocalRecordings } from '../../src/main/recorder/recording-source';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import type { LibraryConnection } from '../../src/main/library/library-connection';
import { PublishCancelled, publishRecording } from '../../src/main/library/library-publisher';
import { LibraryRecordings } from '../../src/main/library/library-recordings';
import { searchLibrary } from '../../src/main/library/library-search';
import { auditLibrary } from '../../src/main/library/library-audit';
import { skipOrFail } from '../support/real-tier';
import { postgresUnavailable, startTestPostgres, type TestPostgres } from '../support/postgres';
import { tempDir } from '../support/temp-dir';
import type { TerminalFrame } from '../../src/shared/terminal/terminal-frames';

const why = postgresUnavailable();
if (why) console.warn(`team library tests skipped: ${why}`);

const HOSTILE = ['<script>alert(1)</script>', '\u202eevil\u202c \u0000nul', 'tab\there\nnew line \\ backslash', '订单支付失败 payment failed'];

/** A closed local recording: watch results (one threw), a message, hostile values, odd spacing kept. */
function makeRecording(db: Db, name: string, calls = 30): number {
  const w = new RecordingWriter(db);
  const id = w.createRecording({ targetName: `orders-${name}`, targetUrl: 'http://10.0.0.5:8563/api', name, startedAt: 1_764_000_000_000 });
  db.prepare('UPDATE sessions SET run_by = ? WHERE id = ?').run('ann', id);
  w.writeJob(id, { jobId: 1, command: 'watch demo.Checkout pay "{params, returnObj, throwExp}" -x 2', state: 'succeeded', startedAt: 1_764_000_000_000, endedAt: 1_764_000_009_000 });
  let at = 1_764_000_000_100;
  for (let i = 0; i < calls; i++) {
    const threw = i === 7;
    const raw = `{"accessPoint":"${threw ? 'AtExceptionExit' : 'AtExit'}","className":"demo.Checkout","cost":${1.5 + i / 3},"jobId":1,"methodName":"pay","ts":"2026-11-24 16:00:0${i % 10}.123456789","type":"watch","value":"@ArrayList[ @Object[][ @Integer[${1000 + i}], ], ${threw ? 'java.lang.IllegalStateException: order 1007 declined' : `@String[ok-${i}]`}, ]"}`;
    w.writeBatch(id, [resultRow(Math.floor(i / 5), (at += 40), 'live', JSON.parse(raw) as { type: string }, raw)]);
  }
  for (const h of HOSTILE) {
    const raw = JSON.stringify({ jobId: 0, message: h, type: 'message' });
    w.writeBatch(id, [resultRow(99, (at += 40), 'live', JSON.parse(raw) as { type: string }, raw)]);
  }
  // a number beyond 2^53 and spacing JSON.parse would not keep
  const odd = '{"type":"ognl","jobId":0,  "value":123456789012345678901234567890}';
  w.writeBatch(id, [resultRow(100, (at += 40), 'live', { type: 'ognl', jobId: 0 }, odd)]);
  w.writeEvent(id, { at: 1_764_000_000_500, kind: 'bookmark', message: 'slow here' });
  w.writeEvent(id, { at: 1_764_000_000_900, kind: 'gap', gapReason: 'server-drop', message: 'gap: 3 results dropped' });
  w.endRecording(id, 'closed', at + 10);
  return id;
}

describe.skipIf(skipOrFail(why))('team library on a real PostgreSQL', () => {
  let pgs: TestPostgres;
  const dir = tempDir('arthas-deck-lib-');
  let db: Db;
  let recId: number;
  let ann: LibraryConnection;
  beforeAll(async () => {
    pgs = await startTestPostgres();
    await pgs.addTeam('payments', 7);
    await pgs.addTeam('search');
    await pgs.addUser('ann', ['payments']);
    await pgs.addUser('bob', ['search']);
    await pgs.addUser('cai', ['payments'], { readOnly: true });
    db = openDatabase(dir.file('desk.db'));
    recId = makeRecording(db, 'checkout');
    ann = await pgs.connect('ann');
  }, 120_000);
  /** what the tests of reading need in the library: the recording published (once: the same content is kept once) */
  const ensurePublished = (): Promise<unknown> => publishRecording(db, ann, recId, { team: 'payments' });
  afterAll(async () => {
    db?.close();
    await pgs?.close();
    dir.remove();
  });

  it('knows who is connected: the user, their teams, whether they may publish; the schema is current', async () => {
    expect(ann.status).toMatchObject({ user: 'ann', teams: ['payments'], canPublish: true, writable: true, schemaVersion: 2, knownVersion: 2 });
    const cai = await pgs.connect('cai');
    expect(cai.status).toMatchObject({ user: 'cai', teams: ['payments'], canPublish: false, writable: false });
    expect(cai.status!.reason).toMatch(/may read this library but not publish/);
  });

  it('publishes a recording and reads it back byte for byte: results, jobs, events, who published and ran it', async () => {
    const out = await publishRecording(db, ann, recId, { team: 'payments' });
    expect(out).toMatchObject({ results: 35, events: 2, deduplicated: false });
    const lib = new LibraryRecordings(ann, 1);
    const local = new LocalRecordings(db);
    const [a, b] = await Promise.all([lib.page(out.libraryId, { limit: 1000 }), local.page(recId, { limit: 1000 })]);
    expect(a.results).toEqual(b.results);
    expect(a.results.find((r) => r.type === 'ognl')!.raw).toBe('{"type":"ognl","jobId":0,  "value":123456789012345678901234567890}');
    expect(await lib.jobs(out.libraryId)).toEqual(await local.jobs(recId));
    expect((await lib.events(out.libraryId)).map((e) => [e.at, e.kind, e.gapReason, e.message])).toEqual((await local.events(recId)).map((e) => [e.at, e.kind, e.gapReason, e.message]));
    const summary = (await lib.get(out.libraryId))!;
    expect(summary).toMatchObject({ name: 'checkout', targetName: 'orders-checkout', resultCount: 35, state: 'closed', runBy: 'ann', library: { team: 'payments', kind: 'published', publishedBy: 'ann' } });
    expect(await lib.countsByType(out.libraryId)).toEqual(await local.countsByType(recId));
    expect(await lib.posAtTime(out.libraryId, 1_764_000_000_500)).toBe(await local.posAtTime(recId, 1_764_000_000_500));
    // a timeline click hands over a fraction of a millisecond
    expect(await lib.posAtTime(out.libraryId, 1_764_000_000_500.73)).toBe(await local.posAtTime(recId, 1_764_000_000_500.73));
  });

  it("publishes Arthas's terminal as recorded (#36.3): its frames back byte for byte, its lines found by the library's search, the secret masked as recorded", async () => {
    const w = new RecordingWriter(db);
    const id = w.createRecording({ targetName: 'orders-terminal', targetUrl: 'http://10.0.0.5:8563/api', name: 'terminal of orders', startedAt: 1_764_000_100_000 });
    const frames: TerminalFrame[] = [
      { type: 'terminal', resize: { cols: 120, rows: 40 } },
      { type: 'terminal', out: '[arthas@42]$ ' },
      { type: 'terminal', in: 'auth *******\r' },
      { type: 'terminal', out: 'auth *******\r\n\u001b[31mAuthentication result: false\u001b[0m\r\n[arthas@42]$ ' },
      { type: 'terminal', line: '[arthas@42]$ auth *******\nAuthentication result: false' },
    ];
    frames.forEach((f, i) => w.writeBatch(id, [resultRow(i, 1_764_000_100_000 + i * 100, 'live', f as unknown as { type: string }, JSON.stringify(f))]));
    w.endRecording(id, 'closed', 1_764_000_101_000);
    const out = await publishRecording(db, ann, id, { team: 'payments' });
    const [a, b] = await Promise.all([new LibraryRecordings(ann, 1).page(out.libraryId, { limit: 100 }), new LocalRecordings(db).page(id, { limit: 100 })]);
    expect(a.results).toEqual(b.results);
    expect(a.results.map((r) => JSON.parse(r.raw!) as TerminalFrame)).toEqual(frames);
    const found = await searchLibrary(ann, { text: 'Authentication result' });
    expect(found.hits.some((h) => h.recordingId === out.libraryId && h.type === 'terminal' && /Authentication result: false/.test(h.snippet.text))).toBe(true);
    // the escapes and keystrokes are not what search finds: only the lines
    expect((await searchLibrary(ann, { text: '31mAuthentication' })).hits.filter((h) => h.recordingId === out.libraryId)).toEqual([]);
  });

  it('publishing the same content again keeps one copy; another selection is another copy', async () => {
    const first = await publishRecording(db, ann, recId, { team: 'payments' });
    expect(first.deduplicated).toBe(true);
    const count = async (): Promise<number> => Number((await pgs.admin('SELECT count(*) AS n FROM deck.recordings')).rows[0].n);
    const before = await count();
    const part = await publishRecording(db, ann, recId, { team: 'payments', jobs: [1], mask: [{ pattern: 'ok-\\d+' }] });
    expect(part).toMatchObject({ results: 30, deduplicated: false });
    expect(part.masked).toBe(29);
    expect(await count()).toBe(before + 1);
    const masked = await new LibraryRecordings(ann, 1).page(part.libraryId, { limit: 100 });
    expect(masked.results.map((r) => r.raw).join('')).not.toMatch(/ok-\d/);
  });

  it('a cancelled publish leaves nothing in the library', async () => {
    const big = makeRecording(db, 'big', 6000);
    const abort = new AbortController();
    const count = async (): Promise<number> => Number((await pgs.admin('SELECT count(*) AS n FROM deck.results')).rows[0].n);
    const before = await count();
    await expect(publishRecording(db, ann, big, { team: 'payments' }, { signal: abort.signal, onProgress: (p) => p.done >= 2000 && abort.abort() })).rejects.toBeInstanceOf(PublishCancelled);
    expect(await count()).toBe(before);
    expect(Number((await pgs.admin(`SELECT count(*) AS n FROM deck.recordings WHERE name = 'big'`)).rows[0].n)).toBe(0);
    // and the connection pool still works
    expect((await publishRecording(db, ann, big, { team: 'payments' })).results).toBe(6005);
  }, 60_000);

  it('publishing masks a secret in every field the recording carries and counts each match', async () => {
    const secret = 'Tr0ub4dor';
    const w = new RecordingWriter(db);
    const id = w.createRecording({ targetName: `orders-${secret}`, targetUrl: `http://10.0.0.5:8563/api?k=${secret}`, name: `login as ${secret}`, startedAt: 1_764_000_100_000 });
    w.writeMeta(id, { tags: [`pw-${secret}`], arthasSessionId: 's-9', arthasVersion: '4.3.4', pid: '42', mainClass: `demo.Main --password ${secret}` });
    w.writeJob(id, { jobId: 1, command: `ognl '@demo.Auth@login("ann","${secret}")'`, state: 'failed', statusCode: 1, statusMessage: `login refused for ${secret}`, startedAt: 1_764_000_100_000 });
    w.writeEvent(id, { at: 1_764_000_100_050, kind: 'bookmark', message: `typed ${secret} here`, data: { note: `the ${secret} one` } });
    const raw = JSON.stringify({ type: 'ognl', jobId: 1, value: `@String[${secret}]` });
    w.writeBatch(id, [resultRow(1, 1_764_000_100_060, 'live', JSON.parse(raw) as { type: string }, raw)]);
    w.endRecording(id, 'closed', 1_764_000_101_000);
    const out = await publishRecording(db, ann, id, { team: 'payments', mask: [{ pattern: secret }] });
    expect(out.masked).toBe(10);
    // everything the library holds of it, as its owner reads it: no trace of the secret
    const stored = await pgs.admin(
      `SELECT (SELECT row_to_json(r)::text FROM deck.recordings r WHERE r.id = $1) AS rec,
              (SELECT coalesce(json_agg(j)::text, '') FROM deck.jobs j WHERE j.recording_id = $1) AS jobs,
              (SELECT coalesce(json_agg(e)::text, '') FROM deck.events e WHERE e.recording_id = $1) AS events,
              (SELECT coalesce(json_agg(x)::text, '') FROM deck.results x WHERE x.recording_id = $1) AS results`,
      [out.libraryId],
    );
    const all = JSON.stringify(stored.rows[0]);
    expect(all).toContain('***');
    expect(all).not.toContain(secret);
    expect((await new LibraryRecordings(ann, 1).get(out.libraryId))!).toMatchObject({ name: 'login as ***', targetName: 'orders-***', mainClass: 'demo.Main --password ***' });
  });

  it("row-level security: another team's recordings are not there; a read-only role cannot write; nobody writes into a team not theirs", async () => {
    await ensurePublished();
    const bob = await pgs.connect('bob');
    expect(await new LibraryRecordings(bob, 1).list({})).toEqual([]);
    expect(Number((await bob.pool.query('SELECT count(*) AS n FROM deck.results')).rows[0].n)).toBe(0);
    await expect(publishRecording(db, bob, recId, { team: 'payments' })).rejects.toThrow(/bob is not a member of team "payments"/);
    // straight SQL cannot get around it
    await expect(bob.pool.query(`INSERT INTO deck.recordings (team, kind, target_name, target_url, started_at, state) VALUES ('payments', 'published', 'x', 'y', 1, 'closed')`)).rejects.toThrow(/row-level security/);
    const cai = await pgs.connect('cai');
    expect((await new LibraryRecordings(cai, 1).list({})).length).toBeGreaterThan(0);
    await expect(publishRecording(db, cai, recId, { team: 'payments' })).rejects.toThrow(/may read this library but not publish/);
    await expect(cai.pool.query('DELETE FROM deck.recordings')).rejects.toThrow(/permission denied/);
    // the publisher is set by the library: a client may not even name one
    await expect(ann.pool.query(`INSERT INTO deck.recordings (team, kind, target_name, target_url, started_at, state, published_by) VALUES ('payments', 'published', 'x', 'y', 1, 'closed', 'someone-else')`)).rejects.toThrow(/permission denied/);
    const id = Number((await ann.pool.query(`INSERT INTO deck.recordings (team, kind, target_name, target_url, started_at, state) VALUES ('payments', 'published', 'x', 'y', 1, 'closed') RETURNING id`)).rows[0].id);
    expect((await ann.pool.query('SELECT published_by FROM deck.recordings WHERE id = $1', [id])).rows[0].published_by).toBe('ann');
    await ann.pool.query('DELETE FROM deck.recordings WHERE id = $1', [id]);
  });

  it('searches with PostgreSQL full-text search by the local rules: a phrase, a prefix, CJK as a substring; hits are text', async () => {
    await ensurePublished();
    const phrase = await searchLibrary(ann, { text: 'order 1007 declined' });
    expect(phrase.hits.length).toBeGreaterThan(0);
    expect(phrase.hits.every((h) => /order 1007 declined/.test(h.snippet.text))).toBe(true);
    expect((await searchLibrary(ann, { text: 'declined order' })).hits).toEqual([]);
    const pre = await searchLibrary(ann, { text: 'IllegalState' });
    expect(pre.prefix).toBe(true);
    expect(pre.hits.length).toBeGreaterThan(0);
    const cjk = await searchLibrary(ann, { text: '支付' });
    expect(cjk.hits.map((h) => h.type)).toContain('message');
    expect(cjk.hits[0]!.snippet.text).toContain('订单支付失败');
    const html = await searchLibrary(ann, { text: 'script alert' });
    expect(html.hits[0]!.snippet.text).toContain('<script>alert(1)</script>');
    // another team finds nothing of it
    const bob = await pgs.connect('bob');
    expect((await searchLibrary(bob, { text: 'declined' })).hits).toEqual([]);
    // paging by hit id goes on where the page ended
    const all = await searchLibrary(ann, { text: 'pay', limit: 500 });
    const first = await searchLibrary(ann, { text: 'pay', limit: 10 });
    const next = await searchLibrary(ann, { text: 'pay', limit: 10, before: first.hits[first.hits.length - 1]!.id });
    expect([...first.hits, ...next.hits].map((h) => h.id)).toEqual(all.hits.slice(0, 20).map((h) => h.id));
  });

  it('answers who ran what, on which JVM, when, and what came back', async () => {
    await ensurePublished();
    const rows = await auditLibrary(ann, { text: 'watch demo.Checkout' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.find((r) => r.recordingName === 'checkout')).toMatchObject({ runBy: 'ann', team: 'payments', targetName: 'orders-checkout', command: 'watch demo.Checkout pay "{params, returnObj, throwExp}" -x 2', state: 'succeeded', publishedBy: 'ann' });
    expect(rows.find((r) => r.recordingName === 'checkout')!.results).toBe(30);
    const bob = await pgs.connect('bob');
    expect(await auditLibrary(bob, {})).toEqual([]);
  });

  it("keeps a team's headless captures only for its retention; a person's published recordings stay", async () => {
    const old = Date.now() - 10 * 86_400_000;
    const ins = `INSERT INTO deck.recordings (team, kind, target_name, target_url, started_at, ended_at, state) VALUES ($1, $2, 't', 'u', $3, $3, 'closed') RETURNING id`;
    const capture = Number((await ann.pool.query(ins, ['payments', 'capture', old])).rows[0].id);
    const fresh = Number((await ann.pool.query(ins, ['payments', 'capture', Date.now()])).rows[0].id);
    const published = Number((await ann.pool.query(ins, ['payments', 'published', old])).rows[0].id);
    // retention is the administrator's (the schema's owner)
    const removed = Number((await pgs.admin('SELECT deck.apply_retention() AS n')).rows[0].n);
    expect(removed).toBe(1);
    const left = (await ann.pool.query('SELECT id FROM deck.recordings WHERE id = ANY($1)', [[capture, fresh, published]])).rows.map((r) => Number(r.id));
    expect(left.sort()).toEqual([fresh, published].sort());
  });

  it('a library written by a newer deck is read, not written, and says so', async () => {
    await ensurePublished();
    await pgs.admin('INSERT INTO deck.schema_version (version) VALUES (99)');
    try {
      const again = await pgs.connect('ann');
      expect(again.status).toMatchObject({ schemaVersion: 99, writable: false });
      expect(again.status!.reason).toMatch(/written by a newer Arthas Deck \(schema 99; this one knows 2\)/);
      await expect(publishRecording(db, again, recId, { team: 'payments' })).rejects.toThrow(/newer Arthas Deck/);
      expect((await new LibraryRecordings(again, 1).list({})).length).toBeGreaterThan(0);
    } finally {
      await pgs.admin('DELETE FROM deck.schema_version WHERE version = 99');
    }
  });
});
