import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'Arthas Deck';
export const DATABASE_FILE = 'recordings.db';

/** The folder Electron uses as userData for this app, computed without Electron (for the headless tools). */
export function defaultUserDataDir(): string {
  const env = process.env;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
}

export function defaultDatabasePath(): string {
  return join(defaultUserDataDir(), DATABASE_FILE);
}
