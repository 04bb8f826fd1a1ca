// Publishing a finished recording (whole or a selection, masked as for an export) or a whole fleet
// to the team library: one transaction, its results streamed with COPY a chunk at a time (progress,
// cancel). A cancel or a failure rolls everything back: nothing half-written stays. Publishing the
// same content again keeps one copy: a digest of what was published identifies it in the team.
import { createHash, type Hash } from 'node:crypto';
import type pg from 'pg';
import type { MaskRule } from '../../shared/recording/format';
import type { RecordingSummary } from '../../shared/recording/types';
import { FleetStore } from '../fleet/fleet-store';
import type { Db } from '../recorder/db';
import { Masker } from '../recorder/masking';
import { RESULT_COLUMNS as LOCAL_RESULT_COLUMNS, RecordingReader, type ResultDbRow } from '../recorder/recording-reader';
import { countSelected, eventsInRange, isWhole, selectionConditions, type Selection } from '../recorder/selection';
import type { WorkControl } from '../recorder/work-control';
import type { LibraryConnection } from './library-connection';
import { CopyIn, EVENT_COLUMNS, RESULT_COLUMNS, eventLine, notifyLibrary, resultLine, upsertJobs } from './library-rows';

export interface PublishOptions extends Selection {
  team: string;
  mask?: MaskRule[];
}

export interface PublishSummary {
  /** the recording's id in the library (the copy already there when deduplicated) */
  libraryId: number;
  results: number;
  events: number;
  masked: number;
  /** the same content was in the team's library already: nothing was written */
  deduplicated: boolean;
}

export class PublishCancelled extends Error {
  constructor() {
    super('Publishing cancelled: nothing of it was written to the library.');
    this.name = 'PublishCancelled';
  }
}

const CHUNK = 2000;

interface Progress {
  done: number;
  total: number;
}

