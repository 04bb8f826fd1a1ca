// What to tell the user when the app cannot start: a dialog with what failed, where, and what to do.
// Pure: the caller shows it (Electron's dialog) and exits.

export interface StartupFailure {
  title: string;
  message: string;
}

export function describeStartupFailure(error: unknown, databasePath: string): StartupFailure {
  const e = error as { message?: string; code?: string };
  const text = String(e?.message ?? error);
  const code = String(e?.code ?? '');
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|not a valid Win32 application|better_sqlite3\.node/i.test(text)) {
    return {
      title: 'The SQLite module does not fit this Electron',
      message: `better-sqlite3 was built for another runtime.\n\n${text}\n\nIn a source checkout run \`npm start\` again (it rebuilds the module for Electron into .electron-native/); an installed app needs reinstalling.`,
    };
  }
  if (/newer Arthas Deck/.test(text)) {
    return { title: 'The recordings database is from a newer Arthas Deck', message: `${text}\n\nDatabase: ${databasePath}\n\nInstall the newer version, or move the file away to start with an empty library.` };
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /database is locked/i.test(text)) {
    return { title: 'The recordings database is in use', message: `Another program holds a lock on\n${databasePath}\n(${text}).\n\nClose the other Arthas Deck or \`npm run record\` using it, then start again.` };
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /file is not a database|malformed/i.test(text)) {
    return { title: 'The recordings database is damaged', message: `${databasePath}\ncannot be read (${text}).\n\nMove it away (keep it: some recordings may be recoverable with sqlite3's .recover) and start again with an empty library.` };
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_READONLY' || /unable to open database|permission denied|readonly/i.test(text)) {
    return { title: 'The recordings database cannot be opened', message: `${databasePath}\n(${text}).\n\nCheck that the folder exists and is writable by you.` };
  }
  return { title: 'Arthas Deck could not start', message: `${text}\n\nDatabase: ${databasePath}` };
}
