// Serve mode: the app's UI in a browser, for machines without a desktop (npm run serve).
//   npm run serve -- [--db <file>] [--port <port>]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DeckService } from '../api/deck-service';
import { startWsHost } from '../host/ws-host';
import { openDatabase } from '../recorder/db';
import { defaultDatabasePath } from '../recorder/paths';
import { readFileSync } from 'node:fs';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' }, renderer: { type: 'string' } } });
  const dbPath = values.db ?? defaultDatabasePath();
  const db = openDatabase(dbPath);
  const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string };
  const service = new DeckService({ db, databasePath: dbPath, mode: 'serve', version: pkg.version });
  const host = await startWsHost(service, { rendererDir: values.renderer ?? resolve(__dirname, '../../../out/renderer'), port: values.port ? Number(values.port) : 0 });
  process.stdout.write(`Arthas Deck (serve mode) on ${host.url}\nOpen that address in a browser on this machine; the token in it is the key. Ctrl-C stops.\n`);
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
