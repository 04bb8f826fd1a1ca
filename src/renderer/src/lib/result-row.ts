// A result as the views hold it: parsed once, with a one-line summary for list rows.
import type { LiveResult } from '../../../shared/contract';
import { formatMs, formatShare, monitorAvgRt, type MonitorCycle } from '../../../shared/display/quantities';
import { revealInvisibles } from '../../../shared/display/invisible-chars';
import { traceMs } from '../../../shared/display/trace-text';
import { BUSY_ENHANCING } from '../../../shared/session-events';

export interface ResultRow {
  key: number;
  pos: number | null;
  type: string;
  jobId: number | null;
  origin: string;
  receivedAt: number;
  /** parsed JSON (null when the result was too large to send; see truncated) */
  data: Record<string, unknown> | null;
  raw: string | null;
  truncated?: { bytes: number; preview: string };
  summary: string;
  level: 'info' | 'error' | 'data';
}

let seq = 0;

/** protocol bookkeeping a reader rarely wants in the list (shown on request) */
export const PROTOCOL_TYPES: ReadonlySet<string> = new Set(['input_status', 'row_affect']);

/** results a reader came for: follow mode shows the newest of these in full (a failed job's status says why it failed) */
export function isContent(r: Pick<ResultRow, 'type' | 'jobId' | 'data'>): boolean {
  if (r.type === 'status') return typeof r.data?.statusCode === 'number' && r.data.statusCode !== 0;
  return r.jobId !== 0 && !PROTOCOL_TYPES.has(r.type) && !['command', 'enhancer', 'welcome'].includes(r.type);
}

const oneLine = (s: string, max = 240): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return String(v);
  }
}

/** The one-line summary of a result, by type; characters a screen would not show (escapes, bidi overrides, zero-width) as visible marks. */
export function summarize(type: string, d: Record<string, unknown>): { summary: string; level: ResultRow['level'] } {
  const r = summaryOf(type, d);
  return { ...r, summary: revealInvisibles(r.summary) };
}

