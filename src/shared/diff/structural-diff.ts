// Structural diff of two value trees, and a line diff for text that did not parse.
import type { VNode } from './value-tree';
import { canonical, preview } from './value-tree';

export interface DiffEntry {
  /** e.g. "returnObj[2]", "params[0].name", "throwExp" */
  path: string;
  change: 'changed' | 'added' | 'removed';
  left?: string;
  right?: string;
}

const MAX_ENTRIES = 200;

/** Differences between a and b, outermost first; at most 200. */
export function diffNodes(a: VNode, b: VNode, path = '', out: DiffEntry[] = []): DiffEntry[] {
  if (out.length >= MAX_ENTRIES) return out;
  if (canonical(a) === canonical(b)) return out;
  const at = path || '(value)';
  if (a.kind !== b.kind || a.kind === 'scalar' || a.kind === 'null' || a.kind === 'text' || a.kind === 'summary' || a.kind === 'exception') {
    out.push({ path: at, change: 'changed', left: preview(a), right: preview(b) });
    return out;
  }
  if (a.kind === 'list' && b.kind === 'list') {
    const n = Math.max(a.items.length, b.items.length);
    for (let i = 0; i < n && out.length < MAX_ENTRIES; i++) {
      const p = `${path}[${i}]`;
      if (i >= a.items.length) out.push({ path: p, change: 'added', right: preview(b.items[i]!) });
      else if (i >= b.items.length) out.push({ path: p, change: 'removed', left: preview(a.items[i]!) });
      else diffNodes(a.items[i]!, b.items[i]!, p, out);
    }
    return out;
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const left = new Map(a.entries.map((e) => [canonical(e.key), e]));
    const right = new Map(b.entries.map((e) => [canonical(e.key), e]));
    for (const [k, e] of left) {
      const p = `${path}[${preview(e.key, 40)}]`;
      const other = right.get(k);
      if (!other) out.push({ path: p, change: 'removed', left: preview(e.value) });
      else diffNodes(e.value, other.value, p, out);
    }
    for (const [k, e] of right) if (!left.has(k)) out.push({ path: `${path}[${preview(e.key, 40)}]`, change: 'added', right: preview(e.value) });
    return out;
  }
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.type !== b.type) {
      out.push({ path: at, change: 'changed', left: a.type, right: b.type });
      return out;
    }
    const right = new Map(b.fields.map((f) => [f.name, f.value]));
    for (const f of a.fields) {
      const p = path ? `${path}.${f.name}` : f.name;
      const other = right.get(f.name);
      if (other === undefined) out.push({ path: p, change: 'removed', left: preview(f.value) });
      else diffNodes(f.value, other, p, out);
    }
    const leftNames = new Set(a.fields.map((f) => f.name));
    for (const f of b.fields) if (!leftNames.has(f.name)) out.push({ path: path ? `${path}.${f.name}` : f.name, change: 'added', right: preview(f.value) });
    return out;
  }
  out.push({ path: at, change: 'changed', left: preview(a), right: preview(b) });
  return out;
}

export interface LineDiffOp {
  op: 'same' | 'add' | 'del';
  text: string;
}

/** A line diff (LCS) of two texts; texts of more than 2,000 lines are compared line by line. */
export function lineDiff(a: string, b: string): LineDiffOp[] {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length * y.length > 4_000_000) {
    const out: LineDiffOp[] = [];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      if (x[i] === y[i]) out.push({ op: 'same', text: x[i]! });
      else {
        if (i < x.length) out.push({ op: 'del', text: x[i]! });
        if (i < y.length) out.push({ op: 'add', text: y[i]! });
      }
    }
    return out;
  }
  const m = x.length;
  const n = y.length;
  const lcs = Array.from({ length: m + 1 }, () => new Uint32Array(n + 1));
  for (let i = m - 1; i >= 0; i--) for (let j = n - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: LineDiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < m && j < n) {
    if (x[i] === y[j]) {
      out.push({ op: 'same', text: x[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'del', text: x[i++]! });
    else out.push({ op: 'add', text: y[j++]! });
  }
  while (i < m) out.push({ op: 'del', text: x[i++]! });
  while (j < n) out.push({ op: 'add', text: y[j++]! });
  return out;
}
