// Faults and hostile input: nothing lost that was received, the gap recorded, a clear state every time.
import Database from 'better-sqlite3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { ArthasClient } from '../../src/main/arthas/client';
import type { ArthasError } from '../../src/main/arthas/errors';
import { SessionEngine } from '../../src/main/arthas/session';
import { parseTargetUrl } from '../../src/main/arthas/target-url';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { RecordingReader } from '../../src/main/recorder/recording-reader';
import { RecordingWriter, recoverInterrupted } from '../../src/main/recorder/recording-writer';
import { SessionRecorder, type RecordedOutput } from '../../src/main/recorder/session-recorder';
import type { DeckEvent } from '../../src/shared/contract';
import type { ArthasSimulator, SimulatorOptions } from '../simulator/server';
import { startSimulator } from '../simulator/server';
import { FaultProxy } from '../support/fault-proxy';
import { exitOf, spawnTs } from '../support/run-cli';
import { startSimProcess } from '../support/sim-process';
import { tempDir } from '../support/temp-dir';
import { sleep, waitFor } from '../support/wait';
import { FAULT_ROWS, record, table } from './report';

interface Rig {
  sim: ArthasSimulator;
  proxy?: FaultProxy;
  db: Db;
  engine: SessionEngine;
  recorder: SessionRecorder;
  recordingId: number;
  out: RecordedOutput[];
  stored(type?: string): number;
  gaps(): string[];
  stop(): Promise<void>;
}

const dir = tempDir('arthas-deck-faults-');
let rigs: Rig[] = [];
let n = 0;

