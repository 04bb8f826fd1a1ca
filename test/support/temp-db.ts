// A fresh SQLite file (the app's schema) in a fresh folder for each test of a file, closed and removed after it.
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { tempDir } from './temp-dir';

export interface TempDb {
  db: Db;
  dir: ReturnType<typeof tempDir>;
}

export function tempDbForEach(file = 'deck.db'): () => TempDb {
  let current: TempDb | undefined;
  beforeEach(() => {
    const dir = tempDir();
    current = { dir, db: openDatabase(dir.file(file)) };
  });
  afterEach(() => {
    current?.db.close();
    current?.dir.remove();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('no database outside a test');
    return current;
  };
}
