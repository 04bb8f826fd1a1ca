// Shipped migrations are never edited: add a new numbered file instead.
export default `
CREATE TABLE targets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  username TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  target_id INTEGER REFERENCES targets(id) ON DELETE SET NULL,
  target_name TEXT NOT NULL,
  target_url TEXT NOT NULL,
  arthas_session_id TEXT,
  arthas_version TEXT,
  pid TEXT,
  main_class TEXT,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  state TEXT NOT NULL CHECK (state IN ('recording', 'closed', 'lost', 'interrupted')),
  result_count INTEGER NOT NULL DEFAULT 0,
  byte_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE consumers (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  arthas_session_id TEXT NOT NULL,
  consumer_id TEXT NOT NULL,
  joined_at INTEGER NOT NULL
);

CREATE TABLE jobs (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  job_id INTEGER NOT NULL,
  command TEXT NOT NULL,
  state TEXT NOT NULL,
  status_code INTEGER,
  status_message TEXT,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  PRIMARY KEY (session_id, job_id)
);

CREATE TABLE results (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  pos INTEGER NOT NULL,
  batch_seq INTEGER NOT NULL,
  job_id INTEGER,
  type TEXT NOT NULL,
  origin TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  server_time INTEGER,
  raw TEXT NOT NULL,
  UNIQUE (session_id, pos)
);
CREATE INDEX results_by_job ON results (session_id, job_id, pos);
CREATE INDEX results_by_time ON results (session_id, received_at, pos);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  gap_reason TEXT,
  message TEXT NOT NULL,
  data TEXT
);
CREATE INDEX events_by_session ON events (session_id, at);
`;
