// Who ran what, on which JVM, when, and what came back, across the team: every job of every
// recording this user may see (row-level security), newest first, with its result count.
import type { AuditQuery, AuditRow } from '../../shared/library/library-types';
import { libraryText, type LibraryConnection } from './library-connection';

const like = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function auditLibrary(lib: LibraryConnection, q: AuditQuery): Promise<AuditRow[]> {
  const args: unknown[] = [];
  const cond: string[] = [];
  const p = (v: unknown): string => {
    args.push(v);
    return `$${args.length}`;
  };
  if (q.text) {
    const t = p(like(libraryText(q.text, 'Audit text')));
    cond.push(`(j.command ILIKE ${t} OR r.target_name ILIKE ${t} OR r.run_by ILIKE ${t} OR r.main_class ILIKE ${t})`);
  }
  if (q.runBy) cond.push(`r.run_by = ${p(libraryText(q.runBy, 'A user name'))}`);
  if (q.from !== undefined) cond.push(`j.started_at >= ${p(Math.ceil(q.from))}`);
  if (q.to !== undefined) cond.push(`j.started_at <= ${p(Math.floor(q.to))}`);
  const limit = p(Math.min(q.limit ?? 200, 2000));
  const rows = await lib.pool.query<{
    run_by: string | null;
    team: string;
    target_name: string;
    target_url: string;
    pid: string | null;
    main_class: string | null;
    recording_id: number;
    name: string | null;
    job_id: number;
    command: string;
    started_at: number;
    ended_at: number | null;
    state: string;
    status_code: number | null;
    status_message: string | null;
    results: number;
    published_by: string;
  }>(
    `SELECT r.run_by, r.team, r.target_name, r.target_url, r.pid, r.main_class, r.id AS recording_id, r.name, j.job_id, j.command, j.started_at, j.ended_at,
       j.state, j.status_code, j.status_message, r.published_by,
       (SELECT count(*) FROM deck.results x WHERE x.recording_id = j.recording_id AND x.job_id = j.job_id)::int AS results
     FROM deck.jobs j JOIN deck.recordings r ON r.id = j.recording_id
     ${cond.length ? `WHERE ${cond.join(' AND ')}` : ''}
     ORDER BY j.started_at DESC, r.id DESC, j.job_id DESC LIMIT ${limit}`,
    args,
  );
  return rows.rows.map((r) => ({
    runBy: r.run_by,
    team: r.team,
    targetName: r.target_name,
    targetUrl: r.target_url,
    pid: r.pid,
    mainClass: r.main_class,
    recordingId: r.recording_id,
    recordingName: r.name,
    jobId: r.job_id,
    command: r.command,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    state: r.state,
    statusCode: r.status_code,
    statusMessage: r.status_message,
    results: r.results,
    publishedBy: r.published_by,
  }));
}
