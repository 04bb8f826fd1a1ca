// The team-library part of the contract: libraries this desktop knows, what connecting found,
// publishing, and the audit of who ran what.

export interface LibraryInfo {
  id: number;
  name: string;
  /** postgres://user@host:port/database?sslmode=… without the password */
  url: string;
  /** the team recordings are published to by default */
  team: string | null;
  /** a password is kept (by the keychain, or in memory without one) */
  hasPassword: boolean;
}

export interface LibraryInput {
  id?: number;
  name: string;
  url: string;
  team?: string | null;
  /** undefined: keep the one saved; null: forget it */
  password?: string | null;
}

/** What a connection to a library found: who, their teams, and whether this deck may write there. */
export interface LibraryStatusInfo {
  /** the PostgreSQL user the deck is connected as */
  user: string;
  /** the teams this user belongs to */
  teams: string[];
  /** may publish and delete (deck_publisher), or only read */
  canPublish: boolean;
  /** the library's schema version (0: none yet) and the one this deck knows */
  schemaVersion: number;
  knownVersion: number;
  /** this deck may write to it (schema known, and the user may publish) */
  writable: boolean;
  /** why not writable, when it is not */
  reason?: string;
  /** the server's version, e.g. 15.18 */
  serverVersion: string;
}

export interface PublishRequest {
  libraryId: number;
  /** a recording (or a selection of it: jobs, a time range) … */
  recordingId?: number;
  /** … or a whole fleet */
  fleetId?: number;
  team?: string;
  jobs?: number[];
  from?: number;
  to?: number;
  mask?: Array<{ pattern: string; flags?: string; replacement?: string }>;
  taskId?: string;
}

export interface PublishResult {
  /** the recording's (or the fleet's) id in the library */
  libraryRecordingId: number;
  results: number;
  masked: number;
  /** the same content was there already: nothing new was written */
  deduplicated: boolean;
}

/** One command someone ran: who, on which JVM, when, and what came back. */
export interface AuditRow {
  runBy: string | null;
  team: string;
  targetName: string;
  targetUrl: string;
  pid: string | null;
  mainClass: string | null;
  recordingId: number;
  recordingName: string | null;
  jobId: number;
  command: string;
  startedAt: number;
  endedAt: number | null;
  state: string;
  statusCode: number | null;
  statusMessage: string | null;
  /** results that came back for it */
  results: number;
  publishedBy: string;
}

export interface AuditQuery {
  /** part of the command, the target, the user who ran it */
  text?: string;
  runBy?: string;
  from?: number;
  to?: number;
  limit?: number;
}
