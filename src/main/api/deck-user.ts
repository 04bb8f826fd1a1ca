// Who is running commands: the deck's user. Sent to Arthas with every call (userId) and kept with
// each recording (run_by), so a team library can answer who ran what. The setting user.name, or the
// operating system's user name.
import { userInfo } from 'node:os';
import type { Db } from '../recorder/db';

export const USER_NAME_SETTING = 'user.name';

export function systemUserName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export function deckUserName(db: Db): string {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(USER_NAME_SETTING) as { value: string } | undefined;
  const chosen = row ? (JSON.parse(row.value) as unknown) : null;
  return typeof chosen === 'string' && chosen.trim() ? chosen.trim().slice(0, 200) : systemUserName();
}
