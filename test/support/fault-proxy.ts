// A small HTTP proxy on 127.0.0.1 between the client and the simulator that injects faults.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultMode =
  | 'pass'
  | 'reset' // forward, then reset the client connection instead of answering (the answer is lost)
  | 'truncate' // answer with the first half of the body (broken JSON, consistent Content-Length)
  | 'http500'
  | 'http502'
  | 'stall' // hold the request without answering
  | 'blackhole'; // as stall, and never forward (the server sees no polling)

export class FaultProxy {
  mode: FaultMode = 'pass';
  /** how many requests (of the matching action) the current fault applies to; then back to pass */
  remaining = Infinity;
  /** only requests of this action are faulted (others pass) */
  action: string | null = null;
  /** results the proxy received from the server but did not deliver */
  lostResults = 0;
  faulted = 0;
  private server: http.Server;
  private held = new Set<http.ServerResponse>();
  url = '';

  constructor(private readonly upstream: string) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
    return this.url;
  }

  set(mode: FaultMode, opts: { count?: number; action?: string } = {}): void {
    this.mode = mode;
    this.remaining = opts.count ?? Infinity;
    this.action = opts.action ?? null;
  }

  /** back to pass; held requests are released (forwarded) */
  heal(): void {
    this.mode = 'pass';
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  async close(): Promise<void> {
    this.heal();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let action = '';
      try {
        action = String((JSON.parse(body.toString()) as { action?: string }).action ?? '');
      } catch {
        /* not JSON: pass it on */
      }
      const applies = this.mode !== 'pass' && this.remaining > 0 && (!this.action || this.action === action);
      const mode = applies ? this.mode : 'pass';
      if (applies) {
        this.remaining--;
        this.faulted++;
      }
      if (mode === 'http500' || mode === 'http502') {
        res.writeHead(mode === 'http500' ? 500 : 502, { 'Content-Type': 'text/html' });
        res.end(`<html><body><h1>${mode === 'http500' ? '500 Internal Server Error' : '502 Bad Gateway'}</h1></body></html>`);
        return;
      }
      if (mode === 'blackhole' || mode === 'stall') {
        this.held.add(res);
        return;
      }
      const up = http.request(this.upstream, { method: req.method, headers: { ...req.headers, host: new URL(this.upstream).host } }, (ur) => {
        const parts: Buffer[] = [];
        ur.on('data', (c: Buffer) => parts.push(c));
        ur.on('end', () => {
          const text = Buffer.concat(parts);
          const lost = (): number => {
            try {
              return ((JSON.parse(text.toString()) as { body?: { results?: unknown[] } }).body?.results ?? []).length;
            } catch {
              return 0;
            }
          };
          if (mode === 'reset') {
            this.lostResults += lost();
            res.socket?.destroy();
            return;
          }
          if (mode === 'truncate') {
            this.lostResults += lost();
            const half = text.subarray(0, Math.max(1, Math.floor(text.length / 2)));
            res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': half.length });
            res.end(half);
            return;
          }
          res.writeHead(ur.statusCode ?? 502, ur.headers);
          res.end(text);
        });
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  }
}