/** Writes one local recording into the open transaction; returns its library id, counts, and feeds the digest. */
async function writeRecording(
  client: pg.PoolClient,
  db: Db,
  recordingId: number,
  opts: PublishOptions & { fleetId?: number | null; fleetMember?: string | null },
  mask: Masker,
  digest: Hash,
  work: WorkControl,
  progress: Progress,
): Promise<{ id: number; results: number; events: number; bytes: number }> {
  const reader = new RecordingReader(db);
  const rec = reader.get(recordingId);
  if (!rec) throw new Error(`No recording #${recordingId}.`);
  // this recording's matches (a fleet's masker counts on across its members)
  const maskedBefore = mask.masked;
  const jobs = reader
    .jobs(recordingId)
    .filter((j) => !opts.jobs?.length || opts.jobs.includes(j.jobId))
    .map((j) => mask.job(j));
  const events = eventsInRange(reader, recordingId, opts);
  const runBy = (db.prepare('SELECT run_by FROM sessions WHERE id = ?').get(recordingId) as { run_by: string | null } | undefined)?.run_by ?? null;
  const offset = (db.prepare('SELECT jvm_utc_offset_min AS o FROM sessions WHERE id = ?').get(recordingId) as { o: number | null }).o;
  const meta = mask.meta(metaOf(rec));
  digest.update(JSON.stringify({ meta, jobs, member: opts.fleetMember ?? null }));
  const selection = isWhole(opts) ? null : { jobs: opts.jobs, from: opts.from, to: opts.to };
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO deck.recordings (team, kind, name, tags, target_name, target_url, arthas_session_id, arthas_version, pid, main_class, jvm_utc_offset_min,
       started_at, ended_at, state, fleet_id, fleet_member, run_by, selection, redaction)
     VALUES ($1, 'published', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
    [
      opts.team,
      meta.name,
      meta.tags,
      meta.targetName,
      meta.targetUrl,
      meta.arthasSessionId,
      meta.arthasVersion,
      meta.pid,
      meta.mainClass,
      offset,
      meta.startedAt,
      meta.endedAt,
      meta.state === 'recording' ? 'interrupted' : meta.state,
      opts.fleetId ?? null,
      opts.fleetMember === undefined || opts.fleetMember === null ? null : mask.text(opts.fleetMember),
      runBy,
      selection,
      mask.active ? { rules: mask.rules.length } : null,
    ],
  );
  const id = Number(inserted.rows[0]!.id);
  await upsertJobs(client, id, opts.team, jobs);
  if (events.length) {
    const ev = await CopyIn.open(client, 'deck.events', EVENT_COLUMNS);
    for (const [i, e] of events.entries()) {
      const masked = mask.event(e);
      digest.update(`e\t${e.at}\t${e.kind}\t${masked.message}\n`);
      await ev.line(eventLine(id, opts.team, i + 1, masked));
    }
    await ev.end();
  }
  const copy = await CopyIn.open(client, 'deck.results', RESULT_COLUMNS);
  const c = selectionConditions(opts);
  const page = db.prepare(`SELECT ${LOCAL_RESULT_COLUMNS}, batch_seq FROM results WHERE session_id = ? AND pos > ?${c.and()} ORDER BY pos LIMIT ${CHUNK}`);
  let after = 0;
  let results = 0;
  let bytes = 0;
  try {
    for (;;) {
      // a chunk at a time: no SQLite statement stays open while the event loop runs (the recorder writes on this connection)
      const rows = page.all(recordingId, after, ...c.args) as Array<ResultDbRow & { batch_seq: number }>;
      for (const r of rows) {
        const raw = mask.result(r.raw);
        bytes += raw.length;
        digest.update(`${r.pos}\t${r.received_at}\t${r.server_time}\t${r.job_id}\t${r.batch_seq}\t${r.type}\t${r.origin}\t${raw}\n`);
        await copy.line(resultLine(id, opts.team, { pos: r.pos, batch: r.batch_seq, jobId: r.job_id, type: r.type, origin: r.origin, receivedAt: r.received_at, serverTime: r.server_time, raw }));
      }
      results += rows.length;
      progress.done += rows.length;
      if (work.signal?.aborted) throw new PublishCancelled();
      work.onProgress?.({ phase: 'writing', done: progress.done, total: progress.total, unit: 'results' });
      if (rows.length < CHUNK) break;
      after = rows[rows.length - 1]!.pos;
      await new Promise((r) => setImmediate(r));
    }
    await copy.end();
  } catch (e) {
    copy.abort();
    throw e;
  }
  await client.query('UPDATE deck.recordings SET result_count = $2, byte_count = $3, redaction = $4, updated_at = clock_timestamp() WHERE id = $1', [id, results, bytes, mask.active ? { rules: mask.rules.length, masked: mask.masked - maskedBefore } : null]);
  return { id, results, events: events.length, bytes };
}

function metaOf(rec: RecordingSummary): Pick<RecordingSummary, 'name' | 'tags' | 'targetName' | 'targetUrl' | 'arthasSessionId' | 'arthasVersion' | 'pid' | 'mainClass' | 'startedAt' | 'endedAt' | 'state'> {
  // the URL as stored (no credentials); no user name either
  const { name, tags, targetName, targetUrl, arthasSessionId, arthasVersion, pid, mainClass, startedAt, endedAt, state } = rec;
  return { name, tags, targetName, targetUrl, arthasSessionId, arthasVersion, pid, mainClass, startedAt, endedAt, state };
}

