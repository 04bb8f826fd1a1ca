// A team library's recordings, read as the views read this desktop's (recording-source.ts): listed
// and filtered, paged by position (keyset), their jobs, events and counts. Row-level security
// decides what this user sees: another team's recordings are simply not there.
import type { RecordingFilter, RecordingState, RecordingSummary, ResultPage, StoredEvent, StoredJob, StoredResult } from '../../shared/recording/types';
import type { PageOptions, RecordingSource } from '../recorder/recording-source';
import { LibraryError, libraryText, sqlState, type LibraryConnection } from './library-connection';

interface RecordingRow {
  id: number;
  team: string;
  kind: 'published' | 'capture';
  name: string | null;
  tags: string[];
  target_name: string;
  target_url: string;
  arthas_session_id: string | null;
  arthas_version: string | null;
  pid: string | null;
  main_class: string | null;
  started_at: number;
  ended_at: number | null;
  state: RecordingState;
  result_count: number;
  byte_count: number;
  fleet_id: number | null;
  fleet_member: string | null;
  run_by: string | null;
  published_by: string;
  published_at: Date;
  commands: string[] | null;
}

const RECORDING_COLUMNS = `r.id, r.team, r.kind, r.name, r.tags, r.target_name, r.target_url, r.arthas_session_id, r.arthas_version, r.pid, r.main_class,
  r.started_at, r.ended_at, r.state, r.result_count, r.byte_count, r.fleet_id, r.fleet_member, r.run_by, r.published_by, r.published_at,
  (SELECT array_agg(command ORDER BY started_at) FROM (SELECT command, started_at FROM deck.jobs j WHERE j.recording_id = r.id ORDER BY started_at LIMIT 50) c) AS commands`;

interface ResultRow {
  pos: number;
  job_id: number | null;
  type: string;
  origin: string;
  received_at: number;
  server_time: number | null;
  raw: string;
}
const RESULT_COLUMNS = 'pos, job_id, type, origin, received_at, server_time, raw';
const toResult = (r: ResultRow): StoredResult => ({ pos: r.pos, jobId: r.job_id, type: r.type, origin: r.origin as StoredResult['origin'], receivedAt: r.received_at, serverTime: r.server_time, raw: r.raw });

/** Builds `$n` placeholders as conditions are added. */
class PgConditions {
  readonly conds: string[] = [];
  readonly args: unknown[] = [];
  add(sql: (p: string) => string, value: unknown): this {
    this.args.push(value);
    this.conds.push(sql(`$${this.args.length}`));
    return this;
  }
  /** the next placeholder for a value that follows the conditions */
  next(value: unknown): string {
    this.args.push(value);
    return `$${this.args.length}`;
  }
  where(): string {
    return this.conds.length ? `WHERE ${this.conds.join(' AND ')}` : '';
  }
}