async function rig(simOpts: SimulatorOptions = {}, opts: { proxy?: boolean; pullTimeoutMs?: number; autoNewSession?: boolean; db?: Db } = {}): Promise<Rig> {
  const sim = await startSimulator(simOpts);
  const proxy = opts.proxy ? new FaultProxy(sim.url) : undefined;
  const url = proxy ? await proxy.listen() : sim.url;
  const db = opts.db ?? openDatabase(dir.file(`f${++n}.db`));
  const writer = new RecordingWriter(db);
  const engine = new SessionEngine(new ArthasClient({ url, pullTimeoutMs: opts.pullTimeoutMs }), { autoNewSession: opts.autoNewSession });
  const recordingId = writer.createRecording({ targetName: 'faults', targetUrl: url });
  const out: RecordedOutput[] = [];
  const recorder = new SessionRecorder(writer, engine, recordingId, (o) => out.push(o));
  await engine.start();
  const r: Rig = {
    sim,
    proxy,
    db,
    engine,
    recorder,
    recordingId,
    out,
    stored: (type = 'watch') => (db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ? AND type = ? AND origin = 'live'`).get(recordingId, type) as { n: number }).n,
    gaps: () => out.flatMap((o) => (o.type === 'event' && o.event.kind === 'gap' ? [o.event.gapReason ?? ''] : [])),
    async stop() {
      await engine.stop().catch(() => undefined);
      recorder.close();
      await proxy?.close();
      await sim.close();
      db.close();
    },
  };
  rigs.push(r);
  return r;
}

/**
 * The server-side drops that no loss event of the recording covers: a possible-loss window, an
 * outage (from its start to its end), or a gap (a second either side of it). Should be none.
 */
function uncoveredDrops(r: Rig): number[] {
  const rows = r.db.prepare('SELECT at, kind, data FROM events WHERE session_id = ? ORDER BY id').all(r.recordingId) as Array<{ at: number; kind: string; data: string | null }>;
  const windows: Array<{ from: number; to: number }> = [];
  let outageFrom: number | undefined;
  for (const e of rows) {
    const d = e.data ? (JSON.parse(e.data) as { from?: number; to?: number }) : {};
    if (e.kind === 'possible-loss' && d.from !== undefined && d.to !== undefined) windows.push({ from: d.from, to: d.to });
    else if (e.kind === 'gap') windows.push({ from: e.at - 1000, to: e.at + 1000 });
    else if (e.kind === 'outage-start') outageFrom = e.at;
    else if (e.kind === 'outage-end' && outageFrom !== undefined) {
      windows.push({ from: outageFrom, to: e.at });
      outageFrom = undefined;
    }
  }
  if (outageFrom !== undefined) windows.push({ from: outageFrom, to: Infinity });
  // a drop happens on the server between the answers whose receive times bound a window: 250 ms of slack
  return r.sim.stats.droppedAt.filter((t) => !windows.some((w) => w.from - 250 <= t && t <= w.to + 250));
}

/** watch until `ms` passed, then interrupt and wait for the job's end results to arrive */
async function watchFor(r: Rig, during: () => Promise<void>): Promise<void> {
  await r.engine.run('watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -n 100000000');
  await waitFor(() => r.stored() > 20, 'some watches stored');
  await during();
  await r.engine.interrupt().catch(() => undefined);
  await waitFor(() => r.out.some((o) => o.type === 'batch' && o.batch.results.some((x) => x.result.type === 'input_status' && x.result.inputStatus === 'ALLOW_INPUT' && o.batch.seq > 2)), 'the job end', 5000).catch(() => undefined);
  await sleep(300);
}

afterEach(async () => {
  for (const r of rigs) await r.stop();
  rigs = [];
});
afterAll(() => {
  dir.remove();
  console.log(`\nFault and hostile-input report\n${table(FAULT_ROWS)}\n`);
});

describe('faults between the client and Arthas', () => {
  it('connection reset in the middle of a pull: the answer is lost, the gap recorded, recording goes on', async () => {
    const r = await rig({ callRate: 100 }, { proxy: true });
    await watchFor(r, async () => {
      r.proxy!.set('reset', { count: 1, action: 'pull_results' });
      await waitFor(() => r.out.some((o) => o.type === 'event' && o.event.kind === 'outage-end'), 'the outage end');
      await sleep(300);
    });
    const sent = r.sim.sent('watch');
    const accounted = r.stored() + r.proxy!.lostResults + r.sim.stats.dropped;
    expect(r.gaps()).toContain('network');
    expect(accounted).toBe(sent);
    expect(uncoveredDrops(r)).toEqual([]);
    record({ fault: 'connection reset mid-pull', expected: 'gap recorded, pulls resume', observed: `gaps: ${r.gaps().join(',')}; ${r.proxy!.lostResults} lost in the reset answer`, sent, stored: r.stored() });
  });

  it('a pull answer truncated mid-JSON: recorded as a broken answer, recording goes on', async () => {
    const r = await rig({ callRate: 100 }, { proxy: true });
    await watchFor(r, async () => {
      r.proxy!.set('truncate', { count: 1, action: 'pull_results' });
      await waitFor(() => r.gaps().includes('broken-answer'), 'the broken-answer gap');
      await sleep(300);
    });
    const sent = r.sim.sent('watch');
    expect(r.stored() + r.proxy!.lostResults + r.sim.stats.dropped).toBe(sent);
    expect(uncoveredDrops(r)).toEqual([]);
    expect(r.engine.snapshot.state).not.toBe('lost');
    record({ fault: 'answer truncated mid-JSON', expected: 'broken-answer gap, pulls resume', observed: `gaps: ${[...new Set(r.gaps())].join(',')}`, sent, stored: r.stored() });
  });

  for (const code of ['http500', 'http502'] as const) {
    it(`HTTP ${code.slice(4)} pages: retried with backoff, each outage recorded`, async () => {
      const r = await rig({ callRate: 20 }, { proxy: true });
      await watchFor(r, async () => {
        r.proxy!.set(code, { count: 3, action: 'pull_results' });
        await waitFor(() => r.out.some((o) => o.type === 'event' && o.event.kind === 'outage-end'), 'the outage end');
      });
      const start = r.out.find((o) => o.type === 'event' && o.event.kind === 'outage-start');
      expect(start?.type === 'event' && start.event.message).toMatch(new RegExp(`HTTP ${code.slice(4)}`));
      const sent = r.sim.sent('watch');
      expect(r.stored() + r.sim.stats.dropped).toBe(sent);
      expect(uncoveredDrops(r)).toEqual([]);
      record({ fault: `HTTP ${code.slice(4)} page`, expected: 'outage event, retry, resume', observed: `outage: ${start?.type === 'event' ? start.event.message.slice(0, 60) : '?'}`, sent, stored: r.stored() });
    });
  }

  it('a server that stalls for 30 s: pulls time out, the outage and the gap are recorded, then it resumes', async () => {
    const r = await rig({ callRate: 20 }, { proxy: true, pullTimeoutMs: 5000 });
    await watchFor(r, async () => {
      r.proxy!.set('stall', { action: 'pull_results' });
      await sleep(30_000);
      r.proxy!.heal();
      await waitFor(() => r.out.some((o) => o.type === 'event' && o.event.kind === 'outage-end'), 'the outage end', 15_000);
      await sleep(500);
    });
    const sent = r.sim.sent('watch');
    expect(r.gaps()).toContain('network');
    expect(r.stored() + r.sim.stats.dropped).toBe(sent);
    expect(r.sim.stats.dropped).toBeGreaterThan(0);
    expect(uncoveredDrops(r)).toEqual([]);
    record({ fault: 'server stalls 30 s', expected: 'timeouts, outage + gap, resume', observed: `state ${r.engine.snapshot.state}; server dropped ${r.sim.stats.dropped} while nobody pulled`, sent, stored: r.stored() });
  }, 70_000);

  it('the server restarted (all sessions gone): the session is marked lost, or a new one starts when asked', async () => {
    const r = await rig({ callRate: 20 });
    await r.engine.run('watch demo.MathGame primeFactors -n 100000000');
    await waitFor(() => r.stored() > 5, 'watches');
    const before = r.stored();
    r.sim.dropAllSessions();
    await waitFor(() => r.engine.snapshot.state === 'lost', 'lost');
    expect(r.gaps()).toContain('session-lost');
    expect(new RecordingReader(r.db).get(r.recordingId)!.state).toBe('lost');
    expect(r.stored()).toBeGreaterThanOrEqual(before);
    // asked to start a new session by itself: it does, says so, and records what the new one sends
    const auto = await rig({ callRate: 20 }, { autoNewSession: true });
    const oldSession = auto.engine.snapshot.arthasSessionId;
    auto.sim.dropAllSessions();
    await waitFor(() => auto.out.some((o) => o.type === 'event' && o.event.kind === 'reconnect'), 'a new session');
    await waitFor(() => auto.engine.snapshot.state === 'ready' || null, 'the new session ready');
    expect(auto.engine.snapshot.arthasSessionId).toBeDefined();
    expect(auto.engine.snapshot.arthasSessionId).not.toBe(oldSession);
    expect(auto.sim.sessions.has(auto.engine.snapshot.arthasSessionId!)).toBe(true);
    expect(auto.gaps()).toContain('session-lost');
    const storedBefore = auto.stored();
    await auto.engine.run('watch demo.MathGame primeFactors -n 3');
    await waitFor(() => auto.stored() >= storedBefore + 3 || null, 'the new session\'s results recorded');
    expect(new RecordingReader(auto.db).get(auto.recordingId)!.state).toBe('recording');
    record({ fault: 'server restarted', expected: 'session lost (or a new one with auto)', observed: `state ${r.engine.snapshot.state}; with auto: ${auto.engine.snapshot.state}`, sent: r.sim.sent('watch'), stored: r.stored() });
  });

  it('the consumer evicted while the network was down: outage, then rejoin with a consumer-lost gap', async () => {
    const r = await rig({ callRate: 20, consumerIdleMs: 1000 }, { proxy: true, pullTimeoutMs: 1000 });
    await watchFor(r, async () => {
      r.proxy!.set('blackhole');
      await sleep(3000);
      r.proxy!.heal();
      await waitFor(() => r.gaps().includes('consumer-lost'), 'the rejoin', 15_000);
      await sleep(500);
    });
    expect(r.gaps()).toEqual(expect.arrayContaining(['consumer-lost']));
    expect(r.engine.snapshot.state).not.toBe('lost');
    record({ fault: 'consumer evicted during an outage', expected: 'rejoin at once, consumer-lost gap', observed: `gaps: ${[...new Set(r.gaps())].join(',')}; state ${r.engine.snapshot.state}`, sent: r.sim.sent('watch'), stored: r.stored() });
  });

  it('the session closed by another client: marked lost with a gap', async () => {
    const r = await rig();
    r.sim.closeSession(r.engine.snapshot.arthasSessionId!);
    await waitFor(() => r.engine.snapshot.state === 'lost', 'lost');
    expect(r.gaps()).toContain('session-lost');
    record({ fault: 'session closed by another client', expected: 'session lost, gap', observed: `state ${r.engine.snapshot.state}` });
  });

  it('a bad host name and a port that is not Arthas: clear errors before any session', async () => {
    const bad = await new ArthasClient({ url: 'http://no-such-host.invalid:8563', requestTimeoutMs: 8000 }).initSession().catch((e: ArthasError) => e);
    expect((bad as ArthasError).kind).toMatch(/unreachable|timeout/);
    const other = http.createServer((_q, s) => s.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>Jenkins</html>'));
    await new Promise<void>((res) => other.listen(0, '127.0.0.1', () => res()));
    const notArthas = await new ArthasClient({ url: `http://127.0.0.1:${(other.address() as AddressInfo).port}` }).initSession().catch((e: ArthasError) => e);
    other.close();
    expect((notArthas as ArthasError).kind).toBe('not-arthas');
    record({ fault: 'bad host name', expected: 'host not found', observed: (bad as Error).message.slice(0, 60) });
    record({ fault: 'a port that is not Arthas', expected: 'not an Arthas HTTP API', observed: (notArthas as Error).message.slice(0, 60) });
  });
});

