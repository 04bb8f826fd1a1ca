import http from 'node:http';
import https from 'node:https';
import type {
  ApiRequest,
  ApiResponse,
  ArthasResult,
  AsyncExecBody,
  ExecBody,
  InterruptBody,
  SessionInfoBody,
} from '../../shared/arthas/protocol';
import { API_STATES } from '../../shared/arthas/protocol';
import { rawResultTexts } from '../../shared/arthas/raw-results';
import { ArthasError } from './errors';
import { parseTargetUrl } from './target-url';

export interface ClientOptions {
  url: string;
  username?: string;
  password?: string;
  /** deadline of one ordinary call, ms */
  requestTimeoutMs?: number;
  /** deadline of one pull_results (the server holds it up to ~2.5 s), ms */
  pullTimeoutMs?: number;
  /** the largest answer accepted, bytes */
  maxResponseBytes?: number;
}

/** A result as received: parsed for routing, raw text for lossless storage. */
export interface ReceivedResult {
  result: ArthasResult;
  raw: string;
}

export interface PullAnswer {
  results: ReceivedResult[];
  /** Date.now() when the request was sent */
  sentAt?: number;
  /** Date.now() when the answer was fully read */
  receivedAt: number;
  bytes: number;
}

export interface ExecAnswer {
  state: 'SUCCEEDED' | 'INTERRUPTED';
  message?: string;
  sessionId?: string;
  body: Omit<ExecBody, 'results'>;
  results: ReceivedResult[];
  receivedAt: number;
}

interface RawAnswer {
  response: ApiResponse;
  text: string;
  receivedAt: number;
}

const SNIPPET = 160;
function snippet(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > SNIPPET ? `${one.slice(0, SNIPPET)}…` : one;
}

/** One method per Arthas action; every FAILED/REFUSED answer becomes an ArthasError('api'). */
export class ArthasClient {
  readonly apiUrl: URL;
  readonly username?: string;
  private readonly authHeader?: string;
  private readonly agent: http.Agent;
  private readonly requestTimeoutMs: number;
  private readonly pullTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly inflight = new Set<http.ClientRequest>();

  constructor(opts: ClientOptions) {
    const parsed = parseTargetUrl(opts.url);
    this.apiUrl = parsed.apiUrl;
    this.username = opts.username ?? parsed.username;
    const password = opts.password ?? parsed.password;
    if (this.username !== undefined && this.username !== '') {
      this.authHeader = `Basic ${Buffer.from(`${this.username}:${password ?? ''}`, 'utf8').toString('base64')}`;
    }
    const Agent = this.apiUrl.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: 16 });
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.pullTimeoutMs = opts.pullTimeoutMs ?? 15_000;
    this.maxResponseBytes = opts.maxResponseBytes ?? 512 * 1024 * 1024;
  }

  async initSession(): Promise<{ sessionId: string; consumerId: string }> {
    const { response } = await this.call({ action: 'init_session' });
    return { sessionId: requireString(response.sessionId, 'sessionId'), consumerId: requireString(response.consumerId, 'consumerId') };
  }

  async joinSession(sessionId: string): Promise<{ sessionId: string; consumerId: string }> {
    const { response } = await this.call({ action: 'join_session', sessionId });
    return { sessionId: response.sessionId ?? sessionId, consumerId: requireString(response.consumerId, 'consumerId') };
  }

  async pullResults(sessionId: string, consumerId: string): Promise<PullAnswer> {
    const sentAt = Date.now();
    const { text, receivedAt } = await this.call({ action: 'pull_results', sessionId, consumerId }, this.pullTimeoutMs);
    return { results: splitResults(text), sentAt, receivedAt, bytes: Buffer.byteLength(text) };
  }

  async asyncExec(sessionId: string, command: string): Promise<AsyncExecBody> {
    const { response } = await this.call({ action: 'async_exec', sessionId, command });
    return response.body as AsyncExecBody;
  }

  /** Runs a command and waits for it (up to execTimeout ms); without sessionId Arthas uses a one-time session. */
  async exec(command: string, opts: { sessionId?: string; execTimeout?: number } = {}): Promise<ExecAnswer> {
    const execTimeout = opts.execTimeout ?? 30_000;
    const req: ApiRequest = { action: 'exec', command, execTimeout };
    if (opts.sessionId) req.sessionId = opts.sessionId;
    const { response, text, receivedAt } = await this.call(req, execTimeout + this.requestTimeoutMs);
    const { results: _ignored, ...body } = (response.body ?? {}) as ExecBody;
    return {
      state: response.state as 'SUCCEEDED' | 'INTERRUPTED',
      message: response.message,
      sessionId: response.sessionId,
      body,
      results: splitResults(text),
      receivedAt,
    };
  }

  async interruptJob(sessionId: string): Promise<InterruptBody> {
    const { response } = await this.call({ action: 'interrupt_job', sessionId });
    return response.body as InterruptBody;
  }

  async closeSession(sessionId: string): Promise<void> {
    await this.call({ action: 'close_session', sessionId });
  }

  async sessionInfo(sessionId: string): Promise<SessionInfoBody> {
    const { response } = await this.call({ action: 'session_info', sessionId });
    return response.body as SessionInfoBody;
  }

  /** Aborts every request in flight and drops kept-alive sockets. */
  close(): void {
    for (const req of this.inflight) req.destroy(new Error('client closed'));
    this.inflight.clear();
    this.agent.destroy();
  }

  /** Sends one API request; resolves with a SUCCEEDED/SCHEDULED/INTERRUPTED answer, else throws ArthasError. */
  call(request: ApiRequest, timeoutMs = this.requestTimeoutMs): Promise<RawAnswer> {
    const payload = Buffer.from(JSON.stringify(request), 'utf8');
    const mod = this.apiUrl.protocol === 'https:' ? https : http;
    const where = this.apiUrl.host;
    return new Promise<RawAnswer>((resolve, reject) => {
      let settled = false;
      const fail = (err: ArthasError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inflight.delete(req);
        req.destroy();
        reject(err);
      };
      const headers: Record<string, string | number> = {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': payload.length,
        Accept: 'application/json',
      };
      if (this.authHeader) headers.Authorization = this.authHeader;
      const req = mod.request(this.apiUrl, { method: 'POST', agent: this.agent, headers });
      this.inflight.add(req);
      const timer = setTimeout(
        () => fail(new ArthasError('timeout', `${where} did not answer ${request.action} within ${Math.round(timeoutMs / 1000)} s.`)),
        timeoutMs,
      );
      req.on('error', (e: NodeJS.ErrnoException) => fail(networkError(e, where)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxResponseBytes) {
            fail(new ArthasError('too-large', `The answer to ${request.action} is larger than ${Math.round(this.maxResponseBytes / 1048576)} MB; it was not read.`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (e: NodeJS.ErrnoException) => fail(networkError(e, where)));
        res.on('aborted', () => fail(new ArthasError('unreachable', `${where} closed the connection in the middle of the answer to ${request.action}.`)));
        res.on('end', () => {
          if (settled) return;
          const text = Buffer.concat(chunks, size).toString('utf8');
          try {
            const response = interpret(res, text, where);
            settled = true;
            clearTimeout(timer);
            this.inflight.delete(req);
            resolve({ response, text, receivedAt: Date.now() });
          } catch (e) {
            fail(e as ArthasError);
          }
        });
      });
      req.end(payload);
    });
  }
}

