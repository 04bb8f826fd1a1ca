// Export and import of .arthasrec files (format: src/shared/recording/format.ts).
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import { mapJsonStrings, rawLastMemberText } from '../../shared/arthas/raw-results';
import type { EndLine, EventLine, MaskRule, RecordingHeader, ResultLine } from '../../shared/recording/format';
import { FORMAT_NAME, FORMAT_VERSION, FormatError, IMPORT_LIMITS, compileMaskRules, validateHeader, validateLine } from '../../shared/recording/format';
import type { Db } from './db';
import { RESULT_COLUMNS, RecordingReader, type ResultDbRow } from './recording-reader';
import { RecordingWriter } from './recording-writer';

export interface ExportOptions {
  /** only these jobs' results (events are kept) */
  jobs?: number[];
  /** only results received in [from, to] */
  from?: number;
  to?: number;
  mask?: MaskRule[];
  generator?: string;
}

export interface ExportSummary {
  results: number;
  events: number;
  masked: number;
  bytes: number;
}

export function selectionSql(opts: ExportOptions): { where: string; args: unknown[] } {
  const cond: string[] = [];
  const args: unknown[] = [];
  if (opts.jobs?.length) {
    cond.push(`job_id IN (${opts.jobs.map(() => '?').join(',')})`);
    args.push(...opts.jobs);
  }
  if (opts.from !== undefined) {
    cond.push('received_at >= ?');
    args.push(opts.from);
  }
  if (opts.to !== undefined) {
    cond.push('received_at <= ?');
    args.push(opts.to);
  }
  return { where: cond.length ? ` AND ${cond.join(' AND ')}` : '', args };
}

/** Replaces every match of the rules in a text with ***, counting them. */
export function maskText(text: string, rules: RegExp[]): { text: string; masked: number } {
  let masked = 0;
  let v = text;
  for (const re of rules) {
    re.lastIndex = 0;
    v = v.replace(re, () => {
      masked++;
      return '***';
    });
  }
  return { text: v, masked };
}

/** Applies masking rules to the string values of a result's JSON text; numbers and layout stay. */
export function maskResult(raw: string, rules: RegExp[]): { text: string; masked: number } {
  if (!rules.length) return { text: raw, masked: 0 };
  let masked = 0;
  const text = mapJsonStrings(raw, (value, isKey) => {
    if (isKey) return value;
    const m = maskText(value, rules);
    masked += m.masked;
    return m.text;
  });
  return { text, masked };
}

/** How many matches the masking rules would replace in a selection: the preview before sharing. */
export function previewMasking(db: Db, recordingId: number, rules: MaskRule[], opts: ExportOptions = {}): { results: number; matches: number } {
  const res = compileMaskRules(rules);
  const { where, args } = selectionSql(opts);
  let results = 0;
  let matches = 0;
  for (const row of db.prepare(`SELECT raw FROM results WHERE session_id = ?${where} ORDER BY pos`).iterate(recordingId, ...args) as Iterable<{ raw: string }>) {
    const { masked } = maskResult(row.raw, res);
    if (masked) results++;
    matches += masked;
  }
  return { results, matches };
}

