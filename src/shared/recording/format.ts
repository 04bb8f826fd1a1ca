// The .arthasrec file: gzip-compressed JSON lines, documented in README ("Recording file format").
//   line 1      {"format":"arthas-deck-recording","version":3, ...header}
//   then        {"t":"event",...} and {"t":"result",...,"result":<the result JSON exactly as received>}
//               in the order they happened; a fleet file (header.fleet) names each line's member ("s")
//               and has each member's lines in turn. Version 1 files (one recording) still import.
//   last line   {"t":"end","results":N,"events":M}
// Pure: validation and shapes only; reading and writing files lives in src/main/recorder/arthasrec-export.ts and arthasrec-import.ts.
import type { EventKind, GapReason, ResultOrigin, TrackedJob } from '../session-events';
import type { RecordingMeta, RecordingState } from './types';

export const FORMAT_NAME = 'arthas-deck-recording';
export const FORMAT_VERSION = 3;
export const FILE_EXTENSION = 'arthasrec';

export const IMPORT_LIMITS = {
  /** compressed file size */
  maxFileBytes: 2 * 1024 ** 3,
  /** decompressed bytes: a gzip bomb stops here */
  maxDecompressedBytes: 8 * 1024 ** 3,
  /** one line (a 50 MB result fits) */
  maxLineBytes: 128 * 1024 ** 2,
  maxResults: 20_000_000,
  maxEvents: 1_000_000,
  maxJobs: 100_000,
  maxStringField: 100_000,
};

export interface RecordingHeader {
  format: typeof FORMAT_NAME;
  version: number;
  exportedAt: number;
  generator: string;
  recording: RecordingMeta;
  jobs: TrackedJob[];
  selection: { jobs?: number[]; from?: number; to?: number } | null;
  /** masking rules applied; how many matches they replaced is in the end line (written after the results) */
  redaction: { rules: number; masked: number | null } | null;
  /** version 2: a fleet's recordings in one file (recording and jobs above are its first member's) */
  fleet?: FleetHeader;
}

export interface FleetHeader {
  name: string;
  command: string;
  startedAt: number;
  endedAt: number | null;
  members: Array<{ member: string; recording: RecordingMeta; jobs: TrackedJob[] }>;
}

/** Members a fleet file may hold. */
export const MAX_FLEET_MEMBERS = 500;

export interface EventLine {
  t: 'event';
  /** fleet files: the member (index in header.fleet.members) */
  s?: number;
  at: number;
  kind: EventKind;
  gapReason: GapReason | null;
  message: string;
  data: Record<string, unknown> | null;
}

export interface ResultLine {
  t: 'result';
  /** fleet files: the member (index in header.fleet.members) */
  s?: number;
  pos: number;
  at: number;
  serverTime: number | null;
  jobId: number | null;
  /** version 3: the pull answer it came in (1, 2, 3 … per session; results of one answer share it) */
  batch?: number;
  type: string;
  origin: ResultOrigin;
  result: unknown;
}

export interface EndLine {
  t: 'end';
  results: number;
  events: number;
  /** with masking rules: the matches they replaced in the whole file */
  masked?: number;
}

export class FormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'FormatError';
  }
}

