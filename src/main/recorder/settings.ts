// The desktop's settings: JSON values by key in its database (the user's name, the library source
// id, whatever the renderer keeps). The one place that reads and writes the settings table.
import type { Db } from './db';

/** a value larger than this (its JSON) is refused: settings are small */
export const SETTING_MAX_CHARS = 100_000;

export function readSetting(db: Db, key: string): unknown {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as unknown) : null;
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  const text = JSON.stringify(value ?? null);
  if (text.length > SETTING_MAX_CHARS) throw new RangeError('settings value is too large');
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, text);
}
