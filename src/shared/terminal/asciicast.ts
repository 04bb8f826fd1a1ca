// asciicast v2 (what asciinema records and plays): a header line, then one JSON array per event,
// [seconds since the start, "o" | "i" | "r", text]. A terminal recording of the deck goes out as
// one and comes back in from one; a hostile file is refused with the line that is wrong.
import type { TerminalFrame } from './terminal-frames';

export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  /** seconds since the epoch */
  timestamp?: number;
  title?: string;
  env?: Record<string, string>;
}

export interface TimedFrame {
  /** ms since the epoch */
  at: number;
  frame: TerminalFrame;
}

/**
 * The .cast text of a terminal's frames (output, input, resizes; a line is not a terminal event and
 * is left out). `continued`: these frames follow others already written (their header is not used).
 */
export function toAsciicast(frames: readonly TimedFrame[], meta: { title?: string; startedAt: number; width?: number; height?: number; continued?: boolean }): string {
  const first = frames.find((f) => f.frame.resize)?.frame.resize;
  const header: CastHeader = { version: 2, width: meta.width ?? first?.cols ?? 80, height: meta.height ?? first?.rows ?? 24, timestamp: Math.floor(meta.startedAt / 1000), env: { TERM: 'xterm-256color' } };
  if (meta.title) header.title = meta.title;
  const lines = [JSON.stringify(header)];
  const t = (at: number): number => Math.max(0, Math.round(at - meta.startedAt)) / 1000;
  frames.forEach(({ at, frame: f }, i) => {
    // the first size is the header's (a reader of the file starts at it)
    if (i === 0 && !meta.continued && f.resize && f.resize.cols === header.width && f.resize.rows === header.height) return;
    if (f.out !== undefined) lines.push(JSON.stringify([t(at), 'o', f.out]));
    else if (f.in !== undefined) lines.push(JSON.stringify([t(at), 'i', f.in]));
    else if (f.resize) lines.push(JSON.stringify([t(at), 'r', `${f.resize.cols}x${f.resize.rows}`]));
  });
  return `${lines.join('\n')}\n`;
}

export class CastError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CastError';
  }
}

export interface CastLimits {
  /** events at most */
  events: number;
  /** characters of one event's text at most */
  eventChars: number;
}

export const CAST_LIMITS: CastLimits = { events: 5_000_000, eventChars: 8 * 1024 * 1024 };

/** Whether a file's first line is an asciicast v2 header. */
export function looksLikeCast(firstLine: string): boolean {
  try {
    const h = JSON.parse(firstLine) as { version?: unknown };
    return !!h && typeof h === 'object' && h.version === 2;
  } catch {
    return false;
  }
}

export function parseCastHeader(line: string): CastHeader {
  let h: unknown;
  try {
    h = JSON.parse(line);
  } catch {
    throw new CastError('Line 1 is not JSON: an asciicast file starts with its header.');
  }
  const o = h as Record<string, unknown>;
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new CastError('Line 1 is not an asciicast header.');
  if (o.version !== 2) throw new CastError(`Only asciicast version 2 is read (this file says ${JSON.stringify(o.version)?.slice(0, 20)}).`);
  const size = (v: unknown, name: string): number => {
    if (!Number.isSafeInteger(v) || (v as number) < 1 || (v as number) > 1000) throw new CastError(`The header's ${name} must be a whole number from 1 to 1000.`);
    return v as number;
  };
  const out: CastHeader = { version: 2, width: size(o.width, 'width'), height: size(o.height, 'height') };
  if (o.timestamp !== undefined) {
    if (typeof o.timestamp !== 'number' || !Number.isFinite(o.timestamp) || o.timestamp < 0) throw new CastError("The header's timestamp must be seconds since 1970.");
    out.timestamp = o.timestamp;
  }
  if (typeof o.title === 'string') out.title = o.title.slice(0, 500);
  return out;
}

/** One event line: its frame at its time, or null for a kind the deck does not keep (a marker). */
export function parseCastEvent(line: string, n: number, startedAt: number, limits: CastLimits = CAST_LIMITS): TimedFrame | null {
  let e: unknown;
  try {
    e = JSON.parse(line);
  } catch {
    throw new CastError(`Line ${n} is not JSON.`);
  }
  if (!Array.isArray(e) || e.length < 3) throw new CastError(`Line ${n} is not an event ([time, kind, text]).`);
  const [t, kind, text] = e as [unknown, unknown, unknown];
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 1e9) throw new CastError(`Line ${n}: the time must be seconds from the start.`);
  if (typeof kind !== 'string' || typeof text !== 'string') throw new CastError(`Line ${n}: the kind and text must be strings.`);
  if (text.length > limits.eventChars) throw new CastError(`Line ${n}: an event of ${text.length} characters is larger than ${limits.eventChars}.`);
  const at = startedAt + Math.round(t * 1000);
  if (kind === 'o') return { at, frame: { type: 'terminal', out: text } };
  if (kind === 'i') return { at, frame: { type: 'terminal', in: text } };
  if (kind === 'r') {
    const m = /^(\d{1,4})x(\d{1,4})$/.exec(text);
    if (!m) throw new CastError(`Line ${n}: a resize is COLSxROWS.`);
    return { at, frame: { type: 'terminal', resize: { cols: Number(m[1]), rows: Number(m[2]) } } };
  }
  return null;
}
