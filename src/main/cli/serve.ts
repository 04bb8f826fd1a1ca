// Serve mode: the app's UI in a browser, for machines without a desktop (npm run serve).
//   npm run serve -- [--db <file>] [--port <port>]
import { resolve } from 'node:path';
import { DeckService } from '../api/deck-service';
import type { McpEndpointControl } from '../api/service-context';
import { startMcpHttp, type McpHttp } from '../mcp/mcp-http';
import { startWsHost } from '../host/ws-host';
import { openDatabase } from '../recorder/db';
import { defaultDatabasePath } from '../recorder/paths';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HELP_OPTION, listenFailure, parseCommandLine, portArg, usageError } from './command-line';

const USAGE = `usage: npm run serve -- [--db <file>] [--port <port>] [--mcp [--mcp-port <port>]]
  The app's UI in a browser on this machine (127.0.0.1, guarded by a token in the printed address).`;

/** serve mode's endpoint: a new token lasts until the process ends (printed again) */
function serveEndpoint(mcp: McpHttp): McpEndpointControl {
  const info = (): { url: string; token: string } => ({ url: mcp.url, token: mcp.token });
  return {
    info,
    renewToken: async () => {
      mcp.renewToken();
      process.stdout.write(`MCP token renewed: Authorization: Bearer ${mcp.token}\n`);
      return info();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseCommandLine('serve', USAGE, () => parseArgs({ options: { ...HELP_OPTION, db: { type: 'string' }, port: { type: 'string' }, renderer: { type: 'string' }, mcp: { type: 'boolean', default: false }, 'mcp-port': { type: 'string' } } }));
  const port = portArg('serve', USAGE, values.port, 0);
  const dbPath = values.db ?? defaultDatabasePath();
  let db;
  try {
    db = openDatabase(dbPath);
  } catch (e) {
    usageError('serve', USAGE, `cannot open the database ${dbPath}: ${(e as Error).message}`);
  }
  const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string };
  let mcp: McpHttp | undefined;
  const service = new DeckService({ db, databasePath: dbPath, mode: 'serve', version: pkg.version, mcpEndpoint: () => (mcp ? serveEndpoint(mcp) : undefined) });
  if (values.mcp) {
    const mcpPort = portArg('serve', USAGE, values['mcp-port'], 0);
    try {
      mcp = await startMcpHttp(service, { version: pkg.version, port: mcpPort });
    } catch (e) {
      const why = listenFailure(e, mcpPort);
      if (why) usageError('serve', USAGE, why);
      throw e;
    }
  }
  let host;
  try {
    host = await startWsHost(service, { rendererDir: values.renderer ?? resolve(__dirname, '../../../out/renderer'), port });
  } catch (e) {
    db.close();
    const why = listenFailure(e, port);
    if (why) usageError('serve', USAGE, why);
    throw e;
  }
  process.stdout.write(`Arthas Deck (serve mode) on ${host.url}\nOpen that address in a browser on this machine; the token in it is the key. Ctrl-C stops.\n`);
  if (mcp) process.stdout.write(`MCP (streamable HTTP) on ${mcp.url}  Authorization: Bearer ${mcp.token}\n`);
  const stop = (): void => {
    void service.shutdown().then(async () => {
      await host.close();
      db.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
