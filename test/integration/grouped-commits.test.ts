// The recorder commits answers at most every COMMIT_EVERY_MS: answers that come faster are
// committed together, in order, with the possible-loss events between them, and passed on only
// after their commit; a lone answer is committed as it comes; any other event, a job's change, a
// snapshot and close() commit what waits, then themselves. The outputs are fed
// as an engine says them (its sink), into a real SQLite file.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineOutput, EngineSink } from '../../src/main/arthas/engine-outbox';
import type { SessionEngine } from '../../src/main/arthas/session';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { RecordingWriter } from '../../src/main/recorder/recording-writer';
import { COMMIT_EVERY_MS, SessionRecorder, type RecordedOutput } from '../../src/main/recorder/session-recorder';
import { tempDir } from '../support/temp-dir';

const dir = tempDir();
let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

let seq = 0;
function answer(values: number[]): EngineOutput {
  const results = values.map((v) => {
    const raw = `{"type":"watch","jobId":1,"value":"@Integer[${v}]"}`;
    return { result: JSON.parse(raw), raw, origin: 'live' as const, serverTime: null };
  });
  return { type: 'batch', batch: { seq: ++seq, arthasSessionId: 's', consumerId: 'c', receivedAt: Date.now(), results } };
}

function rig() {
  db = openDatabase(dir.file(`grouped-${seq}.db`));
  const writer = new RecordingWriter(db);
  // a real writer, counted: what each transaction held
  const groups: string[][] = [];
  const writeGroup = writer.writeGroup.bind(writer);
  writer.writeGroup = (id, items) => {
    groups.push(items.map((i) => ('rows' in i ? `answer:${i.rows.length}` : 'event' in i ? `event:${i.event.kind}` : 'job')));
    return writeGroup(id, items);
  };
  let sink: EngineSink = () => undefined;
  const engine = { onOutput: (s: EngineSink) => ((sink = s), () => undefined) } as unknown as SessionEngine;
  const recordingId = writer.createRecording({ targetName: 't', targetUrl: 'http://127.0.0.1:1/api' });
  const d = db;
  const inFile = (): number => (d.prepare('SELECT COUNT(*) AS n FROM results WHERE session_id = ?').get(recordingId) as { n: number }).n;
  const told: Array<{ type: string; firstPos?: number | null; inFileThen: number }> = [];
  const recorder = new SessionRecorder(writer, engine, recordingId, (o: RecordedOutput) => told.push({ type: o.type, firstPos: o.firstPos, inFileThen: inFile() }));
  return { say: (o: EngineOutput) => sink(o), groups, told, inFile, recorder, recordingId, db: d };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('grouped commits', () => {
  it('answers that come faster than the interval wait for one commit, with the possible losses between them, in order', async () => {
    const r = rig();
    r.say(answer([1, 2]));
    // the first answer after a quiet spell is committed as it comes
    expect(r.groups).toEqual([['answer:2']]);
    expect(r.told).toEqual([{ type: 'batch', firstPos: 1, inFileThen: 2 }]);
    r.say(answer([3, 4, 5]));
    r.say({ type: 'event', event: { kind: 'possible-loss', at: Date.now(), message: 'two full answers' } });
    r.say(answer([6]));
    // nothing of these is written or told yet
    expect(r.groups).toHaveLength(1);
    expect(r.told).toHaveLength(1);
    expect(r.inFile()).toBe(2);
    await sleep(COMMIT_EVERY_MS + 30);
    expect(r.groups).toEqual([['answer:2'], ['answer:3', 'event:possible-loss', 'answer:1']]);
    // each told once in the file, at the positions it has there, in the order said
    expect(r.told.slice(1)).toEqual([
      { type: 'batch', firstPos: 3, inFileThen: 6 },
      { type: 'event', firstPos: undefined, inFileThen: 6 },
      { type: 'batch', firstPos: 6, inFileThen: 6 },
    ]);
    const values = (r.db.prepare('SELECT raw FROM results WHERE session_id = ? ORDER BY pos').all(r.recordingId) as Array<{ raw: string }>).map((x) => Number(/\[(\d+)\]/.exec(x.raw)![1]));
    expect(values).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.recorder.counts.stored).toBe(6);
    // the event is in the file too, with the session's counts
    expect((r.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE kind = 'possible-loss'`).get() as { n: number }).n).toBe(1);
    expect((r.db.prepare('SELECT result_count AS n FROM sessions WHERE id = ?').get(r.recordingId) as { n: number }).n).toBe(6);
  });

  it('answers far apart are each committed on their own', async () => {
    const r = rig();
    for (let i = 0; i < 3; i++) {
      r.say(answer([i]));
      expect(r.groups).toHaveLength(i + 1);
      expect(r.told).toHaveLength(i + 1);
      await sleep(COMMIT_EVERY_MS + 10);
    }
    expect(r.groups).toEqual([['answer:1'], ['answer:1'], ['answer:1']]);
  });

  it("any other event (a session's end), and a job's change, commit what waits, then themselves, at once", () => {
    const r = rig();
    r.say(answer([1]));
    r.say(answer([2]));
    r.say({ type: 'event', event: { kind: 'session-end', at: Date.now(), message: 'Session ended: target unreachable since 12:00:00' } });
    expect(r.groups).toEqual([['answer:1'], ['answer:1']]);
    expect((r.db.prepare(`SELECT message FROM events WHERE kind = 'session-end'`).get() as { message: string }).message).toMatch(/unreachable/);
    r.say(answer([3]));
    r.say({ type: 'job', job: { jobId: 1, command: 'watch x y', state: 'succeeded', startedAt: 1, endedAt: 2 } });
    expect(r.inFile()).toBe(3);
    expect((r.db.prepare('SELECT state FROM jobs WHERE job_id = 1').get() as { state: string }).state).toBe('succeeded');
    expect(r.told.map((t) => t.type)).toEqual(['batch', 'batch', 'event', 'batch', 'job']);
  });

  it('a snapshot, and close(), commit what waits before anything else', () => {
    const r = rig();
    r.say(answer([1]));
    r.say(answer([2]));
    r.say({ type: 'snapshot', snapshot: { state: 'closed' } as never });
    expect(r.groups).toEqual([['answer:1'], ['answer:1']]);
    expect(r.told.map((t) => t.type)).toEqual(['batch', 'batch', 'snapshot']);
    expect((r.db.prepare('SELECT state FROM sessions WHERE id = ?').get(r.recordingId) as { state: string }).state).toBe('closed');
    r.say(answer([3]));
    expect(r.inFile()).toBe(2);
    r.recorder.close();
    expect(r.inFile()).toBe(3);
    expect(r.recorder.counts.stored).toBe(3);
  });

  it('a disk that fails a grouped commit stops recording with a message; what was committed stays', async () => {
    const r = rig();
    r.say(answer([1]));
    r.say(answer([2]));
    // the file's results table refuses writes from now on (what a full disk does to an INSERT)
    r.db.exec(`CREATE TRIGGER full BEFORE INSERT ON results BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END`);
    await sleep(COMMIT_EVERY_MS + 30);
    expect(r.recorder.error).toMatch(/^Recording stopped: database or disk is full/);
    expect(r.inFile()).toBe(1);
    expect(r.recorder.counts).toEqual({ stored: 1, unstored: 1 });
    // the answer that could not be stored is still passed on, without a position
    expect(r.told.filter((t) => t.type === 'batch').map((t) => t.firstPos)).toEqual([1, null]);
  });
});

describe('RecordingWriter.writeGroup', () => {
  const rows = (from: number, n: number) =>
    Array.from({ length: n }, (_, k) => ({ batchSeq: from, jobId: 1, type: 'watch', origin: 'live', receivedAt: 1000 + from, serverTime: null, raw: `{"type":"watch","value":"@Integer[${from + k}]"}` }));

  it('writes every row of a group in order, however the group divides into multi-row statements', () => {
    db = openDatabase(dir.file('write-group.db'));
    const writer = new RecordingWriter(db);
    const id = writer.createRecording({ targetName: 't', targetUrl: 'http://127.0.0.1:1/api' });
    // 20 + 15 + an event + 20 + 3 rows: statements of 20, 20, 18 rows
    const firsts = writer.writeGroup(id, [{ rows: rows(0, 20) }, { rows: rows(20, 15) }, { event: { kind: 'possible-loss', at: 5, message: 'm' } }, { rows: rows(35, 20) }, { rows: rows(55, 3) }]);
    expect(firsts).toEqual([1, 21, null, 36, 56]);
    expect(writer.writeBatch(id, rows(58, 1))).toBe(59);
    const stored = db.prepare('SELECT pos, batch_seq, raw FROM results WHERE session_id = ? ORDER BY pos').all(id) as Array<{ pos: number; batch_seq: number; raw: string }>;
    expect(stored.map((r) => r.pos)).toEqual(Array.from({ length: 59 }, (_, k) => k + 1));
    expect(stored.map((r) => Number(/\[(\d+)\]/.exec(r.raw)![1]))).toEqual(Array.from({ length: 59 }, (_, k) => k));
    expect(stored[20]!.batch_seq).toBe(20);
    const counts = db.prepare('SELECT result_count, byte_count FROM sessions WHERE id = ?').get(id) as { result_count: number; byte_count: number };
    expect(counts.result_count).toBe(59);
    expect(counts.byte_count).toBe(stored.reduce((n, r) => n + r.raw.length, 0));
    expect((db.prepare('SELECT COUNT(*) AS n FROM events WHERE session_id = ?').get(id) as { n: number }).n).toBe(1);
  });

  it('a row that cannot be stored in a later statement takes the whole group back; the next group starts where it would have', () => {
    db = openDatabase(dir.file('write-group-fails.db'));
    const writer = new RecordingWriter(db);
    const id = writer.createRecording({ targetName: 't', targetUrl: 'http://127.0.0.1:1/api' });
    writer.writeBatch(id, rows(0, 2));
    const broken = rows(2, 30);
    (broken[25] as { type: string | null }).type = null;
    expect(() => writer.writeGroup(id, [{ rows: broken.slice(0, 20) }, { rows: broken.slice(20) }])).toThrow(/NOT NULL/);
    expect((db.prepare('SELECT COUNT(*) AS n FROM results WHERE session_id = ?').get(id) as { n: number }).n).toBe(2);
    expect(writer.writeBatch(id, rows(32, 1))).toBe(3);
    expect((db.prepare('SELECT result_count FROM sessions WHERE id = ?').get(id) as { result_count: number }).result_count).toBe(3);
  });
});
