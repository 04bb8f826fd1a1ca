// The full-text search on a real SQLite file: what the recorder writes is found (by the index once the
// indexer reached it, by a scan before), filters narrow it, hostile queries are plain text, deleted
// ids used again are indexed again, and an old database gets its index built as a cancellable task.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { migrate, openDatabase, type Db } from '../../src/main/recorder/db';
import { MIGRATIONS } from '../../src/main/recorder/migrations';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { searchResults } from '../../src/main/search/result-search';
import { SearchIndexer } from '../../src/main/search/search-indexer';
import type { DeckEvent } from '../../src/shared/contract';
import { markedParts, resultSearchText } from '../../src/shared/search/search-text';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

let dir: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  dir = tempDir();
  db = openDatabase(dir.file('search.db'));
});
afterEach(() => {
  db.close();
  dir.remove();
});

const watch = (value: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ type: 'watch', jobId: 1, ts: '2026-11-25 10:00:00.000', cost: 0.5, value, sizeLimit: 10485760, expand: 2, ...extra });
const EXC = '@ArrayList[\n    @Object[][\n        @Integer[-22214],\n    ],\n    null,\n    java.lang.IllegalArgumentException: number is: -22214, need >= 2\n\tat demo.MathGame.primeFactors(MathGame.java:46)\n,\n]';

function record(w: RecordingWriter, target: string, raws: string[], at = 1_000): number {
  const id = w.createRecording({ targetName: target, targetUrl: 'http://h:8563/api', startedAt: at });
  w.writeJob(id, { jobId: 1, command: `watch demo.MathGame primeFactors '{params, returnObj, throwExp}' -x 2`, state: 'succeeded', startedAt: at });
  raws.forEach((raw, i) => w.writeBatch(id, [resultRow(i, at + i, 'live', JSON.parse(raw) as { type: string }, raw)]));
  return id;
}

