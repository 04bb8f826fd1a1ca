// Fleets in the database: a row per broadcast (or set of jobs on one JVM) and the sessions that
// belong to it; their results merged on one timeline, by the JVM's time where known.
import type { FleetCursor, FleetInfo, FleetMember, FleetResult } from '../../shared/fleet/fleet-types';
import type { Db } from '../recorder/db';

/** Results larger than this come as their size only (the views ask for the full text when needed). */
const PAGE_RESULT_LIMIT = 512 * 1024;

export class FleetStore {
  constructor(private readonly db: Db) {}

  /** A new fleet; an imported one comes with its end. */
  create(f: { name: string; groupId: number | null; command: string; startedAt?: number; endedAt?: number | null }): number {
    return Number(
      this.db.prepare('INSERT INTO fleets (name, group_id, command, started_at, ended_at) VALUES (?, ?, ?, ?, ?)').run(f.name, f.groupId, f.command, f.startedAt ?? Date.now(), f.endedAt ?? null).lastInsertRowid,
    );
  }

  /** Removes the fleet's row (its recordings are removed, or kept on their own, by the caller). */
  remove(id: number): void {
    this.db.prepare('DELETE FROM fleets WHERE id = ?').run(id);
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

  /**
   * The members' results on one timeline, oldest first, after each member's position.
   *
   * A merge of the members' recordings, each read in its own order (its positions, by the primary
   * key, a chunk at a time): the page costs what it returns, not a sort of the whole fleet. The head
   * with the earliest time is taken first, so each member's part of a page is a run of consecutive
   * positions and a member's `since` never skips a result; the page is then sorted by time (ties:
   * recording, position). A member's times can go back (a result Arthas does not time is placed by its
   * receipt, the others by the JVM's clock): within the page such a result takes the time of what
   * follows it (a command is never listed after its own watch hits); it may still sort before the end
   * of the page before.
   */
  page(id: number, opts: { since?: FleetCursor; limit?: number; members?: string[] } = {}): { results: FleetResult[]; next: FleetCursor | null } {
    const limit = Math.max(1, Math.min(opts.limit ?? 500, 5000));
    let sessions = this.db.prepare('SELECT id, COALESCE(fleet_member, target_name) AS member FROM sessions WHERE fleet_id = ? ORDER BY id').all(id) as Array<{ id: number; member: string }>;
    if (opts.members?.length) {
      const wanted = new Set(opts.members);
      sessions = sessions.filter((s) => wanted.has(s.member));
    }
    const from = new Map((opts.since ?? []).map((c) => [c.recordingId, c.pos]));
    const times = this.db.prepare('SELECT pos, COALESCE(server_time, received_at) AS at FROM results WHERE session_id = ? AND pos > ? ORDER BY pos LIMIT ?');
    interface Stream {
      id: number;
      member: string;
      start: number;
      buf: Array<{ pos: number; at: number }>;
      i: number;
      done: boolean;
      chunk: number;
      taken: number;
    }
    const streams: Stream[] = sessions.map((s) => ({ id: s.id, member: s.member, start: from.get(s.id) ?? 0, buf: [], i: 0, done: false, chunk: Math.ceil((limit + 1) / Math.max(1, sessions.length)) + 16, taken: 0 }));
    const head = (s: Stream): { pos: number; at: number } | null => {
      if (s.i >= s.buf.length && !s.done) {
        const after = s.buf.length ? s.buf[s.buf.length - 1]!.pos : s.start;
        s.buf = times.all(s.id, after, s.chunk) as Array<{ pos: number; at: number }>;
        s.i = 0;
        s.done = s.buf.length < s.chunk;
        s.chunk = Math.min(s.chunk * 2, limit + 1);
      }
      return s.i < s.buf.length ? s.buf[s.i]! : null;
    };
    // how many results each member gives this page: the earliest head first, one more than the limit
    let taken = 0;
    let last: Stream | null = null;
    while (taken <= limit) {
      let best: Stream | null = null;
      let bestAt = 0;
      for (const s of streams) {
        const h = head(s);
        if (h && (!best || h.at < bestAt)) {
          best = s;
          bestAt = h.at;
        }
      }
      if (!best) break;
      best.i++;
      best.taken++;
      taken++;
      last = best;
    }
    const more = taken > limit;
    if (more) last!.taken--;
    // each member's part is a run of positions after its start: read whole, then sorted by time
    const rowsOf = this.db.prepare(
      `SELECT pos, COALESCE(server_time, received_at) AS at, type, job_id AS jobId, CASE WHEN length(raw) > ? THEN NULL ELSE raw END AS raw, length(raw) AS bytes
       FROM results WHERE session_id = ? AND pos > ? ORDER BY pos LIMIT ?`,
    );
    const lastPos = new Map<Stream, number>();
    const results: FleetResult[] = [];
    for (const s of streams) {
      if (!s.taken) continue;
      const part = rowsOf.all(PAGE_RESULT_LIMIT, s.id, s.start, s.taken) as Array<Omit<FleetResult, 'recordingId' | 'member'>>;
      // a member's own order is kept: what Arthas does not time (a command, placed by its receipt) is
      // placed no later than what follows it (its watch hits, by the JVM's clock), never after them
      for (let i = part.length - 2; i >= 0; i--) if (part[i]!.at > part[i + 1]!.at) part[i]!.at = part[i + 1]!.at;
      for (const r of part) results.push(r.raw === null ? { recordingId: s.id, member: s.member, ...r } : { recordingId: s.id, member: s.member, pos: r.pos, at: r.at, type: r.type, jobId: r.jobId, raw: r.raw });
      lastPos.set(s, part[part.length - 1]!.pos);
    }
    results.sort((a, b) => a.at - b.at || a.recordingId - b.recordingId || a.pos - b.pos);
    const cursor = streams.map((s) => ({ recordingId: s.id, pos: lastPos.get(s) ?? s.start }));
    return { results, next: more ? cursor : null };
  }
}
