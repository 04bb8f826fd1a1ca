// Masking rules applied to everything that is shared (.arthasrec, the offline page, library
// publishing): every match of a rule becomes *** and is counted, wherever it is: a result's string
// values, a job's command and status message, an event's message and data, the recording's name,
// tags, target and main class, a fleet's name, command and member names. Numbers and layout stay.
import { mapJsonStrings } from '../../shared/arthas/raw-results';
import type { MaskRule } from '../../shared/recording/format';
import { compileMaskRules } from '../../shared/recording/format';
import type { RecordingMeta } from '../../shared/recording/types';
import type { TrackedJob } from '../../shared/session-events';
import type { Db } from './db';
import { RecordingReader } from './recording-reader';
import { eventsInRange, selectionConditions, type Selection } from './selection';

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

/** One share's masking: each field it carries goes through here, and `masked` counts every match. */
export class Masker {
  masked = 0;
  readonly rules: RegExp[];
  constructor(rules: MaskRule[] | RegExp[]) {
    this.rules = rules.length && rules[0] instanceof RegExp ? (rules as RegExp[]) : compileMaskRules(rules as MaskRule[]);
  }
  get active(): boolean {
    return this.rules.length > 0;
  }
  text(value: string): string {
    if (!this.rules.length) return value;
    const m = maskText(value, this.rules);
    this.masked += m.masked;
    return m.text;
  }
  orNull(value: string | null): string | null {
    return value === null ? null : this.text(value);
  }
  result(raw: string): string {
    const m = maskResult(raw, this.rules);
    this.masked += m.masked;
    return m.text;
  }
  /** Any JSON value's strings (an event's data). */
  value<T>(value: T): T {
    if (!this.rules.length || value === null || value === undefined) return value;
    return JSON.parse(this.result(JSON.stringify(value))) as T;
  }
  job(j: TrackedJob): TrackedJob {
    return { ...j, command: this.text(j.command), ...(j.statusMessage !== undefined ? { statusMessage: this.text(j.statusMessage) } : {}) };
  }
  event<E extends { message: string; data?: Record<string, unknown> | null }>(e: E): E {
    return { ...e, message: this.text(e.message), ...(e.data !== undefined ? { data: this.value(e.data) } : {}) };
  }
  meta<M extends Pick<RecordingMeta, 'name' | 'tags' | 'targetName' | 'targetUrl' | 'mainClass'>>(m: M): M {
    return { ...m, name: this.orNull(m.name), tags: m.tags.map((t) => this.text(t)), targetName: this.text(m.targetName), targetUrl: this.text(m.targetUrl), mainClass: this.orNull(m.mainClass) };
  }
}

/**
 * How many matches the masking rules would replace in a selection, the preview before sharing:
 * `matches` in `results` results, and `elsewhere` in the jobs' commands, the events and the
 * recording's own fields (every field a share carries).
 */
export function previewMasking(db: Db, recordingId: number, rules: MaskRule[], sel: Selection = {}): { results: number; matches: number; elsewhere: number } {
  const res = compileMaskRules(rules);
  const c = selectionConditions(sel);
  let results = 0;
  let matches = 0;
  for (const row of db.prepare(`SELECT raw FROM results WHERE session_id = ?${c.and()} ORDER BY pos`).iterate(recordingId, ...c.args) as Iterable<{ raw: string }>) {
    const { masked } = maskResult(row.raw, res);
    if (masked) results++;
    matches += masked;
  }
  // the rest a share carries: the recording's own fields, its jobs' commands, its events
  const reader = new RecordingReader(db);
  const rec = reader.get(recordingId);
  const other = new Masker(res);
  if (rec) other.meta(rec);
  for (const j of reader.jobs(recordingId)) if (!sel.jobs?.length || sel.jobs.includes(j.jobId)) other.job(j);
  for (const e of eventsInRange(reader, recordingId, sel)) other.event(e);
  return { results, matches, elsewhere: other.masked };
}
