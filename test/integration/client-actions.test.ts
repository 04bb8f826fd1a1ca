import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArthasClient } from '../../src/main/arthas/client';
import { ArthasError } from '../../src/main/arthas/errors';
import type { ArthasSimulator } from '../simulator/server';
import { startSimulator } from '../simulator/server';

async function pullUntil(client: ArthasClient, sid: string, cid: string, pred: (types: string[]) => boolean, tries = 20): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < tries; i++) {
    const a = await client.pullResults(sid, cid);
    seen.push(...a.results.map((r) => r.result.type));
    if (pred(seen)) return seen;
  }
  return seen;
}

async function raw(url: string, body: string | null, method = 'POST'): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

describe('Arthas client against the simulator: every action', () => {
  let sim: ArthasSimulator;
  let client: ArthasClient;
  beforeAll(async () => {
    sim = await startSimulator({ callRate: 50 });
    client = new ArthasClient({ url: sim.url });
  });
  afterAll(async () => {
    client.close();
    await sim.close();
  });

  it('init_session gives a session and a consumer whose queue holds the welcome', async () => {
    const { sessionId, consumerId } = await client.initSession();
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(consumerId).toMatch(/^[0-9a-f]{32}_1$/);
    const a = await client.pullResults(sessionId, consumerId);
    expect(a.results.map((r) => r.result.type)).toEqual(['message', 'welcome', 'input_status']);
    expect(a.results[0]!.result.message).toBe('Welcome to arthas!');
    expect(a.results[2]!.result.inputStatus).toBe('ALLOW_INPUT');
  });

  it('join_session gives a new consumer whose queue starts DISABLED, then history, then the last input status', async () => {
    const { sessionId } = await client.initSession();
    const j = await client.joinSession(sessionId);
    expect(j.consumerId).toMatch(/_2$/);
    const a = await client.pullResults(sessionId, j.consumerId);
    expect(a.results.map((r) => [r.result.type, r.result.inputStatus])).toEqual([
      ['input_status', 'DISABLED'],
      ['message', undefined],
      ['welcome', undefined],
      ['input_status', 'ALLOW_INPUT'],
    ]);
  });

  it('async_exec schedules a job whose life arrives through pull_results; interrupt_job ends it', async () => {
    const { sessionId, consumerId } = await client.initSession();
    await client.pullResults(sessionId, consumerId);
    const body = await client.asyncExec(sessionId, 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -n 100000000');
    expect(body.jobStatus).toBe('READY');
    expect(body.jobId).toBeGreaterThan(0);
    const types = await pullUntil(client, sessionId, consumerId, (t) => t.filter((x) => x === 'watch').length >= 3);
    expect(types.slice(0, 3)).toEqual(['command', 'input_status', 'enhancer']);
    await expect(client.asyncExec(sessionId, 'thread')).rejects.toMatchObject({ kind: 'api', state: 'REFUSED', serverMessage: 'Another command is executing.' });
    const int = await client.interruptJob(sessionId);
    expect(int).toEqual({ jobId: body.jobId, jobStatus: 'TERMINATED' });
    await expect(client.interruptJob(sessionId)).rejects.toMatchObject({ serverMessage: 'no foreground job is running' });
  });

  it('exec waits for the job and returns its results; a one-time session leaves nothing behind', async () => {
    const before = sim.sessions.size;
    const a = await client.exec('version');
    expect(a.state).toBe('SUCCEEDED');
    expect(a.body.timeExpired).toBe(false);
    // exec packs its job's results: no `command` result (only async_exec adds one)
    expect(a.results.map((r) => r.result.type)).toEqual(['version', 'status']);
    expect(sim.sessions.size).toBe(before);
  });

  it('exec in an existing session sends nothing to its consumers', async () => {
    const { sessionId, consumerId } = await client.initSession();
    await client.pullResults(sessionId, consumerId);
    const a = await client.exec('sysprop', { sessionId });
    expect(a.results.map((r) => r.result.type)).toEqual(['sysprop', 'status']);
    expect((await client.pullResults(sessionId, consumerId)).results).toEqual([]);
  });

  it('exec past execTimeout (given as a numeric string) is INTERRUPTED with the server message', async () => {
    const res = await client.call({ action: 'exec', command: 'sleep 30', execTimeout: '300' });
    expect(res.response.state).toBe('INTERRUPTED');
    expect(res.response.message).toBe('The job is exceeded time limit, force interrupt');
    expect((res.response.body as { timeExpired: boolean }).timeExpired).toBe(true);
  });

  it('an unknown command is refused by async_exec as Arthas 4.3.4 refuses it, and its consumers see a failed command', async () => {
    const { sessionId, consumerId } = await client.initSession();
    await client.pullResults(sessionId, consumerId);
    await expect(client.asyncExec(sessionId, 'frobnicate now')).rejects.toMatchObject({
      kind: 'api',
      state: 'FAILED',
      serverMessage: 'Async exec command failed:java.lang.IllegalArgumentException: frobnicate: command not found',
    });
    const a = await client.pullResults(sessionId, consumerId);
    expect(a.results.map((r) => r.result)).toEqual([
      { command: 'frobnicate now', jobId: 0, message: 'Async exec command failed:java.lang.IllegalArgumentException: frobnicate: command not found', state: 'FAILED', type: 'command' },
    ]);
  });

  it('session_info and close_session; afterwards the session is not found', async () => {
    const { sessionId, consumerId } = await client.initSession();
    const info = await client.sessionInfo(sessionId);
    expect(info.pid).toBe(4242);
    await client.closeSession(sessionId);
    await expect(client.pullResults(sessionId, consumerId)).rejects.toMatchObject({ kind: 'api', serverMessage: `session not found: ${sessionId}` });
  });

  it('every documented failure keeps the server message', async () => {
    const { sessionId } = await client.initSession();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, "'action' is required"],
      [{ action: 'dance' }, 'unknown action: dance'],
      [{ action: 'pull_results' }, "'sessionId' is required"],
      [{ action: 'pull_results', sessionId }, "'consumerId' is required"],
      [{ action: 'pull_results', sessionId, consumerId: 'nope_9' }, 'consumer not found: nope_9'],
      [{ action: 'join_session', sessionId: 'gone' }, 'session not found: gone'],
    ];
    for (const [req, message] of cases) {
      const err = await client.call(req as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArthasError);
      expect((err as ArthasError).serverMessage).toBe(message);
    }
  });

  it('the action name is case-insensitive and requestId is echoed', async () => {
    const res = await client.call({ action: 'INIT_SESSION', requestId: 'req-7' });
    expect(res.response.state).toBe('SUCCEEDED');
    expect(res.response.requestId).toBe('req-7');
  });

  it('an empty body, broken JSON and GET get the documented answers with HTTP 200', async () => {
    const empty = await raw(sim.url, '');
    expect(empty.status).toBe(200);
    expect(JSON.parse(empty.text)).toEqual({ state: 'FAILED', message: 'Process request error: parse request failed: request body is empty' });
    const broken = await raw(sim.url, '{"action":');
    expect(JSON.parse(broken.text).message).toMatch(/^Process request error: parse request failed: /);
    const get = await raw(sim.url, null, 'GET');
    expect(JSON.parse(get.text)).toEqual({ state: 'REFUSED', message: 'Unsupported http method: GET' });
    expect(get.headers['content-type']).toBe('application/json; charset=utf-8');
  });
});

