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

/** Lines per round: built here while the server stores the round before (see CopyIn). */
const ROUND_LINES = 10_000;

/**
 * Rows going in with COPY. PostgreSQL refuses COPY FROM into a table under row-level security, so
 * the rows are copied into a temporary table of this connection first and then inserted from it in
 * one statement, where the team policy checks every row. They go in rounds: while the server copies
 * and inserts one round, the next one's lines are built here (their words split, masked), so the
 * two sides work at once as they do in a plain COPY. At most one round is in flight. end()
 * completes it, abort() fails it (the transaction it is in can only be rolled back).
 */
export class CopyIn {
  private buf: string[] = [];
  private failed?: Error;
  private readonly stage: string;
  /** the round the server is working on */
  private inFlight: Promise<void> | null = null;
  private stream: ReturnType<typeof copyFrom> | null = null;
  private moved = 0;
  private aborted = false;

  private constructor(
    private readonly client: pg.PoolClient,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {
    this.stage = `stage_${table.replace(/^deck\./, '')}`;
  }

  /** Starts a COPY into `table` (deck.results or deck.events) through its staging table. */
  static async open(client: pg.PoolClient, table: 'deck.results' | 'deck.events', columns: readonly string[]): Promise<CopyIn> {
    const stage = `stage_${table.replace(/^deck\./, '')}`;
    // the staging table has the target's columns and none of its generated ones, defaults or constraints
    // it is empty here: every round empties it, and a failed one aborts the transaction, which restores it
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${stage} AS SELECT ${columns.join(', ')} FROM ${table} WITH NO DATA`);
    return new CopyIn(client, table, columns);
  }

  /**
   * Adds a line. Every hundred lines the event loop runs (a line costs tens of microseconds: its
   * words are split, it may be masked): pulls and the UI never wait long.
   */
  async line(text: string): Promise<void> {
    if (this.failed) throw this.failed;
    this.buf.push(text);
    if (this.buf.length % 100 === 0) await new Promise((r) => setImmediate(r));
    if (this.buf.length >= ROUND_LINES) await this.send();
  }

  /** Hands the buffered lines to the server as a round, once the round before is done. */
  private async send(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    if (this.failed) throw this.failed;
    if (!this.buf.length) return;
    const lines = this.buf;
    this.buf = [];
    const round = this.round(lines);
    // a failure is kept for the next line or end(), never left unhandled
    round.catch((e: Error) => (this.failed ??= e));
    this.inFlight = round;
  }

  private async round(lines: string[]): Promise<void> {
    if (this.aborted) throw new Error('cancelled');
    const stream = this.client.query(copyFrom(`COPY ${this.stage} (${this.columns.join(', ')}) FROM STDIN`));
    this.stream = stream;
    const done = Promise.race([once(stream, 'finish'), once(stream, 'error').then(([e]) => Promise.reject(e as Error))]);
    for (let i = 0; i < lines.length; i += 500) {
      if (!stream.write(`${lines.slice(i, i + 500).join('\n')}\n`)) await Promise.race([once(stream, 'drain'), done]);
    }
    stream.end();
    await done;
    this.stream = null;
    const cols = this.columns.join(', ');
    // one round trip for both statements (the first one's result carries the count)
    const [moved] = (await this.client.query(`INSERT INTO ${this.table} (${cols}) SELECT ${cols} FROM ${this.stage}; TRUNCATE ${this.stage}`)) as unknown as pg.QueryResult[];
    this.moved += moved?.rowCount ?? 0;
  }

  /** Completes the COPY and moves the last rows into the table; returns how many went in. */
  async end(): Promise<number> {
    await this.send();
    if (this.inFlight) await this.inFlight;
    if (this.failed) throw this.failed;
    return this.moved;
  }

  abort(): void {
    this.aborted = true;
    this.stream?.destroy(new Error('cancelled'));
  }
}

/** Writes (or updates) a recording's jobs in the library. */
export async function upsertJobs(client: pg.PoolClient, recordingId: number, team: string, jobs: readonly StoredJob[]): Promise<void> {
  for (const j of jobs) {
    await client.query(
      `INSERT INTO deck.jobs (recording_id, team, job_id, command, state, status_code, status_message, started_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (recording_id, job_id, team) DO UPDATE SET command = excluded.command, state = excluded.state, status_code = excluded.status_code,
         status_message = excluded.status_message, ended_at = excluded.ended_at`,
      [recordingId, team, j.jobId, j.command, j.state, j.statusCode ?? null, j.statusMessage ?? null, j.startedAt, j.endedAt ?? null],
    );
  }
}

/**
 * The one channel every desktop of a library listens on. PostgreSQL cannot keep anyone from
 * LISTENing or NOTIFYing on any channel, so it carries nothing: no team, no recording id, no payload.
 * A notification only says "look again", and a listener re-reads what changed under row-level
 * security (library-changes.ts), so a fake one costs a re-read of the listener's own rows.
 */
export const LIBRARY_CHANNEL = 'deck_library';

/** Tells every listener to look again (sent when the transaction commits; one per transaction). */
export async function notifyLibrary(client: pg.PoolClient): Promise<void> {
  await client.query(`NOTIFY ${LIBRARY_CHANNEL}`);
}