describe('faults of the recorder itself', () => {
  it('kill -9 of the recorder during a high-rate ingest: every committed result is there, the recording is interrupted', async () => {
    const db = dir.file('crash.db');
    const fast = await startSimProcess(['--rate', '500']);
    const child = spawnTs('src/main/cli/record.ts', [fast.url, '--exec', 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 3 -n 100000000', '--db', db]);
    const peek = (): number => {
      try {
        const ro = new Database(db, { readonly: true, fileMustExist: true });
        const c = (ro.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n;
        ro.close();
        return c;
      } catch {
        return 0;
      }
    };
    await waitFor(() => peek() > 1500, 'results on disk', 20_000);
    child.kill('SIGKILL');
    expect((await exitOf(child)).signal).toBe('SIGKILL');
    const sent = (await fast.stats()).sentByType.watch ?? 0;
    await fast.stop();
    const handle = openDatabase(db);
    expect(recoverInterrupted(handle)).toBe(1);
    const rec = new RecordingReader(handle).list()[0]!;
    const c = handle.prepare('SELECT COUNT(*) AS n, MIN(pos) AS lo, MAX(pos) AS hi FROM results WHERE session_id = ?').get(rec.id) as { n: number; lo: number; hi: number };
    expect(rec.state).toBe('interrupted');
    expect(c).toEqual({ n: rec.resultCount, lo: 1, hi: rec.resultCount });
    expect(handle.pragma('integrity_check', { simple: true })).toBe('ok');
    record({ fault: 'kill -9 during ingest (500/s)', expected: 'committed results intact, interrupted', observed: `state ${rec.state}; positions 1..${c.hi} without holes; integrity ok`, sent: `${sent} (until killed)`, stored: c.n });
    handle.close();
  });

  for (const how of ['disk full', 'read-only database'] as const) {
    it(`${how}: recording stops with a clear error, the live view keeps working, nothing earlier is damaged`, async () => {
      const db = openDatabase(dir.file(`${how.replace(/\W/g, '')}.db`));
      const r = await rig({ callRate: 100 }, { db });
      await r.engine.run('watch demo.MathGame primeFactors -n 100000000');
      await waitFor(() => r.stored() > 50, 'watches stored');
      const before = r.stored();
      if (how === 'disk full') {
        const pages = db.pragma('page_count', { simple: true }) as number;
        db.pragma(`max_page_count = ${pages + 1}`);
      } else db.pragma('query_only = ON');
      await waitFor(() => r.recorder.error, 'the recording error');
      const liveBefore = r.out.filter((o) => o.type === 'batch').length;
      await waitFor(() => r.out.filter((o) => o.type === 'batch').length > liveBefore + 3, 'live batches still flowing');
      const unstored = r.out.filter((o) => o.type === 'batch' && o.firstPos === null).length;
      db.pragma('query_only = OFF');
      expect(r.recorder.error).toMatch(how === 'disk full' ? /database or disk is full/ : /readonly/);
      expect(r.out.some((o) => o.type === 'event' && o.event.kind === 'error' && /Recording stopped/.test(o.event.message))).toBe(true);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const after = r.stored();
      expect(after).toBeGreaterThanOrEqual(before);
      const rows = db.prepare('SELECT COUNT(*) AS n, MAX(pos) AS hi FROM results WHERE session_id = ?').get(r.recordingId) as { n: number; hi: number };
      expect(rows.n).toBe(rows.hi);
      record({ fault: how, expected: 'recording stops with an error; live goes on; earlier data intact', observed: `${r.recorder.error!.slice(0, 50)}…; ${unstored} batches shown unstored`, sent: r.sim.sent('watch'), stored: after });
    });
  }
});

describe('hostile and extreme input', () => {
  it('hostile result values are stored byte for byte; a 50 MB one reaches the UI as a marked preview', async () => {
    const r = await rig();
    const svcEvents: DeckEvent[] = [];
    const values = {
      html: '"<img src=x onerror=alert(1)><script>alert(2)</script>"',
      ansi: '"\\u001b[31mred\\u001b[0m \\u001b]0;title\\u0007"',
      rtl: '"‮evil‬ zero​width﻿ joiner‍"',
      surrogate: '"lone \\ud800 and \\udfff"',
      big: '123456789012345678901234567890',
      deep: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      huge: `"${'z'.repeat(50 * 1024 * 1024)}"`,
    };
    for (const [name, v] of Object.entries(values)) r.sim.injectRaw(`{"type":"ognl","jobId":0,"name":"${name}","value":${v}}`, 'ognl');
    await waitFor(() => r.stored('ognl') === Object.keys(values).length, 'all hostile values stored', 20_000);
    const raws = (r.db.prepare(`SELECT raw FROM results WHERE session_id = ? AND type = 'ognl' ORDER BY pos`).all(r.recordingId) as Array<{ raw: string }>).map((x) => x.raw);
    expect(raws).toEqual(Object.entries(values).map(([name, v]) => `{"type":"ognl","jobId":0,"name":"${name}","value":${v}}`));
    // through the app service: the 50 MB result is a preview with its size; the rest whole
    const svcDb = openDatabase(dir.file('svc.db'));
    const svc = new DeckService({ db: svcDb, databasePath: '', mode: 'serve', version: 'test' });
    svc.onEvent((e) => svcEvents.push(e));
    const t = (await svc.call('targets.save', { name: 'h', url: r.sim.url })) as { id: number };
    const tab = (await svc.call('tabs.open', { targetId: t.id })) as { tabId: string; recordingId: number };
    r.sim.injectRaw(`{"type":"ognl","jobId":0,"value":${values.huge}}`, 'ognl');
    const live = await waitFor(() => svcEvents.flatMap((e) => (e.type === 'tab.results' ? e.results : [])).find((x) => x.type === 'ognl'), 'the live huge result', 20_000);
    expect(live.raw).toBeNull();
    expect(live.truncated!.bytes).toBeGreaterThan(50 * 1024 * 1024);
    const full = (await svc.call('recordings.result', { id: tab.recordingId, pos: live.pos! })) as string;
    expect(full.length).toBe(live.truncated!.bytes);
    await svc.shutdown();
    svcDb.close();
    record({ fault: 'hostile values (HTML, ANSI, RTL, surrogates, 2^100, 10k nesting, 50 MB)', expected: 'stored exactly; UI text only; 50 MB as marked preview', observed: `${raws.length}/7 byte-equal; 50 MB preview ${live.truncated!.preview.length} chars, full value readable`, sent: 7, stored: raws.length });
  }, 60_000);

  it('commands with quotes, newlines and unicode reach Arthas and the recording unchanged', async () => {
    const r = await rig();
    const commands = [`watch demo.MathGame primeFactors '{params[0], "q\\"uote"}' -n 1`, 'ognl "@java.lang.System@getProperty(\\"user.dir\\")"', 'echo 中文 😀 ‮rtl', 'echo line1\nline2'];
    for (const c of commands) {
      await r.engine.run(c);
      await waitFor(() => r.engine.snapshot.foregroundJobId === undefined, `the end of ${c}`, 10_000).catch(() => r.engine.interrupt());
      await sleep(100);
    }
    await sleep(300);
    // what the server parsed from each request, and what the recording keeps
    expect(r.sim.receivedCommands).toEqual(commands);
    const recorded = (r.db.prepare('SELECT command FROM jobs WHERE session_id = ? ORDER BY job_id').all(r.recordingId) as Array<{ command: string }>).map((x) => x.command);
    expect(recorded).toEqual(commands);
    record({ fault: 'commands with quotes, newlines, unicode', expected: 'sent and recorded unchanged', observed: `${r.sim.receivedCommands.length}/${commands.length} received and ${recorded.length}/${commands.length} recorded exactly` });
  });

  it('target URLs: odd schemes refused, credentials taken out, IPv6 literals accepted', () => {
    expect(() => parseTargetUrl('file:///etc/passwd')).toThrow(/Only http/);
    expect(() => parseTargetUrl('javascript:alert(1)')).toThrow(/Only http/);
    expect(() => parseTargetUrl('')).toThrow(/empty/);
    const withCreds = parseTargetUrl('http://ops:s%40cret@10.0.0.5:8563/api?username=x&password=y');
    expect(withCreds.apiUrl.href).toBe('http://10.0.0.5:8563/api');
    expect([withCreds.username, withCreds.password]).toEqual(['x', 'y']);
    expect(parseTargetUrl('[::1]:8563').apiUrl.href).toBe('http://[::1]:8563/api');
    record({ fault: 'URLs: file:, javascript:, credentials, IPv6', expected: 'refused / stripped / accepted', observed: 'as expected' });
  });

  it('calls from the renderer with wrong types or unknown ids are refused with a message, never a crash', async () => {
    const svcDb = openDatabase(dir.file('ipc.db'));
    const svc = new DeckService({ db: svcDb, databasePath: '', mode: 'serve', version: 'test' });
    const outcomes = await Promise.all(
      [
        ['tabs.run', { tabId: 7, command: {} }],
        ['tabs.close', { tabId: 'tab-unknown' }],
        ['recordings.page', { id: 'DROP TABLE results' }],
        ['recordings.delete', { id: 424242 }],
        ['__proto__', {}],
        ['settings.set', { key: 'x', value: 'v'.repeat(200_000) }],
      ].map(([m, a]) => svc.call(m, a).then(() => 'accepted', (e: Error & { kind?: string }) => `${e.kind}: ${e.message.slice(0, 40)}`)),
    );
    expect(outcomes.every((o) => /^(invalid|not-found): /.test(o))).toBe(true);
    expect((await svc.call('app.info', {})) as object).toMatchObject({ mode: 'serve' });
    await svc.shutdown();
    svcDb.close();
    record({ fault: 'IPC with wrong types / unknown ids', expected: 'refused with a message', observed: outcomes.map((o) => o.split(':')[0]).join(', ') });
  });
});
