// Where the views read recordings from: this desktop's SQLite file, or a team library (PostgreSQL).
// Both answer the same questions, so replay, search hits, the watch diff and the cost series work on
// either; a library answers asynchronously.
import type { RecordingFilter, RecordingSummary, ResultPage, StoredEvent, StoredJob } from '../../shared/recording/types';
import type { Db } from './db';
import { RecordingReader } from './recording-reader';

export interface PageOptions {
  after?: number;
  before?: number;
  limit?: number;
  jobId?: number;
  types?: string[];
}

export interface RecordingSource {
  list(filter: RecordingFilter): Promise<RecordingSummary[]>;
  get(id: number): Promise<RecordingSummary | null>;
  page(id: number, opts: PageOptions): Promise<ResultPage>;
  /** one result's full text, or null */
  result(id: number, pos: number): Promise<string | null>;
  jobs(id: number): Promise<StoredJob[]>;
  events(id: number, opts?: { kinds?: string[]; limit?: number }): Promise<StoredEvent[]>;
  span(id: number): Promise<{ first: number | null; last: number | null; lastPos: number }>;
  countsByType(id: number): Promise<Record<string, number>>;
  countsByJob(id: number): Promise<Record<number, number>>;
  /** the position of the last result received at or before `at` (0: none) */
  posAtTime(id: number, at: number): Promise<number>;
  /** the position just before the `n` newest results of a job's type (0 when there are fewer) */
  positionBeforeNewest(id: number, jobId: number, type: string, n: number): Promise<number>;
}

/** This desktop's recordings. */
export class LocalRecordings implements RecordingSource {
  constructor(
    private readonly db: Db,
    private readonly reader = new RecordingReader(db),
  ) {}
  async list(filter: RecordingFilter): Promise<RecordingSummary[]> {
    return this.reader.list(filter);
  }
  async get(id: number): Promise<RecordingSummary | null> {
    return this.reader.get(id);
  }
  async page(id: number, opts: PageOptions): Promise<ResultPage> {
    return this.reader.page(id, opts);
  }
  async result(id: number, pos: number): Promise<string | null> {
    return (this.db.prepare('SELECT raw FROM results WHERE session_id = ? AND pos = ?').get(id, pos) as { raw: string } | undefined)?.raw ?? null;
  }
  async jobs(id: number): Promise<StoredJob[]> {
    return this.reader.jobs(id);
  }
  async events(id: number, opts?: { kinds?: string[]; limit?: number }): Promise<StoredEvent[]> {
    return this.reader.events(id, opts);
  }
  async span(id: number): Promise<{ first: number | null; last: number | null; lastPos: number }> {
    return this.reader.span(id);
  }
  async countsByType(id: number): Promise<Record<string, number>> {
    return this.reader.countsByType(id);
  }
  async countsByJob(id: number): Promise<Record<number, number>> {
    return this.reader.countsByJob(id);
  }
  async posAtTime(id: number, at: number): Promise<number> {
    return this.reader.posAtTime(id, at);
  }
  async positionBeforeNewest(id: number, jobId: number, type: string, n: number): Promise<number> {
    const row = this.db.prepare(`SELECT pos FROM results WHERE session_id = ? AND job_id = ? AND type = ? ORDER BY pos DESC LIMIT 1 OFFSET ?`).get(id, jobId, type, n) as { pos: number } | undefined;
    return row?.pos ?? 0;
  }
}
