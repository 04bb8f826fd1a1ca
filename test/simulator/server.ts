// A faithful stand-in for the Arthas HTTP API (POST /api) on 127.0.0.1, for tests and for people
// without a JVM at hand. Behaviour follows ../shared/arthas-http-api.md.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Encoding, JobContext } from './commands';
import { KNOWN_COMMANDS, commandName, jvmLocalText, resultToWire, startCommand } from './commands';
import type { ConsumerLimits, SimResult } from './consumer';
import { ARTHAS_LIMITS, SimConsumer } from './consumer';
import { seededRandom, type MathGameState } from './math-game';

/** The simulator's highest watch/trace/stack/tt call rate, calls per second. */
export const MAX_CALL_RATE = 500;

export interface SimulatorOptions {
  port?: number;
  host?: string;
  /** '3.x' JSON values and epoch-ms ts, or '4.x' object-view text and date-time ts */
  encoding?: Encoding;
  /** calls per second that watch/trace/stack/tt observe */
  callRate?: number;
  /** 'v2' changes primeFactors' return value (for diff tests) */
  variant?: 'v1' | 'v2';
  /** seed of the workload, so two runs can see the same calls */
  seed?: number;
  auth?: { username: string; password: string };
  /** arthas.localConnectionNonAuth: loopback skips auth (Arthas's default: true) */
  localConnectionNonAuth?: boolean;
  consumerIdleMs?: number;
  sessionTimeoutMs?: number;
  limits?: Partial<ConsumerLimits>;
  pid?: number;
  /** the simulated JVM's time zone, minutes east of UTC (default: this machine's) */
  utcOffsetMinutes?: number;
}

interface SimJob {
  id: number;
  command: string;
  ended: boolean;
  timers: NodeJS.Timeout[];
  /** collects results for exec answers */
  collector?: SimResult[];
  onEnd?: () => void;
}

interface SimSession {
  id: string;
  createTime: number;
  lastAccessTime: number;
  consumers: Map<string, SimConsumer>;
  consumerPrefix: string;
  consumerSeq: number;
  history: SimResult[];
  lastInputStatus?: SimResult;
  job?: SimJob;
  oneTime: boolean;
  rand: () => number;
}

export interface SimulatorStats {
  /** results appended to sessions, by type */
  sentByType: Record<string, number>;
  requests: number;
  dropped: number;
  /** when each of those was dropped (epoch ms): a client's loss events must cover every one */
  droppedAt: number[];
  unhealthyInterrupts: number;
}

type Reply = { state: string; message?: string; sessionId?: string; consumerId?: string; requestId?: string; body?: unknown };

export class ArthasSimulator {
  readonly sessions = new Map<string, SimSession>();
  readonly stats: SimulatorStats = { sentByType: {}, requests: 0, dropped: 0, droppedAt: [], unhealthyInterrupts: 0 };
  /** the command text of every exec and async_exec request, as this server parsed it from the body */
  readonly receivedCommands: string[] = [];
  /** per action: the userId of each request's body, and its X-User-Id header ('' when absent) */
  readonly receivedUserIds = new Map<string, { body: Set<string>; header: Set<string> }>();
  private server: http.Server;
  private sweeper?: NodeJS.Timeout;
  private jobSeq = 0;
  private ttIndex = 1000;
  private busyEnhancing = false;
  /** the demo's one instance in the simulated JVM */
  private readonly game: MathGameState = { illegalArgumentCount: 0 };
  private readonly limits: ConsumerLimits;
  readonly opts: Required<Omit<SimulatorOptions, 'auth' | 'limits'>> & { auth?: { username: string; password: string } };
  url = '';

  constructor(options: SimulatorOptions = {}) {
    this.opts = {
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
      encoding: options.encoding ?? '4.x',
      callRate: Math.min(MAX_CALL_RATE, options.callRate ?? 1),
      variant: options.variant ?? 'v1',
      seed: options.seed ?? 42,
      auth: options.auth,
      localConnectionNonAuth: options.localConnectionNonAuth ?? true,
      consumerIdleMs: options.consumerIdleMs ?? 5 * 60_000,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 3 * 3600_000,
      pid: options.pid ?? 4242,
      utcOffsetMinutes: options.utcOffsetMinutes ?? -new Date().getTimezoneOffset(),
    };
    this.limits = { ...ARTHAS_LIMITS, ...options.limits };
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
  }

