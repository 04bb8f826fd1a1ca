import type { ArthasResult } from '../../shared/arthas/protocol';
import { serverTimeOf } from '../../shared/arthas/protocol';
import type { EventLine, RecordingHeader, ResultLine } from '../../shared/recording/format';
import type { RecordingState } from '../../shared/recording/types';
import type { SessionEvent, SessionSnapshot, TrackedJob } from '../../shared/session-events';
import type { Db } from './db';

export interface NewRecording {
  targetId?: number | null;
  targetName: string;
  targetUrl: string;
  name?: string | null;
  source?: 'live' | 'import';
  startedAt?: number;
  /** the fleet this session belongs to, and its member's name in it */
  fleetId?: number | null;
  fleetMember?: string | null;
  /** who runs its commands (the deck's user) */
  runBy?: string | null;
}

export interface ResultRow {
  batchSeq: number;
  jobId: number | null;
  type: string;
  origin: string;
  receivedAt: number;
  serverTime: number | null;
  raw: string;
}

/** One thing written in a group: a pull answer's results, an event, or a job's new state. */
export type GroupItem = { rows: readonly ResultRow[] } | { event: SessionEvent } | { job: TrackedJob };

/** A line of an imported file for a recording: a result (its JSON as the file has it) or an event. */
export interface ImportedLine {
  recordingId: number;
  line: ResultLine | EventLine;
  raw?: string;
}

/**
 * Results inserted by one statement, at most. One INSERT of many rows costs SQLite and the binding
 * about half of what one INSERT a row does (measured on a real 10,000 calls/s capture: ~4.9 against
 * ~8.4 µs of CPU a result); 20 is what one pull answer holds at most.
 */
const ROWS_A_STATEMENT = 20;
const RESULT_COLUMNS = '(session_id, pos, batch_seq, job_id, type, origin, received_at, server_time, raw)';
const VALUES_A_RESULT = 9;
/** one result's placeholders in an INSERT */
const RESULT_VALUES = `(${Array<string>(VALUES_A_RESULT).fill('?').join(', ')})`;

/** Prepared statements for writing one database; every write call is one transaction. */
export class RecordingWriter {
  private readonly nextPos = new Map<number, number>();
  /** INSERT statements of results by how many rows they insert */
  private readonly insertRows = new Map<number, ReturnType<Db['prepare']>>();
  private readonly st;
  /** told after results were committed (the search indexer indexes them later) */
  onResultsWritten: (() => void) | null = null;

  constructor(readonly db: Db) {
    this.st = {
      insertSession: db.prepare(
        `INSERT INTO sessions (target_id, target_name, target_url, name, source, started_at, state, owner_pid, fleet_id, fleet_member, run_by) VALUES (?, ?, ?, ?, ?, ?, 'recording', ?, ?, ?, ?)`,
      ),
      insertResult: db.prepare(`INSERT INTO results ${RESULT_COLUMNS} VALUES ${RESULT_VALUES}`),
      bumpCounts: db.prepare(`UPDATE sessions SET result_count = result_count + ?, byte_count = byte_count + ? WHERE id = ?`),
      insertEvent: db.prepare(`INSERT INTO events (session_id, at, kind, gap_reason, message, data) VALUES (?, ?, ?, ?, ?, ?)`),
      upsertJob: db.prepare(
        `INSERT INTO jobs (session_id, job_id, command, state, status_code, status_message, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_id, job_id) DO UPDATE SET
           command = CASE WHEN excluded.command <> '' THEN excluded.command ELSE jobs.command END,
           state = excluded.state, status_code = excluded.status_code, status_message = excluded.status_message, ended_at = excluded.ended_at`,
      ),
      insertConsumer: db.prepare(`INSERT INTO consumers (session_id, arthas_session_id, consumer_id, joined_at) VALUES (?, ?, ?, ?)`),
      snapshot: db.prepare(
        `UPDATE sessions SET arthas_session_id = COALESCE(?, arthas_session_id), arthas_version = COALESCE(?, arthas_version), pid = COALESCE(?, pid), main_class = COALESCE(?, main_class),
           jvm_utc_offset_min = COALESCE(?, jvm_utc_offset_min) WHERE id = ?`,
      ),
      end: db.prepare(`UPDATE sessions SET state = ?, ended_at = ?, owner_pid = NULL WHERE id = ?`),
      meta: db.prepare(`UPDATE sessions SET tags = ?, arthas_session_id = ?, arthas_version = ?, pid = ?, main_class = ? WHERE id = ?`),
      error: db.prepare(`UPDATE sessions SET recording_error = ? WHERE id = ?`),
      maxPos: db.prepare(`SELECT COALESCE(MAX(pos), 0) AS pos FROM results WHERE session_id = ?`),
      // ids above what is left after a delete may be used again: the search index must not skip them
      indexAfterDelete: db.prepare(`UPDATE search_index_state SET indexed_upto = MIN(indexed_upto, COALESCE((SELECT MAX(id) FROM results), 0)) WHERE id = 1`),
    };
  }