describe('full-text search', () => {
  it('finds an exception by its message, in order, newest first, with the match marked; the index and the scan agree', () => {
    const w = new RecordingWriter(db);
    const a = record(w, 'orders-1', [watch('@Integer[75414]'), watch(EXC), watch('@Integer[7]')]);
    const b = record(w, 'orders-2', [watch(EXC), watch('@String[café]')], 5_000);
    // nothing indexed yet: the scan answers
    const scanned = searchResults(db, 0, { text: 'number is: -22214' });
    expect(scanned.scanned).toBeGreaterThan(0);
    const indexer = new SearchIndexer(db);
    expect(indexer.catchUp()).toBe(5 + 0);
    const upto = indexer.indexedUpto();
    const viaIndex = searchResults(db, upto, { text: 'number is: -22214' });
    expect(viaIndex.scanned).toBe(0);
    expect(viaIndex.hits.map((h) => [h.recordingId, h.pos])).toEqual([
      [b, 1],
      [a, 2],
    ]);
    expect(scanned.hits.map((h) => h.id)).toEqual(viaIndex.hits.map((h) => h.id));
    const hit = viaIndex.hits[1]!;
    expect(hit).toMatchObject({ type: 'watch', targetName: 'orders-1', jobId: 1 });
    const marked = markedParts(hit.snippet.text, hit.snippet.marks).filter((p) => p.mark);
    expect(marked.map((p) => p.text)).toEqual(['number is: -22214']);
    // words in another order are not the phrase
    expect(searchResults(db, upto, { text: 'is number' }).hits).toEqual([]);
    // case does not matter; the last word may be a prefix; a class name by its dotted parts
    // whole words first; a start of a word is tried when they are found nowhere, or asked for with *
    const partial = searchResults(db, upto, { text: 'illegalargumentexc' });
    expect(partial.hits).toHaveLength(2);
    expect(partial.prefix).toBe(true);
    expect(searchResults(db, upto, { text: 'IllegalArgumentException' }).prefix).toBe(false);
    expect(searchResults(db, upto, { text: 'Integ*' }).hits.map((h) => [h.recordingId, h.pos])).toEqual([
      [b, 1],
      [a, 3],
      [a, 2],
      [a, 1],
    ]);
    expect(searchResults(db, upto, { text: 'Integ*', recordingId: a }).hits.map((h) => h.pos)).toEqual([3, 2, 1]);
    expect(searchResults(db, upto, { text: 'demo.MathGame.primeFactors' }).hits).toHaveLength(2);
    // a parameter value, not a bookkeeping field (every result has expand 2 and sizeLimit 10485760)
    expect(searchResults(db, upto, { text: '75414' }).hits.map((h) => h.pos)).toEqual([1]);
    expect(searchResults(db, upto, { text: '10485760' }).hits).toEqual([]);
    expect(searchResults(db, upto, { text: 'café' }).hits).toHaveLength(1);
  });

  it('filters by recording, target, type and time; pages by id; finds commands', () => {
    const w = new RecordingWriter(db);
    const raws = Array.from({ length: 30 }, (_, i) => watch(`@String[needle ${i}]`));
    const a = record(w, 'billing', raws, 1_000);
    const b = record(w, 'orders', raws, 100_000);
    new SearchIndexer(db).catchUp();
    const upto = new SearchIndexer(db).indexedUpto();
    expect(searchResults(db, upto, { text: 'needle', recordingId: a }).hits.every((h) => h.recordingId === a)).toBe(true);
    expect(searchResults(db, upto, { text: 'needle', target: 'ord' }).hits.every((h) => h.recordingId === b)).toBe(true);
    expect(searchResults(db, upto, { text: 'needle', types: ['trace'] }).hits).toEqual([]);
    expect(searchResults(db, upto, { text: 'needle', from: 1_010, to: 1_019 }).hits.map((h) => h.pos)).toEqual([20, 19, 18, 17, 16, 15, 14, 13, 12, 11]);
    const first = searchResults(db, upto, { text: 'needle', limit: 25 });
    expect(first.more).toBe(true);
    const second = searchResults(db, upto, { text: 'needle', limit: 25, before: first.hits.at(-1)!.id });
    const third = searchResults(db, upto, { text: 'needle', limit: 25, before: second.hits.at(-1)!.id });
    const ids = [...first.hits, ...second.hits, ...third.hits].map((h) => h.id);
    expect(new Set(ids).size).toBe(60);
    expect(third.more).toBe(false);
    expect(first.commands.length).toBe(0);
    const cmd = searchResults(db, upto, { text: 'primeFactors' });
    expect(cmd.commands.map((c) => [c.recordingId, c.jobId, c.pos])).toEqual([
      [b, 1, 1],
      [a, 1, 1],
    ]);
  });

  it('treats FTS syntax and hostile text as plain words, and CJK as a substring', () => {
    const w = new RecordingWriter(db);
    record(w, 't', [watch('@String[订单不存在: 42]'), watch('@String[a "quoted" NEAR(x y) value*]')]);
    const idx = new SearchIndexer(db);
    idx.catchUp();
    const upto = idx.indexedUpto();
    for (const q of ['"', 'NEAR(x y)', 'value*', 'a AND OR NOT', '^', "'; DROP TABLE results; --", '*', '(((']) expect(() => searchResults(db, upto, { text: q })).not.toThrow();
    expect(searchResults(db, upto, { text: 'NEAR(x y)' }).hits).toHaveLength(1);
    expect(searchResults(db, upto, { text: '"quoted"' }).hits).toHaveLength(1);
    expect(searchResults(db, upto, { text: '不存在' }).hits.map((h) => h.snippet.text)).toEqual([expect.stringContaining('订单不存在: 42')]);
    // text without words is looked for literally
    expect(searchResults(db, upto, { text: '*' }).hits.map((h) => h.snippet.text)).toEqual([expect.stringContaining('value*')]);
    expect(searchResults(db, upto, { text: '^' }).hits).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM results').get()).toEqual({ n: 2 });
  });

  it('indexes again the ids a deleted recording frees', () => {
    const w = new RecordingWriter(db);
    const a = record(w, 'gone', [watch('@String[old-text]'), watch('@String[old-text]')]);
    const idx = new SearchIndexer(db);
    idx.catchUp();
    w.deleteRecording(a);
    expect(idx.indexedUpto()).toBe(0);
    record(w, 'new', [watch('@String[fresh-text]'), watch('@String[fresh-text]')]);
    idx.catchUp();
    expect(searchResults(db, idx.indexedUpto(), { text: 'old text' }).hits).toEqual([]);
    expect(searchResults(db, idx.indexedUpto(), { text: 'fresh text' }).hits).toHaveLength(2);
  });

  it('an old database (schema 5) gets its index built in the background as a task that can be cancelled and resumed', async () => {
    db.close();
    const file = dir.file('old.db');
    // what an older version left: schema 5, results but no index
    const old = new Database(file);
    migrate(old, 5);
    const id = Number(old.prepare(`INSERT INTO sessions (target_name, target_url, started_at, state) VALUES ('big', 'u', 1, 'closed')`).run().lastInsertRowid);
    const ins = old.prepare(`INSERT INTO results (session_id, pos, batch_seq, job_id, type, origin, received_at, server_time, raw) VALUES (?, ?, 0, 1, 'watch', 'live', ?, NULL, ?)`);
    old.transaction(() => {
      for (let i = 1; i <= 30_000; i++) ins.run(id, i, i, watch(`@Integer[${i}]`, i === 29_999 ? { value: EXC } : {}));
    })();
    old.close();
    db = openDatabase(file);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    const events: DeckEvent[] = [];
    const deck = new DeckService({ db, databasePath: file, mode: 'serve', version: 't', searchIndex: { sliceMs: 2, pollMs: 50 } });
    deck.onEvent((e) => events.push(e));
    // searchable at once, by scanning what is not indexed yet
    const early = await deck.call<'search.results'>('search.results', { text: 'IllegalArgumentException' });
    expect(early.hits.map((h) => h.pos)).toEqual([29_999]);
    await waitFor(() => events.some((e) => e.type === 'task.progress' && e.progress.what === 'index'), 'index building progress');
    const started = events.find((e) => e.type === 'task.progress' && e.progress.what === 'index') as Extract<DeckEvent, { type: 'task.progress' }>;
    expect(started.progress).toMatchObject({ phase: 'indexing', unit: 'results', total: 30_000 });
    await deck.call('tasks.cancel', { taskId: started.progress.taskId });
    expect(events.some((e) => e.type === 'task.done' && e.taskId === started.progress.taskId && !e.ok)).toBe(true);
    const paused = await deck.call<'search.status'>('search.status', {});
    expect(paused.paused).toBe(true);
    expect(paused.pending).toBeGreaterThan(0);
    const upto = paused.indexedUpto;
    await new Promise((r) => setTimeout(r, 200));
    expect((await deck.call<'search.status'>('search.status', {})).indexedUpto).toBe(upto);
    await deck.call('search.build', {});
    await waitFor(async () => (await deck.call<'search.status'>('search.status', {})).pending === 0, 'the index built', 20_000);
    const done = await deck.call<'search.results'>('search.results', { text: 'IllegalArgumentException' });
    expect(done.scanned).toBe(0);
    expect(done.hits.map((h) => h.pos)).toEqual([29_999]);
    await deck.shutdown();
  });

  it('indexes what the recorder writes while the app runs (the recorder is not held up)', async () => {
    const deck = new DeckService({ db, databasePath: '', mode: 'serve', version: 't', searchIndex: { pollMs: 50 } });
    const w = new RecordingWriter(db);
    record(w, 'live', [watch('@String[written-later]')]);
    await waitFor(async () => (await deck.call<'search.status'>('search.status', {})).pending === 0, 'indexed');
    const a = await deck.call<'search.results'>('search.results', { text: 'written later' });
    expect(a.hits).toHaveLength(1);
    expect(a.scanned).toBe(0);
    await deck.shutdown();
  });
});

