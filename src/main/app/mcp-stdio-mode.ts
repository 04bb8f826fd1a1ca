// `arthas-deck --mcp-stdio [--db FILE]`: the installed app as an assistant's MCP server on standard
// input/output, with no window. The same engine and database as the window (the app's own database
// by default), saved passwords unsealed by the same keychain. It takes no single-instance lock, so
// it runs beside an open window; standard output is the protocol, so nothing else is written there.
import { app } from 'electron';
import { DeckService } from '../api/deck-service';
import { serveMcpOverStdio } from '../mcp/mcp-stdio';
import type { Db } from '../recorder/db';
import { openAppDatabase } from './app-database';
import { keychainSecrets } from './secrets';

export async function runMcpStdioMode(dbPath: string): Promise<void> {
  // no Dock icon on macOS for a process without windows
  app.dock?.hide();
  await app.whenReady();
  let db: Db;
  try {
    db = openAppDatabase(dbPath);
  } catch (e) {
    process.stderr.write(`arthas-deck --mcp-stdio: cannot open the database ${dbPath}: ${(e as Error).message}\n`);
    app.exit(2);
    return;
  }
  const deck = new DeckService({ db, databasePath: dbPath, mode: 'serve', version: app.getVersion(), secrets: keychainSecrets });
  await serveMcpOverStdio(deck, app.getVersion(), () => {
    void deck.shutdown().finally(() => {
      db.close();
      app.exit(0);
    });
  });
}
