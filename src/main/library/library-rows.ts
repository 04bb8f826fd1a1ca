// Rows going into the library: a recording's results, events and jobs as the library's tables hold
// them, written with COPY (pg-copy-streams) in its text format, a chunk at a time with backpressure.
// Shared by publishing (a whole recording in one transaction) and live shipping (batch by batch).
import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { searchWords } from '../../shared/search/search-text';
import type { StoredEvent, StoredJob } from '../../shared/recording/types';

export interface LibraryResultRow {
  pos: number;
  batch: number;
  jobId: number | null;
  type: string;
  origin: string;
  receivedAt: number;
  serverTime: number | null;
  /** the result's JSON as stored (masked where masking rules apply) */
  raw: string;
}

/** A value in COPY's text format: \N for null; backslash, tab and line breaks escaped. */
export function copyField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  // text cannot hold NUL in PostgreSQL; a result's JSON text never has one (JSON escapes it as \u0000)
  return v.replace(/[\\\t\n\r\0]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\ufffd'));
}

export const RESULT_COLUMNS = ['recording_id', 'team', 'pos', 'batch', 'job_id', 'type', 'origin', 'received_at', 'server_time', 'raw', 'words'] as const;

export function resultLine(recordingId: number, team: string, r: LibraryResultRow): string {
  return [recordingId, team, r.pos, r.batch, r.jobId, r.type, r.origin, r.receivedAt, r.serverTime, r.raw, searchWords(r.raw)].map(copyField).join('\t');
}

export function eventLine(recordingId: number, team: string, seq: number, e: Pick<StoredEvent, 'at' | 'kind' | 'gapReason' | 'message' | 'data'>): string {
  return [recordingId, team, seq, e.at, e.kind, e.gapReason, e.message, e.data ? JSON.stringify(e.data) : null].map(copyField).join('\t');
}

export const EVENT_COLUMNS = ['recording_id', 'team', 'seq', 'at', 'kind', 'gap_reason', 'message', 'data'] as const;

/**
 * Rows going in with COPY. PostgreSQL refuses COPY FROM into a table under row-level security, so
 * the rows are copied into a temporary table of this connection first and then inserted from it in
 * one statement, where the team policy checks every row. Lines go in with backpressure; end()
 * completes it, abort() fails it (the transaction it is in can only be rolled back).
 */
export class CopyIn {
  private readonly stream;
  private buf: string[] = [];
  private failed?: Error;
  private readonly stage: string;

  private constructor(
    private readonly client: pg.PoolClient,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {
    this.stage = `stage_${table.replace(/^deck\./, '')}`;
    this.stream = client.query(copyFrom(`COPY ${this.stage} (${columns.join(', ')}) FROM STDIN`));
    this.stream.on('error', (e: Error) => (this.failed ??= e));
  }

  /** Starts a COPY into `table` (deck.results or deck.events) through its staging table. */
  static async open(client: pg.PoolClient, table: 'deck.results' | 'deck.events', columns: readonly string[]): Promise<CopyIn> {
    const stage = `stage_${table.replace(/^deck\./, '')}`;
    // the staging table has the target's columns and none of its generated ones, defaults or constraints
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${stage} AS SELECT ${columns.join(', ')} FROM ${table} WITH NO DATA`);
    return new CopyIn(client, table, columns);
  }

  /**
   * Adds a line. Every hundred lines the event loop runs (a line costs tens of microseconds: its
   * words are split, it may be masked): a recorder's or the app's pulls and UI never wait long.
   */
  async line(text: string): Promise<void> {
    this.buf.push(text);
    if (this.buf.length % 100 === 0) await new Promise((r) => setImmediate(r));
    if (this.buf.length >= 500) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.buf.length) return;
    const chunk = `${this.buf.join('\n')}\n`;
    this.buf = [];
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream, 'drain'), once(this.stream, 'error')]);
    if (this.failed) throw this.failed;
  }

  /** Completes the COPY and moves the rows into the table; returns how many went in. */
  async end(): Promise<number> {
    await this.flush();
    const done = Promise.race([once(this.stream, 'finish'), once(this.stream, 'error').then(([e]) => Promise.reject(e as Error))]);
    this.stream.end();
    await done;
    if (this.failed) throw this.failed;
    const cols = this.columns.join(', ');
    const moved = await this.client.query(`INSERT INTO ${this.table} (${cols}) SELECT ${cols} FROM ${this.stage}`);
    await this.client.query(`TRUNCATE ${this.stage}`);
    return moved.rowCount ?? 0;
  }

  abort(): void {
    this.stream.destroy(new Error('cancelled'));
  }
}

/** Writes (or updates) a recording's jobs in the library. */
export async function upsertJobs(client: pg.PoolClient, recordingId: number, team: string, jobs: readonly StoredJob[]): Promise<void> {
  for (const j of jobs) {
    await client.query(
      `INSERT INTO deck.jobs (recording_id, team, job_id, command, state, status_code, status_message, started_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (recording_id, job_id) DO UPDATE SET command = excluded.command, state = excluded.state, status_code = excluded.status_code,
         status_message = excluded.status_message, ended_at = excluded.ended_at`,
      [recordingId, team, j.jobId, j.command, j.state, j.statusCode ?? null, j.statusMessage ?? null, j.startedAt, j.endedAt ?? null],
    );
  }
}

/** Tells the team's listeners that a recording changed (grew, ended, appeared). */
export async function notifyTeam(client: pg.PoolClient, team: string, recordingId: number): Promise<void> {
  await client.query('SELECT pg_notify($1, $2)', [teamChannel(team), String(recordingId)]);
}

/** The LISTEN channel of a team's changes. */
export function teamChannel(team: string): string {
  return `deck_${team}`;
}
