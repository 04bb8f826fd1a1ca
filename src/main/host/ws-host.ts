// Serves the renderer and the contract over HTTP + WebSocket on 127.0.0.1, guarded by a random token:
// the same UI runs in a plain browser (npm run serve, and the browser tests).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DeckEvent } from '../../shared/contract';
import type { DeckService } from '../api/deck-service';
import { IMPORT_LIMITS } from '../../shared/recording/format';
import { BULK_MIN_CHARS, BulkAnswers } from './bulk-answers';
import { CONTENT_SECURITY_POLICY } from './csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface WsHost {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startWsHost(service: DeckService, opts: { rendererDir: string; port?: number; token?: string }): Promise<WsHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = resolve(opts.rendererDir);
  let origin = '';
  const authorized = (req: http.IncomingMessage, url: URL): boolean => sameToken(url.searchParams.get('token') ?? '', token) && (!req.headers.origin || req.headers.origin === origin);
  const json = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end(JSON.stringify(body));
  };
  const bulk = new BulkAnswers();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // a large answer of a call made over the WebSocket, fetched once
    const answer = /^\/answer\/([\w-]{1,64})$/.exec(url.pathname);
    if (answer) {
      if (req.method !== 'GET') return void res.writeHead(405).end();
      const body = authorized(req, url) ? bulk.take(answer[1]!) : undefined;
      if (body === undefined) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such answer');
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end(body);
      return;
    }
    // a recording chosen in the browser: the page uploads it, it is checked and imported like a file
    if (url.pathname === '/import') {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      if (!authorized(req, url)) return void json(res, 401, { ok: false, error: { message: 'refused: not the app page', kind: 'invalid' } });
      void receiveImport(req, res);
      return;
    }
    // a file an export offered for download: handed out once, then removed
    const download = /^\/download\/([\w-]{1,64})$/.exec(url.pathname);
    if (download) {
      if (req.method !== 'GET') return void res.writeHead(405).end();
      const d = authorized(req, url) ? service.takeDownload(download[1]!) : undefined;
      if (!d) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such download');
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        // the name as it is (a Chinese recording name too) for browsers that read filename*, ASCII for the rest
        'Content-Disposition': `attachment; filename="${d.name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(d.name)}`,
        'Content-Length': statSync(d.path).size,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      createReadStream(d.path).pipe(res).on('finish', () => d.release());
      res.on('close', () => d.release());
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let path = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    if (path === '' || path === '.') path = 'index.html';
    const file = join(root, path);
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  });
  const receiveImport = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > IMPORT_LIMITS.maxFileBytes) {
      req.resume();
      return json(res, 413, { ok: false, error: { message: `The file is larger than ${IMPORT_LIMITS.maxFileBytes / 1024 ** 3} GB: not a recording this app can import.`, kind: 'invalid' } });
    }
    const dir = mkdtempSync(join(tmpdir(), 'arthas-deck-upload-'));
    const file = join(dir, 'upload.arthasrec');
    try {
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > IMPORT_LIMITS.maxFileBytes) req.destroy(new Error('too large'));
      });
      await pipeline(req, createWriteStream(file));
      const task = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('task') ?? undefined;
      const result = await service.call('recordings.import', { path: file, ...(task ? { taskId: task } : {}) });
      json(res, 200, { ok: true, result });
    } catch (e) {
      const err = e as Error & { kind?: string };
      if (!res.headersSent) json(res, 200, { ok: false, error: { message: err.message, kind: err.kind ?? 'failed' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = url.searchParams.get('token') ?? '';
    const fromPage = !req.headers.origin || req.headers.origin === origin;
    if (url.pathname !== '/deck' || !sameToken(given, token) || !fromPage) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket): void => {
    const off = service.onEvent((event: DeckEvent) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event }));
    });
    ws.on('close', off);
    ws.on('message', (data) => {
      let msg: { id?: unknown; method?: unknown; args?: unknown };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        ws.send(JSON.stringify({ id: null, ok: false, error: { message: 'message is not JSON', kind: 'invalid' } }));
        return;
      }
      const id = typeof msg.id === 'number' ? msg.id : null;
      service.call(msg.method, msg.args, 'window').then(
        (result) => {
          const text = JSON.stringify(result ?? null);
          if (text.length >= BULK_MIN_CHARS) ws.send(JSON.stringify({ id, ok: true, bulk: bulk.put(text) }));
          else ws.send(`{"id":${JSON.stringify(id)},"ok":true,"result":${text}}`);
        },
        (e: Error & { kind?: string }) => ws.send(JSON.stringify({ id, ok: false, error: { message: e.message, kind: e.kind ?? 'failed' } })),
      );
    });
  };

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', rej);
      res();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        bulk.clear();
        wss.close();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
