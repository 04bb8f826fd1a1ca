import type { RecordingFilter, RecordingState, RecordingSummary, ResultPage, StoredEvent, StoredJob, StoredResult } from '../../shared/recording/types';
import type { Db } from './db';
import { SqlConditions, containing } from './sql-conditions';

interface SessionRow {
  id: number;
  /** its first result's type: "terminal" for a terminal's recording */
  first_type?: string | null;
  name: string | null;
  tags: string;
  target_name: string;
  target_url: string;
  arthas_session_id: string | null;
  arthas_version: string | null;
  pid: string | null;
  main_class: string | null;
  started_at: number;
  ended_at: number | null;
  state: RecordingState;
  source: 'live' | 'import';
  result_count: number;
  byte_count: number;
  recording_error: string | null;
  fleet_id: number | null;
  fleet_member: string | null;
  run_by: string | null;
  commands: string | null;
}

/** A row of the results table as read back. */
export interface ResultDbRow {
  pos: number;
  job_id: number | null;
  type: string;
  origin: string;
  received_at: number;
  server_time: number | null;
  raw: string;
}

export const RESULT_COLUMNS = 'pos, job_id, type, origin, received_at, server_time, raw';

const toResult = (r: ResultDbRow): StoredResult => ({
  pos: r.pos,
  jobId: r.job_id,
  type: r.type,
  origin: r.origin as StoredResult['origin'],
  receivedAt: r.received_at,
  serverTime: r.server_time,
  raw: r.raw,
});

const SESSION_COLUMNS = `s.id, s.name, s.tags, s.target_name, s.target_url, s.arthas_session_id, s.arthas_version, s.pid, s.main_class,
  s.started_at, s.ended_at, s.state, s.source, s.result_count, s.byte_count, s.recording_error, s.fleet_id, s.fleet_member, s.run_by,
  (SELECT json_group_array(command) FROM (SELECT command FROM jobs WHERE session_id = s.id ORDER BY started_at LIMIT 50)) AS commands,
  (SELECT type FROM results WHERE session_id = s.id ORDER BY pos LIMIT 1) AS first_type`;

function toSummary(r: SessionRow): RecordingSummary {
  return {
    id: r.id,
    name: r.name,
    tags: r.tags ? r.tags.split(',').filter(Boolean) : [],
    targetName: r.target_name,
    targetUrl: r.target_url,
    arthasSessionId: r.arthas_session_id,
    arthasVersion: r.arthas_version,
    pid: r.pid,
    mainClass: r.main_class,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    state: r.state,
    source: r.source,
    resultCount: r.result_count,
    byteCount: r.byte_count,
    commands: r.commands ? (JSON.parse(r.commands) as string[]).filter(Boolean) : [],
    recordingError: r.recording_error,
    fleetId: r.fleet_id ?? null,
    fleetMember: r.fleet_member ?? null,
    runBy: r.run_by ?? null,
    ...(r.first_type === 'terminal' ? { terminal: true } : {}),
  };
}

/** Reads recordings back: never the whole recording at once, pages by position (keyset, no OFFSET). */
export class RecordingReader {
  constructor(readonly db: Db) {}

  list(filter: RecordingFilter = {}): RecordingSummary[] {
    const c = new SqlConditions().eq('s.state', filter.state).eq('s.target_name', filter.targetName).atLeast('s.started_at', filter.from).atMost('s.started_at', filter.to);
    if (filter.text) {
      // the text in the name, tags or target, or in a command of the recording
      const like = containing(filter.text);
      c.raw(
        `(s.name LIKE ? ESCAPE '\\' OR s.tags LIKE ? ESCAPE '\\' OR s.target_name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM jobs j WHERE j.session_id = s.id AND j.command LIKE ? ESCAPE '\\'))`,
        like,
        like,
        like,
        like,
      );
    }
    const sql = `SELECT ${SESSION_COLUMNS} FROM sessions s ${c.where()} ORDER BY s.started_at DESC, s.id DESC LIMIT ?`;
    const args = [...c.args, Math.min(filter.limit ?? 500, 5000)];
    return (this.db.prepare(sql).all(...args) as SessionRow[]).map(toSummary);
  }