  createRecording(r: NewRecording): number {
    const info = this.st.insertSession.run(r.targetId ?? null, r.targetName, r.targetUrl, r.name ?? null, r.source ?? 'live', r.startedAt ?? Date.now(), process.pid, r.fleetId ?? null, r.fleetMember ?? null, r.runBy ?? null);
    const id = Number(info.lastInsertRowid);
    this.nextPos.set(id, 1);
    return id;
  }

  /** Removes a recording and everything in it. */
  deleteRecording(id: number): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM sessions WHERE id = ?`).run(id);
      this.st.indexAfterDelete.run();
    })();
    this.nextPos.delete(id);
  }

  private posFor(sessionId: number): number {
    let p = this.nextPos.get(sessionId);
    if (p === undefined) {
      p = (this.st.maxPos.get(sessionId) as { pos: number }).pos + 1;
      this.nextPos.set(sessionId, p);
    }
    return p;
  }

  /** Writes one pull answer in one transaction. Returns the first pos. */
  writeBatch(sessionId: number, rows: readonly ResultRow[]): number {
    return this.writeGroup(sessionId, [{ rows }])[0]!;
  }

  /**
   * Writes several pull answers, events and job changes of one recording in one transaction, in
   * their order. Returns, for each item, the position of its first result (answers) or null.
   */
  writeGroup(sessionId: number, items: readonly GroupItem[]): Array<number | null> {
    const first = this.posFor(sessionId);
    let pos = first;
    const firsts: Array<number | null> = [];
    this.db.transaction(() => {
      // every row of the group, in order, inserted ROWS_A_STATEMENT at a time
      const args: unknown[] = [];
      let bytes = 0;
      for (const item of items) {
        if ('rows' in item) {
          firsts.push(pos);
          for (const r of item.rows) {
            args.push(sessionId, pos++, r.batchSeq, r.jobId, r.type, r.origin, r.receivedAt, r.serverTime, r.raw);
            bytes += r.raw.length;
            if (args.length === ROWS_A_STATEMENT * VALUES_A_RESULT) this.insertResults(args.splice(0));
          }
        } else {
          firsts.push(null);
          if ('event' in item) this.insertEvent(sessionId, item.event);
          else this.upsertJob(sessionId, item.job);
        }
      }
      if (args.length) this.insertResults(args);
      if (pos > first) this.st.bumpCounts.run(pos - first, bytes, sessionId);
    })();
    // only after the commit: a failed transaction leaves the position where it was
    this.nextPos.set(sessionId, pos);
    if (pos > first) this.onResultsWritten?.();
    return firsts;
  }

  /** Inserts the results whose columns `args` holds, VALUES_A_RESULT values a row. */
  private insertResults(args: unknown[]): void {
    const n = args.length / VALUES_A_RESULT;
    let st = this.insertRows.get(n);
    if (!st) {
      st = this.db.prepare(`INSERT INTO results ${RESULT_COLUMNS} VALUES ${Array<string>(n).fill(RESULT_VALUES).join(', ')}`);
      this.insertRows.set(n, st);
    }
    st.run(args);
  }

  private insertEvent(sessionId: number, e: SessionEvent): void {
    this.st.insertEvent.run(sessionId, e.at, e.kind, e.gapReason ?? null, e.message, e.data ? JSON.stringify(e.data) : null);
  }

  private upsertJob(sessionId: number, j: TrackedJob): void {
    this.st.upsertJob.run(sessionId, j.jobId, j.command, j.state, j.statusCode ?? null, j.statusMessage ?? null, j.startedAt, j.endedAt ?? null);
  }

  writeEvent(sessionId: number, e: SessionEvent): void {
    this.insertEvent(sessionId, e);
  }

  writeJob(sessionId: number, j: TrackedJob): void {
    this.upsertJob(sessionId, j);
  }

  /** What an imported recording's file says of it (tags, the Arthas session, the JVM). */
  writeMeta(sessionId: number, m: Pick<RecordingHeader['recording'], 'tags' | 'arthasSessionId' | 'arthasVersion' | 'pid' | 'mainClass'>): void {
    this.st.meta.run(m.tags.join(','), m.arthasSessionId, m.arthasVersion, m.pid, m.mainClass, sessionId);
  }

  /**
   * Lines of an imported file in one transaction: results at the positions the file gives (with the
   * pull answer they came in; files before version 3 did not carry it: 0), events as they were.
   */
  writeImported(lines: readonly ImportedLine[]): void {
    const added = new Map<number, { results: number; bytes: number }>();
    this.db.transaction(() => {
      for (const { recordingId, line, raw } of lines) {
        if (line.t === 'event') {
          this.st.insertEvent.run(recordingId, line.at, line.kind, line.gapReason, line.message, line.data ? JSON.stringify(line.data) : null);
          continue;
        }
        this.st.insertResult.run(recordingId, line.pos, line.batch ?? 0, line.jobId, line.type, line.origin, line.at, line.serverTime, raw!);
        const a = added.get(recordingId) ?? { results: 0, bytes: 0 };
        a.results++;
        a.bytes += raw!.length;
        added.set(recordingId, a);
      }
      for (const [id, a] of added) this.st.bumpCounts.run(a.results, a.bytes, id);
    })();
    this.nextPos.clear();
    if (added.size) this.onResultsWritten?.();
  }

  /** An imported recording is complete: its state and end as the file says. */
  finishImported(sessionId: number, end: { state: RecordingState; endedAt: number | null }): void {
    this.db.prepare(`UPDATE sessions SET state = ?, ended_at = ?, owner_pid = NULL WHERE id = ?`).run(end.state, end.endedAt, sessionId);
    this.nextPos.delete(sessionId);
  }

  writeConsumer(sessionId: number, arthasSessionId: string, consumerId: string, at: number): void {
    this.st.insertConsumer.run(sessionId, arthasSessionId, consumerId, at);
  }

  writeSnapshot(sessionId: number, s: SessionSnapshot): void {
    this.st.snapshot.run(s.arthasSessionId ?? null, s.version ?? null, s.pid ?? null, s.mainClass ?? null, s.jvmUtcOffsetMinutes ?? null, sessionId);
  }

  endRecording(sessionId: number, state: Exclude<RecordingState, 'recording'>, at = Date.now()): void {
    this.st.end.run(state, at, sessionId);
    this.nextPos.delete(sessionId);
  }

  markError(sessionId: number, message: string): void {
    try {
      this.st.error.run(message, sessionId);
    } catch {
      /* the disk that failed the batch may fail this too */
    }
  }
}

/** The row of a received result; its server time as the engine read it (4.x text needs the JVM's zone). */
export function resultRow(batchSeq: number, receivedAt: number, origin: string, result: ArthasResult, raw: string, serverTime: number | null = serverTimeOf(result, null)): ResultRow {
  return {
    batchSeq,
    jobId: typeof result.jobId === 'number' ? result.jobId : null,
    type: result.type,
    origin,
    receivedAt,
    serverTime,
    raw,
  };
}

/**
 * Marks recordings left in state 'recording' by a process that no longer runs as interrupted
 * (a crash or kill -9). Their end time is their last result's receive time.
 */
export function recoverInterrupted(db: Db): number {
  const rows = db.prepare(`SELECT id, owner_pid FROM sessions WHERE state = 'recording'`).all() as Array<{ id: number; owner_pid: number | null }>;
  const end = db.prepare(
    `UPDATE sessions SET state = 'interrupted', owner_pid = NULL,
       ended_at = COALESCE((SELECT MAX(received_at) FROM results WHERE session_id = sessions.id), started_at) WHERE id = ?`,
  );
  let n = 0;
  for (const r of rows) {
    if (r.owner_pid !== null && r.owner_pid !== process.pid && processAlive(r.owner_pid)) continue;
    end.run(r.id);
    n++;
  }
  return n;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
