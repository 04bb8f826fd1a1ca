import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../src/main/recorder/db';
import { MIGRATIONS } from '../../src/main/recorder/migrations';
import { RecordingReader } from '../../src/main/recorder/recording-reader';
import { RecordingWriter, recoverInterrupted, resultRow } from '../../src/main/recorder/recording-writer';
import { tempDir } from '../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('recording database', () => {
  it(`migrates from every older schema version up to ${MIGRATIONS.length}, keeping the data`, () => {
    for (let from = 0; from < MIGRATIONS.length; from++) {
      const file = dir.file(`v${from}.db`);
      const raw = new Database(file);
      migrate(raw, from);
      expect(schemaVersion(raw)).toBe(from);
      if (from >= 1) {
        raw.prepare(`INSERT INTO sessions (target_name, target_url, started_at, state) VALUES ('t', 'http://x/api', 1, 'closed')`).run();
        raw.prepare(`INSERT INTO results (session_id, pos, batch_seq, job_id, type, origin, received_at, raw) VALUES (1, 1, 1, 0, 'message', 'live', 5, '{"type":"message"}')`).run();
      }
      raw.close();
      const db = openDatabase(file);
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      if (from >= 1) expect(new RecordingReader(db).page(1).results[0]!.raw).toBe('{"type":"message"}');
      // every table of the newest schema is there
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['targets', 'sessions', 'consumers', 'jobs', 'results', 'events', 'settings', 'command_history']));
      db.close();
    }
  });

  it('refuses a database from a newer app instead of damaging it', () => {
    const file = dir.file('future.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer Arthas Deck/);
  });

  it('opens in WAL mode', () => {
    const db = openDatabase(dir.file('wal.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('stores payloads losslessly: unicode, numbers beyond 2^53, nesting, a 10 MB string', () => {
    const db = openDatabase(dir.file('lossless.db'));
    const w = new RecordingWriter(db);
    const id = w.createRecording({ targetName: 't', targetUrl: 'http://127.0.0.1:8563/api' });
    const payloads = [
      '{"type":"ognl","jobId":3,"value":9223372036854775807}',
      '{"type":"watch","jobId":3,"value":"😀 中文 \\u0000 \\ud800 ‮rtl‬ zero\\u200bwidth","ts":1596703453237}',
      `{"type":"watch","jobId":3,"value":${'['.repeat(500)}1${']'.repeat(500)}}`,
      `{"type":"watch","jobId":3,"value":"${'x'.repeat(10 * 1024 * 1024)}"}`,
      '{ "type" : "message" , "message":"spacing kept",  "n": 1.0e+3 }',
    ];
    w.writeBatch(id, payloads.map((raw, i) => resultRow(1, 1000 + i, 'live', JSON.parse(raw), raw)));
    db.close();
    const again = openDatabase(dir.file('lossless.db'));
    const page = new RecordingReader(again).page(id, { limit: 10 });
    expect(page.results.map((r) => r.raw)).toEqual(payloads);
    expect(page.results.map((r) => r.type)).toEqual(['ognl', 'watch', 'watch', 'watch', 'message']);
    expect(page.results[1]!.serverTime).toBe(1596703453237);
    again.close();
  });

  it('pages through results by position in both directions (keyset), with job and type filters', () => {
    const db = openDatabase(dir.file('pages.db'));
    const w = new RecordingWriter(db);
    const id = w.createRecording({ targetName: 't', targetUrl: 'u' });
    for (let b = 0; b < 10; b++) {
      w.writeBatch(
        id,
        Array.from({ length: 100 }, (_, i) => {
          const n = b * 100 + i;
          const r = { type: n % 10 === 0 ? 'status' : 'watch', jobId: n < 500 ? 1 : 2, n };
          return resultRow(b + 1, 10_000 + n, 'live', r, JSON.stringify(r));
        }),
      );
    }
    const reader = new RecordingReader(db);
    const first = reader.page(id, { limit: 300 });
    expect(first.results.map((r) => r.pos)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(first).toMatchObject({ hasBefore: false, hasAfter: true });
    const next = reader.page(id, { after: 300, limit: 300 });
    expect(next.results[0]!.pos).toBe(301);
    const back = reader.page(id, { before: 301, limit: 100 });
    expect(back.results.map((r) => r.pos)).toEqual(Array.from({ length: 100 }, (_, i) => 201 + i));
    expect(back).toMatchObject({ hasBefore: true, hasAfter: true });
    const last = reader.page(id, { after: 900, limit: 300 });
    expect(last.results).toHaveLength(100);
    expect(last.hasAfter).toBe(false);
    const job2 = reader.page(id, { jobId: 2, types: ['status'], limit: 1000 });
    expect(job2.results).toHaveLength(50);
    expect(job2.results.every((r) => r.jobId === 2 && r.type === 'status')).toBe(true);
    expect(reader.countsByType(id)).toEqual({ status: 100, watch: 900 });
    expect(reader.countsByJob(id)).toEqual({ 1: 500, 2: 500 });
    expect(reader.posAtTime(id, 10_499)).toBe(500);
    expect(reader.posAtTime(id, 1)).toBe(0);
    db.close();
  });

  it('marks recordings left "recording" by a dead process as interrupted, and leaves live ones of a running process alone', () => {
    const db = openDatabase(dir.file('recover.db'));
    const w = new RecordingWriter(db);
    const dead = w.createRecording({ targetName: 'a', targetUrl: 'u', startedAt: 100 });
    w.writeBatch(dead, [resultRow(1, 777, 'live', { type: 'message' }, '{"type":"message"}')]);
    db.prepare('UPDATE sessions SET owner_pid = 999999 WHERE id = ?').run(dead);
    const alive = w.createRecording({ targetName: 'b', targetUrl: 'u' });
    db.prepare('UPDATE sessions SET owner_pid = ? WHERE id = ?').run(process.ppid, alive);
    expect(recoverInterrupted(db)).toBe(1);
    const reader = new RecordingReader(db);
    expect(reader.get(dead)).toMatchObject({ state: 'interrupted', endedAt: 777, resultCount: 1 });
    expect(reader.get(alive)!.state).toBe('recording');
    db.close();
  });

  it('lists recordings with filters and finds them by command and by result text', () => {
    const db = openDatabase(dir.file('list.db'));
    const w = new RecordingWriter(db);
    const a = w.createRecording({ targetName: 'orders', targetUrl: 'u', startedAt: 1000 });
    w.writeJob(a, { jobId: 1, command: 'watch com.shop.Order place', state: 'succeeded', startedAt: 1000 });
    w.writeBatch(a, [resultRow(1, 1001, 'live', { type: 'watch' }, '{"type":"watch","value":"needle-42"}')]);
    w.endRecording(a, 'closed', 2000);
    const b = w.createRecording({ targetName: 'billing', targetUrl: 'u', startedAt: 3000 });
    w.endRecording(b, 'lost', 4000);
    const reader = new RecordingReader(db);
    expect(reader.list().map((r) => r.id)).toEqual([b, a]);
    expect(reader.list({ text: 'Order place' }).map((r) => r.id)).toEqual([a]);
    expect(reader.list({ state: 'lost' }).map((r) => r.id)).toEqual([b]);
    expect(reader.list({ from: 2500 }).map((r) => r.id)).toEqual([b]);
    expect(reader.list()[1]!.commands).toEqual(['watch com.shop.Order place']);
    expect(reader.list({ text: '100%_' })).toEqual([]);
    db.close();
  });
});