  get(id: number): RecordingSummary | null {
    const row = this.db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = ?`).get(id) as SessionRow | undefined;
    return row ? toSummary(row) : null;
  }

  /** The saved target a recording was made on; null when it was imported or its target removed. */
  targetIdOf(id: number): number | null {
    const row = this.db.prepare('SELECT s.target_id AS t FROM sessions s JOIN targets ON targets.id = s.target_id WHERE s.id = ?').get(id) as { t: number } | undefined;
    return row?.t ?? null;
  }

  /**
   * A page of results next to a position: `after` (exclusive) going forward, or `before`
   * (exclusive) going backward; optional filters by job and type. Pages are in position order.
   */
  page(recordingId: number, opts: { after?: number; before?: number; limit?: number; jobId?: number; types?: string[] } = {}): ResultPage {
    const limit = Math.max(1, Math.min(opts.limit ?? 200, 5000));
    const c = new SqlConditions().eq('session_id', recordingId).eq('job_id', opts.jobId).in('type', opts.types);
    const base = c.where().slice('WHERE '.length);
    const args = c.args;
    const cols = RESULT_COLUMNS;
    let rows: ResultDbRow[];
    if (opts.before !== undefined) {
      rows = (this.db.prepare(`SELECT ${cols} FROM results WHERE ${base} AND pos < ? ORDER BY pos DESC LIMIT ?`).all(...args, opts.before, limit + 1) as ResultDbRow[]).reverse();
      const hasBefore = rows.length > limit;
      if (hasBefore) rows.shift();
      const hasAfter = this.exists(base, args, 'pos >= ?', opts.before);
      return { results: rows.map(toResult), hasBefore, hasAfter };
    }
    const after = opts.after ?? 0;
    rows = this.db.prepare(`SELECT ${cols} FROM results WHERE ${base} AND pos > ? ORDER BY pos LIMIT ?`).all(...args, after, limit + 1) as ResultDbRow[];
    const hasAfter = rows.length > limit;
    if (hasAfter) rows.pop();
    const hasBefore = this.exists(base, args, 'pos <= ?', after);
    return { results: rows.map(toResult), hasBefore, hasAfter };
  }

  private exists(base: string, args: unknown[], extra: string, value: number): boolean {
    return this.db.prepare(`SELECT 1 FROM results WHERE ${base} AND ${extra} LIMIT 1`).get(...args, value) !== undefined;
  }

  /** The position of the last result received at or before `at` (0 when none): a seek by time. */
  posAtTime(recordingId: number, at: number): number {
    const row = this.db.prepare(`SELECT pos FROM results WHERE session_id = ? AND received_at <= ? ORDER BY received_at DESC, pos DESC LIMIT 1`).get(recordingId, at) as { pos: number } | undefined;
    return row?.pos ?? 0;
  }

  /** First and last receive time and the last position. */
  span(recordingId: number): { first: number | null; last: number | null; lastPos: number } {
    return this.db
      .prepare(`SELECT MIN(received_at) AS first, MAX(received_at) AS last, COALESCE(MAX(pos), 0) AS lastPos FROM results WHERE session_id = ?`)
      .get(recordingId) as { first: number | null; last: number | null; lastPos: number };
  }

  countsByType(recordingId: number): Record<string, number> {
    const rows = this.db.prepare(`SELECT type, COUNT(*) AS n FROM results WHERE session_id = ? GROUP BY type`).all(recordingId) as Array<{ type: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.type, r.n]));
  }

  countsByJob(recordingId: number): Record<number, number> {
    const rows = this.db.prepare(`SELECT job_id, COUNT(*) AS n FROM results WHERE session_id = ? AND job_id IS NOT NULL GROUP BY job_id`).all(recordingId) as Array<{ job_id: number; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.job_id, r.n]));
  }

  jobs(recordingId: number): StoredJob[] {
    const rows = this.db.prepare(`SELECT * FROM jobs WHERE session_id = ? ORDER BY started_at, job_id`).all(recordingId) as Array<{
      job_id: number;
      command: string;
      state: StoredJob['state'];
      status_code: number | null;
      status_message: string | null;
      started_at: number;
      ended_at: number | null;
    }>;
    return rows.map((r) => ({
      jobId: r.job_id,
      command: r.command,
      state: r.state,
      statusCode: r.status_code ?? undefined,
      statusMessage: r.status_message ?? undefined,
      startedAt: r.started_at,
      endedAt: r.ended_at ?? undefined,
    }));
  }

  events(recordingId: number, opts: { kinds?: string[]; limit?: number } = {}): StoredEvent[] {
    const kinds = opts.kinds?.length ? `AND kind IN (${opts.kinds.map(() => '?').join(',')})` : '';
    const rows = this.db
      .prepare(`SELECT id, at, kind, gap_reason, message, data FROM events WHERE session_id = ? ${kinds} ORDER BY at, id LIMIT ?`)
      .all(recordingId, ...(opts.kinds ?? []), Math.min(opts.limit ?? 10_000, 100_000)) as Array<{ id: number; at: number; kind: string; gap_reason: string | null; message: string; data: string | null }>;
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      kind: r.kind as StoredEvent['kind'],
      gapReason: r.gap_reason as StoredEvent['gapReason'],
      message: r.message,
      data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
    }));
  }
}
