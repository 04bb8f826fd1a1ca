import { homedir } from 'node:os';
import { join } from 'node:path';

/** The app's folder name under the OS's app-data folder: the desktop app and the headless tools share it. */
export const APP_DIR_NAME = 'Arthas Deck';
export const DATABASE_FILE = 'recordings.db';

/**
 * The app's userData folder, as Electron computes it for the name "Arthas Deck" (the desktop app sets
 * it explicitly from this function, so both always agree): %APPDATA% on Windows, Application Support
 * on macOS, $XDG_CONFIG_HOME or ~/.config elsewhere.
 */
export function defaultUserDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME);
}

export function defaultDatabasePath(): string {
  return join(defaultUserDataDir(), DATABASE_FILE);
}