function requireString(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw new ArthasError('not-arthas', `The answer has no ${name}; this is not an Arthas HTTP API.`);
  return v;
}

function networkError(e: NodeJS.ErrnoException, where: string): ArthasError {
  switch (e.code) {
    case 'ECONNREFUSED':
      return new ArthasError('refused', `Connection refused by ${where}: nothing listens there (is Arthas started with its HTTP port?).`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ArthasError('unreachable', `Host not found: ${where}.`);
    case 'ETIMEDOUT':
      return new ArthasError('timeout', `Connecting to ${where} timed out.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new ArthasError('unreachable', `The connection to ${where} was reset.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ArthasError('unreachable', `${where} cannot be reached from this machine.`);
    default:
      return new ArthasError('unreachable', `Network error talking to ${where}: ${e.message}`);
  }
}

/** Turns an HTTP answer into an Arthas response, or the right error. */
function interpret(res: http.IncomingMessage, text: string, where: string): ApiResponse {
  const status = res.statusCode ?? 0;
  if (status === 401) {
    const realm = String(res.headers['www-authenticate'] ?? '');
    return failWith(new ArthasError('auth', `${where} refused the credentials (HTTP 401${realm ? `, ${realm}` : ''}). Check the user name and password.`));
  }
  const type = String(res.headers['content-type'] ?? '');
  if (status !== 200) {
    return failWith(
      new ArthasError('not-arthas', `${where} answered HTTP ${status}${type ? ` (${type.split(';')[0]})` : ''}: not an Arthas HTTP API. Seen: ${snippet(text) || '(empty body)'}`, {
        seen: snippet(text),
      }),
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const what = text.trim() === '' ? 'an empty body' : /^\s*</.test(text) ? 'an HTML page' : 'text that is not JSON';
    return failWith(new ArthasError('not-arthas', `${where} answered with ${what}: not an Arthas HTTP API (or a broken answer). Seen: ${snippet(text) || '(nothing)'}`, { seen: snippet(text) }));
  }
  if (typeof parsed !== 'object' || parsed === null || !API_STATES.includes((parsed as ApiResponse).state)) {
    return failWith(new ArthasError('not-arthas', `${where} answered JSON without an Arthas "state": not an Arthas HTTP API. Seen: ${snippet(text)}`, { seen: snippet(text) }));
  }
  const response = parsed as ApiResponse;
  if (response.state === 'FAILED' || response.state === 'REFUSED') {
    const msg = typeof response.message === 'string' ? response.message : '(no message)';
    return failWith(new ArthasError('api', `Arthas ${response.state === 'REFUSED' ? 'refused' : 'failed'}: ${msg}`, { state: response.state, serverMessage: msg }));
  }
  return response;
}

function failWith(e: ArthasError): never {
  throw e;
}

function splitResults(text: string): ReceivedResult[] {
  return rawResultTexts(text).map((raw) => {
    const result = JSON.parse(raw) as ArthasResult;
    if (typeof result !== 'object' || result === null || typeof result.type !== 'string') {
      return { result: { type: 'unknown', value: result } as ArthasResult, raw };
    }
    return { result, raw };
  });
}
