// The deck's MCP server over streamable HTTP on 127.0.0.1, guarded by a token (Authorization:
// Bearer <token>, or ?token=) as serve mode is, and by the Host header (no DNS rebinding). Each
// request is served by a fresh, stateless MCP server; the assistant's tabs are shared.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createDeckMcpServer, type AssistantTabs, type DeckBackend } from './deck-mcp-server';

export interface McpHttp {
  readonly url: string;
  readonly port: number;
  /** the token requests must carry now */
  readonly token: string;
  /** a new token; the old one is refused from now on */
  renewToken(): string;
  close(): Promise<void>;
}

export const newMcpToken = (): string => randomBytes(24).toString('base64url');

const MAX_BODY = 1024 * 1024;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const rpcError = (res: http.ServerResponse, status: number, code: number, message: string): void => {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
};

export async function startMcpHttp(deck: DeckBackend, opts: { version: string; port?: number; token?: string }): Promise<McpHttp> {
  let token = opts.token ?? newMcpToken();
  const tabs: AssistantTabs = new Map();
  let port = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/mcp') return void res.writeHead(404).end();
    const host = String(req.headers.host ?? '');
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return rpcError(res, 403, -32000, 'refused: not addressed to 127.0.0.1');
    const given = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? url.searchParams.get('token') ?? '';
    if (!same(given, token)) return rpcError(res, 401, -32001, 'refused: a wrong or missing token');
    if (req.method !== 'POST') return rpcError(res, 405, -32000, 'this server is stateless: POST only');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return rpcError(res, 400, -32700, 'the request body is not JSON');
      }
      const mcp = createDeckMcpServer(deck, opts.version, tabs);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => {
        void transport.close();
        void mcp.close();
      });
      mcp
        .connect(transport)
        .then(() => transport.handleRequest(req, res, body))
        .catch((e: Error) => !res.headersSent && rpcError(res, 500, -32603, e.message));
    });
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port ?? 0, '127.0.0.1', () => res());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    get token() {
      return token;
    },
    renewToken() {
      token = newMcpToken();
      return token;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
