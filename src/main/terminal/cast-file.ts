// A terminal recording as an asciicast v2 file (.cast: asciinema plays it) and back: written as a
// stream with progress and masking (each event's text through the share's rules); read line by line,
// a hostile file refused with the line that is wrong, and nothing kept of a file that fails.
import { closeSync, createReadStream, createWriteStream, openSync, readSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { CAST_LIMITS, CastError, parseCastEvent, parseCastHeader, toAsciicast, type CastLimits, type TimedFrame } from '../../shared/terminal/asciicast';
import { isTerminalFrame, LineAssembler, type TerminalFrame } from '../../shared/terminal/terminal-frames';
import type { MaskRule } from '../../shared/recording/format';
import type { Db } from '../recorder/db';
import { Masker } from '../recorder/masking';
import { RecordingReader } from '../recorder/recording-reader';
import { RecordingWriter, type ResultRow } from '../recorder/recording-writer';
import type { WorkControl } from '../recorder/work-control';

const PAGE = 2000;

/** Whether a file is an asciicast (text starting with its JSON header), not an .arthasrec (gzip). */
export function isCastFile(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false; // the import says what is wrong with it
  }
  try {
    const b = Buffer.alloc(1);
    return readSync(fd, b, 0, 1, 0) === 1 && b[0] === 0x7b; // '{'
  } finally {
    closeSync(fd);
  }
}

/** Writes a terminal recording as .cast; refuses a recording that holds no terminal frames. */
export async function exportCast(db: Db, recordingId: number, file: string, opts: { mask?: MaskRule[] } = {}, work: WorkControl = {}): Promise<{ results: number; masked: number; bytes: number }> {
  const reader = new RecordingReader(db);
  const rec = reader.get(recordingId);
  if (!rec) throw new CastError(`No recording #${recordingId}.`);
  const masker = new Masker(opts.mask ?? []);
  const total = (db.prepare(`SELECT count(*) AS n FROM results WHERE session_id = ? AND type = 'terminal'`).get(recordingId) as { n: number }).n;
  if (!total) throw new CastError(`Recording #${recordingId} is not a terminal's: only a recording of Arthas's terminal is exported as asciicast.`);
  const out = createWriteStream(file);
  let results = 0;
  let bytes = 0;
  let header = true;
  /** the header's size: the recording's first (every later page's events keep their own resizes) */
  let size: { width: number; height: number } | undefined;
  try {
    for (let after = 0; ; ) {
      if (work.signal?.aborted) throw new CastError('Cancelled');
      const page = reader.page(recordingId, { after, types: ['terminal'], limit: PAGE });
      const frames: TimedFrame[] = [];
      for (const r of page.results) {
        const f = r.raw ? (JSON.parse(r.raw) as unknown) : null;
        if (!isTerminalFrame(f)) continue;
        const masked: TerminalFrame = { ...f, ...(f.out !== undefined ? { out: masker.text(f.out) } : {}), ...(f.in !== undefined ? { in: masker.text(f.in) } : {}) };
        frames.push({ at: r.receivedAt, frame: masked });
      }
      let text = toAsciicast(frames, { startedAt: rec.startedAt, title: masker.orNull(rec.name) ?? undefined, ...size, continued: !header });
      // the header once, at the start: each later page's own header line is left out
      if (!header) text = text.slice(text.indexOf('\n') + 1);
      else {
        const h = JSON.parse(text.slice(0, text.indexOf('\n'))) as { width: number; height: number };
        size = { width: h.width, height: h.height };
      }
      header = false;
      bytes += Buffer.byteLength(text);
      if (!out.write(text)) await once(out, 'drain');
      results += page.results.length;
      work.onProgress?.({ phase: 'writing', done: results, total, unit: 'results' });
      if (!page.hasAfter || !page.results.length) break;
      after = page.results[page.results.length - 1]!.pos;
      await new Promise((r) => setImmediate(r));
    }
    out.end();
    await once(out, 'finish');
    return { results, masked: masker.masked, bytes };
  } catch (e) {
    out.destroy();
    rmSync(file, { force: true });
    throw e;
  }
}

/** Reads a .cast into a new recording of its own (source import); a file that fails leaves none. */
export async function importCast(db: Db, file: string, work: WorkControl = {}, limits: CastLimits = CAST_LIMITS): Promise<{ recordingId: number; results: number }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const writer = new RecordingWriter(db);
  let recordingId: number | null = null;
  let startedAt = 0;
  let n = 0;
  let results = 0;
  let last = 0;
  let rows: ResultRow[] = [];
  const assembler = new LineAssembler();
  const row = (frame: TerminalFrame, at: number): ResultRow => ({ batchSeq: ++results, jobId: null, type: 'terminal', origin: 'live', receivedAt: at, serverTime: null, raw: JSON.stringify(frame) });
  try {
    for await (const line of lines) {
      n++;
      if (work.signal?.aborted) throw new CastError('Cancelled');
      if (n === 1) {
        const h = parseCastHeader(line);
        startedAt = Math.round((h.timestamp ?? Date.now() / 1000) * 1000);
        recordingId = writer.createRecording({ targetName: h.title ?? 'asciicast', targetUrl: '', name: h.title ?? `asciicast ${h.width}×${h.height}`, source: 'import', startedAt });
        rows.push(row({ type: 'terminal', resize: { cols: h.width, rows: h.height } }, startedAt));
        continue;
      }
      if (!line.trim()) continue;
      if (results >= limits.events) throw new CastError(`The file holds more than ${limits.events} events.`);
      const e = parseCastEvent(line, n, startedAt, limits);
      if (!e) continue;
      // asciicast allows times out of order only by mistake: the recording keeps its order, not going back in time
      last = Math.max(last, e.at);
      rows.push(row(e.frame, last));
      const ended = e.frame.out !== undefined ? assembler.push(e.frame.out) : [];
      if (ended.length) rows.push(row({ type: 'terminal', line: ended.join('\n') }, last));
      if (rows.length >= PAGE) {
        writer.writeBatch(recordingId!, rows);
        rows = [];
        work.onProgress?.({ phase: 'writing', done: n, total: null, unit: 'results' });
        await new Promise((r) => setImmediate(r));
      }
    }
    if (recordingId === null) throw new CastError('The file is empty.');
    if (rows.length) writer.writeBatch(recordingId, rows);
    writer.endRecording(recordingId, 'closed', last || startedAt);
    return { recordingId, results };
  } catch (e) {
    lines.close();
    if (recordingId !== null) writer.deleteRecording(recordingId);
    throw e;
  }
}
