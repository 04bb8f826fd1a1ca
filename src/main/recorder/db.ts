import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** where a native binding built for another runtime (Electron) lives */
  nativeBinding?: string;
}

/** Opens (creating if needed) a recording database and brings its schema up to date. */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:' && !opts.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false, nativeBinding: opts.nativeBinding && existsSync(opts.nativeBinding) ? opts.nativeBinding : undefined });
  db.pragma('busy_timeout = 5000');
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL: a crashed process loses nothing committed; only a power cut may lose the last commits
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 256');
    db.pragma('foreign_keys = ON');
    migrate(db);
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration past the database's user_version, each in its own transaction. */
export function migrate(db: Db, upTo = MIGRATIONS.length): number {
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) {
    throw new Error(`This recording database was written by a newer Arthas Deck (schema ${current}; this one knows ${MIGRATIONS.length}).`);
  }
  for (let v = current; v < upTo; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return schemaVersion(db);
}
