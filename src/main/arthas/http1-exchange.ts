// One HTTP/1.1 request on a connection of its own, written and read by hand: the request's bytes
// out, the status line, three headers and the body in (Content-Length, chunked, or up to the close).
// Arthas closes the connection after every answer (its HttpRequestHandler adds Connection: close),
// so node's http client bought nothing per pull but cost its agent, parser and listeners: about
// 0.2 ms of JavaScript a pull in a profile at 10,000 calls/s (this takes about half that). Most of
// what a pull costs the client (~0.8 ms of CPU) is the kernel's loopback TCP, which no client avoids.
// Plain text HTTP only; https stays with node's https (http-transport.ts).
import net from 'node:net';
import { TransportError, type HttpAnswer } from './http-transport';

export interface ExchangeRequest {
  url: URL;
  /** header lines after Host, each "Name: value", without line ends */
  headers: string[];
  payload: Buffer;
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface Exchange {
  readonly answer: Promise<HttpAnswer>;
  /** stops the exchange: the answer rejects with reason 'closed' */
  abort(): void;
}

const MAX_HEAD_BYTES = 64 * 1024;
const CRLF2 = Buffer.from('\r\n\r\n', 'latin1');
/** how long a finished connection may wait for the server to close it (Arthas closes at once) */
const LINGER_MS = 5000;

/** A header value that would split the request (CR or LF) is refused before anything is sent. */
export function headerLine(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new TransportError('network', `the ${name} header has a line break in it`);
  return `${name}: ${value}`;
}

interface Head {
  status: number;
  contentType: string;
  wwwAuthenticate: string;
  /** Content-Length, when given */
  length: number | null;
  chunked: boolean;
}

/** Reads an HTTP/1.x response from the bytes as they come. */
class ResponseReader {
  head?: Head;
  private headBytes: Buffer[] = [];
  private headSize = 0;
  private readonly body: Buffer[] = [];
  private bodySize = 0;
  private chunkState: 'size' | 'data' | 'crlf' = 'size';
  private chunkLine = '';
  private chunkLeft = 0;

  constructor(private readonly maxBodyBytes: number) {}

  /** Takes the next bytes; true once the whole response is in. Throws a TransportError on a bad one. */
  feed(data: Buffer): boolean {
    if (this.head) return this.feedBody(data);
    this.headBytes.push(data);
    this.headSize += data.length;
    const all = this.headBytes.length === 1 ? data : Buffer.concat(this.headBytes, this.headSize);
    const end = all.indexOf(CRLF2);
    if (end < 0) {
      if (this.headSize > MAX_HEAD_BYTES) throw new TransportError('network', 'the answer is not HTTP (no end of its headers)');
      this.headBytes = [all];
      return false;
    }
    this.headBytes = [];
    this.headSize = 0;
    const head = parseHead(all.toString('latin1', 0, end));
    const rest = all.subarray(end + 4);
    // an interim answer (100 Continue) is followed by the real one
    if (head.status >= 100 && head.status < 200) return rest.length ? this.feed(rest) : false;
    this.head = head;
    if (head.length === 0) return true;
    return rest.length ? this.feedBody(rest) : false;
  }

  /** The connection ended: true when that ends the body (no length given), else throws. */
  ended(): boolean {
    if (!this.head) throw new TransportError('network', 'socket hang up', 'ECONNRESET');
    if (this.head.length === null && !this.head.chunked) return true;
    throw new TransportError('aborted', 'closed in the middle of the answer');
  }

  answer(): HttpAnswer {
    const h = this.head!;
    return {
      status: h.status,
      contentType: h.contentType,
      wwwAuthenticate: h.wwwAuthenticate,
      text: Buffer.concat(this.body, this.bodySize).toString('utf8'),
      receivedAt: Date.now(),
    };
  }

  private keep(data: Buffer): void {
    this.bodySize += data.length;
    if (this.bodySize > this.maxBodyBytes) throw new TransportError('too-large', `larger than ${Math.round(this.maxBodyBytes / 1048576)} MB`);
    this.body.push(data);
  }