const STATES: RecordingState[] = ['recording', 'closed', 'lost', 'interrupted'];
const ORIGINS: ResultOrigin[] = ['live', 'history', 'exec'];
const EVENT_KINDS: EventKind[] = ['session-start', 'session-join', 'consumer-join', 'gap', 'outage-start', 'outage-end', 'possible-loss', 'unreachable', 'reconnect', 'state', 'command', 'interrupt', 'error', 'bookmark', 'assistant', 'session-end'];
const GAP_REASONS: GapReason[] = ['consumer-lost', 'session-lost', 'network', 'broken-answer', 'server-interrupt', 'server-drop'];
const JOB_STATES: TrackedJob['state'][] = ['scheduled', 'running', 'succeeded', 'failed', 'interrupted'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function check(cond: boolean, line: number, what: string): asserts cond {
  if (!cond) throw new FormatError(line, what);
}
function str(o: Obj, k: string, line: number, nullable = false): void {
  const v = o[k];
  if (nullable && v === null) return;
  check(typeof v === 'string' && v.length <= IMPORT_LIMITS.maxStringField, line, `"${k}" must be a ${nullable ? 'string or null' : 'string'} of at most ${IMPORT_LIMITS.maxStringField} characters`);
}
function num(o: Obj, k: string, line: number, nullable = false): void {
  const v = o[k];
  if (nullable && v === null) return;
  check(typeof v === 'number' && Number.isFinite(v), line, `"${k}" must be a number${nullable ? ' or null' : ''}`);
}

function checkRecording(r: unknown, what: string): void {
  check(isObj(r), 1, `${what} must be an object`);
  for (const k of ['targetName', 'targetUrl']) str(r, k, 1);
  for (const k of ['name', 'arthasSessionId', 'arthasVersion', 'pid', 'mainClass']) str(r, k, 1, true);
  num(r, 'startedAt', 1);
  num(r, 'endedAt', 1, true);
  check(STATES.includes(r.state as RecordingState), 1, `"recording.state" must be one of ${STATES.join(', ')}`);
  check(Array.isArray(r.tags) && r.tags.length <= 100 && r.tags.every((t) => typeof t === 'string' && t.length <= 100), 1, '"recording.tags" must be a list of short strings');
}

function checkJobs(jobs: unknown): void {
  check(Array.isArray(jobs) && jobs.length <= IMPORT_LIMITS.maxJobs, 1, `"jobs" must be a list of at most ${IMPORT_LIMITS.maxJobs}`);
  for (const j of jobs as unknown[]) {
    check(isObj(j), 1, 'each job must be an object');
    num(j, 'jobId', 1);
    str(j, 'command', 1);
    num(j, 'startedAt', 1);
    check(JOB_STATES.includes(j.state as TrackedJob['state']), 1, `job state must be one of ${JOB_STATES.join(', ')}`);
    for (const k of ['endedAt', 'statusCode']) if (j[k] !== undefined) num(j, k, 1);
    if (j.statusMessage !== undefined) str(j, 'statusMessage', 1);
  }
}

export function validateHeader(v: unknown): RecordingHeader {
  check(isObj(v), 1, 'the first line must be a JSON object (is this an .arthasrec file?)');
  check(v.format === FORMAT_NAME, 1, `not an Arthas Deck recording (format is ${JSON.stringify(v.format)?.slice(0, 60)})`);
  check(typeof v.version === 'number', 1, '"version" must be a number');
  check(v.version <= FORMAT_VERSION, 1, `format version ${v.version} is newer than this app reads (${FORMAT_VERSION}); update Arthas Deck`);
  num(v, 'exportedAt', 1);
  str(v, 'generator', 1);
  checkRecording(v.recording, '"recording"');
  checkJobs(v.jobs);
  if (v.fleet !== undefined) {
    const f = v.fleet;
    check(isObj(f), 1, '"fleet" must be an object');
    str(f, 'name', 1);
    str(f, 'command', 1);
    num(f, 'startedAt', 1);
    num(f, 'endedAt', 1, true);
    check(Array.isArray(f.members) && f.members.length >= 1 && f.members.length <= MAX_FLEET_MEMBERS, 1, `"fleet.members" must be a list of 1 to ${MAX_FLEET_MEMBERS}`);
    for (const m of f.members as unknown[]) {
      check(isObj(m), 1, 'each fleet member must be an object');
      str(m, 'member', 1);
      checkRecording(m.recording, 'a fleet member\'s "recording"');
      checkJobs(m.jobs);
    }
  }
  return v as unknown as RecordingHeader;
}

/** Checks one line after the header; returns it typed. */
export function validateLine(v: unknown, line: number): EventLine | ResultLine | EndLine {
  check(isObj(v), line, 'each line must be a JSON object');
  if (v.s !== undefined) check(Number.isSafeInteger(v.s) && (v.s as number) >= 0 && (v.s as number) < MAX_FLEET_MEMBERS, line, '"s" (the member) must be a small whole number');
  if (v.t === 'result') {
    num(v, 'pos', line);
    num(v, 'at', line);
    num(v, 'serverTime', line, true);
    num(v, 'jobId', line, true);
    if (v.batch !== undefined) num(v, 'batch', line);
    str(v, 'type', line);
    check(ORIGINS.includes(v.origin as ResultOrigin), line, `"origin" must be one of ${ORIGINS.join(', ')}`);
    check(isObj(v.result) && typeof v.result.type === 'string', line, '"result" must be an Arthas result object with a "type"');
    return v as unknown as ResultLine;
  }
  if (v.t === 'event') {
    num(v, 'at', line);
    check(EVENT_KINDS.includes(v.kind as EventKind), line, `unknown event kind ${JSON.stringify(v.kind)?.slice(0, 40)}`);
    check(v.gapReason === null || GAP_REASONS.includes(v.gapReason as GapReason), line, '"gapReason" must be null or a known reason');
    str(v, 'message', line);
    check(v.data === null || isObj(v.data), line, '"data" must be an object or null');
    return v as unknown as EventLine;
  }
  if (v.t === 'end') {
    num(v, 'results', line);
    num(v, 'events', line);
    if (v.masked !== undefined) num(v, 'masked', line);
    return v as unknown as EndLine;
  }
  throw new FormatError(line, `unknown line kind ${JSON.stringify(v.t)?.slice(0, 40) ?? '(none)'}`);
}

/** A masking rule: a regular expression (source) and what replaces its matches. */
export interface MaskRule {
  pattern: string;
  flags?: string;
  replacement?: string;
}

export function compileMaskRules(rules: readonly MaskRule[]): RegExp[] {
  return rules.map((r, i) => {
    const flags = (r.flags ?? '').replace(/[^imsu]/g, '');
    try {
      return new RegExp(r.pattern, `g${flags}`);
    } catch (e) {
      throw new Error(`masking rule ${i + 1} is not a valid regular expression: ${(e as Error).message}`);
    }
  });
}