/** How long work tells how far it got, and how it is stopped. */
export interface WorkControl {
  onProgress?: (p: { phase: 'checking' | 'writing' | 'comparing'; done: number; total: number | null; unit: 'results' | 'bytes' }) => void;
  signal?: AbortSignal;
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

/** A recording's events within the selection's time range (events have no job). */
export function eventsInRange(reader: RecordingReader, recordingId: number, opts: ExportOptions): ReturnType<RecordingReader['events']> {
  return reader.events(recordingId, { limit: IMPORT_LIMITS.maxEvents }).filter((e) => (opts.from === undefined || e.at >= opts.from) && (opts.to === undefined || e.at <= opts.to));
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
  opts: ExportOptions,
  rules: RegExp[],
  work: WorkControl,
  progress: { done: number; total: number | null },
  member?: number,
): Promise<{ results: number; events: number; masked: number }> {
  const reader = new RecordingReader(db);
  const events = eventsInRange(reader, recordingId, opts);
  const s = member === undefined ? '' : `"s":${member},`;
  let ei = 0;
  let results = 0;
  let masked = 0;
  const eventLine = (e: (typeof events)[number]): string => `{${s}${JSON.stringify({ t: 'event', at: e.at, kind: e.kind, gapReason: e.gapReason, message: maskText(e.message, rules).text, data: e.data } satisfies EventLine).slice(1)}`;
  const { where, args } = selectionSql(opts);
  const rows = db.prepare(`SELECT ${RESULT_COLUMNS}, batch_seq FROM results WHERE session_id = ?${where} ORDER BY pos`).iterate(recordingId, ...args) as IterableIterator<ResultDbRow & { batch_seq: number }>;
  try {
    for (const r of rows) {
      if (progress.done % 5000 === 0 && progress.done) {
        if (work.signal?.aborted) await out.cancel();
        work.onProgress?.({ phase: 'writing', done: progress.done, total: progress.total, unit: 'results' });
        // let the main process breathe (pulls, IPC) during a long export
        await new Promise((res) => setImmediate(res));
      }
      while (ei < events.length && events[ei]!.at <= r.received_at) await out.line(eventLine(events[ei++]!));
      let raw = r.raw;
      if (rules.length) {
        const m = maskResult(raw, rules);
        raw = m.text;
        masked += m.masked;
      }
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
  return { results, events: events.length, masked };
}

/** Writes a recording (or a selection of it) to a gzip-compressed .arthasrec file. A cancelled export leaves no file. */
export async function exportRecording(db: Db, recordingId: number, file: string, opts: ExportOptions = {}, work: WorkControl = {}): Promise<ExportSummary> {
  const reader = new RecordingReader(db);
  const rec = reader.get(recordingId);
  if (!rec) throw new Error(`No recording #${recordingId}.`);
  const rules = compileMaskRules(opts.mask ?? []);
  const header: RecordingHeader = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    exportedAt: Date.now(),
    generator: opts.generator ?? 'Arthas Deck',
    recording: recordingMeta(rec),
    jobs: reader.jobs(recordingId).filter((j) => !opts.jobs?.length || opts.jobs.includes(j.jobId)),
    selection: opts.jobs?.length || opts.from !== undefined || opts.to !== undefined ? { jobs: opts.jobs, from: opts.from, to: opts.to } : null,
    // the header is written before masking runs: the count goes in the end line
    redaction: rules.length ? { rules: rules.length, masked: null } : null,
  };
  const { where, args } = selectionSql(opts);
  const total = work.onProgress ? (db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ?${where}`).get(recordingId, ...args) as { n: number }).n : null;
  work.onProgress?.({ phase: 'writing', done: 0, total, unit: 'results' });
  const out = new GzipLines(file);
  await out.line(JSON.stringify(header));
  const n = await writeRecordingLines(db, recordingId, out, opts, rules, work, { done: 0, total });
  await out.line(JSON.stringify({ t: 'end', results: n.results, events: n.events, ...(rules.length ? { masked: n.masked } : {}) } satisfies EndLine));
  if (work.signal?.aborted) await out.cancel();
  await out.close();
  work.onProgress?.({ phase: 'writing', done: n.results, total, unit: 'results' });
  return { results: n.results, events: n.events, masked: n.masked, bytes: statSync(file).size };
}

/** Writes a fleet (every member's recording) to one .arthasrec file: the fleet as one thing to share. */
export async function exportFleet(db: Db, fleetId: number, file: string, opts: ExportOptions = {}, work: WorkControl = {}): Promise<ExportSummary> {
  const reader = new RecordingReader(db);
  const fleet = db.prepare('SELECT name, command, started_at AS startedAt, ended_at AS endedAt FROM fleets WHERE id = ?').get(fleetId) as { name: string; command: string; startedAt: number; endedAt: number | null } | undefined;
  if (!fleet) throw new Error(`No fleet #${fleetId}.`);
  const ids = (db.prepare('SELECT id, COALESCE(fleet_member, target_name) AS member FROM sessions WHERE fleet_id = ? ORDER BY id').all(fleetId) as Array<{ id: number; member: string }>);
  if (!ids.length) throw new Error(`Fleet #${fleetId} has no recordings.`);
  const rules = compileMaskRules(opts.mask ?? []);
  const members = ids.map(({ id, member }) => ({ member, recording: recordingMeta(reader.get(id)!), jobs: reader.jobs(id) }));
  const header: RecordingHeader = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    exportedAt: Date.now(),
    generator: opts.generator ?? 'Arthas Deck',
    recording: members[0]!.recording,
    jobs: members[0]!.jobs,
    selection: opts.from !== undefined || opts.to !== undefined ? { from: opts.from, to: opts.to } : null,
    // the header is written before masking runs: the count goes in the end line
    redaction: rules.length ? { rules: rules.length, masked: null } : null,
    fleet: { ...fleet, members },
  };
  const { where, args } = selectionSql({ from: opts.from, to: opts.to });
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id IN (${ids.map(() => '?').join(',')})${where}`).get(...ids.map((i) => i.id), ...args) as { n: number }).n;
  const out = new GzipLines(file);
  await out.line(JSON.stringify(header));
  const progress = { done: 0, total };
  let results = 0;
  let events = 0;
  let masked = 0;
  for (const [i, { id }] of ids.entries()) {
    const n = await writeRecordingLines(db, id, out, { from: opts.from, to: opts.to }, rules, work, progress, i);
    results += n.results;
    events += n.events;
    masked += n.masked;
  }
  await out.line(JSON.stringify({ t: 'end', results, events, ...(rules.length ? { masked } : {}) } satisfies EndLine));
  if (work.signal?.aborted) await out.cancel();
  await out.close();
  work.onProgress?.({ phase: 'writing', done: results, total, unit: 'results' });
  return { results, events, masked, bytes: statSync(file).size };
}

export class ImportError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** Yields the lines of a gzip file, enforcing the size limits as it goes. */
export type ImportLimits = typeof IMPORT_LIMITS;

async function* gzipLines(file: string, L: ImportLimits, read?: { bytes: number }): AsyncGenerator<string> {
  const size = statSync(file).size;
  if (size > L.maxFileBytes) throw new ImportError(`The file is ${(size / 1024 ** 3).toFixed(1)} GB; the limit is ${L.maxFileBytes / 1024 ** 3} GB.`);
  const head = Buffer.alloc(2);
  const fd = await import('node:fs/promises').then((m) => m.open(file, 'r'));
  await fd.read(head, 0, 2, 0);
  await fd.close();
  if (head[0] !== 0x1f || head[1] !== 0x8b) throw new ImportError('The file is not gzip-compressed: not an .arthasrec recording.', 1);
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  // how far into the (compressed) file: the progress of a pass that does not know its line count
  if (read) source.on('data', (c) => (read.bytes += c.length));
  const stream = source.pipe(createGunzip({ chunkSize: 1 << 18 }));
  let total = 0;
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let lineNo = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > L.maxDecompressedBytes) throw new ImportError(`The file unpacks to more than ${L.maxDecompressedBytes / 1024 ** 3} GB: refused (a gzip bomb?).`, lineNo + 1);
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        if (nl < 0) break;
        const part = chunk.subarray(start, nl);
        const line = pendingLen ? Buffer.concat([...pending, part], pendingLen + part.length) : part;
        pending = [];
        pendingLen = 0;
        lineNo++;
        if (line.length > L.maxLineBytes) throw new ImportError(`line ${lineNo} is longer than ${L.maxLineBytes / 1024 ** 2} MB.`, lineNo);
        yield line.toString('utf8');
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingLen += chunk.length - start;
        if (pendingLen > L.maxLineBytes) throw new ImportError(`line ${lineNo + 1} is longer than ${L.maxLineBytes / 1024 ** 2} MB.`, lineNo + 1);
      }
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(`The file is damaged after line ${lineNo}: ${(e as Error).message} (truncated download?).`, lineNo + 1);
  }
  if (pendingLen) throw new ImportError(`The file ends in the middle of line ${lineNo + 1} (truncated?).`, lineNo + 1);
}

/**
 * An import writes and yields after this many rows, or sooner when reading and writing took this
 * long: the event loop never waits long (p99 lag < 16 ms), and commits stay large enough to be fast.
 */
const IMPORT_ROWS_PER_TRANSACTION = 1000;
const IMPORT_SLICE_MS = 4;

interface ParsedLine {
  line: EventLine | ResultLine | EndLine;
  rawResult?: string;
}

function parseLine(text: string, lineNo: number, withRaw = true): ParsedLine {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`line ${lineNo}: not valid JSON (${(e as Error).message}).`, lineNo);
  }
  try {
    const line = validateLine(v, lineNo);
    return line.t === 'result' && withRaw ? { line, rawResult: rawLastMemberText(text, 'result') } : { line };
  } catch (e) {
    throw e instanceof FormatError ? new ImportError(e.message, e.line) : e;
  }
}

/**
 * The order and counts every file must keep, line by line after the header: positions increasing per
 * member, members the header has, the limits, one end line with the right counts and nothing after it.
 */
class LineChecker {
  results = 0;
  events = 0;
  ended = false;
  /** per member: results seen and the last position */
  readonly members: Array<{ results: number; lastPos: number }>;
  constructor(
    members: number,
    private readonly L: ImportLimits,
  ) {
    this.members = Array.from({ length: members }, () => ({ results: 0, lastPos: 0 }));
  }
  /** Checks a line; returns its member's index (0 in a one-recording file). */
  check(line: EventLine | ResultLine | EndLine, lineNo: number): number {
    if (this.ended) throw new ImportError(`line ${lineNo}: data after the end line.`, lineNo);
    const k = line.t === 'end' ? 0 : (line.s ?? 0);
    if (k >= this.members.length) throw new ImportError(`line ${lineNo}: member ${k} is not in the header (${this.members.length} member${this.members.length === 1 ? '' : 's'}).`, lineNo);
    if (line.t === 'result') {
      const m = this.members[k]!;
      if (line.pos <= m.lastPos) throw new ImportError(`line ${lineNo}: result positions must increase (${line.pos} after ${m.lastPos}).`, lineNo);
      m.lastPos = line.pos;
      m.results++;
      if (++this.results > this.L.maxResults) throw new ImportError(`line ${lineNo}: more than ${this.L.maxResults} results.`, lineNo);
    } else if (line.t === 'event') {
      if (++this.events > this.L.maxEvents) throw new ImportError(`line ${lineNo}: more than ${this.L.maxEvents} events.`, lineNo);
    } else {
      if (line.results !== this.results || line.events !== this.events) throw new ImportError(`line ${lineNo}: the end line counts ${line.results} results and ${line.events} events, the file has ${this.results} and ${this.events}.`, lineNo);
      this.ended = true;
    }
    return k;
  }
  finish(lineNo: number): void {
    if (!this.ended) throw new ImportError(`The file stops after line ${lineNo} without its end line (truncated?).`, lineNo + 1);
  }
}

/** Reads and checks a whole file without writing anything; returns its header and counts. */
export async function validateRecordingFile(file: string, L: ImportLimits = IMPORT_LIMITS, work: WorkControl = {}): Promise<{ header: RecordingHeader; results: number; events: number }> {
  const read = { bytes: 0 };
  const size = statSync(file).size;
  let header: RecordingHeader | undefined;
  let checker: LineChecker | undefined;
  let lineNo = 0;
  for await (const text of gzipLines(file, L, read)) {
    lineNo++;
    if (lineNo % 5000 === 0) {
      if (work.signal?.aborted) throw new ImportError('Import cancelled: nothing of the file was kept.');
      work.onProgress?.({ phase: 'checking', done: read.bytes, total: size, unit: 'bytes' });
    }
    if (lineNo === 1) {
      header = parseHeader(text);
      checker = new LineChecker(header.fleet?.members.length ?? 1, L);
      continue;
    }
    checker!.check(parseLine(text, lineNo, false).line, lineNo);
  }
  if (!header || !checker) throw new ImportError('The file is empty.', 1);
  checker.finish(lineNo);
  return { header, results: checker.results, events: checker.events };
}

/** The first line: JSON, and a header this app reads. */
function parseHeader(text: string): RecordingHeader {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ImportError('line 1: not JSON: not an .arthasrec recording.', 1);
  }
  try {
    return validateHeader(v);
  } catch (e) {
    throw new ImportError((e as Error).message, 1);
  }
}

/**
 * Imports a file as a new recording, in one pass: every line is checked as it is read, rows go in
 * in chunked transactions (the event loop runs between them), and any failure (a broken or hostile
 * line, a wrong count, a cancel, the file changing underneath) removes the partial recording, so the
 * database is left as it was.
 */
export async function importRecording(db: Db, file: string, L: ImportLimits = IMPORT_LIMITS, work: WorkControl = {}): Promise<{ recordingId: number; results: number; events: number; fleetId?: number }> {
  const before = statSync(file);
  const read = { bytes: 0 };
  const lines = gzipLines(file, L, read);
  const head = await lines.next();
  if (head.done) throw new ImportError('The file is empty.', 1);
  const header = parseHeader(head.value);
  const writer = new RecordingWriter(db);
  // one recording, or a fleet's: each member a recording of its own, tied by a fleet row
  const parts = header.fleet ? header.fleet.members : [{ member: null as string | null, recording: header.recording, jobs: header.jobs }];
  let fleetId: number | undefined;
  const ids: number[] = [];
  const cleanup = (): void => {
    for (const id of ids) writer.deleteRecording(id);
    if (fleetId !== undefined) db.prepare('DELETE FROM fleets WHERE id = ?').run(fleetId);
  };
  try {
    if (header.fleet) fleetId = Number(db.prepare('INSERT INTO fleets (name, group_id, command, started_at, ended_at) VALUES (?, NULL, ?, ?, ?)').run(header.fleet.name, header.fleet.command, header.fleet.startedAt, header.fleet.endedAt ?? header.fleet.startedAt).lastInsertRowid);
    for (const p of parts) {
      const rec = p.recording;
      const id = writer.createRecording({ targetName: rec.targetName, targetUrl: rec.targetUrl, name: rec.name, source: 'import', startedAt: rec.startedAt, fleetId: fleetId ?? null, fleetMember: p.member });
      ids.push(id);
      db.prepare(`UPDATE sessions SET tags = ?, arthas_session_id = ?, arthas_version = ?, pid = ?, main_class = ? WHERE id = ?`).run(rec.tags.join(','), rec.arthasSessionId, rec.arthasVersion, rec.pid, rec.mainClass, id);
      for (const j of p.jobs) writer.writeJob(id, j);
    }
    const insert = db.prepare(`INSERT INTO results (session_id, pos, batch_seq, job_id, type, origin, received_at, server_time, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertEvent = db.prepare(`INSERT INTO events (session_id, at, kind, gap_reason, message, data) VALUES (?, ?, ?, ?, ?, ?)`);
    let chunk: Array<ParsedLine> = [];
    const checker = new LineChecker(parts.length, L);
    const bytes = parts.map(() => 0);
    const writeChunk = db.transaction((rows: ParsedLine[]) => {
      for (const { line, rawResult } of rows) {
        const k = (line as { s?: number }).s ?? 0;
        if (line.t === 'result') {
          // versions 1 and 2 did not carry the answer a result came in
          insert.run(ids[k], line.pos, line.batch ?? 0, line.jobId, line.type, line.origin, line.at, line.serverTime, rawResult!);
          bytes[k] = (bytes[k] ?? 0) + rawResult!.length;
        } else if (line.t === 'event') insertEvent.run(ids[k], line.at, line.kind, line.gapReason, line.message, line.data ? JSON.stringify(line.data) : null);
      }
    });
    let lineNo = 1;
    let sliceStart = performance.now();
    for await (const text of lines) {
      lineNo++;
      const p = parseLine(text, lineNo);
      checker.check(p.line, lineNo);
      if (p.line.t === 'end') continue;
      chunk.push(p);
      if (chunk.length >= IMPORT_ROWS_PER_TRANSACTION || (chunk.length % 50 === 0 && performance.now() - sliceStart > IMPORT_SLICE_MS)) {
        writeChunk(chunk);
        chunk = [];
        // a cancelled import keeps nothing: the partial recordings are removed below
        if (work.signal?.aborted) throw new ImportError('Import cancelled: nothing of the file was kept.');
        work.onProgress?.({ phase: 'writing', done: read.bytes, total: before.size, unit: 'bytes' });
        // the main process's heartbeat: pulls, IPC and timers run between two transactions
        await new Promise((r) => setImmediate(r));
        sliceStart = performance.now();
      }
    }
    checker.finish(lineNo);
    writeChunk(chunk);
    const after = statSync(file);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) throw new ImportError('The file changed while it was being imported; nothing was kept.');
    parts.forEach((p, k) => {
      db.prepare(`UPDATE sessions SET result_count = ?, byte_count = ?, state = ?, ended_at = ?, owner_pid = NULL WHERE id = ?`).run(
        checker.members[k]!.results,
        bytes[k] ?? 0,
        p.recording.state === 'recording' ? 'interrupted' : p.recording.state,
        p.recording.endedAt,
        ids[k],
      );
    });
    work.onProgress?.({ phase: 'writing', done: before.size, total: before.size, unit: 'bytes' });
    return { recordingId: ids[0]!, results: checker.results, events: checker.events, ...(fleetId !== undefined ? { fleetId } : {}) };
  } catch (e) {
    await lines.return(undefined);
    cleanup();
    throw e;
  }
}