  get version(): string {
    return this.opts.encoding === '3.x' ? '3.3.7' : '4.3.4';
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    this.url = `http://${host}:${addr.port}/api`;
    const sweepEvery = Math.max(50, Math.min(1000, Math.floor(this.opts.consumerIdleMs / 4)));
    this.sweeper = setInterval(() => this.sweep(), sweepEvery);
    return this.url;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Forgets every session, as a restarted JVM would. */
  dropAllSessions(): void {
    for (const s of [...this.sessions.values()]) this.removeSession(s);
  }

  /** The next watch/trace/stack/tt/monitor gets "someone else is enhancing classes" (as right after another session's enhancement). */
  busyEnhancingOnce(): void {
    this.busyEnhancing = true;
  }

  setCallRate(rate: number): void {
    this.opts.callRate = Math.min(MAX_CALL_RATE, rate);
  }

  /** Sends a result given as exact JSON text to every session (test hook for hostile values). */
  injectRaw(rawJson: string, type = 'message'): void {
    for (const s of this.sessions.values()) this.distribute(s, { type, jobId: 0, $raw: rawJson });
  }

  /** Closes a session as another client would (close_session). */
  closeSession(id: string): void {
    const s = this.sessions.get(id);
    if (s) this.removeSession(s);
  }

  /** Removes every consumer of every session, as the idle sweep would (test hook). */
  evictConsumers(): void {
    for (const s of this.sessions.values()) {
      for (const c of s.consumers.values()) c.close();
      s.consumers.clear();
    }
  }

  sent(type: string): number {
    return this.stats.sentByType[type] ?? 0;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.dropAllSessions();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- sessions, consumers, distribution -----------------------------------------------------

  private newSession(oneTime = false): SimSession {
    const s: SimSession = {
      id: randomUUID(),
      createTime: Date.now(),
      lastAccessTime: Date.now(),
      consumers: new Map(),
      consumerPrefix: '',
      consumerSeq: 0,
      history: [],
      oneTime,
      rand: seededRandom(this.opts.seed),
    };
    this.sessions.set(s.id, s);
    return s;
  }

  private addConsumer(s: SimSession): SimConsumer {
    const id = `${randomUUID().replace(/-/g, '')}_${++s.consumerSeq}`;
    const c = new SimConsumer(id, this.limits);
    for (const r of s.history) c.append(r);
    if (s.lastInputStatus) c.append(s.lastInputStatus);
    s.consumers.set(id, c);
    return c;
  }

  private removeSession(s: SimSession): void {
    if (s.job) this.endJob(s, s.job, true);
    for (const c of s.consumers.values()) c.close();
    s.consumers.clear();
    this.sessions.delete(s.id);
  }

  /** appendResult of the sharing distributor: history, then every consumer; interrupts when none is healthy */
  private distribute(s: SimSession, r: SimResult): void {
    this.stats.sentByType[r.type] = (this.stats.sentByType[r.type] ?? 0) + 1;
    if (r.type === 'input_status') s.lastInputStatus = r;
    else {
      s.history.push(r);
      if (s.history.length > this.limits.queueSize) s.history.shift();
    }
    let healthy = 0;
    const now = Date.now();
    for (const c of s.consumers.values()) {
      if (c.isHealthy(now)) healthy++;
      if (!c.append(r)) {
        this.stats.dropped++;
        this.stats.droppedAt.push(now);
      }
    }
    if (healthy === 0 && s.job && !s.job.ended && !s.oneTime) {
      this.stats.unhealthyInterrupts++;
      this.endJob(s, s.job, true);
      this.distribute(s, { type: 'message', jobId: 0, message: 'all consumers are unhealthy, current job was interrupted.' });
    }
  }

  /**
   * async: the job's results go to the session (history and every consumer), led by a `command` result.
   * exec: they are packed for the exec answer only (Arthas's PackingResultDistributor): no `command`
   * result, nothing reaches the session's consumers.
   */
  private startJob(s: SimSession, command: string, mode: 'async' | 'exec'): SimJob {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    const job: SimJob = { id: ++this.jobSeq, command, ended: false, timers: [], collector: mode === 'exec' ? [] : undefined };
    s.job = job;
    const out = (r: SimResult): void => {
      if (job.collector) {
        this.stats.sentByType[r.type] = (this.stats.sentByType[r.type] ?? 0) + 1;
        job.collector.push(r);
      } else this.distribute(s, r);
    };
    if (mode === 'async') {
      this.distribute(s, { command, jobId: job.id, state: 'SCHEDULED', type: 'command' });
      this.distribute(s, { type: 'input_status', jobId: 0, inputStatus: 'ALLOW_INTERRUPT' });
    }
    const ctx: JobContext = {
      jobId: job.id,
      encoding: this.opts.encoding,
      rand: s.rand,
      variant: this.opts.variant,
      get callRate() {
        return self.opts.callRate;
      },
      pid: this.opts.pid,
      version: this.version,
      utcOffsetMinutes: this.opts.utcOffsetMinutes,
      game: this.game,
      nextTtIndex: () => this.ttIndex++,
      takeBusyEnhancing: () => {
        const busy = this.busyEnhancing;
        this.busyEnhancing = false;
        return busy;
      },
      emit: (r) => {
        if (!job.ended) out(r);
      },
      end: (statusCode = 0, message) => {
        if (job.ended) return;
        const st: SimResult = { type: 'status', jobId: job.id, statusCode };
        if (message !== undefined) st.message = message;
        out(st);
        this.endJob(s, job, false);
      },
      every: (ms, fn) => {
        if (!job.ended) job.timers.push(setInterval(fn, ms));
      },
    };
    // Arthas runs the command on its own thread: results follow the answer to async_exec
    setImmediate(() => {
      if (job.ended) return;
      try {
        startCommand(command, ctx);
      } catch (e) {
        ctx.end(-1, `Error during processing the command: ${(e as Error).message}`);
      }
    });
    return job;
  }

  private endJob(s: SimSession, job: SimJob, interrupted: boolean): void {
    if (job.ended) return;
    job.ended = true;
    for (const t of job.timers) clearInterval(t);
    if (s.job === job) s.job = undefined;
    if (job.collector) {
      if (interrupted) job.collector.push({ type: 'status', jobId: job.id, statusCode: 0 });
    } else {
      if (interrupted && s.consumers.size > 0) this.distribute(s, { type: 'status', jobId: job.id, statusCode: 0 });
      if (s.consumers.size > 0) this.distribute(s, { type: 'input_status', jobId: 0, inputStatus: 'ALLOW_INPUT' });
    }
    job.onEnd?.();
  }

  private sweep(): void {
    const now = Date.now();
    for (const s of [...this.sessions.values()]) {
      for (const c of [...s.consumers.values()]) {
        if (!c.polling && now - c.lastAccessTime > this.opts.consumerIdleMs) {
          c.append({ type: 'message', jobId: 0, message: 'consumer is inactive for a while, please refresh the page.' });
          c.close();
          s.consumers.delete(c.id);
        }
      }
      if (!s.job && now - s.lastAccessTime > this.opts.sessionTimeoutMs) this.removeSession(s);
    }
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private authorized(req: http.IncomingMessage, url: URL): boolean {
    const auth = this.opts.auth;
    if (!auth) return true;
    const remote = req.socket.remoteAddress ?? '';
    if (this.opts.localConnectionNonAuth && /^(127\.|::1$|::ffff:127\.)/.test(remote)) return true;
    const header = req.headers.authorization ?? '';
    const m = /^Basic\s+(.+)$/i.exec(header);
    if (m) {
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i >= 0 && decoded.slice(0, i) === auth.username && decoded.slice(i + 1) === auth.password) return true;
    }
    return url.searchParams.get('username') === auth.username && url.searchParams.get('password') === auth.password;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.stats.requests++;
    const url = new URL(req.url ?? '/', 'http://sim');
    const send = (reply: Reply): void => {
      const text = reply.body && typeof reply.body === 'object' && 'results' in (reply.body as object) ? serializeWithResults(reply) : JSON.stringify(reply);
      const data = Buffer.from(text, 'utf8');
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': data.length });
      res.end(data);
    };
    if (url.pathname !== '/api') {
      if (url.pathname === '/' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><head><title>Arthas WebConsole</title></head><body>Arthas simulator</body></html>');
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    if (!this.authorized(req, url)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="arthas webconsole"', 'Content-Type': 'text/plain' });
      res.end('Unauthorized');
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      send({ state: 'REFUSED', message: `Unsupported http method: ${req.method}` });
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      this.noteUser(text, String(req.headers['x-user-id'] ?? ''));
      this.dispatch(text)
        .then(send)
        .catch((e: Error) => send({ state: 'FAILED', message: `Process request error: ${e.message}` }));
    });
  }

  private noteUser(text: string, header: string): void {
    try {
      const b = JSON.parse(text) as { action?: unknown; userId?: unknown };
      const action = typeof b.action === 'string' ? b.action.toLowerCase() : '';
      const seen = this.receivedUserIds.get(action) ?? { body: new Set<string>(), header: new Set<string>() };
      seen.body.add(typeof b.userId === 'string' ? b.userId : '');
      seen.header.add(header);
      this.receivedUserIds.set(action, seen);
    } catch {
      /* not JSON: dispatch answers it */
    }
  }

  private async dispatch(text: string): Promise<Reply> {
    if (text.trim() === '') return { state: 'FAILED', message: 'Process request error: parse request failed: request body is empty' };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`not a JSON object: ${text.slice(0, 40)}`);
    } catch (e) {
      return { state: 'FAILED', message: `Process request error: parse request failed: ${(e as Error).message}` };
    }
    const requestId = typeof body.requestId === 'string' ? body.requestId : undefined;
    const reply = await this.act(body);
    if (requestId !== undefined) reply.requestId = requestId;
    return reply;
  }

  private async act(body: Record<string, unknown>): Promise<Reply> {
    const action = typeof body.action === 'string' ? body.action.toLowerCase() : '';
    if (!action) return { state: 'FAILED', message: "'action' is required" };
    const sessionId = typeof body.sessionId === 'string' && body.sessionId ? body.sessionId : undefined;
    const command = typeof body.command === 'string' ? body.command : undefined;
    if ((action === 'exec' || action === 'async_exec') && command !== undefined) this.receivedCommands.push(command);
    const known = ['init_session', 'join_session', 'pull_results', 'async_exec', 'exec', 'interrupt_job', 'close_session', 'session_info'];
    if (!known.includes(action)) return { state: 'FAILED', message: `unknown action: ${String(body.action)}` };

    if (action === 'init_session') {
      const s = this.newSession();
      const c = this.addConsumer(s);
      this.distribute(s, { type: 'message', jobId: 0, message: 'Welcome to arthas!' });
      this.distribute(s, {
        jobId: 0, mainClass: 'demo.MathGame', pid: String(this.opts.pid), time: jvmLocalText(Date.now(), this.opts.utcOffsetMinutes, 3),
        tutorials: 'https://arthas.aliyun.com/doc/arthas-tutorials.html', type: 'welcome', version: this.version, wiki: 'https://arthas.aliyun.com/doc',
      });
      this.distribute(s, { type: 'input_status', jobId: 0, inputStatus: 'ALLOW_INPUT' });
      return { state: 'SUCCEEDED', sessionId: s.id, consumerId: c.id };
    }
    if (action === 'exec') return this.exec(sessionId, command ?? '', body.execTimeout);
    if (!sessionId) return { state: 'FAILED', message: "'sessionId' is required" };
    const s = this.sessions.get(sessionId);
    if (!s) return { state: 'FAILED', message: `session not found: ${sessionId}` };
    s.lastAccessTime = Date.now();

    switch (action) {
      case 'join_session': {
        const c = new SimConsumer(`${randomUUID().replace(/-/g, '')}_${++s.consumerSeq}`, this.limits);
        c.append({ type: 'input_status', jobId: 0, inputStatus: 'DISABLED' });
        for (const r of s.history) c.append(r);
        if (s.lastInputStatus) c.append(s.lastInputStatus);
        s.consumers.set(c.id, c);
        return { state: 'SUCCEEDED', sessionId: s.id, consumerId: c.id };
      }
      case 'pull_results': {
        const consumerId = typeof body.consumerId === 'string' && body.consumerId ? body.consumerId : undefined;
        if (!consumerId) return { state: 'FAILED', message: "'consumerId' is required" };
        const c = s.consumers.get(consumerId);
        if (!c) return { state: 'FAILED', message: `consumer not found: ${consumerId}` };
        const results = await c.poll();
        s.lastAccessTime = Date.now();
        return { state: 'SUCCEEDED', sessionId: s.id, consumerId, body: { results } };
      }
      case 'async_exec': {
        if (command === undefined || command.trim() === '') return { state: 'FAILED', message: "'command' is required" };
        if (s.job) return { state: 'REFUSED', message: 'Another command is executing.' };
        if (!KNOWN_COMMANDS.has(commandName(command))) {
          const message = `Async exec command failed:java.lang.IllegalArgumentException: ${commandName(command)}: command not found`;
          this.distribute(s, { command, jobId: 0, message, state: 'FAILED', type: 'command' });
          return { state: 'FAILED', message };
        }
        const job = this.startJob(s, command, 'async');
        return { state: 'SCHEDULED', sessionId: s.id, body: { command, jobId: job.id, jobStatus: 'READY' } };
      }
      case 'interrupt_job': {
        const job = s.job;
        if (!job) return { state: 'FAILED', message: 'no foreground job is running' };
        this.endJob(s, job, true);
        return { body: { jobId: job.id, jobStatus: 'TERMINATED' }, state: 'SUCCEEDED' };
      }
      case 'close_session':
        this.removeSession(s);
        return { state: 'SUCCEEDED' };
      case 'session_info':
        return { state: 'SUCCEEDED', sessionId: s.id, body: { pid: this.opts.pid, createTime: s.createTime, lastAccessTime: s.lastAccessTime } };
    }
    return { state: 'FAILED', message: `unknown action: ${action}` };
  }

  private async exec(sessionId: string | undefined, command: string, execTimeoutRaw: unknown): Promise<Reply> {
    if (command.trim() === '') return { state: 'FAILED', message: "'command' is required" };
    const parsed = typeof execTimeoutRaw === 'number' ? execTimeoutRaw : typeof execTimeoutRaw === 'string' && /^\d+$/.test(execTimeoutRaw.trim()) ? Number(execTimeoutRaw) : 30_000;
    const execTimeout = Number.isFinite(parsed) && parsed > 0 ? parsed : 30_000;
    let s: SimSession;
    if (sessionId) {
      const found = this.sessions.get(sessionId);
      if (!found) return { state: 'FAILED', message: `session not found: ${sessionId}` };
      s = found;
      s.lastAccessTime = Date.now();
    } else s = this.newSession(true);
    if (s.job) return { state: 'REFUSED', message: 'Another command is executing.' };
    if (!KNOWN_COMMANDS.has(commandName(command))) {
      if (s.oneTime) this.removeSession(s);
      return { state: 'FAILED', message: `Exec command failed:java.lang.IllegalArgumentException: ${commandName(command)}: command not found` };
    }
    const job = this.startJob(s, command, 'exec');
    const timedOut = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(true), execTimeout);
      job.onEnd = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
    if (timedOut) this.endJob(s, job, true);
    const results = job.collector ?? [];
    if (s.oneTime) this.removeSession(s);
    const body = { command, jobId: job.id, jobStatus: 'TERMINATED', timeExpired: timedOut, ...(timedOut ? { timeout: execTimeout } : {}), results };
    // the answer names the session, a one-time one too (removed by now)
    if (timedOut) return { state: 'INTERRUPTED', sessionId: s.id, message: 'The job is exceeded time limit, force interrupt', body };
    return { body, sessionId: s.id, state: 'SUCCEEDED' };
  }
}

/** Results may hold exact longs ($rawValue): serialise each result by hand. */
function serializeWithResults(reply: Reply): string {
  const { body, ...rest } = reply;
  const { results, ...bodyRest } = body as { results: SimResult[] };
  const bodyHead = JSON.stringify(bodyRest);
  const resultsText = `[${results.map(resultToWire).join(',')}]`;
  const bodyText = bodyHead === '{}' ? `{"results":${resultsText}}` : `${bodyHead.slice(0, -1)},"results":${resultsText}}`;
  const head = JSON.stringify(rest);
  return head === '{}' ? `{"body":${bodyText}}` : `${head.slice(0, -1)},"body":${bodyText}}`;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<ArthasSimulator> {
  const sim = new ArthasSimulator(options);
  await sim.listen();
  return sim;
}
