// Recordings library fields (name, tags, origin) and the owning process of a recording session,
// so that one process does not mark another's live recording as interrupted.
export default `
ALTER TABLE sessions ADD COLUMN name TEXT;
ALTER TABLE sessions ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN source TEXT NOT NULL DEFAULT 'live';
ALTER TABLE sessions ADD COLUMN owner_pid INTEGER;
ALTER TABLE sessions ADD COLUMN recording_error TEXT;
CREATE INDEX sessions_by_start ON sessions (started_at);
`;
