// A trace tree's lines as Arthas's terminal prints them (TraceView), rounded as a person reads them:
//   ts=2026-11-25 09:48:32;thread_name=main;id=1;is_daemon=false;priority=5;TCCL=…
//   [1.17 ms] demo.MathGame:run()                        (a method under the thread: its cost)
//   [34.55% 0.403 ms] demo.MathGame:primeFactors() #24   (under a method: its share of the parent)
//   [12.50% min=0.002 ms,max=0.003 ms,total=0.005 ms,count=2] …   (called more than once)
//   throw:java.lang.IllegalArgumentException #29 [number is: -1, need >= 2]
// Arthas sends costs in nanoseconds and prints them in ms; so does the deck (list and detail alike).
// The exact nanoseconds stay in each label's `exact` text (a tooltip) and in storage.
import { nodeCost, type TraceLikeNode } from '../charts/icicle';
import { formatMs } from './quantities';

export interface TraceNodeLike extends TraceLikeNode {
  minCost?: number;
  maxCost?: number;
  mark?: string;
  message?: string;
  timestamp?: string;
  threadId?: number;
  daemon?: boolean;
  priority?: number;
  classloader?: string;
  traceId?: string;
  rpcId?: string;
}

/** A trace cost (ns) in ms, as Arthas prints trace costs: 402901 → "0.403 ms". */
export function traceMs(ns: number | null | undefined): string {
  return typeof ns === 'number' && Number.isFinite(ns) ? formatMs(ns / 1e6) : '–';
}

/** Whether a node is a method call (it has a cost); thread and throw nodes have none. */
export function isMethodNode(n: TraceNodeLike): boolean {
  return n.type === 'method' || (n.type === undefined && (typeof n.cost === 'number' || typeof n.totalCost === 'number'));
}

/** Arthas's share: the call's cost (all calls' total when more than one) of its parent method's total, "%.2f". */
export function traceShare(node: TraceNodeLike, parent: TraceNodeLike | undefined): string | null {
  if (!parent || !isMethodNode(parent)) return null;
  const whole = nodeCost(parent);
  const part = (node.times ?? 1) > 1 ? nodeCost(node) : (node.cost ?? nodeCost(node));
  if (!(whole > 0)) return null;
  return `${((part * 100) / whole).toFixed(2)}%`;
}

/** The bracketed cost before a method, and its exact nanoseconds for a tooltip. */
export function traceCost(node: TraceNodeLike, parent: TraceNodeLike | undefined): { text: string; exact: string } {
  const share = traceShare(node, parent);
  const times = node.times ?? 1;
  if (times > 1) {
    const stats = `min=${traceMs(node.minCost)},max=${traceMs(node.maxCost)},total=${traceMs(nodeCost(node))},count=${times}`;
    return {
      text: `[${share ? `${share} ` : ''}${stats}]`,
      exact: `min ${node.minCost ?? '–'} ns, max ${node.maxCost ?? '–'} ns, total ${nodeCost(node)} ns in ${times} calls`,
    };
  }
  const ns = node.cost ?? nodeCost(node);
  return { text: `[${share ? `${share} ` : ''}${traceMs(ns)}]`, exact: `${ns} ns` };
}

/**
 * Time a method spent in itself, not in the calls traced under it (its total minus theirs), in ns;
 * null for a call with no traced calls under it (all of its time is its own, and the cost says so).
 */
export function traceSelfNs(node: TraceNodeLike): number | null {
  const kids = (node.children ?? []).filter(isMethodNode);
  if (!isMethodNode(node) || !kids.length) return null;
  return Math.max(0, nodeCost(node) - kids.reduce((a, k) => a + nodeCost(k), 0));
}

/** The method's name as the terminal prints it: demo.MathGame:primeFactors() #24 (no line for -1). */
export function traceMethod(node: TraceNodeLike): string {
  const line = typeof node.lineNumber === 'number' && node.lineNumber !== -1 ? ` #${node.lineNumber}` : '';
  return `${node.className ?? '?'}:${node.methodName ?? '?'}()${line}`;
}

/** The thread line, as the terminal prints it; the timestamp to the millisecond (Arthas's JSON has nanoseconds, its terminal seconds). */
export function traceThreadLine(node: TraceNodeLike): string {
  const ts = typeof node.timestamp === 'string' ? node.timestamp.replace(/(\.\d{3})\d+$/, '$1') : '';
  const parts = [`ts=${ts}`, `thread_name=${node.threadName ?? ''}`, `id=${node.threadId ?? ''}`, `is_daemon=${node.daemon ?? ''}`, `priority=${node.priority ?? ''}`, `TCCL=${node.classloader ?? ''}`];
  if (node.traceId != null) parts.push(`trace_id=${node.traceId}`);
  if (node.rpcId != null) parts.push(`rpc_id=${node.rpcId}`);
  return parts.join(';');
}

/** A throw node (trace -v … of a line that throws): throw:java.lang.X #29 [message]. */
export function traceThrowLine(node: TraceNodeLike): string {
  return `throw:${node.exception ?? ''}${typeof node.lineNumber === 'number' && node.lineNumber !== -1 ? ` #${node.lineNumber}` : ''} [${node.message ?? ''}]`;
}
