// Live publishing from a headless recorder: the local SQLite file stays the write-ahead copy (the
// pull loop never waits on the network), and this ships what it holds to the team library behind
// it, a batch per transaction: results from the last position the library has, events from the
// last sequence, the jobs and the recording's state. An outage of the library only delays
// shipping: every batch is whole or absent there, and after a failure the shipper asks the library
// where it got to and goes on from there, so nothing is lost or doubled.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Db } from '../recorder/db';
import { RecordingReader } from '../recorder/recording-reader';
import { readSetting, writeSetting } from '../recorder/settings';
import type { LibraryConnection } from './library-connection';
import { CopyIn, EVENT_COLUMNS, RESULT_COLUMNS, eventLine, notifyLibrary, resultLine, upsertJobs } from './library-rows';

const SOURCE_KEY = 'library.sourceId';

/** This database's name in the library: its host and a random id kept in its settings. */
export function sourceOfDatabase(db: Db): string {
  let id = readSetting(db, SOURCE_KEY);
  if (typeof id !== 'string' || !id) {
    id = randomUUID();
    writeSetting(db, SOURCE_KEY, id);
  }
  return `${hostname()}/${id}`;
}

export interface ShipperOptions {
  team: string;
  /** how often it looks for new rows, ms */
  intervalMs?: number;
  /** results per transaction at most */
  batch?: number;
  /** after a failure, the pauses before trying again, ms (the last one repeats) */
  backoffMs?: number[];
}

export interface ShipperStats {
  libraryId: number | null;
  results: number;
  events: number;
  batches: number;
  /** failures met (each one only delayed shipping) */
  failures: number;
  lastError: string | null;
  /** the results not yet in the library */
  pending: number;
  /** for each shipped result: ms from its receipt to its commit in the library */
  lagMs: number[];
}

export class LiveShipper {
  private timer?: NodeJS.Timeout;
  private running = false;
  private busy: Promise<void> | null = null;
  private libId: number | null = null;
  /** the library's last position and event sequence, known after the last success (null: ask) */
  private shipped: { pos: number; seq: number } | null = null;
  private jobsSent = '';
  private metaSent = '';
  private failStreak = 0;
  private readonly reader: RecordingReader;
  private readonly source: string;
  readonly stats: ShipperStats = { libraryId: null, results: 0, events: 0, batches: 0, failures: 0, lastError: null, pending: 0, lagMs: [] };

  constructor(
    private readonly db: Db,
    private readonly lib: LibraryConnection,
    private readonly recordingId: number,
    private readonly opts: ShipperOptions,
  ) {
    this.reader = new RecordingReader(db);
    this.source = sourceOfDatabase(db);
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    let more = false;
    this.busy = (async () => {
      try {
        more = await this.shipOnce();
        this.failStreak = 0;
      } catch (e) {
        this.stats.failures++;
        this.failStreak++;
        this.stats.lastError = (e as Error).message;
        // where the library got to is asked again: the failed batch may or may not have committed
        this.shipped = null;
      }
    })();
    await this.busy;
    this.busy = null;
    const backoff = this.opts.backoffMs ?? [250, 500, 1000, 2000, 5000];
    this.schedule(this.failStreak ? backoff[Math.min(this.failStreak - 1, backoff.length - 1)]! : more ? 0 : (this.opts.intervalMs ?? 250));
  }

