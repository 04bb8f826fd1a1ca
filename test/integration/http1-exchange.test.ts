// The hand-read HTTP/1.1 exchange against real sockets: servers that answer with a length, in
// chunks, up to the close, after a 100 Continue, not in HTTP at all, or stop in the middle.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { exchange, headerLine } from '../../src/main/arthas/http1-exchange';
import { HttpTransport, TransportError } from '../../src/main/arthas/http-transport';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server that reads one request (up to its body) and then runs `answer` on the socket; resolves with its URL and what it received. */
async function rawServer(answer: (socket: net.Socket) => void): Promise<{ url: URL; received: () => string }> {
  let received = '';
  const server = net.createServer((socket) => {
    socket.on('data', (d) => {
      received += d.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      const len = /content-length: (\d+)/i.exec(received);
      if (end >= 0 && len && received.length >= end + 4 + Number(len[1])) answer(socket);
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: new URL(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/api`), received: () => received };
}

const post = (url: URL, maxResponseBytes = 1024 * 1024, timeoutMs = 5000) =>
  exchange({ url, headers: ['Content-Type: application/json; charset=utf-8', 'Content-Length: 2'], payload: Buffer.from('{}'), timeoutMs, maxResponseBytes }).answer;

describe('HTTP/1.1 exchange, read by hand', () => {
  it('sends one POST with Connection: close and reads a Content-Length answer, split across writes, as UTF-8', async () => {
    const body = Buffer.from(JSON.stringify({ state: 'SUCCEEDED', body: { text: '中文 ✓' } }), 'utf8');
    const { url, received } = await rawServer((s) => {
      const head = `HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
      // the multi-byte characters are cut between two writes
      s.write(head + body.subarray(0, 40).toString('latin1'), 'latin1');
      setTimeout(() => s.end(body.subarray(40)), 20);
    });
    const a = await post(url);
    expect(a.status).toBe(200);
    expect(a.contentType).toBe('application/json;charset=UTF-8');
    expect(JSON.parse(a.text).body.text).toBe('中文 ✓');
    expect(received()).toMatch(/^POST \/api HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n/);
    expect(received()).toContain('\r\nConnection: close\r\n\r\n{}');
  });

  it('reads a chunked answer (chunk sizes with extensions, the last chunk and trailers)', async () => {
    const { url } = await rawServer((s) => {
      s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n5;x=y\r\n{"sta\r\n');
      setTimeout(() => s.end('10\r\nte":"SUCCEEDED"}\r\n0\r\nX-Trailer: 1\r\n\r\n'), 20);
    });
    expect((await post(url)).text).toBe('{"state":"SUCCEEDED"}');
  });

  it('reads an answer without a length up to the close, and skips a 100 Continue', async () => {
    const { url } = await rawServer((s) => s.end('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 401 Unauthorized\r\nWWW-Authenticate: Basic realm="arthas"\r\n\r\nUnauthorized'));
    const a = await post(url);
    expect(a.status).toBe(401);
    expect(a.wwwAuthenticate).toBe('Basic realm="arthas"');
    expect(a.text).toBe('Unauthorized');
  });

  it('says so when the server does not speak HTTP, hangs up, or stops in the middle of the answer', async () => {
    const notHttp = await rawServer((s) => s.end('SSH-2.0-OpenSSH_9.2\r\n\r\n'));
    await expect(post(notHttp.url)).rejects.toMatchObject({ reason: 'network', message: expect.stringContaining('not HTTP') });
    const hangUp = await rawServer((s) => s.destroy());
    await expect(post(hangUp.url)).rejects.toMatchObject({ reason: 'network', code: 'ECONNRESET' });
    const cut = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"state":'));
    await expect(post(cut.url)).rejects.toMatchObject({ reason: 'aborted' });
  });

  it('stops reading past the size limit, and at the deadline', async () => {
    const big = await rawServer((s) => s.end(`HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(5000)}`));
    await expect(post(big.url, 1000)).rejects.toMatchObject({ reason: 'too-large' });
    const silent = await rawServer(() => undefined);
    await expect(post(silent.url, 1000, 300)).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('refuses a header value with a line break (no request splitting), and a refused connection says ECONNREFUSED', async () => {
    expect(() => headerLine('X-User-Id', 'alice\r\nX-Evil: 1')).toThrow(TransportError);
    const { url } = await rawServer(() => undefined);
    const transport = new HttpTransport({ url: url.href, maxResponseBytes: 1024, userId: 'alice\nbob' });
    await expect(transport.post(Buffer.from('{}'), 1000)).rejects.toMatchObject({ reason: 'network', message: expect.stringContaining('line break') });
    transport.close();
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(post(new URL(`http://127.0.0.1:${port}/api`))).rejects.toMatchObject({ reason: 'network', code: 'ECONNREFUSED' });
  });

  it('close() of the transport stops a request in flight', async () => {
    const { url } = await rawServer(() => undefined);
    const transport = new HttpTransport({ url: url.href, maxResponseBytes: 1024 });
    const pending = transport.post(Buffer.from('{}'), 5000);
    setTimeout(() => transport.close(), 50);
    await expect(pending).rejects.toMatchObject({ reason: 'closed' });
  });
});