/** Runs `write` in one transaction; keeps an existing copy with the same digest instead of a second one. */
async function inTransaction(
  lib: LibraryConnection,
  team: string,
  table: 'deck.recordings' | 'deck.fleets',
  write: (client: pg.PoolClient, digest: Hash) => Promise<Omit<PublishSummary, 'deduplicated'>>,
): Promise<PublishSummary> {
  lib.requireWritable(team);
  const client = await lib.pool.connect();
  let open = false;
  let failed = false;
  try {
    await client.query('BEGIN');
    open = true;
    const digest = createHash('sha256');
    const out = await write(client, digest);
    const contentId = digest.digest('hex');
    const existing = async (): Promise<number | null> => {
      const r = await lib.pool.query<{ id: string }>(`SELECT id FROM ${table} WHERE team = $1 AND content_id = $2`, [team, contentId]);
      return r.rows.length ? Number(r.rows[0]!.id) : null;
    };
    const before = await existing();
    if (before !== null) {
      await client.query('ROLLBACK');
      open = false;
      return { ...out, libraryId: before, deduplicated: true };
    }
    try {
      await client.query(`UPDATE ${table} SET content_id = $2 WHERE id = $1`, [out.libraryId, contentId]);
    } catch (e) {
      // the same content committed by someone else meanwhile: theirs is the copy
      if ((e as { code?: string }).code !== '23505') throw e;
      await client.query('ROLLBACK');
      open = false;
      return { ...out, libraryId: (await existing())!, deduplicated: true };
    }
    await notifyLibrary(client);
    await client.query('COMMIT');
    open = false;
    return { ...out, deduplicated: false };
  } catch (e) {
    failed = true;
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    // after a failure (a cancelled COPY, a dropped server) the connection is not reused
    client.release(failed || undefined);
  }
}

/** Publishes a local recording (or a selection of it) to the team library. */
export async function publishRecording(db: Db, lib: LibraryConnection, recordingId: number, opts: PublishOptions, work: WorkControl = {}): Promise<PublishSummary> {
  const mask = new Masker(opts.mask ?? []);
  const progress = { done: 0, total: countSelected(db, [recordingId], opts) };
  work.onProgress?.({ phase: 'writing', done: 0, total: progress.total, unit: 'results' });
  return inTransaction(lib, opts.team, 'deck.recordings', async (client, digest) => {
    digest.update(JSON.stringify({ selection: isWhole(opts) ? null : opts, rules: opts.mask ?? [] }));
    const r = await writeRecording(client, db, recordingId, opts, mask, digest, work, progress);
    return { libraryId: r.id, results: r.results, events: r.events, masked: mask.masked };
  });
}

/** Publishes a whole fleet: its row and every member's recording, in one transaction. */
export async function publishFleet(db: Db, lib: LibraryConnection, fleetId: number, opts: PublishOptions, work: WorkControl = {}): Promise<PublishSummary> {
  const fleet = new FleetStore(db).get(fleetId);
  if (!fleet) throw new Error(`No fleet #${fleetId}.`);
  const members = fleet.members.filter((m) => m.recordingId !== null);
  if (!members.length) throw new Error(`Fleet #${fleetId} has no recordings.`);
  const mask = new Masker(opts.mask ?? []);
  const range: Selection = { from: opts.from, to: opts.to };
  const progress = { done: 0, total: countSelected(db, members.map((m) => m.recordingId!), range) };
  return inTransaction(lib, opts.team, 'deck.fleets', async (client, digest) => {
    digest.update(JSON.stringify({ fleet: { name: fleet.name, command: fleet.command, startedAt: fleet.startedAt }, range, rules: opts.mask ?? [] }));
    const f = await client.query<{ id: string }>('INSERT INTO deck.fleets (team, name, command, started_at, ended_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
      opts.team,
      mask.text(fleet.name),
      mask.text(fleet.command),
      fleet.startedAt,
      fleet.endedAt ?? fleet.startedAt,
    ]);
    const libraryFleet = Number(f.rows[0]!.id);
    let results = 0;
    let events = 0;
    for (const m of members) {
      const r = await writeRecording(client, db, m.recordingId!, { ...opts, ...range, jobs: undefined, fleetId: libraryFleet, fleetMember: m.member }, mask, digest, work, progress);
      results += r.results;
      events += r.events;
    }
    return { libraryId: libraryFleet, results, events, masked: mask.masked };
  });
}
