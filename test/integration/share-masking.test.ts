// What a share gives away (#37.1): a secret typed into any field a recording carries — its name, a
// tag, the target's name and URL, the main class, a job's command and status message, an event's
// message and data, a result, a fleet's name, command and member — is masked in the .arthasrec file,
// in a fleet file and in the offline page, and every match is counted (the preview, the end line, the
// summary). Each export is its own test.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { exportFleet, exportRecording } from '../../src/main/recorder/arthasrec-export';
import { exportRecordingHtml } from '../../src/main/recorder/html-export';
import { previewMasking } from '../../src/main/recorder/masking';
import { tempDbForEach } from '../support/temp-db';

const SECRET = 'Tr0ub4dor';
const MASK = [{ pattern: 'Tr0ub4dor' }];

const temp = tempDbForEach('share.db');

/** A recording with the secret once in each of its ten fields; returns its id. */
function secretEverywhere(fleet?: { fleetId: number; member: string }): number {
  const w = new RecordingWriter(temp().db);
  const id = w.createRecording({ targetName: `orders-${SECRET}`, targetUrl: `http://10.0.0.5:8563/api?k=${SECRET}`, name: `login as ${SECRET}`, startedAt: 1000, ...fleet, fleetMember: fleet?.member });
  w.writeMeta(id, { tags: [`pw-${SECRET}`], arthasSessionId: 's-1', arthasVersion: '4.3.4', pid: '42', mainClass: `demo.Main --password ${SECRET}` });
  w.writeJob(id, { jobId: 1, command: `ognl '@demo.Auth@login("ann","${SECRET}")'`, state: 'failed', statusCode: 1, statusMessage: `login refused for ${SECRET}`, startedAt: 1000, endedAt: 1100 });
  w.writeEvent(id, { at: 1050, kind: 'bookmark', message: `typed ${SECRET} here`, data: { note: `the ${SECRET} one` } });
  const raw = JSON.stringify({ type: 'ognl', jobId: 1, value: `@String[${SECRET}]` });
  w.writeBatch(id, [resultRow(1, 1060, 'live', JSON.parse(raw) as { type: string }, raw)]);
  w.endRecording(id, 'closed', 2000);
  return id;
}

describe('masking covers every field a share carries', () => {
  it('the preview counts the matches in results and, apart, those in commands, events and names', () => {
    const id = secretEverywhere();
    expect(previewMasking(temp().db, id, MASK)).toEqual({ results: 1, matches: 1, elsewhere: 9 });
    // a selection of other jobs carries neither that job's command nor its result
    expect(previewMasking(temp().db, id, MASK, { jobs: [2] })).toEqual({ results: 0, matches: 0, elsewhere: 7 });
  });

  it('an .arthasrec file has the secret nowhere and counts all ten matches', async () => {
    const id = secretEverywhere();
    const file = temp().dir.file('r.arthasrec');
    const s = await exportRecording(temp().db, id, file, { mask: MASK });
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text).not.toContain(SECRET);
    expect(s.masked).toBe(10);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ t: 'end', masked: 10 });
    const header = lines[0] as { recording: Record<string, unknown>; jobs: Array<Record<string, unknown>> };
    expect(header.recording).toMatchObject({ name: 'login as ***', tags: ['pw-***'], targetName: 'orders-***', targetUrl: 'http://10.0.0.5:8563/api?k=***', mainClass: 'demo.Main --password ***' });
    expect(header.jobs[0]).toMatchObject({ command: `ognl '@demo.Auth@login("ann","***")'`, statusMessage: 'login refused for ***' });
    expect(lines.find((l) => l.t === 'event')).toMatchObject({ message: 'typed *** here', data: { note: 'the *** one' } });
  });

  it('without rules the export keeps every field as recorded', async () => {
    const id = secretEverywhere();
    const file = temp().dir.file('plain.arthasrec');
    const s = await exportRecording(temp().db, id, file);
    expect(s.masked).toBe(0);
    expect(gunzipSync(readFileSync(file)).toString('utf8').split(SECRET).length - 1).toBe(10);
  });

  it('a fleet file masks the fleet name, its command and member names too', async () => {
    const fleetId = Number(temp().db.prepare(`INSERT INTO fleets (name, command, started_at, ended_at) VALUES (?, ?, 1000, 2000)`).run(`fleet ${SECRET}`, `ognl '@demo.Auth@login("ann","${SECRET}")'`).lastInsertRowid);
    secretEverywhere({ fleetId, member: `pod-${SECRET}` });
    const file = temp().dir.file('fleet.arthasrec');
    const s = await exportFleet(temp().db, fleetId, file, { mask: MASK });
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text).not.toContain(SECRET);
    // ten in the member's recording, its name, and the fleet's name and command
    expect(s.masked).toBe(13);
    const header = JSON.parse(text.split('\n')[0]!) as { fleet: { name: string; command: string; members: Array<{ member: string }> } };
    expect(header.fleet).toMatchObject({ name: 'fleet ***', command: `ognl '@demo.Auth@login("ann","***")'`, members: [{ member: 'pod-***' }] });
  });

  it('the offline page has the secret nowhere and counts each match it carries', async () => {
    const id = secretEverywhere();
    const file = temp().dir.file('r.html');
    const s = await exportRecordingHtml(temp().db, id, file, { mask: MASK });
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
    // the page shows an event's message, not its data: nine of the ten fields
    expect(s.masked).toBe(9);
  });
});
