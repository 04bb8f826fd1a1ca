// The database as the Electron app opens it: better-sqlite3 built for Electron's ABI, by
// scripts/prepare-electron.mjs into .electron-native/ in a checkout (npm start); a packaged app
// carries its own, rebuilt by npm run dist.
import { app } from 'electron';
import { join } from 'node:path';
import { openDatabase, type Db } from '../recorder/db';

export function openAppDatabase(dbPath: string): Db {
  return openDatabase(dbPath, { nativeBinding: app.isPackaged ? undefined : join(app.getAppPath(), '.electron-native', 'better_sqlite3.node') });
}