function summaryOf(type: string, d: Record<string, unknown>): { summary: string; level: ResultRow['level'] } {
  const s = (x: unknown): string => (x === undefined || x === null ? '' : String(x));
  switch (type) {
    case 'watch':
      return { summary: `${formatMs(d.cost as number)}  ${oneLine(valueText(d.value))}`, level: d.accessPoint === 'AtExceptionExit' ? 'error' : 'data' };
    case 'message':
      return { summary: oneLine(s(d.message)), level: /unhealthy|inactive|error|fail/i.test(s(d.message)) ? 'error' : 'info' };
    case 'status':
      if (d.statusCode !== 0 && BUSY_ENHANCING.test(s(d.message))) return { summary: `status ${s(d.statusCode)}: ${oneLine(s(d.message))} (transient: run the command again)`, level: 'error' };
      return { summary: d.statusCode === 0 ? `status 0 (done)${d.message ? `: ${oneLine(s(d.message))}` : ''}` : `status ${s(d.statusCode)}: ${oneLine(s(d.message))}`, level: d.statusCode === 0 ? 'info' : 'error' };
    case 'command': {
      // an unknown command comes back as a FAILED command result (jobId 0) with Arthas's message
      const failed = d.state === 'FAILED' || d.state === 'REFUSED';
      return { summary: `${s(d.state)} ${oneLine(s(d.command))}${failed && d.message ? `: ${oneLine(s(d.message))}` : ''}`, level: failed ? 'error' : 'info' };
    }
    case 'input_status':
      return { summary: s(d.inputStatus), level: 'info' };
    case 'enhancer': {
      const e = (d.effect ?? {}) as Record<string, unknown>;
      return { summary: d.success ? `enhanced ${s(e.classCount)} class(es), ${s(e.methodCount)} method(s) in ${formatMs(e.cost as number)}` : `enhancement failed${d.message ? `: ${oneLine(s(d.message))}` : ''}`, level: d.success ? 'info' : 'error' };
    }
    case 'welcome':
      return { summary: `Arthas ${s(d.version)}, pid ${s(d.pid)}${d.mainClass ? `, ${s(d.mainClass)}` : ''}`, level: 'info' };
    case 'trace': {
      // trace costs are nanoseconds
      const root = d.root as { children?: Array<{ className?: string; methodName?: string; cost?: number; totalCost?: number }> } | undefined;
      const top = root?.children?.[0];
      // in ms as every other cost in the list and as the detail (one unit per column: not 2.78 ms beside 543 µs)
      const ns = top?.totalCost ?? top?.cost;
      return { summary: top ? `${traceMs(ns)} ${s(top.className)}.${s(top.methodName)} (${s(d.nodeCount)} nodes)` : `${s(d.nodeCount)} nodes`, level: 'data' };
    }
    case 'stack':
      return { summary: `${s(d.threadName)}: ${Array.isArray(d.stackTrace) ? d.stackTrace.length : 0} frames`, level: 'data' };
    case 'tt': {
      const list = (d.timeFragmentList ?? (d.timeFragment ? [d.timeFragment] : [])) as Array<Record<string, unknown>>;
      const threw = list[0] ? (list[0].throw ?? list[0].isThrow) === true : false;
      return { summary: list.length ? `#${s(list[0]!.index)} ${s(list[0]!.className)}.${s(list[0]!.methodName)} ${threw ? 'threw' : 'returned'} in ${formatMs(list[0]!.cost as number)}${list.length > 1 ? ` (${list.length})` : ''}` : 'no records', level: threw ? 'error' : 'data' };
    }
    case 'monitor': {
      const m = ((d.monitorDataList ?? []) as Array<MonitorCycle & { methodName?: string }>)[0];
      // the number that matters first, where a narrow list does not cut it
      return { summary: m ? `avg rt ${formatMs(monitorAvgRt(m))}, failed ${s(m.failed)} of ${s(m.total)} (${formatShare(m.failed ?? 0, m.total ?? 0)}) ${s(m.methodName)}` : 'monitor', level: 'data' };
    }
    case 'thread':
      return {
        summary: Array.isArray(d.threadStats) ? `${d.threadStats.length} threads` : Array.isArray(d.busyThreads) ? `${d.busyThreads.length} busiest threads` : d.threadInfo ? 'thread info' : 'thread',
        level: 'data',
      };
    case 'dashboard': {
      const heap = ((d.memoryInfo as Record<string, unknown> | undefined)?.heap as Array<Record<string, number>> | undefined)?.[0];
      return { summary: heap ? `heap ${(heap.used! / 1048576).toFixed(0)} MB of ${(heap.total! / 1048576).toFixed(0)} MB` : 'dashboard', level: 'data' };
    }
    case 'sc':
      return { summary: Array.isArray(d.classNames) ? `${d.classNames.length} classes: ${oneLine((d.classNames as string[]).join(', '))}` : 'class info', level: 'data' };
    case 'jad':
      return { summary: `source of ${s((d.classInfo as Record<string, unknown> | undefined)?.name)}`, level: 'data' };
    case 'version':
      return { summary: `version ${s(d.version)}`, level: 'data' };
    case 'ognl':
      return { summary: oneLine(valueText(d.value)), level: 'data' };
    default:
      return { summary: oneLine(valueText(d)), level: 'data' };
  }
}

export function toRow(r: LiveResult): ResultRow {
  let data: Record<string, unknown> | null = null;
  if (r.raw !== null) {
    try {
      data = JSON.parse(r.raw) as Record<string, unknown>;
    } catch {
      data = { type: r.type, unreadable: r.raw };
    }
  }
  const { summary, level } = data ? summarize(r.type, data) : { summary: `(${(r.truncated!.bytes / 1048576).toFixed(1)} MB: too large to show here; the full value is stored)`, level: 'data' as const };
  return { key: ++seq, pos: r.pos, type: r.type, jobId: r.jobId, origin: r.origin, receivedAt: r.receivedAt, data, raw: r.raw, truncated: r.truncated, summary, level };
}