describe('Arthas client: authentication', () => {
  let sim: ArthasSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ auth: { username: 'arthas', password: 's3cret' }, localConnectionNonAuth: false });
  });
  afterAll(() => sim.close());

  it('refuses without credentials with a 401 of its own kind', async () => {
    const c = new ArthasClient({ url: sim.url });
    const err = (await c.initSession().catch((e: unknown) => e)) as ArthasError;
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('401');
    c.close();
  });

  it('refuses a wrong password and accepts the right one (header and URL credentials)', async () => {
    const wrong = new ArthasClient({ url: sim.url, username: 'arthas', password: 'nope' });
    await expect(wrong.initSession()).rejects.toMatchObject({ kind: 'auth' });
    wrong.close();
    const right = new ArthasClient({ url: sim.url, username: 'arthas', password: 's3cret' });
    expect((await right.initSession()).sessionId).toBeTruthy();
    right.close();
    const inUrl = new ArthasClient({ url: sim.url.replace('http://', 'http://arthas:s3cret@') });
    expect((await inUrl.initSession()).sessionId).toBeTruthy();
    expect(inUrl.apiUrl.href).not.toContain('s3cret');
    inUrl.close();
  });

  it('lets loopback in without credentials when localConnectionNonAuth is on', async () => {
    const open = await startSimulator({ auth: { username: 'a', password: 'b' } });
    const c = new ArthasClient({ url: open.url });
    expect((await c.initSession()).sessionId).toBeTruthy();
    c.close();
    await open.close();
  });
});

describe('Arthas client: things that are not Arthas', () => {
  let other: http.Server;
  let base = '';
  beforeAll(async () => {
    other = http.createServer((req, res) => {
      if (req.url === '/html') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html><body>Welcome to nginx!</body></html>');
      } else if (req.url === '/json') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"hello":"world"}');
      } else if (req.url === '/empty') {
        res.writeHead(200);
        res.end();
      } else {
        res.writeHead(404);
        res.end('not here');
      }
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => other.close(() => r())));

  for (const [path, seen] of [
    ['/html', 'an HTML page'],
    ['/json', 'JSON without an Arthas "state"'],
    ['/empty', 'an empty body'],
    ['/nope', 'HTTP 404'],
  ] as const) {
    it(`reports ${path} as not an Arthas HTTP API (${seen})`, async () => {
      const c = new ArthasClient({ url: base + path });
      const err = (await c.initSession().catch((e: unknown) => e)) as ArthasError;
      expect(err.kind).toBe('not-arthas');
      expect(err.message).toContain(seen);
      expect(err.message).toContain('not an Arthas HTTP API');
      c.close();
    });
  }

  it('tells a dead port (refused) from a stalled server (timeout)', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const c1 = new ArthasClient({ url: `http://127.0.0.1:${port}` });
    await expect(c1.initSession()).rejects.toMatchObject({ kind: 'refused' });
    c1.close();

    const stall = http.createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => stall.listen(0, '127.0.0.1', () => r()));
    const c2 = new ArthasClient({ url: `http://127.0.0.1:${(stall.address() as AddressInfo).port}`, requestTimeoutMs: 300 });
    await expect(c2.initSession()).rejects.toMatchObject({ kind: 'timeout' });
    c2.close();
    stall.closeAllConnections();
    await new Promise<void>((r) => stall.close(() => r()));
  });

  it('refuses URLs with other schemes before sending anything', () => {
    expect(() => new ArthasClient({ url: 'file:///etc/passwd' })).toThrow(/Only http/);
    expect(() => new ArthasClient({ url: 'javascript:alert(1)' })).toThrow(/Only http/);
    expect(new ArthasClient({ url: '[::1]:8563' }).apiUrl.href).toBe('http://[::1]:8563/api');
    expect(new ArthasClient({ url: 'localhost' }).apiUrl.href).toBe('http://localhost:8563/api');
  });
});
