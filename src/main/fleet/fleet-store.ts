// Fleets in the database: a row per broadcast (or set of jobs on one JVM) and the sessions that
// belong to it; their results merged on one timeline, by the JVM's time where known.
import type { FleetCursor, FleetInfo, FleetMember, FleetResult } from '../../shared/fleet/fleet-types';
import type { Db } from '../recorder/db';

/** Results larger than this come as their size only (the views ask for the full text when needed). */
const PAGE_RESULT_LIMIT = 512 * 1024;

export class FleetStore {
  constructor(private readonly db: Db) {}

  create(f: { name: string; groupId: number | null; command: string; startedAt?: number }): number {
    return Number(this.db.prepare('INSERT INTO fleets (name, group_id, command, started_at) VALUES (?, ?, ?, ?)').run(f.name, f.groupId, f.command, f.startedAt ?? Date.now()).lastInsertRowid);
  }

  end(id: number, at = Date.now()): void {
    this.db.prepare('UPDATE fleets SET ended_at = COALESCE(ended_at, ?) WHERE id = ?').run(at, id);
  }

  /** Puts a recording into a fleet (a tab that gains a second job joins the fleet made for it). */
  attach(recordingId: number, fleetId: number, member: string): void {
    this.db.prepare('UPDATE sessions SET fleet_id = ?, fleet_member = ? WHERE id = ?').run(fleetId, member, recordingId);
  }

  exists(id: number): boolean {
    return !!this.db.prepare('SELECT 1 FROM fleets WHERE id = ?').get(id);
  }

  /** The fleet as stored: its members are its sessions. */
  get(id: number): FleetInfo | null {
    const f = this.db.prepare('SELECT id, name, group_id AS groupId, command, started_at AS startedAt, ended_at AS endedAt FROM fleets WHERE id = ?').get(id) as Omit<FleetInfo, 'members' | 'live'> | undefined;
    if (!f) return null;
    const rows = this.db
      .prepare(
        `SELECT s.id AS recordingId, s.target_id AS targetId, COALESCE(s.fleet_member, s.target_name) AS member, s.state, s.result_count AS results, s.recording_error AS error,
          (SELECT MIN(job_id) FROM jobs j WHERE j.session_id = s.id AND j.job_id > 0) AS jobId,
          (SELECT COUNT(*) FROM events e WHERE e.session_id = s.id AND e.kind = 'gap') AS gaps,
          (SELECT COUNT(*) FROM events e WHERE e.session_id = s.id AND e.kind = 'possible-loss') AS possibleLosses
         FROM sessions s WHERE s.fleet_id = ? ORDER BY s.id`,
      )
      .all(id) as Array<{ recordingId: number; targetId: number | null; member: string; state: string; results: number; error: string | null; jobId: number | null; gaps: number; possibleLosses: number }>;
    const members: FleetMember[] = rows.map((r) => ({
      member: r.member,
      targetId: r.targetId,
      recordingId: r.recordingId,
      tabId: null,
      jobId: r.jobId,
      state: r.state === 'recording' ? 'running' : r.state === 'lost' || r.state === 'interrupted' ? 'failed' : 'done',
      error: r.error,
      results: r.results,
      gaps: r.gaps,
      possibleLosses: r.possibleLosses,
    }));
    return { ...f, members, live: false };
  }

  list(limit = 200): FleetInfo[] {
    const ids = this.db.prepare('SELECT id FROM fleets ORDER BY started_at DESC, id DESC LIMIT ?').all(Math.min(limit, 2000)) as Array<{ id: number }>;
    return ids.map((r) => this.get(r.id)!).filter(Boolean);
  }

  /** The members' results on one timeline, oldest first, after the cursor. */
  page(id: number, opts: { after?: FleetCursor; since?: Array<{ recordingId: number; pos: number }>; limit?: number; members?: string[] } = {}): { results: FleetResult[]; next: FleetCursor | null } {
    const limit = Math.max(1, Math.min(opts.limit ?? 500, 5000));
    const cond = ['s.fleet_id = ?'];
    const args: unknown[] = [PAGE_RESULT_LIMIT, id];
    if (opts.members?.length) {
      cond.push(`COALESCE(s.fleet_member, s.target_name) IN (${opts.members.map(() => '?').join(',')})`);
      args.push(...opts.members);
    }
    if (opts.after) {
      cond.push('(COALESCE(r.server_time, r.received_at), r.session_id, r.pos) > (?, ?, ?)');
      args.push(opts.after.at, opts.after.recordingId, opts.after.pos);
    }
    // live: what arrived after each member's last known position (members run at their own pace)
    if (opts.since?.length) {
      cond.push(`(${opts.since.map(() => '(r.session_id = ? AND r.pos > ?)').join(' OR ')} OR r.session_id NOT IN (${opts.since.map(() => '?').join(',')}))`);
      for (const c of opts.since) args.push(c.recordingId, c.pos);
      for (const c of opts.since) args.push(c.recordingId);
    }
    const rows = this.db
      .prepare(
        `SELECT r.session_id AS recordingId, COALESCE(s.fleet_member, s.target_name) AS member, r.pos, COALESCE(r.server_time, r.received_at) AS at, r.type, r.job_id AS jobId,
           CASE WHEN length(r.raw) > ? THEN NULL ELSE r.raw END AS raw, length(r.raw) AS bytes
         FROM results r JOIN sessions s ON s.id = r.session_id
         WHERE ${cond.join(' AND ')}
         ORDER BY at, r.session_id, r.pos LIMIT ?`,
      )
      .all(...args, limit + 1) as FleetResult[];
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    return { results: rows.map((r) => (r.raw === null ? r : { ...r, bytes: undefined })), next: more && last ? { at: last.at, recordingId: last.recordingId, pos: last.pos } : null };
  }
}