  /** Ships one batch; true when more is waiting. */
  private async shipOnce(): Promise<boolean> {
    const client = await this.lib.pool.connect();
    let open = false;
    let failed = false;
    try {
      // a library that could not be reached at the start is prepared when it can be
      if (!this.lib.status) await this.lib.prepare();
      if (this.libId === null) this.libId = await this.ensureRecording(client);
      this.stats.libraryId = this.libId;
      if (!this.shipped) {
        const at = await client.query<{ pos: number; seq: number }>(
          'SELECT coalesce((SELECT max(pos) FROM deck.results WHERE recording_id = $1), 0) AS pos, coalesce((SELECT max(seq) FROM deck.events WHERE recording_id = $1), 0) AS seq',
          [this.libId],
        );
        this.shipped = at.rows[0]!;
        // jobs and state are sent again after a failure
        this.jobsSent = '';
        this.metaSent = '';
      }
      const batch = this.opts.batch ?? 2000;
      const rows = this.db
        .prepare('SELECT pos, batch_seq, job_id, type, origin, received_at, server_time, raw FROM results WHERE session_id = ? AND pos > ? ORDER BY pos LIMIT ?')
        .all(this.recordingId, this.shipped.pos, batch) as Array<{ pos: number; batch_seq: number; job_id: number | null; type: string; origin: string; received_at: number; server_time: number | null; raw: string }>;
      const events = this.db
        .prepare('SELECT id, at, kind, gap_reason, message, data FROM events WHERE session_id = ? AND id > ? ORDER BY id LIMIT ?')
        .all(this.recordingId, this.shipped.seq, batch) as Array<{ id: number; at: number; kind: string; gap_reason: string | null; message: string; data: string | null }>;
      const jobs = this.reader.jobs(this.recordingId);
      const rec = this.reader.get(this.recordingId)!;
      const offset = (this.db.prepare('SELECT jvm_utc_offset_min AS o, run_by AS r FROM sessions WHERE id = ?').get(this.recordingId) as { o: number | null; r: string | null });
      const jobsText = JSON.stringify(jobs);
      const meta = [rec.state, rec.endedAt, rec.arthasSessionId, rec.arthasVersion, rec.pid, rec.mainClass, offset.o, rec.name, rec.tags];
      const metaText = JSON.stringify(meta);
      this.stats.pending = Math.max(0, (this.db.prepare('SELECT COALESCE(MAX(pos), 0) AS p FROM results WHERE session_id = ?').get(this.recordingId) as { p: number }).p - this.shipped.pos);
      if (!rows.length && !events.length && jobsText === this.jobsSent && metaText === this.metaSent) return false;
      const team = this.opts.team;
      await client.query('BEGIN');
      open = true;
      if (rows.length) {
        const copy = await CopyIn.open(client, 'deck.results', RESULT_COLUMNS);
        try {
          for (const r of rows) await copy.line(resultLine(this.libId, team, { pos: r.pos, batch: r.batch_seq, jobId: r.job_id, type: r.type, origin: r.origin, receivedAt: r.received_at, serverTime: r.server_time, raw: r.raw }));
          await copy.end();
        } catch (e) {
          copy.abort();
          throw e;
        }
      }
      if (events.length) {
        const copy = await CopyIn.open(client, 'deck.events', EVENT_COLUMNS);
        try {
          for (const e of events) await copy.line(eventLine(this.libId, team, e.id, { at: e.at, kind: e.kind as never, gapReason: e.gap_reason as never, message: e.message, data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null }));
          await copy.end();
        } catch (e) {
          copy.abort();
          throw e;
        }
      }
      if (jobsText !== this.jobsSent) await upsertJobs(client, this.libId, team, jobs);
      const bytes = rows.reduce((n, r) => n + r.raw.length, 0);
      await client.query(
        `UPDATE deck.recordings SET state = $2, ended_at = $3, arthas_session_id = $4, arthas_version = $5, pid = $6, main_class = $7, jvm_utc_offset_min = $8,
           name = $9, tags = $10, result_count = result_count + $11, byte_count = byte_count + $12, updated_at = clock_timestamp() WHERE id = $1`,
        [this.libId, rec.state, rec.endedAt, rec.arthasSessionId, rec.arthasVersion, rec.pid, rec.mainClass, offset.o, rec.name, rec.tags, rows.length, bytes],
      );
      await notifyLibrary(client);
      await client.query('COMMIT');
      open = false;
      const now = Date.now();
      for (const r of rows) this.stats.lagMs.push(now - r.received_at);
      if (this.stats.lagMs.length > 200_000) this.stats.lagMs.splice(0, this.stats.lagMs.length - 100_000);
      this.stats.results += rows.length;
      this.stats.events += events.length;
      this.stats.batches++;
      this.shipped = { pos: rows.length ? rows[rows.length - 1]!.pos : this.shipped.pos, seq: events.length ? events[events.length - 1]!.id : this.shipped.seq };
      this.stats.pending = Math.max(0, this.stats.pending - rows.length);
      this.jobsSent = jobsText;
      this.metaSent = metaText;
      return rows.length === batch || events.length === batch;
    } catch (e) {
      failed = true;
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release(failed || undefined);
    }
  }

  /** The library's recording for this local one: found by its origin (a restarted shipper), or made. */
  private async ensureRecording(client: pg.PoolClient): Promise<number> {
    this.lib.requireWritable(this.opts.team);
    const origin = 'SELECT id FROM deck.recordings WHERE team = $1 AND source_db = $2 AND source_recording = $3';
    const found = await client.query<{ id: number }>(origin, [this.opts.team, this.source, this.recordingId]);
    if (found.rows.length) return found.rows[0]!.id;
    const rec = this.reader.get(this.recordingId);
    if (!rec) throw new Error(`No recording #${this.recordingId} here.`);
    const runBy = (this.db.prepare('SELECT run_by FROM sessions WHERE id = ?').get(this.recordingId) as { run_by: string | null }).run_by;
    const made = await client.query<{ id: number }>(
      `INSERT INTO deck.recordings (team, kind, name, tags, target_name, target_url, started_at, state, fleet_member, run_by, source_db, source_recording)
       VALUES ($1, 'capture', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (team, source_db, source_recording) DO NOTHING RETURNING id`,
      [this.opts.team, rec.name, rec.tags, rec.targetName, rec.targetUrl, rec.startedAt, rec.state, rec.fleetMember, runBy, this.source, this.recordingId],
    );
    if (made.rows.length) return made.rows[0]!.id;
    const again = await client.query<{ id: number }>(origin, [this.opts.team, this.source, this.recordingId]);
    return again.rows[0]!.id;
  }

  /** Ships what is left (trying for up to `waitMs` through an outage), then stops. True when everything went. */
  async stop(waitMs = 30_000): Promise<boolean> {
    const until = Date.now() + waitMs;
    this.running = false;
    clearTimeout(this.timer);
    if (this.busy) await this.busy;
    for (;;) {
      try {
        const more = await this.shipOnce();
        this.failStreak = 0;
        if (!more) return true;
      } catch (e) {
        this.stats.failures++;
        this.stats.lastError = (e as Error).message;
        this.shipped = null;
        if (Date.now() > until) return false;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}