  private feedBody(data: Buffer): boolean {
    const h = this.head!;
    if (!h.chunked) {
      if (h.length === null) {
        this.keep(data);
        return false;
      }
      const want = h.length - this.bodySize;
      this.keep(data.length > want ? data.subarray(0, want) : data);
      return this.bodySize >= h.length;
    }
    let i = 0;
    while (i < data.length) {
      if (this.chunkState === 'data') {
        const take = Math.min(this.chunkLeft, data.length - i);
        this.keep(data.subarray(i, i + take));
        i += take;
        this.chunkLeft -= take;
        if (this.chunkLeft === 0) this.chunkState = 'crlf';
        continue;
      }
      const nl = data.indexOf(10, i);
      const line = data.toString('latin1', i, nl < 0 ? data.length : nl);
      i = nl < 0 ? data.length : nl + 1;
      if (this.chunkState === 'crlf') {
        if (nl >= 0) this.chunkState = 'size';
        continue;
      }
      this.chunkLine += line;
      if (this.chunkLine.length > 1024) throw new TransportError('network', 'a broken chunked answer');
      if (nl < 0) continue;
      const size = Number.parseInt(this.chunkLine.split(';')[0]!.trim(), 16);
      this.chunkLine = '';
      if (!Number.isFinite(size) || size < 0) throw new TransportError('network', 'a broken chunked answer');
      // the last chunk: trailers, if any, are not read
      if (size === 0) return true;
      this.chunkLeft = size;
      this.chunkState = 'data';
    }
    return false;
  }
}

function parseHead(text: string): Head {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0]!);
  if (!status) throw new TransportError('network', `the answer is not HTTP (it began ${JSON.stringify(lines[0]!.slice(0, 40))})`);
  const head: Head = { status: Number(status[1]), contentType: '', wwwAuthenticate: '', length: null, chunked: false };
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-type') head.contentType = value;
    else if (name === 'www-authenticate') head.wwwAuthenticate = value;
    else if (name === 'transfer-encoding') head.chunked = /(^|,)\s*chunked\s*$/i.test(value);
    else if (name === 'content-length') {
      if (!/^\d+$/.test(value)) throw new TransportError('network', `a broken Content-Length (${value.slice(0, 20)})`);
      head.length = Number(value);
    }
  }
  // a chunked body's length is what its chunks say (RFC 9112 6.3)
  if (head.chunked) head.length = null;
  // answers that never have a body
  if (head.status === 204 || head.status === 304) head.length = 0;
  return head;
}

/** Sends one request on a new connection and reads its answer. */
export function exchange(req: ExchangeRequest): Exchange {
  const { url } = req;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port ? Number(url.port) : 80;
  const head = `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n${req.headers.map((h) => `${h}\r\n`).join('')}Connection: close\r\n\r\n`;
  let abort!: () => void;
  const answer = new Promise<HttpAnswer>((resolve, reject) => {
    const reader = new ResponseReader(req.maxResponseBytes);
    const socket = net.connect({ host, port, noDelay: true });
    let settled = false;
    const timer = setTimeout(() => fail(() => new TransportError('timeout', `no answer within ${Math.round(req.timeoutMs / 1000)} s`)), req.timeoutMs);
    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      // the server closes the connection (Arthas at once); one that does not is closed here (the
      // socket's own idle timer, gone with the socket: no timer per pull left holding it for 5 s)
      socket.setTimeout(LINGER_MS, () => socket.destroy());
      resolve(reader.answer());
    };
    // errors are made only when one happens: an Error's stack costs more than a whole pull's parsing
    const fail = (e: TransportError | (() => TransportError)): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(typeof e === 'function' ? e() : e);
    };
    abort = () => fail(() => new TransportError('closed', 'client closed'));
    socket.on('data', (data: Buffer) => {
      if (settled) return;
      try {
        if (reader.feed(data)) finish();
      } catch (e) {
        fail(e as TransportError);
      }
    });
    socket.on('end', () => {
      if (settled) return;
      try {
        if (reader.ended()) finish();
      } catch (e) {
        fail(e as TransportError);
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => fail(() => new TransportError('network', e.message, e.code)));
    socket.on('close', () => fail(() => new TransportError('network', 'socket hang up', 'ECONNRESET')));
    // the connection stays open both ways until the server has answered and closed it
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), req.payload]));
  });
  return { answer, abort: () => abort() };
}
