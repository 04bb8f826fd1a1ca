// What the desktop app keeps between runs: settings (window, open tabs), per-target command history
// and the saved target password, encrypted by the OS keychain (never plain text).
export default `
ALTER TABLE targets ADD COLUMN password_enc BLOB;
ALTER TABLE targets ADD COLUMN updated_at INTEGER;
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE command_history (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  command TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX command_history_by_target ON command_history (target_id, id);
`;
