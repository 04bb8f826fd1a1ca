// A fleet as one thing to share: exported to one .arthasrec (format version 2, each line naming its
// member) and imported as a fleet of recordings with everything in it; a version 1 file (one
// recording) still imports; a fleet file whose lines name a member it does not have is refused and
// leaves the library as it was.
import { writeFileSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { exportFleet } from '../../src/main/recorder/arthasrec-export';
import { importRecording } from '../../src/main/recorder/arthasrec-import';
import { FORMAT_VERSION } from '../../src/shared/recording/format';
import { tempDir } from '../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  dir = tempDir();
  db = openDatabase(dir.file('share.db'));
});
afterEach(() => {
  db.close();
  dir.remove();
});

function makeFleet(): { fleetId: number; recs: number[] } {
  const fleetId = Number(db.prepare(`INSERT INTO fleets (name, command, started_at, ended_at) VALUES ('payments: watch', 'watch demo.MathGame primeFactors', 1000, 9000)`).run().lastInsertRowid);
  const w = new RecordingWriter(db);
  const recs: number[] = [];
  for (const [k, member] of ['pay-1', 'pay-2', 'pay-3'].entries()) {
    const id = w.createRecording({ targetName: member, targetUrl: `http://10.0.0.${k + 1}:8563/api`, startedAt: 1000 + k, fleetId, fleetMember: member });
    w.writeJob(id, { jobId: 1, command: 'watch demo.MathGame primeFactors', state: 'succeeded', startedAt: 1000 });
    for (let i = 0; i < 5 + k; i++) w.writeBatch(id, [resultRow(i, 2000 + i * 10 + k, 'live', { type: 'watch' }, JSON.stringify({ type: 'watch', jobId: 1, cost: 0.5 + i, value: `@Integer[${i}] token=secret-${k}` }))]);
    w.writeEvent(id, { at: 2005, kind: 'bookmark', message: `mark ${member}` });
    w.endRecording(id, 'closed', 9000);
    recs.push(id);
  }
  return { fleetId, recs };
}

describe('fleet files', () => {
  it('exports a fleet to one file and imports it as a fleet with every member, masked', async () => {
    const { fleetId } = makeFleet();
    const file = dir.file('fleet.arthasrec');
    const s = await exportFleet(db, fleetId, file, { mask: [{ pattern: 'secret-\\d' }] });
    expect(s).toMatchObject({ results: 5 + 6 + 7, events: 3, masked: 18 });
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!) as { version: number; fleet: { members: Array<{ member: string }> } };
    expect(header.version).toBe(FORMAT_VERSION);
    // the true count of what masking replaced, in the end line (the header is written before masking runs)
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ t: 'end', results: 18, masked: 18 });
    expect(header.fleet.members.map((m) => m.member)).toEqual(['pay-1', 'pay-2', 'pay-3']);
    expect(new Set(lines.slice(1, -1).map((l) => (JSON.parse(l) as { s: number }).s))).toEqual(new Set([0, 1, 2]));
    expect(lines.join('\n')).not.toMatch(/secret-\d/);
    const other = openDatabase(dir.file('other.db'));
    const r = await importRecording(other, file);
    expect(r.fleetId).toBeDefined();
    const deck = new DeckService({ db: other, databasePath: '', mode: 'serve', version: 't', searchIndex: false });
    const f = await deck.call<'fleets.get'>('fleets.get', { id: r.fleetId! });
    expect(f).toMatchObject({ name: 'payments: watch', command: 'watch demo.MathGame primeFactors', startedAt: 1000, endedAt: 9000 });
    expect(f.members.map((m) => [m.member, m.results])).toEqual([
      ['pay-1', 5],
      ['pay-2', 6],
      ['pay-3', 7],
    ]);
    const page = await deck.call<'fleets.page'>('fleets.page', { id: r.fleetId!, limit: 100 });
    expect(page.results).toHaveLength(18);
    expect((await deck.call<'recordings.events'>('recordings.events', { id: f.members[1]!.recordingId! })).map((e) => e.message)).toContain('mark pay-2');
    await deck.shutdown();
    other.close();
  });

  it('a version 1 file (one recording) still imports; a line for a member the header lacks is refused and nothing stays', async () => {
    const w = new RecordingWriter(db);
    const before = (db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
    const v1 = [
      JSON.stringify({ format: 'arthas-deck-recording', version: 1, exportedAt: 1, generator: 'Arthas Deck 0.1.0', recording: { name: null, tags: [], targetName: 'old', targetUrl: 'http://h:8563/api', arthasSessionId: null, arthasVersion: '3.7.2', pid: null, mainClass: null, startedAt: 1, endedAt: 2, state: 'closed' }, jobs: [], selection: null, redaction: null }),
      JSON.stringify({ t: 'result', pos: 1, at: 1, serverTime: null, jobId: 1, type: 'watch', origin: 'live', result: { type: 'watch', value: 1 } }),
      JSON.stringify({ t: 'end', results: 1, events: 0 }),
    ].join('\n');
    writeFileSync(dir.file('v1.arthasrec'), gzipSync(`${v1}\n`));
    const r = await importRecording(db, dir.file('v1.arthasrec'));
    expect(r.fleetId).toBeUndefined();
    expect(db.prepare('SELECT target_name AS t, result_count AS n, fleet_id AS f FROM sessions WHERE id = ?').get(r.recordingId)).toEqual({ t: 'old', n: 1, f: null });
    const { fleetId } = makeFleet();
    await exportFleet(db, fleetId, dir.file('f.arthasrec'));
    const lines = gunzipSync(readFileSync(dir.file('f.arthasrec'))).toString('utf8').trim().split('\n');
    lines[3] = lines[3]!.replace(/^\{"s":\d+/, '{"s":7');
    writeFileSync(dir.file('bad.arthasrec'), gzipSync(`${lines.join('\n')}\n`));
    const count = (): number => (db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
    const fleets = (): number => (db.prepare('SELECT COUNT(*) AS n FROM fleets').get() as { n: number }).n;
    const [s0, f0] = [count(), fleets()];
    await expect(importRecording(db, dir.file('bad.arthasrec'))).rejects.toThrow(/line 4: member 7 is not in the header \(3 members\)/);
    expect([count(), fleets()]).toEqual([s0, f0]);
    void w;
    void before;
  });
});
