// Team libraries (PostgreSQL databases) this desktop knows, their passwords sealed by the keychain
// like the targets' ones; and who ran a recording's commands (the deck's user, sent to Arthas as
// userId), so the library can answer who ran what.
export default `
CREATE TABLE libraries (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  team TEXT,
  password_enc BLOB,
  created_at INTEGER NOT NULL
);
ALTER TABLE sessions ADD COLUMN run_by TEXT;
`;
