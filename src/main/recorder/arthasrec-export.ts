// Export of recordings to .arthasrec files (format: src/shared/recording/format.ts): one recording
// or a selection of it, or a whole fleet, as gzip-compressed JSON lines in the order things
// happened, each result's JSON exactly as Arthas sent it (masked where rules say). Written as a
// stream with progress; a cancelled export leaves no file.
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { EndLine, EventLine, MaskRule, RecordingHeader } from '../../shared/recording/format';
import { FORMAT_NAME, FORMAT_VERSION } from '../../shared/recording/format';
import { FleetStore } from '../fleet/fleet-store';
import type { Db } from './db';
import { Masker } from './masking';
import { RESULT_COLUMNS, RecordingReader, type ResultDbRow } from './recording-reader';
import { countSelected, eventsInRange, isWhole, selectionConditions, type Selection } from './selection';
import type { WorkControl } from './work-control';

export interface ExportOptions extends Selection {
  mask?: MaskRule[];
  generator?: string;
}

export interface ExportSummary {
  results: number;
  events: number;
  masked: number;
  bytes: number;
}

/** What a recording's header part says of it (no credentials: the URL as stored, no user name). */
export function recordingMeta(rec: NonNullable<ReturnType<RecordingReader['get']>>): RecordingHeader['recording'] {
  return {
    name: rec.name,
    tags: rec.tags,
    targetName: rec.targetName,
    targetUrl: rec.targetUrl, // stored without credentials; the user name is not exported either
    arthasSessionId: rec.arthasSessionId,
    arthasVersion: rec.arthasVersion,
    pid: rec.pid,
    mainClass: rec.mainClass,
    startedAt: rec.startedAt,
    endedAt: rec.endedAt,
    state: rec.state,
  };
}

/** A gzip file written line by line, with a cancel that leaves no file. */
class GzipLines {
  private readonly gzip = createGzip({ level: 4 });
  private readonly out;
  private buf = '';
  constructor(private readonly file: string) {
    this.out = createWriteStream(file);
    this.gzip.pipe(this.out);
  }
  async line(text: string): Promise<void> {
    this.buf += `${text}\n`;
    if (this.buf.length < 1 << 20) return;
    await this.flush();
  }
  private async flush(): Promise<void> {
    const ok = this.gzip.write(this.buf);
    this.buf = '';
    if (!ok) await once(this.gzip, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.gzip.end();
    await once(this.out, 'close');
  }
  async cancel(): Promise<never> {
    // nothing more is written: the half-written file goes
    this.gzip.unpipe(this.out);
    this.gzip.on('error', () => undefined);
    this.out.on('error', () => undefined);
    this.gzip.destroy();
    this.out.destroy();
    await new Promise((r) => setImmediate(r));
    rmSync(this.file, { force: true });
    throw new Error('Export cancelled: no file was written.');
  }
}

/**
 * Writes one recording's events and results (a selection of them) in the order they happened; in a
 * fleet file each line names its member (s).
 */
async function writeRecordingLines(
  db: Db,
  recordingId: number,
  out: GzipLines,
  opts: Selection,
  mask: Masker,
  work: WorkControl,
  progress: { done: number; total: number | null },
  member?: number,
): Promise<{ results: number; events: number }> {
  const reader = new RecordingReader(db);
  const events = eventsInRange(reader, recordingId, opts);
  const s = member === undefined ? '' : `"s":${member},`;
  let ei = 0;
  let results = 0;
  const eventLine = (e: (typeof events)[number]): string => {
    const m = mask.event(e);
    return `{${s}${JSON.stringify({ t: 'event', at: m.at, kind: m.kind, gapReason: m.gapReason, message: m.message, data: m.data } satisfies EventLine).slice(1)}`;
  };
  const c = selectionConditions(opts);
  const rows = db.prepare(`SELECT ${RESULT_COLUMNS}, batch_seq FROM results WHERE session_id = ?${c.and()} ORDER BY pos`).iterate(recordingId, ...c.args) as IterableIterator<ResultDbRow & { batch_seq: number }>;
  try {
    for (const r of rows) {
      if (progress.done % 5000 === 0 && progress.done) {
        if (work.signal?.aborted) await out.cancel();
        work.onProgress?.({ phase: 'writing', done: progress.done, total: progress.total, unit: 'results' });
        // let the main process breathe (pulls, IPC) during a long export
        await new Promise((res) => setImmediate(res));
      }
      while (ei < events.length && events[ei]!.at <= r.received_at) await out.line(eventLine(events[ei++]!));
      const raw = mask.result(r.raw);
      // the result goes in last, spliced as its exact text
      const head = JSON.stringify({ t: 'result', pos: r.pos, at: r.received_at, serverTime: r.server_time, jobId: r.job_id, batch: r.batch_seq, type: r.type, origin: r.origin });
      await out.line(`{${s}${head.slice(1, -1)},"result":${raw}}`);
      results++;
      progress.done++;
    }
  } finally {
    rows.return?.();
  }
  while (ei < events.length) await out.line(eventLine(events[ei++]!));
  return { results, events: events.length };
}

/** Writes a recording (or a selection of it) to a gzip-compressed .arthasrec file. A cancelled export leaves no file. */
export async function exportRecording(db: Db, recordingId: number, file: string, opts: ExportOptions = {}, work: WorkControl = {}): Promise<ExportSummary> {
  const reader = new RecordingReader(db);
  const rec = reader.get(recordingId);
  if (!rec) throw new Error(`No recording #${recordingId}.`);
  const mask = new Masker(opts.mask ?? []);
  const header: RecordingHeader = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    exportedAt: Date.now(),
    generator: opts.generator ?? 'Arthas Deck',
    recording: mask.meta(recordingMeta(rec)),
    jobs: reader
      .jobs(recordingId)
      .filter((j) => !opts.jobs?.length || opts.jobs.includes(j.jobId))
      .map((j) => mask.job(j)),
    selection: isWhole(opts) ? null : { jobs: opts.jobs, from: opts.from, to: opts.to },
    // the header is written before the results are masked: the count (of every field) goes in the end line
    redaction: mask.active ? { rules: mask.rules.length, masked: null } : null,
  };
  const total = work.onProgress ? countSelected(db, [recordingId], opts) : null;
  work.onProgress?.({ phase: 'writing', done: 0, total, unit: 'results' });
  const out = new GzipLines(file);
  await out.line(JSON.stringify(header));
  const n = await writeRecordingLines(db, recordingId, out, opts, mask, work, { done: 0, total });
  await out.line(JSON.stringify({ t: 'end', results: n.results, events: n.events, ...(mask.active ? { masked: mask.masked } : {}) } satisfies EndLine));
  if (work.signal?.aborted) await out.cancel();
  await out.close();
  work.onProgress?.({ phase: 'writing', done: n.results, total, unit: 'results' });
  return { results: n.results, events: n.events, masked: mask.masked, bytes: statSync(file).size };
}

