// Finds the exact source text of each element of `body.results` in a pull/exec answer, so that a
// result is recorded byte for byte as the server sent it (JSON.parse would round numbers beyond
// 2^53 and renormalise strings). Iterative scanning: a 10,000-level value cannot overflow the stack.

export class RawJsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'RawJsonError';
  }
}

function skipWs(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** index just past the closing quote of the string starting at i */
function skipString(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = s.indexOf('"', j);
    if (q < 0) throw new RawJsonError('unterminated string', i);
    let backslashes = 0;
    for (let k = q - 1; k > i && s.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** index just past the JSON value starting at i (after whitespace) */
function skipValue(s: string, i: number): number {
  i = skipWs(s, i);
  const c = s[i];
  if (c === '"') return skipString(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    let j = i;
    while (j < s.length) {
      const ch = s[j];
      if (ch === '"') {
        j = skipString(s, j);
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    throw new RawJsonError('unterminated container', i);
  }
  // number, true, false, null
  let j = i;
  while (j < s.length && !',}] \n\r\t'.includes(s[j]!)) j++;
  if (j === i) throw new RawJsonError('value expected', i);
  return j;
}

/** Calls onMember(key, valueStart) for each member of the object at i; returns index past it. */
function walkObject(s: string, i: number, onMember: (key: string, valueStart: number) => number | void): number {
  i = skipWs(s, i);
  if (s[i] !== '{') throw new RawJsonError('object expected', i);
  i = skipWs(s, i + 1);
  if (s[i] === '}') return i + 1;
  for (;;) {
    i = skipWs(s, i);
    if (s[i] !== '"') throw new RawJsonError('key expected', i);
    const keyEnd = skipString(s, i);
    const key = JSON.parse(s.slice(i, keyEnd)) as string;
    i = skipWs(s, keyEnd);
    if (s[i] !== ':') throw new RawJsonError('colon expected', i);
    const valueStart = skipWs(s, i + 1);
    const handledEnd = onMember(key, valueStart);
    i = skipWs(s, typeof handledEnd === 'number' ? handledEnd : skipValue(s, valueStart));
    if (s[i] === ',') {
      i++;
      continue;
    }
    if (s[i] === '}') return i + 1;
    throw new RawJsonError('comma or } expected', i);
  }
}

/** raw text of each element of the array at i */
function arrayElements(s: string, i: number, out: string[]): number {
  if (s[i] !== '[') throw new RawJsonError('array expected', i);
  i = skipWs(s, i + 1);
  if (s[i] === ']') return i + 1;
  for (;;) {
    const start = skipWs(s, i);
    const end = skipValue(s, start);
    out.push(s.slice(start, end));
    i = skipWs(s, end);
    if (s[i] === ',') {
      i++;
      continue;
    }
    if (s[i] === ']') return i + 1;
    throw new RawJsonError('comma or ] expected', i);
  }
}

/**
 * The raw text of every element of `body.results` (empty when there is none).
 * The text must already be valid JSON (callers JSON.parse it first).
 */
export function rawResultTexts(text: string): string[] {
  const out: string[] = [];
  walkObject(text, 0, (key, at) => {
    if (key !== 'body' || text[at] !== '{') return;
    return walkObject(text, at, (bodyKey, bodyAt) => {
      if (bodyKey !== 'results' || text[bodyAt] !== '[') return;
      out.length = 0;
      return arrayElements(text, bodyAt, out);
    });
  });
  return out;
}

/** The raw text of the value of top-level member `key` of a JSON object text, or undefined. */
export function rawMemberText(text: string, key: string): string | undefined {
  let found: string | undefined;
  walkObject(text, 0, (k, at) => {
    if (k !== key) return;
    const end = skipValue(text, at);
    found = text.slice(at, end);
    return end;
  });
  return found;
}

/**
 * As rawMemberText, fast when the member is the object's last one (as .arthasrec lines write it):
 * a quote inside a JSON string is always escaped, so `,"key":` found from the end is a real member;
 * it is the top-level one exactly when its value ends at the object's closing brace.
 */
export function rawLastMemberText(text: string, key: string): string | undefined {
  const marker = `,"${key}":`;
  const at = text.lastIndexOf(marker);
  const close = text.trimEnd().length - 1;
  if (at > 0 && text[close] === '}') {
    const start = skipWs(text, at + marker.length);
    try {
      if (skipValue(text, start) === close) return text.slice(start, close);
    } catch {
      /* fall back */
    }
  }
  return rawMemberText(text, key);
}

/**
 * Rewrites the contents of every string literal of a JSON text with fn, leaving everything else
 * (numbers, spacing, key order) as it was. Keys are strings too and are passed with isKey=true.
 */
export function mapJsonStrings(text: string, fn: (value: string, isKey: boolean) => string): string {
  let out = '';
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const q = text.indexOf('"', i);
    if (q < 0) break;
    const end = skipString(text, q);
    const literal = text.slice(q, end);
    const isKey = text[skipWs(text, end)] === ':';
    const value = JSON.parse(literal) as string;
    const next = fn(value, isKey);
    if (next !== value) {
      out += text.slice(last, q) + JSON.stringify(next);
      last = end;
    }
    i = end;
  }
  return last === 0 ? text : out + text.slice(last);
}