describe('a recorded profile in the search', () => {
  it('is found by a frame, Java-printed or as written; the index holds each frame once, not the stacks', () => {
    const w = new RecordingWriter(db);
    // 2,000 stacks that repeat three frames: the indexed text is the frames, not 2,000 lines
    const lines = Array.from({ length: 2000 }, (_, i) => `java/lang/Thread.run;demo/MathGame.run;demo/MathGame.primeFactors_[j];frame${i % 3} ${10_000_000 * (1 + (i % 7))}`);
    const raw = JSON.stringify({ type: 'profiler', action: 'dumpCollapsed', actionArg: 'TOTAL', executeResult: `${lines.join('\n')}\n`, jobId: 2 });
    const id = w.createRecording({ targetName: 'orders-1', targetUrl: 'http://h:8563/api', startedAt: 1_000 });
    w.writeBatch(id, [resultRow(1, 1_001, 'exec', { type: 'profiler', jobId: 2 }, raw)]);
    const scanned = searchResults(db, 0, { text: 'demo.MathGame.primeFactors' });
    expect(scanned.hits.map((h) => h.recordingId)).toEqual([id]);
    const indexer = new SearchIndexer(db);
    indexer.catchUp();
    for (const text of ['demo.MathGame.primeFactors', 'demo/MathGame.primeFactors', 'frame2']) {
      const found = searchResults(db, indexer.indexedUpto(), { text });
      expect(found.scanned, text).toBe(0);
      expect(found.hits.map((h) => [h.recordingId, h.pos, h.type]), text).toEqual([[id, 1, 'profiler']]);
    }
    expect(searchResults(db, indexer.indexedUpto(), { text: 'frame3' }).hits).toEqual([]);
    // what was indexed (the index keeps no copy of it to read back)
    expect(resultSearchText(raw).split('\n').sort()).toEqual(['TOTAL', 'demo/MathGame.primeFactors_[j]', 'demo/MathGame.run', 'dumpCollapsed', 'frame0', 'frame1', 'frame2', 'java/lang/Thread.run']);
  });
});
