// The deck as an MCP server over stdio, for assistants that start a command:
//   npm run mcp [-- --db <file>]      (the app's database by default, as for the headless recorder)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DeckService } from '../api/deck-service';
import { serveMcpOverStdio } from '../mcp/mcp-stdio';
import { openDatabase } from '../recorder/db';
import { defaultDatabasePath } from '../recorder/paths';
import { HELP_OPTION, parseCommandLine, usageError } from './command-line';

const USAGE = `usage: npm run mcp -- [--db <file>]
  Arthas Deck as an MCP server on standard input/output (the app's database by default).`;

async function main(): Promise<void> {
  const { values } = parseCommandLine('mcp', USAGE, () => parseArgs({ options: { ...HELP_OPTION, db: { type: 'string' } } }));
  const dbPath = values.db ?? defaultDatabasePath();
  let db;
  try {
    db = openDatabase(dbPath);
  } catch (e) {
    usageError('mcp', USAGE, `cannot open the database ${dbPath}: ${(e as Error).message}`);
  }
  const { version } = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string };
  const deck = new DeckService({ db, databasePath: dbPath, mode: 'serve', version });
  await serveMcpOverStdio(deck, version, () => {
    void deck.shutdown().finally(() => {
      db.close();
      process.exit(0);
    });
  });
}

void main();
