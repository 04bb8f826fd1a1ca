// A window may name only the files main handed out (#37.6): a compromised renderer (or a page in
// serve mode) that names a path to export to or to import from is refused, whatever the method or
// the spelling of the path; files the OS opened with the app, or dropped on the window, are
// granted. Each attack is its own test, made as an attacker would make it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { PathGrants } from '../../src/main/api/path-grants';
import { exportRecording } from '../../src/main/recorder/arthasrec-export';
import { startWsHost, type WsHost } from '../../src/main/host/ws-host';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { RecordingWriter, resultRow } from '../../src/main/recorder/recording-writer';
import { tempDir } from '../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let db: Db;
let grants: PathGrants;
let service: DeckService;
let recordingId: number;
/** a file of the user's the attacker wants to overwrite */
let victim: string;

beforeEach(() => {
  dir = tempDir();
  db = openDatabase(dir.file('deck.db'));
  grants = new PathGrants();
  service = new DeckService({ db, databasePath: dir.file('deck.db'), mode: 'electron', version: 'test', searchIndex: false, paths: grants });
  const w = new RecordingWriter(db);
  recordingId = w.createRecording({ targetName: 'orders', targetUrl: 'http://127.0.0.1:8563/api', startedAt: 1000 });
  w.writeJob(recordingId, { jobId: 1, command: 'watch demo.MathGame primeFactors', state: 'succeeded', startedAt: 1000 });
  for (let i = 0; i < 3; i++) {
    const raw = JSON.stringify({ type: 'watch', jobId: 1, cost: 0.5, ts: 1100 + i, value: `@Integer[${i}]` });
    w.writeBatch(recordingId, [resultRow(i + 1, 1100 + i, 'live', JSON.parse(raw) as { type: string }, raw)]);
  }
  w.endRecording(recordingId, 'closed', 2000);
  victim = dir.file('bashrc');
  writeFileSync(victim, 'export PATH=/usr/bin\n');
});
afterEach(async () => {
  await service.shutdown();
  db.close();
  dir.remove();
});

const refused = /Refused: .* was not opened with the app or chosen in its dialogs/;

describe('paths named by a window', () => {
  it('an export to a path of its choosing is refused and the file is untouched', async () => {
    await expect(service.call('recordings.export', { recordingId, path: victim }, 'window')).rejects.toThrow(refused);
    expect(readFileSync(victim, 'utf8')).toBe('export PATH=/usr/bin\n');
  });

  it('an export as an offline page over the database itself is refused', async () => {
    await expect(service.call('recordings.export', { recordingId, path: dir.file('deck.db'), format: 'html' }, 'window')).rejects.toThrow(refused);
    expect(db.prepare('SELECT count(*) AS n FROM results').get()).toEqual({ n: 3 });
  });

  it('a watch-diff report to a path of its choosing is refused', async () => {
    const run = { recordingId, jobId: 1 };
    await expect(service.call('diff.exportHtml', { left: run, right: run, path: victim }, 'window')).rejects.toThrow(refused);
    expect(readFileSync(victim, 'utf8')).toBe('export PATH=/usr/bin\n');
  });

  it('a fleet export to a path of its choosing is refused', async () => {
    await expect(service.call('fleets.export', { id: 1, path: victim }, 'window')).rejects.toThrow(refused);
    await expect(service.call('fleets.exportHtml', { id: 1, path: victim }, 'window')).rejects.toThrow(refused);
    expect(readFileSync(victim, 'utf8')).toBe('export PATH=/usr/bin\n');
  });

  it('an import of a recording the user never opened with the app is refused', async () => {
    const file = dir.file('elsewhere.arthasrec');
    await exportRecording(db, recordingId, file);
    await expect(service.call('recordings.import', { path: file }, 'window')).rejects.toThrow(refused);
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 1 });
  });

  it('a granted file spelled another way to reach its neighbour is refused', async () => {
    const granted = dir.file('opened.arthasrec');
    await exportRecording(db, recordingId, granted);
    grants.grant(granted);
    const neighbour = join(granted, '..', 'bashrc');
    await expect(service.call('recordings.export', { recordingId, path: neighbour }, 'window')).rejects.toThrow(refused);
    await expect(service.call('recordings.export', { recordingId, path: `${granted}/../bashrc` }, 'window')).rejects.toThrow(refused);
    expect(readFileSync(victim, 'utf8')).toBe('export PATH=/usr/bin\n');
  });

  it('a file the OS opened with the app (granted) imports from the window, however it is spelled', async () => {
    const file = dir.file('opened.arthasrec');
    await exportRecording(db, recordingId, file);
    grants.grant(file);
    const r = await service.call<'recordings.import'>('recordings.import', { path: join(dir.path, '.', 'opened.arthasrec') }, 'window');
    expect(r).toMatchObject({ results: 3 });
  });

  it('in-process callers (the hosts, the CLI) name any path', async () => {
    const file = dir.file('cli.arthasrec');
    const r = await service.call<'recordings.export'>('recordings.export', { recordingId, path: file });
    expect(r).toMatchObject({ results: 3 });
    expect(existsSync(file)).toBe(true);
  });
});

describe('paths named by a page in serve mode', () => {
  let host: WsHost;
  let serve: DeckService;
  let sdir: ReturnType<typeof tempDir>;
  let sdb: Db;
  beforeAll(async () => {
    sdir = tempDir();
    sdb = openDatabase(sdir.file('serve.db'));
    serve = new DeckService({ db: sdb, databasePath: sdir.file('serve.db'), mode: 'serve', version: 'test', searchIndex: false });
    const w = new RecordingWriter(sdb);
    const id = w.createRecording({ targetName: 'orders', targetUrl: 'http://127.0.0.1:8563/api', startedAt: 1000 });
    w.endRecording(id, 'closed', 2000);
    host = await startWsHost(serve, { rendererDir: sdir.path });
  });
  afterAll(async () => {
    await host.close();
    await serve.shutdown();
    sdb.close();
    sdir.remove();
  });

  const ask = (msg: object): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/deck?token=${host.token}`);
      ws.on('error', reject);
      ws.on('open', () => ws.send(JSON.stringify({ id: 1, ...msg })));
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as Record<string, unknown>;
        if (m.id !== 1) return;
        ws.close();
        resolve(m);
      });
    });

  it('an export message naming a path on the host is refused, the file untouched', async () => {
    const target = sdir.file('profile.sh');
    writeFileSync(target, 'keep\n');
    const m = await ask({ method: 'recordings.export', args: { recordingId: 1, path: target } });
    expect(m).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(String((m.error as { message: string }).message)).toMatch(refused);
    expect(readFileSync(target, 'utf8')).toBe('keep\n');
  });

  it('an export without a path still works: a download the page fetches once', async () => {
    const m = await ask({ method: 'recordings.export', args: { recordingId: 1 } });
    expect(m).toMatchObject({ ok: true, result: { results: 0 } });
    expect(typeof (m.result as { download?: string }).download).toBe('string');
  });
});
