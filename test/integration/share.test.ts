import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { RecordingReader } from '../../src/main/recorder/recording-reader';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { exportRecording } from '../../src/main/recorder/arthasrec-export';
import { ImportError, importRecording } from '../../src/main/recorder/arthasrec-import';
import { previewMasking } from '../../src/main/recorder/masking';
import { FORMAT_NAME, FORMAT_VERSION, IMPORT_LIMITS } from '../../src/shared/recording/format';
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

const PAYLOADS = [
  '{"type":"message","jobId":0,"message":"Welcome to arthas!"}',
  '{"type":"watch","jobId":1,"ts":1596703453237,"cost":0.07,"value":[[-170365],null,{"@type":"java.lang.IllegalArgumentException","message":"number is: -170365, need >= 2","stackTrace":[]}]}',
  '{"type":"ognl","jobId":2,"value":9223372036854775807}',
  '{ "type":"watch" , "jobId":1,"value":"@String[call 13812345678, token=abcDEF123]\\n😀 <script>alert(1)</script>"}',
  `{"type":"watch","jobId":1,"value":"${'y'.repeat(3 * 1024 * 1024)}"}`,
];

function seed(): number {
  const w = new RecordingWriter(db);
  const id = w.createRecording({ targetName: 'orders', targetUrl: 'http://127.0.0.1:8563/api', name: 'before the fix', startedAt: 1000 });
  w.writeJob(id, { jobId: 1, command: 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}"', state: 'succeeded', startedAt: 1000, endedAt: 2000, statusCode: 0 });
  w.writeJob(id, { jobId: 2, command: 'ognl @Long@MAX_VALUE', state: 'succeeded', startedAt: 1500 });
  w.writeEvent(id, { kind: 'session-start', at: 1000, message: 'started' });
  w.writeBatch(id, PAYLOADS.slice(0, 2).map((raw) => resultRow(1, 1100, 'live', JSON.parse(raw), raw)));
  w.writeEvent(id, { kind: 'gap', gapReason: 'consumer-lost', at: 1200, message: 'the server lost consumer x', data: { consumerId: 'x' } });
  w.writeBatch(id, PAYLOADS.slice(2).map((raw) => resultRow(2, 1300, 'live', JSON.parse(raw), raw)));
  w.endRecording(id, 'closed', 2000);
  return id;
}

describe('export and import of .arthasrec files', () => {
  it('round-trips a recording byte for byte, with its events, jobs and metadata', async () => {
    const id = seed();
    const file = dir.file('r.arthasrec');
    const summary = await exportRecording(db, id, file);
    expect(summary).toMatchObject({ results: 5, events: 2, masked: 0 });
    // readable with zcat and a JSON tool: one JSON object per line
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: FORMAT_NAME, version: FORMAT_VERSION, recording: { name: 'before the fix', targetUrl: 'http://127.0.0.1:8563/api' } });
    expect(lines.map((l) => (JSON.parse(l) as { t?: string }).t ?? 'header')).toEqual(['header', 'event', 'result', 'result', 'event', 'result', 'result', 'result', 'end']);
    const zcat = execFileSync('sh', ['-c', `zcat '${file}' | head -c 200`]).toString();
    expect(zcat.startsWith('{"format":"arthas-deck-recording"')).toBe(true);

    const { recordingId } = await importRecording(db, file);
    const reader = new RecordingReader(db);
    expect(reader.page(recordingId, { limit: 10 }).results.map((r) => r.raw)).toEqual(PAYLOADS);
    expect(reader.get(recordingId)).toMatchObject({ name: 'before the fix', state: 'closed', source: 'import', resultCount: 5, endedAt: 2000 });
    // which results came in one pull answer survives the trip (format version 3)
    const batches = (rid: number): number[] => (db.prepare('SELECT batch_seq FROM results WHERE session_id = ? ORDER BY pos').all(rid) as Array<{ batch_seq: number }>).map((r) => r.batch_seq);
    expect(batches(recordingId)).toEqual([1, 1, 2, 2, 2]);
    expect(batches(recordingId)).toEqual(batches(id));
    expect(reader.jobs(recordingId).map((j) => j.command)).toEqual(reader.jobs(id).map((j) => j.command));
    expect(reader.events(recordingId).map((e) => [e.kind, e.gapReason, e.data])).toEqual([
      ['session-start', null, null],
      ['gap', 'consumer-lost', { consumerId: 'x' }],
    ]);
    // and again: export of the import is the same file body
    const again = dir.file('again.arthasrec');
    await exportRecording(db, recordingId, again);
    const body = (f: string): string[] => gunzipSync(readFileSync(f)).toString('utf8').split('\n').slice(1);
    expect(body(again)).toEqual(body(file));
  });

  it('exports chosen jobs or a time range only', async () => {
    const id = seed();
    const file = dir.file('job2.arthasrec');
    expect((await exportRecording(db, id, file, { jobs: [2] })).results).toBe(1);
    expect((await exportRecording(db, id, dir.file('range.arthasrec'), { from: 1200, to: 1400 })).results).toBe(3);
  });

  it('masks result text with rules, previews the count, and never writes credentials', async () => {
    const id = seed();
    const mask = [{ pattern: '\\b1[3-9]\\d{9}\\b' }, { pattern: '(?<=token=)\\w+' }];
    expect(previewMasking(db, id, mask)).toEqual({ results: 1, matches: 2, elsewhere: 0 });
    const file = dir.file('masked.arthasrec');
    const s = await exportRecording(db, id, file, { mask });
    expect(s.masked).toBe(2);
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('abcDEF123');
    expect(text).toContain('call ***, token=***');
    expect(text).toContain('9223372036854775807'); // numbers untouched by masking
    // the file says truly what masking did: the rules in the header, the matches replaced in the end line
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]!.redaction).toEqual({ rules: 2, masked: null });
    expect(lines.at(-1)).toMatchObject({ t: 'end', masked: 2 });
    expect(() => previewMasking(db, id, [{ pattern: '(' }])).toThrow(/not a valid regular expression/);
  });

  describe('refuses broken and hostile files with a message naming the line, leaving the database untouched', () => {
    const header = JSON.stringify({
      format: FORMAT_NAME, version: 1, exportedAt: 1, generator: 'test',
      recording: { name: null, tags: [], targetName: 't', targetUrl: 'http://x/api', arthasSessionId: null, arthasVersion: null, pid: null, mainClass: null, startedAt: 1, endedAt: null, state: 'closed' },
      jobs: [], selection: null, redaction: null,
    });
    const result = (pos: number, extra = ''): string => `{"t":"result","pos":${pos},"at":5,"serverTime":null,"jobId":1,"type":"watch","origin":"live"${extra},"result":{"type":"watch","value":"<img src=x onerror=alert(1)>"}}`;
    const write = (name: string, lines: string[]): string => {
      const f = dir.file(name);
      writeFileSync(f, gzipSync(`${lines.join('\n')}\n`));
      return f;
    };
    const cases: Array<[string, () => string, RegExp]> = [
      ['not gzip', () => (writeFileSync(dir.file('plain'), 'hello'), dir.file('plain')), /not gzip-compressed/],
      ['truncated gzip', () => {
        const full = gzipSync(`${header}\n${result(1)}\n{"t":"end","results":1,"events":0}\n`);
        writeFileSync(dir.file('trunc'), full.subarray(0, full.length - 12));
        return dir.file('trunc');
      }, /damaged|truncated|ends in the middle|without its end line/],
      ['another format', () => write('fmt', ['{"format":"something-else","version":1}']), /line 1: not an Arthas Deck recording/],
      ['a newer version', () => write('ver', [header.replace('"version":1', '"version":99')]), /line 1: format version 99 is newer/],
      ['a line that is not JSON', () => write('json', [header, '{"t":"result",']), /line 2: not valid JSON/],
      ['fields of the wrong type', () => write('types', [header, result(1).replace('"jobId":1', '"jobId":"1"')]), /line 2: "jobId" must be a number/],
      ['an unknown line kind', () => write('kind', [header, '{"t":"exec","cmd":"rm -rf /"}']), /line 2: unknown line kind "exec"/],
      ['a result without a type', () => write('rt', [header, '{"t":"result","pos":1,"at":5,"serverTime":null,"jobId":1,"type":"watch","origin":"live","result":{"value":1}}']), /line 2: "result" must be an Arthas result object/],
      ['positions going backwards', () => write('pos', [header, result(2), result(1)]), /line 3: result positions must increase/],
      ['no end line', () => write('noend', [header, result(1)]), /without its end line/],
      ['an end line that does not count right', () => write('count', [header, result(1), '{"t":"end","results":7,"events":0}']), /line 3: the end line counts 7 results/],
      ['a huge string field', () => write('huge', [header.replace('"generator":"test"', `"generator":"${'g'.repeat(200_000)}"`)]), /line 1: "generator" must be a string of at most/],
    ];
    for (const [what, make, message] of cases) {
      it(what, async () => {
        seed();
        const before = (db.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n;
        const err = await importRecording(db, make()).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ImportError);
        expect((err as Error).message).toMatch(message);
        expect((db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n).toBe(1);
        expect((db.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n).toBe(before);
      });
    }

    it('a gzip bomb stops at the decompressed-size limit', async () => {
      const f = dir.file('bomb');
      writeFileSync(f, gzipSync(Buffer.concat([Buffer.from(`${header}\n`), Buffer.alloc(64 * 1024 * 1024, 0x20)]), { level: 9 }));
      expect(readFileSync(f).length).toBeLessThan(200_000);
      const err = (await importRecording(db, f, { ...IMPORT_LIMITS, maxDecompressedBytes: 16 * 1024 * 1024, maxLineBytes: 32 * 1024 * 1024 }).catch((e: unknown) => e)) as Error;
      expect(err.message).toMatch(/unpacks to more than .* refused \(a gzip bomb\?\)/);
    });

    it('a file of too many lines stops at the result limit (10 million lines, scaled down)', async () => {
      const lines = [header, ...Array.from({ length: 1001 }, (_, i) => result(i + 1))];
      const err = (await importRecording(db, write('many', lines), { ...IMPORT_LIMITS, maxResults: 1000 }).catch((e: unknown) => e)) as Error;
      expect(err.message).toMatch(/line 1002: more than 1000 results/);
    });

    it('an over-long line is refused by its number', async () => {
      const err = (await importRecording(db, write('long', [header, result(1, `,"pad":"${'p'.repeat(2000)}"`)]), { ...IMPORT_LIMITS, maxLineBytes: 1000 }).catch((e: unknown) => e)) as Error;
      expect(err.message).toMatch(/line 2 is longer than/);
    });
  });
});
