// Tokenizers for highlighting: they return text pieces with a class, rendered as <span>s (never HTML).
export interface Token {
  c: '' | 'type' | 'num' | 'str' | 'kw' | 'null' | 'com' | 'exc';
  s: string;
}

const MAX = 200_000;

/** Arthas object-view text: @Type[ … ], numbers, null, exceptions. */
export function objectViewTokens(text: string): Token[] {
  const src = text.length > MAX ? text.slice(0, MAX) : text;
  const out: Token[] = [];
  const re = /(@[\w$.]+(?:\[\])*(?=\[))|(\bnull\b)|(-?\b\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\b)|([\w$.]+(?:Exception|Error)\b)|(\bat [\w$.<>]+\([^)]*\))/g;
  let last = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    if (m.index > last) out.push({ c: '', s: src.slice(last, m.index) });
    out.push({ c: m[1] ? 'type' : m[2] ? 'null' : m[3] ? 'num' : m[4] ? 'exc' : 'com', s: m[0] });
    last = m.index + m[0].length;
  }
  if (last < src.length) out.push({ c: '', s: src.slice(last) });
  return out;
}

const JAVA_KEYWORDS = new Set(
  'abstract assert boolean break byte case catch char class const continue default do double else enum extends final finally float for goto if implements import instanceof int interface long native new package private protected public return short static strictfp super switch synchronized this throw throws transient try void volatile while var record true false'.split(' '),
);

/** Java source (jad): keywords, strings, numbers, comments. */
export function javaTokens(text: string): Token[] {
  const src = text.length > MAX ? text.slice(0, MAX) : text;
  const out: Token[] = [];
  const re = /(\/\*[\s\S]*?\*\/|\/\/[^\n]*)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(\b\d+(?:\.\d+)?[lLfFdD]?\b)|(\b[A-Za-z_$][\w$]*\b)/g;
  let last = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    if (m[4] && !JAVA_KEYWORDS.has(m[4])) continue;
    if (m.index > last) out.push({ c: '', s: src.slice(last, m.index) });
    out.push({ c: m[1] ? 'com' : m[2] ? 'str' : m[3] ? 'num' : 'kw', s: m[0] });
    last = m.index + m[0].length;
  }
  if (last < src.length) out.push({ c: '', s: src.slice(last) });
  return out;
}
