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
import { HttpTransport, TransportError, type HttpAnswer, type TransportConfig } from './http-transport';
import type { PulledOutcome } from './pull-loop';
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
  /** the deck's user, sent with every call (body userId, header X-User-Id): Arthas records who ran what */
  userId?: string;
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
  readonly userId?: string;
  private readonly transport: HttpTransport;
  private readonly requestTimeoutMs: number;
  readonly pullTimeoutMs: number;

  constructor(opts: ClientOptions) {
    const parsed = parseTargetUrl(opts.url);
    this.apiUrl = parsed.apiUrl;
    this.username = opts.username ?? parsed.username;
    const password = opts.password ?? parsed.password;
    let authHeader: string | undefined;
    if (this.username !== undefined && this.username !== '') {
      authHeader = `Basic ${Buffer.from(`${this.username}:${password ?? ''}`, 'utf8').toString('base64')}`;
    }
    this.userId = opts.userId?.trim() || undefined;
    this.transport = new HttpTransport({ url: this.apiUrl.href, authHeader, maxResponseBytes: opts.maxResponseBytes ?? 512 * 1024 * 1024, userId: this.userId });
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.pullTimeoutMs = opts.pullTimeoutMs ?? 15_000;
  }

  /** What a pull loop elsewhere (a worker thread) needs to reach the same API with the same credentials. */
  get transportConfig(): TransportConfig {
    return this.transport.config;
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
    const { response, text, receivedAt } = await this.call({ action: 'pull_results', sessionId, consumerId }, this.pullTimeoutMs);
    return { results: splitResults(text, this.apiUrl.host, parsedResults(response)), sentAt, receivedAt, bytes: Buffer.byteLength(text) };
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
      results: splitResults(text, this.apiUrl.host, parsedResults(response)),
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
    this.transport.close();
  }

  /** Sends one API request; resolves with a SUCCEEDED/SCHEDULED/INTERRUPTED answer, else throws ArthasError. */
  async call(request: ApiRequest, timeoutMs = this.requestTimeoutMs): Promise<RawAnswer> {
    const where = this.apiUrl.host;
    let answer: HttpAnswer;
    try {
      answer = await this.transport.post(Buffer.from(JSON.stringify(this.userId ? { ...request, userId: this.userId } : request), 'utf8'), timeoutMs);
    } catch (e) {
      throw transportFailure(e, where, request.action, timeoutMs);
    }
    return { response: interpretAnswer(answer, where), text: answer.text, receivedAt: answer.receivedAt };
  }
}

/** The user's words for a request that got no answer. */
export function transportFailure(e: unknown, where: string, action: string, timeoutMs: number): ArthasError {
  if (!(e instanceof TransportError)) return new ArthasError('unreachable', `Network error talking to ${where}: ${String((e as Error)?.message ?? e)}`);
  switch (e.reason) {
    case 'timeout':
      return new ArthasError('timeout', `${where} did not answer ${action} within ${Math.round(timeoutMs / 1000)} s.`);
    case 'too-large':
      return new ArthasError('too-large', `The answer to ${action} is ${e.message}; it was not read.`);
    case 'aborted':
      return new ArthasError('unreachable', `${where} closed the connection in the middle of the answer to ${action}.`);
    case 'closed':
      return new ArthasError('unreachable', `The request to ${where} was stopped (client closed).`);
    case 'network':
      return networkError(e, where);
  }
}

function requireString(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw new ArthasError('not-arthas', `The answer has no ${name}; this is not an Arthas HTTP API.`);
  return v;
}

function networkError(e: TransportError, where: string): ArthasError {
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

/** Turns an HTTP answer into an Arthas response, or throws the right error. */
export function interpretAnswer(answer: HttpAnswer, where: string): ApiResponse {
  const { status, text } = answer;
  if (status === 401) {
    const realm = answer.wwwAuthenticate;
    return failWith(new ArthasError('auth', `${where} refused the credentials (HTTP 401${realm ? `, ${realm}` : ''}). Check the user name and password.`));
  }
  const type = answer.contentType;
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
    return failWith(
      new ArthasError('not-arthas', `${where} answered with ${what}: not an Arthas HTTP API (or a broken answer). Seen: ${snippet(text) || '(nothing)'}`, { seen: snippet(text), broken: true }),
    );
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

/** body.results of an answer as JSON.parse read it (the whole answer is parsed once, in interpretAnswer). */
function parsedResults(response: ApiResponse): unknown[] | undefined {
  const results = (response.body as { results?: unknown } | undefined)?.results;
  return Array.isArray(results) ? results : undefined;
}

/**
 * The results of an answer, each parsed and as its exact text. A body that cannot be read is a
 * broken answer. `parsed`, the answer's results as the answer's own parse gave them, spares
 * parsing each text again (they are the same values).
 */
export function splitResults(text: string, where: string, parsed?: readonly unknown[]): ReceivedResult[] {
  let raws: string[];
  try {
    raws = rawResultTexts(text);
  } catch (e) {
    throw new ArthasError('not-arthas', `${where} sent a broken answer (${(e as Error).message}).`, { seen: snippet(text), broken: true });
  }
  const reuse = parsed !== undefined && parsed.length === raws.length;
  return raws.map((raw, i) => {
    let result: ArthasResult;
    try {
      result = (reuse ? parsed[i] : JSON.parse(raw)) as ArthasResult;
    } catch (e) {
      throw new ArthasError('not-arthas', `${where} sent a broken answer (${(e as Error).message}).`, { seen: snippet(raw), broken: true });
    }
    if (typeof result !== 'object' || result === null || typeof result.type !== 'string') {
      return { result: { type: 'unknown', value: result } as ArthasResult, raw };
    }
    return { result, raw };
  });
}

/** An outcome of the pull loop (bytes, wherever the loop ran) as the engine reads it: an answer, or the right error. */
export function readPulled(pulled: PulledOutcome, where: string, pullTimeoutMs: number): PullAnswer | ArthasError {
  try {
    if (pulled.kind === 'failure') {
      if (pulled.reason === 'worker') return new ArthasError('unreachable', `No pull could be made: ${pulled.message}.`);
      throw transportFailure(new TransportError(pulled.reason as TransportError['reason'], pulled.message, pulled.code), where, 'pull_results', pullTimeoutMs);
    }
    const response = interpretAnswer(pulled.answer, where);
    return { results: splitResults(pulled.answer.text, where, parsedResults(response)), sentAt: pulled.sentAt, receivedAt: pulled.answer.receivedAt, bytes: pulled.bytes };
  } catch (e) {
    return e instanceof ArthasError ? e : new ArthasError('unreachable', String((e as Error)?.message ?? e));
  }
}
