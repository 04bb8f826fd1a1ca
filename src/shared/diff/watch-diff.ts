// Diff of two watch runs: calls aligned by their parameters (or by order), each aligned pair
// diffed part by part (params, return value, exception), with a summary on top.
import { parseObjectView } from './object-view-parser';
import type { DiffEntry, LineDiffOp } from './structural-diff';
import { diffNodes, lineDiff } from './structural-diff';
import type { VNode } from './value-tree';
import { canonical, fromJson, preview } from './value-tree';
import { costBox, nearestRank, sharedHistogram, type CostBox, type SharedHistogram } from '../charts/distribution';

export interface DiffOptions {
  align: 'params' | 'order';
  onlyChanged: boolean;
  /** most pairs returned (the summary counts all) */
  limit: number;
}
export const DEFAULT_DIFF_OPTIONS: DiffOptions = { align: 'params', onlyChanged: false, limit: 5000 };

/** One recorded watch result, as the diff needs it. */
export interface WatchInput {
  pos: number;
  raw: string;
}

export interface WatchCall {
  pos: number;
  ts: string | number | null;
  cost: number | null;
  /** labelled parts of the value: from the watch expression when it is a {a, b, c} list */
  parts: Array<{ label: string; node: VNode }>;
  exception: string | null;
  /** the value's text when it did not parse (4.x text of an unknown shape) */
  text: string | null;
  /** where Arthas read it: AtEnter (watch -b), AtExit, AtExceptionExit */
  accessPoint?: string;
}

/**
 * Why aligning by parameters may pair unrelated calls: `watch` reads params at the method's exit
 * unless -b is given, by which time the method may have changed them (math-game's primeFactors
 * divides its argument down to 1: every call then shows params [1]).
 */
export type ParamsWarning = { kind: 'alike'; share: number; params: string } | { kind: 'at-exit' };

export interface DiffPair {
  status: 'same' | 'changed' | 'added' | 'removed';
  left?: WatchCall;
  right?: WatchCall;
  changes: DiffEntry[];
  lines?: LineDiffOp[];
}

export interface SideStats {
  calls: number;
  exceptions: number;
  exceptionRate: number;
  cost: { p50: number | null; p90: number | null; p99: number | null };
  exceptionTypes: string[];
  /** the cost distribution, ms (for the box plot) */
  box: CostBox | null;
}

export interface WatchDiff {
  align: 'params' | 'order';
  /** both runs' costs over the same bins: [left, right] */
  costHistogram: SharedHistogram;
  summary: {
    left: SideStats;
    right: SideStats;
    same: number;
    changed: number;
    added: number;
    removed: number;
    newExceptionTypes: string[];
  };
  pairs: DiffPair[];
  truncated: boolean;
  /** said when calls were aligned by parameters that cannot tell them apart */
  paramsWarning: ParamsWarning | null;
  /** said when one run read its calls at method entry (watch -b) and the other at exit: returns and exceptions are not comparable */
  accessMismatch: AccessMismatch | null;
}

/** Where each run read its calls, when that differs: 'entry' (watch -b), 'exit' (the default: return or exception), 'mixed'. */
export interface AccessMismatch {
  left: AccessSide;
  right: AccessSide;
}
export type AccessSide = 'entry' | 'exit' | 'mixed';

/** Where a run read its calls (null: its results do not say: 3.x sent no accessPoint). */
export function accessSideOf(calls: readonly WatchCall[]): AccessSide | null {
  let entry = 0;
  let exit = 0;
  for (const c of calls) {
    if (c.accessPoint === 'AtEnter') entry++;
    else if (c.accessPoint === 'AtExit' || c.accessPoint === 'AtExceptionExit') exit++;
  }
  if (!entry && !exit) return null;
  return entry && exit ? 'mixed' : entry ? 'entry' : 'exit';
}

/** The two runs read their calls at different points (an exit watch against a -b one). */
export function accessMismatchOf(left: readonly WatchCall[], right: readonly WatchCall[]): AccessMismatch | null {
  const l = accessSideOf(left);
  const r = accessSideOf(right);
  return l && r && l !== r ? { left: l, right: r } : null;
}

/** Labels of a watch expression "{params, returnObj, throwExp}"; Arthas's default is {params, target, returnObj}. */
export function expressionLabels(command: string): string[] {
  const m = /\{([^{}]*)\}/.exec(command);
  const labels = m ? m[1]!.split(',').map((s) => s.trim()).filter(Boolean) : ['params', 'target', 'returnObj'];
  return labels;
}

export function watchCall(input: WatchInput, labels: string[]): WatchCall {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(input.raw) as Record<string, unknown>;
  } catch {
    return { pos: input.pos, ts: null, cost: null, parts: [], exception: null, text: input.raw };
  }
  const value = r.value;
  let node: VNode | null;
  let text: string | null = null;
  if (typeof value === 'string') {
    node = parseObjectView(value);
    if (!node) text = value;
  } else node = fromJson(value);
  const parts: WatchCall['parts'] = [];
  if (node) {
    if (node.kind === 'list' && node.items.length === labels.length && labels.length > 1) node.items.forEach((n, i) => parts.push({ label: labels[i]!, node: n }));
    else parts.push({ label: labels.length === 1 ? labels[0]! : 'value', node });
  }
  let exception: string | null = null;
  for (const p of parts) {
    if (p.node.kind === 'exception') exception = p.node.type;
  }
  if (!exception && r.accessPoint === 'AtExceptionExit') exception = 'exception';
  return {
    pos: input.pos,
    ts: typeof r.ts === 'number' || typeof r.ts === 'string' ? r.ts : null,
    cost: typeof r.cost === 'number' ? r.cost : null,
    parts,
    exception,
    text,
    ...(typeof r.accessPoint === 'string' ? { accessPoint: r.accessPoint } : {}),
  };
}