/** Writes a fleet (every member's recording) to one .arthasrec file: the fleet as one thing to share. */
export async function exportFleet(db: Db, fleetId: number, file: string, opts: ExportOptions = {}, work: WorkControl = {}): Promise<ExportSummary> {
  const reader = new RecordingReader(db);
  const fleet = new FleetStore(db).get(fleetId);
  if (!fleet) throw new Error(`No fleet #${fleetId}.`);
  const ids = fleet.members.map((m) => ({ id: m.recordingId!, member: m.member }));
  if (!ids.length) throw new Error(`Fleet #${fleetId} has no recordings.`);
  const mask = new Masker(opts.mask ?? []);
  const members = ids.map(({ id, member }) => ({ member: mask.text(member), recording: mask.meta(recordingMeta(reader.get(id)!)), jobs: reader.jobs(id).map((j) => mask.job(j)) }));
  // a fleet is shared whole or by time: each member ran the command as a job of its own number
  const range: Selection = { from: opts.from, to: opts.to };
  const header: RecordingHeader = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    exportedAt: Date.now(),
    generator: opts.generator ?? 'Arthas Deck',
    recording: members[0]!.recording,
    jobs: members[0]!.jobs,
    selection: isWhole(range) ? null : range,
    // the header is written before masking runs: the count goes in the end line
    redaction: mask.active ? { rules: mask.rules.length, masked: null } : null,
    fleet: { name: mask.text(fleet.name), command: mask.text(fleet.command), startedAt: fleet.startedAt, endedAt: fleet.endedAt, members },
  };
  const total = countSelected(db, ids.map((i) => i.id), range);
  const out = new GzipLines(file);
  await out.line(JSON.stringify(header));
  const progress = { done: 0, total };
  let results = 0;
  let events = 0;
  for (const [i, { id }] of ids.entries()) {
    const n = await writeRecordingLines(db, id, out, range, mask, work, progress, i);
    results += n.results;
    events += n.events;
  }
  const masked = mask.masked;
  await out.line(JSON.stringify({ t: 'end', results, events, ...(mask.active ? { masked } : {}) } satisfies EndLine));
  if (work.signal?.aborted) await out.cancel();
  await out.close();
  work.onProgress?.({ phase: 'writing', done: results, total, unit: 'results' });
  return { results, events, masked, bytes: statSync(file).size };
}
