// The team library's schema in PostgreSQL, versioned like the desktop's SQLite migrations: each
// version is one transaction, applied in order, recorded in deck.schema_version. A desktop older
// than the library's schema reads it but refuses to write (it says so).
//
// Teams are PostgreSQL roles (deck_team_<name>); row-level security lets a member read and publish
// only their teams' rows (a denormalised `team` column on every table keeps the policy a plain
// comparison with deck.my_teams(), evaluated once per statement). deck_reader may read, deck_publisher
// may also write; who published a row and when is set by a trigger, not by the client.

export interface LibraryMigration {
  version: number;
  sql: string;
}

export const LIBRARY_MIGRATIONS: readonly LibraryMigration[] = [
  {
    version: 1,
    sql: `
CREATE SCHEMA IF NOT EXISTS deck;
CREATE TABLE deck.schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT current_user);

DO $$ BEGIN CREATE ROLE deck_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE deck_publisher NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT deck_reader TO deck_publisher;

CREATE TABLE deck.teams (
  name text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_]{0,40}$'),
  role name NOT NULL UNIQUE,
  -- headless captures are kept this many days (NULL: until deleted); recordings a person published stay
  retention_days int CHECK (retention_days > 0)
);

-- the teams the current user belongs to (through their team roles)
CREATE FUNCTION deck.my_teams() RETURNS text[] LANGUAGE sql STABLE AS
  $f$ SELECT coalesce(array_agg(name ORDER BY name), '{}') FROM deck.teams WHERE pg_has_role(current_user, role, 'MEMBER') $f$;

CREATE TABLE deck.fleets (
  id bigserial PRIMARY KEY,
  team text NOT NULL REFERENCES deck.teams(name),
  name text NOT NULL,
  command text NOT NULL,
  started_at bigint NOT NULL,
  ended_at bigint,
  content_id text,
  published_by text NOT NULL DEFAULT current_user,
  published_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team, content_id)
);

CREATE TABLE deck.recordings (
  id bigserial PRIMARY KEY,
  team text NOT NULL REFERENCES deck.teams(name),
  -- 'published': a person published it; 'capture': a headless recorder ships it live (retention applies)
  kind text NOT NULL CHECK (kind IN ('published', 'capture')),
  -- published whole: a digest of what was published, so publishing the same again keeps one copy
  content_id text,
  name text,
  tags text[] NOT NULL DEFAULT '{}',
  target_name text NOT NULL,
  target_url text NOT NULL,
  arthas_session_id text,
  arthas_version text,
  pid text,
  main_class text,
  jvm_utc_offset_min int,
  started_at bigint NOT NULL,
  ended_at bigint,
  state text NOT NULL,
  result_count bigint NOT NULL DEFAULT 0,
  byte_count bigint NOT NULL DEFAULT 0,
  fleet_id bigint REFERENCES deck.fleets(id) ON DELETE CASCADE,
  fleet_member text,
  -- who ran the commands: the deck's user, sent to Arthas as userId with every call
  run_by text,
  -- a capture's origin: the recorder's database (its host and a random id of its SQLite file) and its
  -- recording there, so shipping resumes where it stopped
  source_db text,
  source_recording bigint,
  selection jsonb,
  redaction jsonb,
  published_by text NOT NULL DEFAULT current_user,
  published_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team, content_id),
  UNIQUE (source_db, source_recording)
);
CREATE INDEX recordings_started ON deck.recordings (started_at DESC, id DESC);
CREATE INDEX recordings_fleet ON deck.recordings (fleet_id);

CREATE TABLE deck.jobs (
  recording_id bigint NOT NULL REFERENCES deck.recordings(id) ON DELETE CASCADE,
  team text NOT NULL,
  job_id int NOT NULL,
  command text NOT NULL,
  state text NOT NULL,
  status_code int,
  status_message text,
  started_at bigint NOT NULL,
  ended_at bigint,
  PRIMARY KEY (recording_id, job_id)
);

CREATE TABLE deck.events (
  recording_id bigint NOT NULL REFERENCES deck.recordings(id) ON DELETE CASCADE,
  team text NOT NULL,
  seq bigint NOT NULL,
  at bigint NOT NULL,
  kind text NOT NULL,
  gap_reason text,
  message text NOT NULL,
  data jsonb,
  PRIMARY KEY (recording_id, seq)
);

CREATE TABLE deck.results (
  recording_id bigint NOT NULL REFERENCES deck.recordings(id) ON DELETE CASCADE,
  team text NOT NULL,
  pos bigint NOT NULL,
  batch int NOT NULL,
  job_id int,
  type text NOT NULL,
  origin text NOT NULL,
  received_at bigint NOT NULL,
  server_time bigint,
  -- the result's JSON exactly as Arthas sent it (text, not jsonb: jsonb would reorder and reformat it)
  raw text NOT NULL,
  -- its searchable words, as the deck's search splits them (letters and digits, case folded)
  words text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', words)) STORED,
  PRIMARY KEY (recording_id, pos)
);
CREATE INDEX results_job ON deck.results (recording_id, job_id, pos);
CREATE INDEX results_time ON deck.results (recording_id, received_at);
CREATE INDEX results_tsv ON deck.results USING gin (tsv);
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- substrings of CJK text: only rows with characters beyond ASCII need trigrams (a CJK query matches no
-- other row), which spares every other insert the cost of the biggest index
CREATE INDEX results_words_trgm ON deck.results USING gin (words gin_trgm_ops) WHERE words ~ '[^\\x01-\\x7f]';

-- who published and when: set here, whatever the client sends
CREATE FUNCTION deck.stamp_publisher() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  NEW.published_by := current_user;
  NEW.published_at := now();
  RETURN NEW;
END $f$;
CREATE TRIGGER recordings_publisher BEFORE INSERT ON deck.recordings FOR EACH ROW EXECUTE FUNCTION deck.stamp_publisher();
CREATE TRIGGER fleets_publisher BEFORE INSERT ON deck.fleets FOR EACH ROW EXECUTE FUNCTION deck.stamp_publisher();

-- a row of another team is invisible, and cannot be written
ALTER TABLE deck.fleets ENABLE ROW LEVEL SECURITY;
ALTER TABLE deck.recordings ENABLE ROW LEVEL SECURITY;
ALTER TABLE deck.jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE deck.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE deck.results ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_rows ON deck.fleets USING (team = ANY ((SELECT deck.my_teams())::text[])) WITH CHECK (team = ANY ((SELECT deck.my_teams())::text[]));
CREATE POLICY team_rows ON deck.recordings USING (team = ANY ((SELECT deck.my_teams())::text[])) WITH CHECK (team = ANY ((SELECT deck.my_teams())::text[]));
CREATE POLICY team_rows ON deck.jobs USING (team = ANY ((SELECT deck.my_teams())::text[])) WITH CHECK (team = ANY ((SELECT deck.my_teams())::text[]));
CREATE POLICY team_rows ON deck.events USING (team = ANY ((SELECT deck.my_teams())::text[])) WITH CHECK (team = ANY ((SELECT deck.my_teams())::text[]));
CREATE POLICY team_rows ON deck.results USING (team = ANY ((SELECT deck.my_teams())::text[])) WITH CHECK (team = ANY ((SELECT deck.my_teams())::text[]));

-- headless captures past their team's retention go (a person's published recordings stay)
CREATE FUNCTION deck.apply_retention() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, deck AS $f$
  WITH gone AS (
    DELETE FROM deck.recordings r USING deck.teams t
    WHERE r.team = t.name AND t.retention_days IS NOT NULL AND r.kind = 'capture' AND r.state <> 'recording'
      AND coalesce(r.ended_at, r.started_at) < (extract(epoch FROM now()) * 1000)::bigint - t.retention_days::bigint * 86400000
    RETURNING 1)
  SELECT count(*) FROM gone
$f$;

-- Search. Row-level security keeps an index from answering a query whose operator is not leakproof
-- (tsvector @@, LIKE): under it every search would read the whole table. So search runs in a function
-- of the schema's owner, which reads past row-level security and applies the same rule itself: only
-- the teams of the session's user (session_user: who logged in, not the function's owner).
CREATE FUNCTION deck.session_teams() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, deck AS
  $f$ SELECT coalesce(array_agg(name ORDER BY name), '{}') FROM deck.teams WHERE pg_has_role(session_user, role, 'MEMBER') $f$;
CREATE FUNCTION deck.find_results(q text, words_like text, raw_like text, rec bigint, fleet bigint, target_like text, types text[],
    t_from bigint, t_to bigint, before_rec bigint, before_pos bigint, lim int)
  RETURNS TABLE (recording_id bigint, pos bigint, type text, received_at bigint, job_id int, raw text, name text, target_name text)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, deck AS $f$
DECLARE
  -- the page is chosen from the results alone, along their key; their recordings joined after
  sql text := 'SELECT r.recording_id, r.pos, r.type, r.received_at, r.job_id, r.raw FROM deck.results r WHERE r.team = ANY ($1)';
  common int;
BEGIN
  -- Words found in thousands of results (a class name, "Integer") are read newest first along the
  -- key, which stops at the first page of hits; rarer ones through the index, then sorted. The
  -- planner cannot tell them apart itself: a phrase's words are estimated as if independent.
  -- (the probe asks for the words in any order: the index answers that without reading positions)
  IF q IS NOT NULL THEN
    EXECUTE 'SELECT count(*) FROM (SELECT 1 FROM deck.results r WHERE r.tsv @@ to_tsquery(''simple'', $1) LIMIT 1000) s' INTO common USING replace(q, '<->', '&');
    IF common >= 1000 THEN PERFORM set_config('enable_bitmapscan', 'off', true); END IF;
  END IF;
  -- only the conditions asked for, planned for these values each time (EXECUTE), so an index answers
  IF q IS NOT NULL THEN sql := sql || ' AND r.tsv @@ to_tsquery(''simple'', $2)'; END IF;
  IF words_like IS NOT NULL THEN sql := sql || ' AND r.words ~ ''[^\\x01-\\x7f]'' AND r.words LIKE $3'; END IF;
  IF raw_like IS NOT NULL THEN sql := sql || ' AND r.raw ILIKE $4'; END IF;
  IF rec IS NOT NULL THEN sql := sql || ' AND r.recording_id = $5'; END IF;
  IF fleet IS NOT NULL THEN sql := sql || ' AND r.recording_id IN (SELECT id FROM deck.recordings WHERE fleet_id = $6)'; END IF;
  IF target_like IS NOT NULL THEN sql := sql || ' AND r.recording_id IN (SELECT id FROM deck.recordings WHERE target_name ILIKE $7)'; END IF;
  IF types IS NOT NULL THEN sql := sql || ' AND r.type = ANY ($8)'; END IF;
  IF t_from IS NOT NULL THEN sql := sql || ' AND r.received_at >= $9'; END IF;
  IF t_to IS NOT NULL THEN sql := sql || ' AND r.received_at <= $10'; END IF;
  IF before_rec IS NOT NULL THEN sql := sql || ' AND (r.recording_id, r.pos) < ($11, $12)'; END IF;
  sql := 'SELECT p.recording_id, p.pos, p.type, p.received_at, p.job_id, p.raw, rec.name, rec.target_name FROM ('
    || sql || ' ORDER BY r.recording_id DESC, r.pos DESC LIMIT $13) p JOIN deck.recordings rec ON rec.id = p.recording_id ORDER BY p.recording_id DESC, p.pos DESC';
  RETURN QUERY EXECUTE sql USING deck.session_teams(), q, words_like, raw_like, rec, fleet, target_like, types, t_from, t_to, before_rec, before_pos, lim;
END $f$;
REVOKE ALL ON FUNCTION deck.session_teams(), deck.find_results(text, text, text, bigint, bigint, text, text[], bigint, bigint, bigint, bigint, int) FROM PUBLIC;

GRANT USAGE ON SCHEMA deck TO deck_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA deck TO deck_reader;
GRANT EXECUTE ON FUNCTION deck.my_teams(), deck.apply_retention(), deck.session_teams(),
  deck.find_results(text, text, text, bigint, bigint, text, text[], bigint, bigint, bigint, bigint, int) TO deck_reader;
GRANT INSERT, UPDATE, DELETE ON deck.fleets, deck.recordings, deck.jobs, deck.events, deck.results TO deck_publisher;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA deck TO deck_publisher;
REVOKE ALL ON FUNCTION deck.apply_retention() FROM PUBLIC;
`,
  },
  {
    // Isolation that holds against a member who attacks it (see README, "Team library: security").
    version: 2,
    sql: `
-- 1. Every row that hangs off a recording belongs to that recording's team, and a recording to its
-- fleet's team: a member cannot write rows into another team's recording. team is part of each
-- child's key, so a row aimed at another team's recording never meets that recording's rows in a
-- unique index (a "duplicate key" would tell that it exists): the foreign key refuses it, in words
-- that are the same whether the recording exists or not.
ALTER TABLE deck.recordings ADD CONSTRAINT recordings_id_team UNIQUE (id, team);
ALTER TABLE deck.fleets ADD CONSTRAINT fleets_id_team UNIQUE (id, team);
-- rows that a member of another team wrote into a recording not theirs (possible before) go
DELETE FROM deck.jobs c USING deck.recordings r WHERE r.id = c.recording_id AND r.team <> c.team;
DELETE FROM deck.events c USING deck.recordings r WHERE r.id = c.recording_id AND r.team <> c.team;
DELETE FROM deck.results c USING deck.recordings r WHERE r.id = c.recording_id AND r.team <> c.team;
UPDATE deck.recordings r SET fleet_id = NULL FROM deck.fleets f WHERE f.id = r.fleet_id AND f.team <> r.team;
ALTER TABLE deck.jobs DROP CONSTRAINT jobs_recording_id_fkey, DROP CONSTRAINT jobs_pkey,
  ADD CONSTRAINT jobs_pkey PRIMARY KEY (recording_id, job_id, team),
  ADD CONSTRAINT jobs_recording FOREIGN KEY (recording_id, team) REFERENCES deck.recordings (id, team) ON DELETE CASCADE;
ALTER TABLE deck.events DROP CONSTRAINT events_recording_id_fkey, DROP CONSTRAINT events_pkey,
  ADD CONSTRAINT events_pkey PRIMARY KEY (recording_id, seq, team),
  ADD CONSTRAINT events_recording FOREIGN KEY (recording_id, team) REFERENCES deck.recordings (id, team) ON DELETE CASCADE;
ALTER TABLE deck.results DROP CONSTRAINT results_recording_id_fkey, DROP CONSTRAINT results_pkey,
  ADD CONSTRAINT results_pkey PRIMARY KEY (recording_id, pos, team),
  ADD CONSTRAINT results_recording FOREIGN KEY (recording_id, team) REFERENCES deck.recordings (id, team) ON DELETE CASCADE;
ALTER TABLE deck.recordings DROP CONSTRAINT recordings_fleet_id_fkey,
  ADD CONSTRAINT recordings_fleet FOREIGN KEY (fleet_id, team) REFERENCES deck.fleets (id, team) ON DELETE CASCADE;
-- a capture's origin is unique within its team (another team's row never answers a shipper)
ALTER TABLE deck.recordings DROP CONSTRAINT recordings_source_db_source_recording_key,
  ADD CONSTRAINT recordings_team_source UNIQUE (team, source_db, source_recording);

-- 2. What a member may write, column by column: never an id (an explicit id would meet another
-- team's row in the key), a recording's team, or who published it and when.
REVOKE INSERT, UPDATE ON deck.fleets, deck.recordings, deck.jobs, deck.events, deck.results FROM deck_publisher;
GRANT INSERT (team, name, command, started_at, ended_at, content_id) ON deck.fleets TO deck_publisher;
GRANT UPDATE (content_id) ON deck.fleets TO deck_publisher;
GRANT INSERT (team, kind, content_id, name, tags, target_name, target_url, arthas_session_id, arthas_version, pid, main_class, jvm_utc_offset_min,
  started_at, ended_at, state, result_count, byte_count, fleet_id, fleet_member, run_by, source_db, source_recording, selection, redaction) ON deck.recordings TO deck_publisher;
GRANT UPDATE (content_id, name, tags, arthas_session_id, arthas_version, pid, main_class, jvm_utc_offset_min, ended_at, state, result_count, byte_count,
  redaction, updated_at) ON deck.recordings TO deck_publisher;
GRANT INSERT ON deck.jobs, deck.events, deck.results TO deck_publisher;
GRANT UPDATE (command, state, status_code, status_message, ended_at) ON deck.jobs TO deck_publisher;

-- 3. Functions run with a fixed search_path (pg_temp last), so nothing a member creates in a schema
-- of their own, or in public where they may (databases older than PostgreSQL 15), is called instead.
CREATE OR REPLACE FUNCTION deck.my_teams() RETURNS text[] LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
  $f$ SELECT coalesce(array_agg(name ORDER BY name), '{}') FROM deck.teams WHERE pg_has_role(current_user, role, 'MEMBER') $f$;
CREATE OR REPLACE FUNCTION deck.session_teams() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
  $f$ SELECT coalesce(array_agg(name ORDER BY name), '{}') FROM deck.teams WHERE pg_has_role(session_user, role, 'MEMBER') $f$;
-- who published and when: set on INSERT whatever the client sends, kept on UPDATE whatever it sends
CREATE OR REPLACE FUNCTION deck.stamp_publisher() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.published_by := current_user;
    NEW.published_at := now();
  ELSE
    NEW.published_by := OLD.published_by;
    NEW.published_at := OLD.published_at;
  END IF;
  RETURN NEW;
END $f$;
DROP TRIGGER recordings_publisher ON deck.recordings;
DROP TRIGGER fleets_publisher ON deck.fleets;
CREATE TRIGGER recordings_publisher BEFORE INSERT OR UPDATE ON deck.recordings FOR EACH ROW EXECUTE FUNCTION deck.stamp_publisher();
CREATE TRIGGER fleets_publisher BEFORE INSERT OR UPDATE ON deck.fleets FOR EACH ROW EXECUTE FUNCTION deck.stamp_publisher();

-- 4. Retention is an administrator's: its function is the schema owner's and runs for nobody else
-- (GRANT EXECUTE to a role of your own to delegate it). A capture whose recorder died without a
-- word (still 'recording', nothing shipped for longer than the retention) goes too.
REVOKE EXECUTE ON FUNCTION deck.apply_retention() FROM deck_reader, deck_publisher, PUBLIC;
CREATE OR REPLACE FUNCTION deck.apply_retention() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$
  WITH gone AS (
    DELETE FROM deck.recordings r USING deck.teams t
    WHERE r.team = t.name AND t.retention_days IS NOT NULL AND r.kind = 'capture'
      AND CASE WHEN r.state = 'recording' THEN greatest(r.started_at, (extract(epoch FROM r.updated_at) * 1000)::bigint) ELSE coalesce(r.ended_at, r.started_at) END
        < (extract(epoch FROM now()) * 1000)::bigint - t.retention_days::bigint * 86400000
    RETURNING 1)
  SELECT count(*) FROM gone
$f$;

-- 5. Search reads only the caller's teams at every step: the probe that picks a plan for common
-- words counts their rows alone, and the setting it changes is scoped to the function (SET clause),
-- so nothing of it is left in the caller's transaction to tell how many rows another team has.
CREATE OR REPLACE FUNCTION deck.find_results(q text, words_like text, raw_like text, rec bigint, fleet bigint, target_like text, types text[],
    t_from bigint, t_to bigint, before_rec bigint, before_pos bigint, lim int)
  RETURNS TABLE (recording_id bigint, pos bigint, type text, received_at bigint, job_id int, raw text, name text, target_name text)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET enable_bitmapscan = on AS $f$
DECLARE
  teams text[] := deck.session_teams();
  -- the page is chosen from the results alone, along their key; their recordings joined after
  sql text := 'SELECT r.recording_id, r.pos, r.type, r.received_at, r.job_id, r.raw FROM deck.results r WHERE r.team = ANY ($1)';
  common int;
BEGIN
  -- Words found in thousands of the teams' results (a class name, "Integer") are read newest first
  -- along the key, which stops at the first page of hits; rarer ones through the index, then sorted.
  IF q IS NOT NULL THEN
    EXECUTE 'SELECT count(*) FROM (SELECT 1 FROM deck.results r WHERE r.team = ANY ($2) AND r.tsv @@ to_tsquery(''simple'', $1) LIMIT 1000) s' INTO common USING replace(q, '<->', '&'), teams;
    IF common >= 1000 THEN PERFORM set_config('enable_bitmapscan', 'off', true); END IF;
  END IF;
  IF q IS NOT NULL THEN sql := sql || ' AND r.tsv @@ to_tsquery(''simple'', $2)'; END IF;
  IF words_like IS NOT NULL THEN sql := sql || ' AND r.words ~ ''[^\\x01-\\x7f]'' AND r.words LIKE $3'; END IF;
  IF raw_like IS NOT NULL THEN sql := sql || ' AND r.raw ILIKE $4'; END IF;
  IF rec IS NOT NULL THEN sql := sql || ' AND r.recording_id = $5'; END IF;
  IF fleet IS NOT NULL THEN sql := sql || ' AND r.recording_id IN (SELECT id FROM deck.recordings WHERE team = ANY ($1) AND fleet_id = $6)'; END IF;
  IF target_like IS NOT NULL THEN sql := sql || ' AND r.recording_id IN (SELECT id FROM deck.recordings WHERE team = ANY ($1) AND target_name ILIKE $7)'; END IF;
  IF types IS NOT NULL THEN sql := sql || ' AND r.type = ANY ($8)'; END IF;
  IF t_from IS NOT NULL THEN sql := sql || ' AND r.received_at >= $9'; END IF;
  IF t_to IS NOT NULL THEN sql := sql || ' AND r.received_at <= $10'; END IF;
  IF before_rec IS NOT NULL THEN sql := sql || ' AND (r.recording_id, r.pos) < ($11, $12)'; END IF;
  sql := 'SELECT p.recording_id, p.pos, p.type, p.received_at, p.job_id, p.raw, rec.name, rec.target_name FROM ('
    || sql || ' ORDER BY r.recording_id DESC, r.pos DESC LIMIT $13) p JOIN deck.recordings rec ON rec.id = p.recording_id AND rec.team = ANY ($1) ORDER BY p.recording_id DESC, p.pos DESC';
  RETURN QUERY EXECUTE sql USING teams, q, words_like, raw_like, rec, fleet, target_like, types, t_from, t_to, before_rec, before_pos, lim;
END $f$;
`,
  },
];

export const LIBRARY_SCHEMA_VERSION = LIBRARY_MIGRATIONS[LIBRARY_MIGRATIONS.length - 1]!.version;

/** The role name of a team. */
export function teamRole(team: string): string {
  return `deck_team_${team}`;
}

/** A team name as the schema accepts it: lower-case letters, digits and _, starting with a letter or digit. */
export function validTeamName(name: string): boolean {
  return /^[a-z0-9][a-z0-9_]{0,40}$/.test(name);
}
