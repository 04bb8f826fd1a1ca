// Who is running commands: the deck's user. Sent to Arthas with every call (userId) and kept with
// each recording (run_by), so a team library can answer who ran what. The setting user.name, or the
// operating system's user name.
import { userInfo } from 'node:os';
import type { Db } from '../recorder/db';
import { readSetting } from '../recorder/settings';

export const USER_NAME_SETTING = 'user.name';

export function systemUserName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export function deckUserName(db: Db): string {
  const chosen = readSetting(db, USER_NAME_SETTING);
  return typeof chosen === 'string' && chosen.trim() ? chosen.trim().slice(0, 200) : systemUserName();
}
