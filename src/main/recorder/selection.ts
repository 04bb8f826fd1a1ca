// A selection of a recording's results, as the user chooses it for sharing (export, masking
// preview, the offline page, publishing): some jobs, a time range. Events have no job: a
// selection keeps those within its time range.
import type { Db } from './db';
import { RecordingReader } from './recording-reader';
import { SqlConditions } from './sql-conditions';
import { IMPORT_LIMITS } from '../../shared/recording/format';

export interface Selection {
  /** only these jobs' results (events are kept) */
  jobs?: number[];
  /** only results received in [from, to] */
  from?: number;
  to?: number;
}

export function isWhole(sel: Selection): boolean {
  return !sel.jobs?.length && sel.from === undefined && sel.to === undefined;
}

/** The results of a selection: conditions to follow `session_id = ?` (their ` AND …` and arguments). */
export function selectionConditions(sel: Selection): SqlConditions {
  return new SqlConditions().in('job_id', sel.jobs).atLeast('received_at', sel.from).atMost('received_at', sel.to);
}

/** How many results a selection of recordings holds. */
export function countSelected(db: Db, recordingIds: readonly number[], sel: Selection): number {
  const c = selectionConditions(sel);
  return (db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id IN (${recordingIds.map(() => '?').join(',')})${c.and()}`).get(...recordingIds, ...c.args) as { n: number }).n;
}

/** A recording's events within the selection's time range (events have no job). */
export function eventsInRange(reader: RecordingReader, recordingId: number, sel: Selection): ReturnType<RecordingReader['events']> {
  return reader.events(recordingId, { limit: IMPORT_LIMITS.maxEvents }).filter((e) => (sel.from === undefined || e.at >= sel.from) && (sel.to === undefined || e.at <= sel.to));
}
