// One tree shape for watch values, whatever the encoding: 3.x JSON and 4.x object-view text
// both become VNodes, so they display, diff and align the same way.

export type VNode =
  | { kind: 'null' }
  | { kind: 'scalar'; type: string; text: string }
  | { kind: 'list'; type: string; items: VNode[] }
  | { kind: 'map'; type: string; entries: Array<{ key: VNode; value: VNode }> }
  | { kind: 'object'; type: string; fields: Array<{ name: string; value: VNode }> }
  | { kind: 'summary'; type: string; text: string }
  | { kind: 'exception'; type: string; message: string; stack: string[] }
  | { kind: 'text'; text: string };

export const NULL_NODE: VNode = { kind: 'null' };

/** A 3.x JSON value (exceptions as {"@type", message, stackTrace}) as a tree. */
export function fromJson(v: unknown, depth = 0): VNode {
  if (depth > 200) return { kind: 'text', text: '…' };
  if (v === null || v === undefined) return NULL_NODE;
  if (typeof v === 'string') return { kind: 'scalar', type: 'String', text: v };
  if (typeof v === 'number') return { kind: 'scalar', type: 'Number', text: String(v) };
  if (typeof v === 'boolean') return { kind: 'scalar', type: 'Boolean', text: String(v) };
  if (Array.isArray(v)) return { kind: 'list', type: 'Array', items: v.map((x) => fromJson(x, depth + 1)) };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const type = typeof o['@type'] === 'string' ? (o['@type'] as string) : 'Object';
    if (Array.isArray(o.stackTrace) && (typeof o.message === 'string' || o.message === null)) {
      return {
        kind: 'exception',
        type,
        message: String(o.message ?? ''),
        stack: (o.stackTrace as Array<Record<string, unknown>>).map((f) => `${String(f.className)}.${String(f.methodName)}(${String(f.fileName ?? 'Unknown Source')}:${String(f.lineNumber)})`),
      };
    }
    return { kind: 'object', type, fields: Object.entries(o).filter(([k]) => k !== '@type').map(([name, value]) => ({ name, value: fromJson(value, depth + 1) })) };
  }
  return { kind: 'text', text: String(v) };
}

/** A stable one-line text of a node: equal values give equal text (used to align calls). */
export function canonical(n: VNode): string {
  switch (n.kind) {
    case 'null':
      return 'null';
    case 'scalar':
      return JSON.stringify(n.text);
    case 'summary':
      return `${n.type}{${n.text}}`;
    case 'text':
      return JSON.stringify(n.text);
    case 'exception':
      return `!${n.type}:${JSON.stringify(n.message)}`;
    case 'list':
      return `[${n.items.map(canonical).join(',')}]`;
    case 'map':
      return `{${n.entries.map((e) => `${canonical(e.key)}:${canonical(e.value)}`).join(',')}}`;
    case 'object':
      return `${n.type}{${n.fields.map((f) => `${f.name}=${canonical(f.value)}`).join(',')}}`;
  }
}

/** Short display text of a node (one line, bounded). */
export function preview(n: VNode, max = 120): string {
  let s: string;
  switch (n.kind) {
    case 'null':
      s = 'null';
      break;
    case 'scalar':
      // a Java box keeps its type as Arthas prints it (@Integer[-79939]); JSON's numbers and strings as JSON
      s = n.type === 'String' ? JSON.stringify(n.text) : n.type === 'Number' || n.type === 'Boolean' ? n.text : `@${n.type}[${n.text}]`;
      break;
    case 'exception':
      s = `${n.type}: ${n.message}`;
      break;
    case 'summary':
      s = `${n.type}[${n.text}]`;
      break;
    case 'text':
      s = n.text.replace(/\s+/g, ' ');
      break;
    case 'list':
      s = `[${joined(n.items.map((i) => () => preview(i, max)), max)}]`;
      break;
    case 'map':
      s = `{${joined(n.entries.map((e) => () => `${preview(e.key, max)}: ${preview(e.value, max)}`), max)}}`;
      break;
    case 'object':
      s = `@${n.type}[${joined(n.fields.map((f) => () => `${f.name}=${preview(f.value, max)}`), max)}]`;
      break;
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Children's previews joined until the line is full (the rest are never computed). */
function joined(parts: Array<() => string>, max: number): string {
  let out = '';
  for (const part of parts) {
    out += (out ? ', ' : '') + part();
    if (out.length > max) break;
  }
  return out;
}
