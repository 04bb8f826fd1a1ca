import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DeckService } from '../../src/main/api/deck-service';
import { startWsHost, type WsHost } from '../../src/main/host/ws-host';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import type { DeckEvent } from '../../src/shared/contract';
import type { ArthasSimulator } from '../simulator/server';
import { startSimulator } from '../simulator/server';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

let dir: ReturnType<typeof tempDir>;
let db: Db;
let service: DeckService;
let sim: ArthasSimulator;
const events: DeckEvent[] = [];
beforeAll(async () => {
  dir = tempDir();
  db = openDatabase(dir.file('svc.db'));
  sim = await startSimulator({ callRate: 200, auth: { username: 'ops', password: 'hunter2' }, localConnectionNonAuth: false });
  service = new DeckService({ db, databasePath: dir.file('svc.db'), mode: 'serve', version: 'test', liveFlushMs: 16 });
  service.onEvent((e) => events.push(e));
});
afterAll(async () => {
  await service.shutdown();
  db.close();
  await sim.close();
  dir.remove();
});

describe('the contract in main: every argument is validated', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['tabs.run', { tabId: 't', command: 42 }, /tabs\.run\.command must be a string/],
    ['tabs.run', { tabId: 't' }, /tabs\.run\.command must be a string/],
    ['tabs.run', { tabId: 't', command: 'x', extra: 1 }, /extra must be absent/],
    ['recordings.page', { id: -1 }, /id must be a positive integer/],
    ['recordings.page', { id: 1, types: 'watch' }, /types must be a list/],
    ['recordings.get', null, /recordings\.get\.id must be a positive integer/],
    ['targets.save', { name: '', url: 'http://x' }, /name must be a string of 1 to/],
    ['settings.set', { key: 'k'.repeat(101), value: 1 }, /key must be a string/],
    ['nope.method', {}, /Unknown method/],
    [42 as never, {}, /Unknown method/],
    // names every object has are no methods of the contract
    ['toString', {}, /Unknown method/],
    ['constructor', {}, /Unknown method/],
    ['__proto__', {}, /Unknown method/],
    ['hasOwnProperty', {}, /Unknown method/],
  ];
  for (const [method, args, message] of bad) {
    it(`refuses ${String(method)} ${JSON.stringify(args)?.slice(0, 60)} with a clear message`, async () => {
      await expect(service.call(method, args)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(message) });
    });
  }

  it('refuses unknown ids with not-found, without crashing', async () => {
    await expect(service.call('tabs.run', { tabId: 'tab-nope', command: 'thread' })).rejects.toMatchObject({ kind: 'not-found', message: 'No tab tab-nope.' });
    // every recordings.* call answers an unknown recording the same way
    for (const [method, args] of [
      ['recordings.get', { id: 999 }],
      ['recordings.jobs', { id: 999 }],
      ['recordings.events', { id: 999 }],
      ['recordings.stats', { id: 999 }],
      ['recordings.page', { id: 999 }],
      ['recordings.result', { id: 999, pos: 1 }],
      ['recordings.posAtTime', { id: 999, at: 0 }],
      ['recordings.costSeries', { id: 999, jobId: 1 }],
      ['recordings.rename', { id: 999, name: 'x' }],
      ['recordings.delete', { id: 999 }],
    ] as const) {
      await expect(service.call(method, args), method).rejects.toMatchObject({ kind: 'not-found', message: 'No recording #999.' });
    }
    await expect(service.call('tabs.open', { targetId: 999 })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('refuses target URLs with odd schemes and keeps credentials out of the stored URL', async () => {
    await expect(service.call('targets.save', { name: 'x', url: 'javascript:alert(1)' })).rejects.toMatchObject({ message: expect.stringMatching(/Only http/) });
    await expect(service.call('targets.save', { name: 'x', url: 'file:///etc/passwd' })).rejects.toMatchObject({ message: expect.stringMatching(/Only http/) });
    const t = (await service.call('targets.save', { name: 'v6', url: 'http://admin:pw@[::1]:8563/api' })) as { url: string; username: string };
    expect(t.url).toBe('http://[::1]:8563/api');
    expect(t.username).toBe('admin');
    const stored = db.prepare('SELECT * FROM targets').all();
    expect(JSON.stringify(stored)).not.toContain('pw');
  });

  it('opens a tab with auth, records, streams coalesced results, and never stores the password in plain text', async () => {
    const target = (await service.call('targets.save', { name: 'authd', url: sim.url, username: 'ops', password: 'hunter2' })) as { id: number; hasPassword: boolean };
    expect(target.hasPassword).toBe(true);
    const check = (await service.call('targets.check', { id: target.id })) as { ok: boolean; version: string };
    expect(check).toMatchObject({ ok: true, version: '4.3.4' });
    const tab = (await service.call('tabs.open', { targetId: target.id })) as { tabId: string; recordingId: number };
    await service.call('tabs.run', { tabId: tab.tabId, command: 'watch demo.MathGame primeFactors -n 400' });
    await waitFor(() => (db.prepare(`SELECT COUNT(*) AS n FROM results WHERE type = 'watch'`).get() as { n: number }).n === 400, '400 stored watches');
    await waitFor(() => events.filter((e) => e.type === 'tab.results').flatMap((e) => (e.type === 'tab.results' ? e.results : [])).filter((r) => r.type === 'watch').length === 400, 'all 400 delivered');
    // 400 results at 200/s: delivered in far fewer messages than results (coalesced)
    const messages = events.filter((e) => e.type === 'tab.results').length;
    expect(messages).toBeLessThan(200);
    await service.call('tabs.close', { tabId: tab.tabId });
    expect(sim.sessions.size).toBe(0);
    const file = JSON.stringify(db.prepare('SELECT * FROM targets').all()) + JSON.stringify(db.prepare('SELECT * FROM events').all());
    expect(file).not.toContain('hunter2');
    const history = await service.call('history.list', { targetId: target.id });
    expect(history).toEqual(['watch demo.MathGame primeFactors -n 400']);
  });
});

describe('WebSocket host', () => {
  let host: WsHost;
  beforeAll(async () => {
    host = await startWsHost(service, { rendererDir: dir.path });
  });
  afterAll(() => host.close());

  const open = (url: string, origin?: string): Promise<WebSocket | Error> =>
    new Promise((resolve) => {
      const ws = new WebSocket(url, origin ? { origin } : {});
      ws.on('open', () => resolve(ws));
      ws.on('error', (e) => resolve(e));
    });

  it('refuses a connection without the token, with a wrong token, or from another origin', async () => {
    const base = `ws://127.0.0.1:${host.port}/deck`;
    expect(await open(base)).toBeInstanceOf(Error);
    expect(await open(`${base}?token=wrong`)).toBeInstanceOf(Error);
    expect(await open(`${base}?token=${host.token}`, 'http://evil.example')).toBeInstanceOf(Error);
  });

  it('answers calls with the token, and validation errors come back as messages', async () => {
    const ws = (await open(`ws://127.0.0.1:${host.port}/deck?token=${host.token}`)) as WebSocket;
    const ask = (msg: object): Promise<Record<string, unknown>> =>
      new Promise((resolve) => {
        const on = (d: WebSocket.RawData): void => {
          const m = JSON.parse(String(d)) as Record<string, unknown>;
          if ('id' in m) {
            ws.off('message', on);
            resolve(m);
          }
        };
        ws.on('message', on);
        ws.send(JSON.stringify(msg));
      });
    expect(await ask({ id: 1, method: 'app.info', args: {} })).toMatchObject({ id: 1, ok: true, result: { mode: 'serve' } });
    expect(await ask({ id: 2, method: 'tabs.close', args: { tabId: 5 } })).toMatchObject({ id: 2, ok: false, error: { kind: 'invalid' } });
    ws.close();
  });
});