const like = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class LibraryRecordings implements RecordingSource {
  constructor(
    private readonly lib: LibraryConnection,
    /** this desktop's id for the library (carried in every summary, so views know where a recording is) */
    private readonly libraryId: number,
  ) {}

  private summary(r: RecordingRow): RecordingSummary {
    return {
      id: r.id,
      name: r.name,
      tags: r.tags ?? [],
      targetName: r.target_name,
      targetUrl: r.target_url,
      arthasSessionId: r.arthas_session_id,
      arthasVersion: r.arthas_version,
      pid: r.pid,
      mainClass: r.main_class,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      state: r.state,
      source: r.kind === 'capture' ? 'live' : 'import',
      resultCount: r.result_count,
      byteCount: r.byte_count,
      commands: (r.commands ?? []).filter(Boolean),
      recordingError: null,
      fleetId: r.fleet_id,
      fleetMember: r.fleet_member,
      runBy: r.run_by,
      library: { libraryId: this.libraryId, team: r.team, kind: r.kind, publishedBy: r.published_by, publishedAt: r.published_at.getTime() },
    };
  }

  async list(filter: RecordingFilter): Promise<RecordingSummary[]> {
    const c = new PgConditions();
    if (filter.state) c.add((p) => `r.state = ${p}`, filter.state);
    if (filter.targetName) c.add((p) => `r.target_name = ${p}`, libraryText(filter.targetName, 'A target name'));
    // times are whole milliseconds there (a view may hand over a fraction)
    if (filter.from !== undefined) c.add((p) => `r.started_at >= ${p}`, Math.ceil(filter.from));
    if (filter.to !== undefined) c.add((p) => `r.started_at <= ${p}`, Math.floor(filter.to));
    if (filter.text) {
      // the text in the name, tags, target, publisher or a command of the recording
      c.add(
        (p) => `(r.name ILIKE ${p} OR array_to_string(r.tags, ',') ILIKE ${p} OR r.target_name ILIKE ${p} OR r.published_by ILIKE ${p} OR r.team ILIKE ${p}
          OR EXISTS (SELECT 1 FROM deck.jobs j WHERE j.recording_id = r.id AND j.command ILIKE ${p}))`,
        like(libraryText(filter.text, 'Filter text')),
      );
    }
    const limit = c.next(Math.min(filter.limit ?? 500, 5000));
    const rows = await this.lib.pool.query<RecordingRow>(`SELECT ${RECORDING_COLUMNS} FROM deck.recordings r ${c.where()} ORDER BY r.started_at DESC, r.id DESC LIMIT ${limit}`, c.args);
    return rows.rows.map((r) => this.summary(r));
  }

  /** Deletes a recording of the user's teams (its rows go with it). Another team's is as absent as one that never was. */
  async delete(id: number): Promise<void> {
    let n: number | null;
    try {
      n = (await this.lib.pool.query('DELETE FROM deck.recordings WHERE id = $1', [id])).rowCount;
    } catch (e) {
      // 42501: insufficient privilege (a reader)
      if (sqlState(e) === '42501') throw new LibraryError(`${this.lib.status?.user} may read this library but not delete from it.`, 'invalid');
      throw e;
    }
    if (!n) throw new LibraryError(`No recording #${id} in this library that you may delete.`, 'not-found');
  }

  async get(id: number): Promise<RecordingSummary | null> {
    const rows = await this.lib.pool.query<RecordingRow>(`SELECT ${RECORDING_COLUMNS} FROM deck.recordings r WHERE r.id = $1`, [id]);
    return rows.rows.length ? this.summary(rows.rows[0]!) : null;
  }

  async page(id: number, opts: PageOptions): Promise<ResultPage> {
    const limit = Math.max(1, Math.min(opts.limit ?? 200, 5000));
    const c = new PgConditions().add((p) => `recording_id = ${p}`, id);
    if (opts.jobId !== undefined) c.add((p) => `job_id = ${p}`, opts.jobId);
    if (opts.types?.length) c.add((p) => `type = ANY(${p})`, opts.types);
    const base = c.conds.join(' AND ');
    const exists = async (cond: string, value: number): Promise<boolean> => {
      // ordered by the key: without it the planner may read the table from its start for one row
      const r = await this.lib.pool.query(`SELECT 1 FROM deck.results WHERE ${base} AND ${cond.replace('?', `$${c.args.length + 1}`)} ORDER BY pos LIMIT 1`, [...c.args, value]);
      return r.rows.length > 0;
    };
    if (opts.before !== undefined) {
      const rows = (await this.lib.pool.query<ResultRow>(`SELECT ${RESULT_COLUMNS} FROM deck.results WHERE ${base} AND pos < $${c.args.length + 1} ORDER BY pos DESC LIMIT $${c.args.length + 2}`, [...c.args, opts.before, limit + 1])).rows.reverse();
      const hasBefore = rows.length > limit;
      if (hasBefore) rows.shift();
      return { results: rows.map(toResult), hasBefore, hasAfter: await exists('pos >= ?', opts.before) };
    }
    const after = opts.after ?? 0;
    const rows = (await this.lib.pool.query<ResultRow>(`SELECT ${RESULT_COLUMNS} FROM deck.results WHERE ${base} AND pos > $${c.args.length + 1} ORDER BY pos LIMIT $${c.args.length + 2}`, [...c.args, after, limit + 1])).rows;
    const hasAfter = rows.length > limit;
    if (hasAfter) rows.pop();
    return { results: rows.map(toResult), hasBefore: await exists('pos <= ?', after), hasAfter };
  }

  async result(id: number, pos: number): Promise<string | null> {
    const r = await this.lib.pool.query<{ raw: string }>('SELECT raw FROM deck.results WHERE recording_id = $1 AND pos = $2', [id, pos]);
    return r.rows[0]?.raw ?? null;
  }

  async jobs(id: number): Promise<StoredJob[]> {
    const r = await this.lib.pool.query<{ job_id: number; command: string; state: StoredJob['state']; status_code: number | null; status_message: string | null; started_at: number; ended_at: number | null }>(
      'SELECT job_id, command, state, status_code, status_message, started_at, ended_at FROM deck.jobs WHERE recording_id = $1 ORDER BY started_at, job_id',
      [id],
    );
    return r.rows.map((j) => ({ jobId: j.job_id, command: j.command, state: j.state, statusCode: j.status_code ?? undefined, statusMessage: j.status_message ?? undefined, startedAt: j.started_at, endedAt: j.ended_at ?? undefined }));
  }

  async events(id: number, opts: { kinds?: string[]; limit?: number } = {}): Promise<StoredEvent[]> {
    const r = await this.lib.pool.query<{ seq: number; at: number; kind: string; gap_reason: string | null; message: string; data: Record<string, unknown> | null }>(
      `SELECT seq, at, kind, gap_reason, message, data FROM deck.events WHERE recording_id = $1 ${opts.kinds?.length ? 'AND kind = ANY($3)' : ''} ORDER BY at, seq LIMIT $2`,
      [id, Math.min(opts.limit ?? 10_000, 100_000), ...(opts.kinds?.length ? [opts.kinds] : [])],
    );
    return r.rows.map((e) => ({ id: e.seq, at: e.at, kind: e.kind as StoredEvent['kind'], gapReason: e.gap_reason as StoredEvent['gapReason'], message: e.message, data: e.data }));
  }

  async span(id: number): Promise<{ first: number | null; last: number | null; lastPos: number }> {
    const r = await this.lib.pool.query<{ first: number | null; last: number | null; last_pos: number }>(
      'SELECT min(received_at) AS first, max(received_at) AS last, coalesce(max(pos), 0) AS last_pos FROM deck.results WHERE recording_id = $1',
      [id],
    );
    return { first: r.rows[0]!.first, last: r.rows[0]!.last, lastPos: r.rows[0]!.last_pos };
  }

  async countsByType(id: number): Promise<Record<string, number>> {
    const r = await this.lib.pool.query<{ type: string; n: number }>('SELECT type, count(*)::int AS n FROM deck.results WHERE recording_id = $1 GROUP BY type', [id]);
    return Object.fromEntries(r.rows.map((x) => [x.type, x.n]));
  }

  async countsByJob(id: number): Promise<Record<number, number>> {
    const r = await this.lib.pool.query<{ job_id: number; n: number }>('SELECT job_id, count(*)::int AS n FROM deck.results WHERE recording_id = $1 AND job_id IS NOT NULL GROUP BY job_id', [id]);
    return Object.fromEntries(r.rows.map((x) => [x.job_id, x.n]));
  }

  async posAtTime(id: number, at: number): Promise<number> {
    const r = await this.lib.pool.query<{ pos: number }>('SELECT pos FROM deck.results WHERE recording_id = $1 AND received_at <= $2 ORDER BY received_at DESC, pos DESC LIMIT 1', [id, Math.floor(at)]);
    return r.rows[0]?.pos ?? 0;
  }

  async positionBeforeNewest(id: number, jobId: number, type: string, n: number): Promise<number> {
    const r = await this.lib.pool.query<{ pos: number }>('SELECT pos FROM deck.results WHERE recording_id = $1 AND job_id = $2 AND type = $3 ORDER BY pos DESC LIMIT 1 OFFSET $4', [id, jobId, type, n]);
    return r.rows[0]?.pos ?? 0;
  }
}
