// One POST of a JSON body to Arthas's /api, with a deadline and a size limit: the bytes and the
// HTTP facts of the answer, nothing interpreted. Shared by the client (every action, on the main
// thread) and the pull loop (which may run in a worker thread of its own). Plain http goes through
// http1-exchange.ts (a connection per request, read by hand, as cheap as a pull can be); https
// through node's https with a kept-alive agent.
import https from 'node:https';
import { exchange, headerLine, type Exchange } from './http1-exchange';

export interface TransportConfig {
  /** the /api URL */
  url: string;
  /** the Authorization header's value, when credentials are set */
  authHeader?: string;
  /** the largest answer accepted, bytes */
  maxResponseBytes: number;
  /**
   * who runs the commands (the deck's user): Arthas's /api reads it from the body's userId into its
   * session (4.x); the X-User-Id header is what its MCP endpoint reads. Both are sent.
   */
  userId?: string;
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  wwwAuthenticate: string;
  text: string;
  /** Date.now() when the answer was fully read */
  receivedAt: number;
}

/** Why no answer came: a network error code (ECONNREFUSED …), or the client's own reason. */
export class TransportError extends Error {
  constructor(
    readonly reason: 'network' | 'timeout' | 'too-large' | 'aborted' | 'closed',
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Keeps the requests in flight of one target (and its https agent), so that close() can abort them all. */
export class HttpTransport {
  private readonly url: URL;
  private agent?: https.Agent;
  private readonly inflight = new Set<{ destroy(e?: Error): void }>();
  private readonly exchanges = new Set<Exchange>();

  constructor(readonly config: TransportConfig) {
    this.url = new URL(config.url);
  }

  /** Posts one JSON body. Resolves with the whole answer; rejects with a TransportError. */
  post(payload: Buffer, timeoutMs: number): Promise<HttpAnswer> {
    if (this.url.protocol === 'https:') return this.postTls(payload, timeoutMs);
    let x: Exchange;
    try {
      const headers = ['Content-Type: application/json; charset=utf-8', `Content-Length: ${payload.length}`, 'Accept: application/json'];
      if (this.config.authHeader) headers.push(headerLine('Authorization', this.config.authHeader));
      if (this.config.userId) headers.push(headerLine('X-User-Id', this.config.userId));
      x = exchange({ url: this.url, headers, payload, timeoutMs, maxResponseBytes: this.config.maxResponseBytes });
    } catch (e) {
      return Promise.reject(e);
    }
    this.exchanges.add(x);
    const done = (): void => void this.exchanges.delete(x);
    x.answer.then(done, done);
    return x.answer;
  }

  private postTls(payload: Buffer, timeoutMs: number): Promise<HttpAnswer> {
    this.agent ??= new https.Agent({ keepAlive: true, maxSockets: 16 });
    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      const fail = (err: TransportError): void => {
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
      if (this.config.authHeader) headers.Authorization = this.config.authHeader;
      if (this.config.userId) headers['X-User-Id'] = this.config.userId;
      const req = https.request(this.url, { method: 'POST', agent: this.agent, headers });
      this.inflight.add(req);
      const timer = setTimeout(() => fail(new TransportError('timeout', `no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => fail(new TransportError(e.message === 'client closed' ? 'closed' : 'network', e.message, e.code)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.config.maxResponseBytes) {
            fail(new TransportError('too-large', `larger than ${Math.round(this.config.maxResponseBytes / 1048576)} MB`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (e: NodeJS.ErrnoException) => fail(new TransportError('network', e.message, e.code)));
        res.on('aborted', () => fail(new TransportError('aborted', 'closed in the middle of the answer')));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          this.inflight.delete(req);
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            wwwAuthenticate: String(res.headers['www-authenticate'] ?? ''),
            text: Buffer.concat(chunks, size).toString('utf8'),
            receivedAt: Date.now(),
          });
        });
      });
      req.end(payload);
    });
  }

  /** Aborts every request in flight and drops kept-alive sockets. */
  close(): void {
    for (const x of this.exchanges) x.abort();
    this.exchanges.clear();
    for (const req of this.inflight) req.destroy(new Error('client closed'));
    this.inflight.clear();
    this.agent?.destroy();
  }
}