/** The calls' params are one value for most of them, or were read at exit: aligning by them misleads. */
export function paramsWarningOf(left: readonly WatchCall[], right: readonly WatchCall[]): ParamsWarning | null {
  for (const side of [left, right]) {
    if (side.length < 5) continue;
    const counts = new Map<string, number>();
    for (const c of side) counts.set(keyOf(c), (counts.get(keyOf(c)) ?? 0) + 1);
    const [key, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (n / side.length >= 0.5) {
      const call = side.find((c) => keyOf(c) === key)!;
      const p = call.parts.find((x) => x.label === 'params') ?? call.parts[0];
      return { kind: 'alike', share: n / side.length, params: p ? preview(p.node, 80) : key.slice(0, 80) };
    }
  }
  const all = [...left, ...right];
  if (all.length && all.every((c) => c.accessPoint === 'AtExit' || c.accessPoint === 'AtExceptionExit')) return { kind: 'at-exit' };
  return null;
}

/** What aligns calls across runs: the canonical text of their params (or of the whole value). */
export function keyOf(c: WatchCall): string {
  const params = c.parts.find((p) => p.label === 'params') ?? c.parts[0];
  return params ? canonical(params.node) : (c.text ?? '');
}

function percentile(sorted: number[], p: number): number | null {
  return sorted.length ? nearestRank(sorted, p) : null;
}

export function stats(calls: WatchCall[]): SideStats {
  const costs = calls.map((c) => c.cost).filter((c): c is number => c !== null).sort((a, b) => a - b);
  const exceptions = calls.filter((c) => c.exception).length;
  return {
    calls: calls.length,
    exceptions,
    exceptionRate: calls.length ? exceptions / calls.length : 0,
    cost: { p50: percentile(costs, 50), p90: percentile(costs, 90), p99: percentile(costs, 99) },
    exceptionTypes: [...new Set(calls.map((c) => c.exception).filter((e): e is string => !!e))].sort(),
    box: costBox(costs),
  };
}

/** The calls' costs, ms (calls without one are left out). */
export function costsOf(calls: readonly WatchCall[]): number[] {
  return calls.map((c) => c.cost).filter((c): c is number => c !== null);
}

function comparePair(left: WatchCall, right: WatchCall): DiffPair {
  if (left.text !== null || right.text !== null) {
    const a = left.text ?? left.parts.map((p) => `${p.label}: ${preview(p.node, 10_000)}`).join('\n');
    const b = right.text ?? right.parts.map((p) => `${p.label}: ${preview(p.node, 10_000)}`).join('\n');
    if (a === b) return { status: 'same', left, right, changes: [] };
    return { status: 'changed', left, right, changes: [{ path: '(text)', change: 'changed' }], lines: lineDiff(a, b) };
  }
  const changes: DiffEntry[] = [];
  const rightParts = new Map(right.parts.map((p) => [p.label, p.node]));
  for (const p of left.parts) {
    const other = rightParts.get(p.label);
    if (other === undefined) changes.push({ path: p.label, change: 'removed', left: preview(p.node) });
    else diffNodes(p.node, other, p.label, changes);
  }
  for (const p of right.parts) if (!left.parts.some((l) => l.label === p.label)) changes.push({ path: p.label, change: 'added', right: preview(p.node) });
  return { status: changes.length ? 'changed' : 'same', left, right, changes };
}

/** Aligns and diffs two runs. Calls with equal params pair up in their order of arrival. */
export function diffWatchRuns(left: WatchCall[], right: WatchCall[], options: Partial<DiffOptions> = {}): WatchDiff {
  const opts = { ...DEFAULT_DIFF_OPTIONS, ...options };
  const pairs: DiffPair[] = [];
  if (opts.align === 'order') {
    const n = Math.max(left.length, right.length);
    for (let i = 0; i < n; i++) {
      if (i >= left.length) pairs.push({ status: 'added', right: right[i], changes: [] });
      else if (i >= right.length) pairs.push({ status: 'removed', left: left[i], changes: [] });
      else pairs.push(comparePair(left[i]!, right[i]!));
    }
  } else {
    const waiting = new Map<string, WatchCall[]>();
    for (const c of right) {
      const k = keyOf(c);
      const q = waiting.get(k);
      if (q) q.push(c);
      else waiting.set(k, [c]);
    }
    const matched = new Set<WatchCall>();
    for (const l of left) {
      const q = waiting.get(keyOf(l));
      const r = q?.shift();
      if (r) {
        matched.add(r);
        pairs.push(comparePair(l, r));
      } else pairs.push({ status: 'removed', left: l, changes: [] });
    }
    for (const r of right) if (!matched.has(r)) pairs.push({ status: 'added', right: r, changes: [] });
  }
  const count = (s: DiffPair['status']): number => pairs.filter((p) => p.status === s).length;
  const ls = stats(left);
  const rs = stats(right);
  const shown = opts.onlyChanged ? pairs.filter((p) => p.status !== 'same') : pairs;
  return {
    align: opts.align,
    summary: {
      left: ls,
      right: rs,
      same: count('same'),
      changed: count('changed'),
      added: count('added'),
      removed: count('removed'),
      newExceptionTypes: rs.exceptionTypes.filter((t) => !ls.exceptionTypes.includes(t)),
    },
    pairs: shown.slice(0, opts.limit),
    truncated: shown.length > opts.limit,
    costHistogram: sharedHistogram([costsOf(left), costsOf(right)]),
    paramsWarning: opts.align === 'params' ? paramsWarningOf(left, right) : null,
    accessMismatch: accessMismatchOf(left, right),
  };
}
