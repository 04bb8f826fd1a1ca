// Groups: named sets of saved targets. Fleets: one command broadcast to several sessions (a group's
// members, or several jobs on one JVM); each session stays a recording of its own, and the fleet
// ties them together as one thing in the library.
export default `
CREATE TABLE target_groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE target_group_members (
  group_id INTEGER NOT NULL REFERENCES target_groups(id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, target_id)
);
CREATE TABLE fleets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  group_id INTEGER REFERENCES target_groups(id) ON DELETE SET NULL,
  command TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER
);
ALTER TABLE sessions ADD COLUMN fleet_id INTEGER REFERENCES fleets(id) ON DELETE SET NULL;
ALTER TABLE sessions ADD COLUMN fleet_member TEXT;
CREATE INDEX sessions_by_fleet ON sessions (fleet_id);
`;
