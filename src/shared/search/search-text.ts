// What of a result is searchable, and how a query matches it. Shared: the main process indexes and
// checks hits with it, the renderer and the offline HTML export highlight matches with it.
import { parseCollapsed } from '../profile/collapsed-stacks';
import { isTerminalFrame } from '../terminal/terminal-frames';

/** Fields that are bookkeeping, not content: a search for "2" must not hit every result's expand level. */
const BOOKKEEPING = new Set(['jobId', 'sizeLimit', 'expand', 'ts', 'timestamp', 'type', 'jobStatus', 'statusCode']);

/**
 * The searchable text of a result's JSON: its string and number values, in order, without the keys
 * and bookkeeping fields. Text that is not JSON is searched as it is.
 */
export function resultSearchText(raw: string): string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return raw;
  }
  // a terminal's frames are found by their lines (recorded as they end): keystrokes, raw output and sizes are not text to find
  if (isTerminalFrame(value)) return value.line ?? '';
  // a profile is found by its frames: each distinct one once (its text names a few thousand frames
  // millions of times, 70 MB for 100,000 stacks: indexing that whole would hold the main process for seconds)
  if (isProfileDump(value)) return [value.action, value.actionArg ?? '', ...parseCollapsed(value.executeResult).names].join('\n');
  const out: string[] = [];
  collect(value, out, undefined);
  return out.join('\n');
}

function isProfileDump(v: unknown): v is { action: string; actionArg?: string; executeResult: string } {
  const o = v as { type?: unknown; action?: unknown; executeResult?: unknown } | null;
  return !!o && o.type === 'profiler' && o.action === 'dumpCollapsed' && typeof o.executeResult === 'string';
}

function collect(v: unknown, out: string[], key: string | undefined): void {
  if (typeof v === 'string') {
    if (key === undefined || !BOOKKEEPING.has(key)) out.push(v);
  } else if (typeof v === 'number' || typeof v === 'boolean') {
    if (key === undefined || !BOOKKEEPING.has(key)) out.push(String(v));
  } else if (Array.isArray(v)) {
    for (const x of v) collect(x, out, undefined);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) collect(x, out, k);
  }
}

// what FTS5's unicode61 tokenizer calls a word: letters and digits ("_" and "." separate words)
const TOKEN = /[\p{L}\p{N}]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The words of a query as the index sees them (letters and digits, case folded). */
export function queryTokens(text: string): string[] {
  return (text.normalize('NFKC').match(TOKEN) ?? []).map((t) => t.toLowerCase()).slice(0, 32);
}

/**
 * Every word of a result's searchable text as the index sees them, space-separated: what the team
 * library stores for PostgreSQL's full-text search, so that it splits words as the local index does.
 */
export function searchWords(raw: string): string {
  return (resultSearchText(raw).normalize('NFKC').match(TOKEN) ?? []).map((t) => t.toLowerCase()).join(' ');
}

/** A query's words as a PostgreSQL tsquery: one phrase (<->), the last word a prefix (:*) when asked. */
export function pgTsQuery(text: string, prefix = wantsPrefix(text)): string {
  const words = queryTokens(text);
  return words.map((w, i) => `'${w}'${i === words.length - 1 && prefix ? ':*' : ''}`).join(' <-> ');
}

/**
 * True when the full-text index cannot answer the query and a scan must: no word at all, or CJK text
 * (the index keeps a run of CJK characters as one word, so a part of it would not be found).
 */
export function needsScan(text: string): boolean {
  return queryTokens(text).length === 0 || CJK.test(text);
}

/** True when the query asks for the start of its last word (it ends with *). */
export function wantsPrefix(text: string): boolean {
  return /\*\s*$/.test(text);
}

/** The FTS5 MATCH expression of a query: its words as one phrase; with prefix, the last one may be the start of a longer word. */
export function ftsQuery(text: string, prefix = wantsPrefix(text)): string {
  const words = queryTokens(text);
  const phrase = words.map((w) => w.replace(/"/g, '""')).join(' ');
  return prefix ? `"${phrase}" *` : `"${phrase}"`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A matcher for the query in text: the words in order with only separators between them (what the
 * index matches), case-insensitive; with prefix, the last word may be the start of a longer one. CJK
 * queries, and queries without words, match as a plain case-insensitive substring.
 */
export function queryMatcher(text: string, prefix = wantsPrefix(text)): RegExp | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (needsScan(trimmed)) return new RegExp(escapeRegExp(trimmed), 'giu');
  const words = queryTokens(trimmed);
  const body = words.map((w, i) => (i === 0 ? '(?<![\\p{L}\\p{N}])' : '') + escapeRegExp(w) + (i === words.length - 1 && prefix ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])')).join('[^\\p{L}\\p{N}]+');
  return new RegExp(body, 'giu');
}

/** Where the query matches in text: [start, end) ranges, at most `max`. */
export function matchRanges(text: string, matcher: RegExp | null, max = 50): Array<[number, number]> {
  if (!matcher) return [];
  const out: Array<[number, number]> = [];
  matcher.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (out.length < max && (m = matcher.exec(text)) !== null) {
    if (m[0].length === 0) {
      matcher.lastIndex++;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

export interface Snippet {
  /** a piece of the text around the first match, with … where it was cut */
  text: string;
  /** the matches inside `text` */
  marks: Array<[number, number]>;
}

/** The text around the first match, about `width` characters, with the matches in it marked. */
export function snippetOf(text: string, matcher: RegExp | null, width = 160): Snippet | null {
  const all = matchRanges(text, matcher, 200);
  if (!all.length) return null;
  const [s0] = all[0]!;
  let from = Math.max(0, s0 - Math.floor(width / 3));
  const to = Math.min(text.length, from + width);
  from = Math.max(0, Math.min(from, to - width));
  // start at a word, not in the middle of one (when one starts shortly after)
  if (from > 0) {
    const ws = text.slice(from, Math.min(s0, from + 24)).search(/\s/);
    if (ws >= 0) from += ws + 1;
  }
  const lead = from > 0 ? '…' : '';
  const piece = lead + text.slice(from, to).replace(/\s+/g, ' ') + (to < text.length ? '…' : '');
  // whitespace runs were folded: recompute the marks in the folded piece
  const marks = matchRanges(piece, matcher, 20);
  return { text: piece, marks };
}

/** Splits text into plain and marked parts for display (the view escapes each as text). */
export function markedParts(text: string, marks: ReadonlyArray<readonly [number, number]>): Array<{ text: string; mark: boolean }> {
  const out: Array<{ text: string; mark: boolean }> = [];
  let at = 0;
  for (const [s, e] of marks) {
    if (s < at || e > text.length) continue;
    if (s > at) out.push({ text: text.slice(at, s), mark: false });
    out.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}
