// Import of .arthasrec files: every line checked as it is read (format and version, size limits
// including the unpacked size, each line's schema, positions, the end line), rows written as they
// are checked through the recording writer and the fleet store; any problem, a cancel, or the file
// changing underneath removes what was written, so the database is left as it was.
import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { rawLastMemberText } from '../../shared/arthas/raw-results';
import type { EndLine, EventLine, RecordingHeader, ResultLine } from '../../shared/recording/format';
import { FormatError, IMPORT_LIMITS, validateHeader, validateLine } from '../../shared/recording/format';
import { FleetStore } from '../fleet/fleet-store';
import type { Db } from './db';
import { RecordingWriter, type ImportedLine } from './recording-writer';
import type { WorkControl } from './work-control';

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
  /** a result's JSON exactly as the file has it */
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
  const fleets = new FleetStore(db);
  // one recording, or a fleet's: each member a recording of its own, tied by a fleet row
  const parts = header.fleet ? header.fleet.members : [{ member: null as string | null, recording: header.recording, jobs: header.jobs }];
  let fleetId: number | undefined;
  const ids: number[] = [];
  const cleanup = (): void => {
    for (const id of ids) writer.deleteRecording(id);
    if (fleetId !== undefined) fleets.remove(fleetId);
  };
  try {
    if (header.fleet) fleetId = fleets.create({ name: header.fleet.name, groupId: null, command: header.fleet.command, startedAt: header.fleet.startedAt, endedAt: header.fleet.endedAt ?? header.fleet.startedAt });
    for (const p of parts) {
      const rec = p.recording;
      const id = writer.createRecording({ targetName: rec.targetName, targetUrl: rec.targetUrl, name: rec.name, source: 'import', startedAt: rec.startedAt, fleetId: fleetId ?? null, fleetMember: p.member });
      ids.push(id);
      writer.writeMeta(id, { tags: rec.tags, arthasSessionId: rec.arthasSessionId, arthasVersion: rec.arthasVersion, pid: rec.pid, mainClass: rec.mainClass });
      for (const j of p.jobs) writer.writeJob(id, j);
    }
    let chunk: ImportedLine[] = [];
    const checker = new LineChecker(parts.length, L);
    const writeChunk = (lines: ImportedLine[]): void => writer.writeImported(lines);
    let lineNo = 1;
    let sliceStart = performance.now();
    for await (const text of lines) {
      lineNo++;
      const p = parseLine(text, lineNo);
      const k = checker.check(p.line, lineNo);
      if (p.line.t === 'end') continue;
      chunk.push({ recordingId: ids[k]!, line: p.line, raw: p.rawResult });
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
      // a recording that was still going when it was exported ends here
      writer.finishImported(ids[k]!, { state: p.recording.state === 'recording' ? 'interrupted' : p.recording.state, endedAt: p.recording.endedAt });
    });
    work.onProgress?.({ phase: 'writing', done: before.size, total: before.size, unit: 'bytes' });
    return { recordingId: ids[0]!, results: checker.results, events: checker.events, ...(fleetId !== undefined ? { fleetId } : {}) };
  } catch (e) {
    await lines.return(undefined);
    cleanup();
    throw e;
  }
}
