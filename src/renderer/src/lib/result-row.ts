// A result as the views hold it: parsed once, with a one-line summary for list rows.
import { plainText } from '../../../shared/terminal/terminal-frames';
import type { LiveResult } from '../../../shared/contract';
import { formatMs, formatShare, monitorAvgRt, type MonitorCycle } from '../../../shared/display/quantities';
import { revealInvisibles } from '../../../shared/display/invisible-chars';
import { traceMs } from '../../../shared/display/trace-text';
import { BUSY_ENHANCING } from '../../../shared/session-events';
import { currentLocale, t } from '../i18n';

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
  /** the one-line summary, in the language of summaryLocale: read it through rowSummary() */
  summary: string;
  summaryLocale: string;
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

/** "{n} things", singular or plural as the language has it */
const count = (key: string, n: number): string => t(key, { n }, n);

function summaryOf(type: string, d: Record<string, unknown>): { summary: string; level: ResultRow['level'] } {
  const s = (x: unknown): string => (x === undefined || x === null ? '' : String(x));
  switch (type) {
    case 'watch':
      return { summary: `${formatMs(d.cost as number)}  ${oneLine(valueText(d.value))}`, level: d.accessPoint === 'AtExceptionExit' ? 'error' : 'data' };
    case 'message':
      return { summary: oneLine(s(d.message)), level: /unhealthy|inactive|error|fail/i.test(s(d.message)) ? 'error' : 'info' };
    case 'status': {
      const message = oneLine(s(d.message));
      if (d.statusCode === 0) return { summary: d.message ? t('row.statusDoneWith', { message }) : t('row.statusDone'), level: 'info' };
      return { summary: t(BUSY_ENHANCING.test(s(d.message)) ? 'row.statusTransient' : 'row.statusFailed', { code: s(d.statusCode), message }), level: 'error' };
    }
    case 'command': {
      // an unknown command comes back as a FAILED command result (jobId 0) with Arthas's message
      const failed = d.state === 'FAILED' || d.state === 'REFUSED';
      return { summary: `${s(d.state)} ${oneLine(s(d.command))}${failed && d.message ? `: ${oneLine(s(d.message))}` : ''}`, level: failed ? 'error' : 'info' };
    }
    case 'input_status':
      return { summary: s(d.inputStatus), level: 'info' };
    case 'enhancer': {
      const e = (d.effect ?? {}) as Record<string, unknown>;
      if (d.success) return { summary: t('row.enhanced', { classes: s(e.classCount), methods: s(e.methodCount), cost: formatMs(e.cost as number) }), level: 'info' };
      return { summary: d.message ? t('row.enhanceFailedWith', { message: oneLine(s(d.message)) }) : t('row.enhanceFailed'), level: 'error' };
    }
    case 'welcome':
      return { summary: t(d.mainClass ? 'row.welcomeMain' : 'row.welcome', { version: s(d.version), pid: s(d.pid), main: s(d.mainClass) }), level: 'info' };
    case 'trace': {
      // trace costs are nanoseconds
      const root = d.root as { children?: Array<{ className?: string; methodName?: string; cost?: number; totalCost?: number }> } | undefined;
      const top = root?.children?.[0];
      // in ms as every other cost in the list and as the detail (one unit per column: not 2.78 ms beside 543 µs)
      const ns = top?.totalCost ?? top?.cost;
      const n = s(d.nodeCount);
      return { summary: top ? t('row.traceNodes', { cost: traceMs(ns), method: `${s(top.className)}.${s(top.methodName)}`, n }) : t('row.traceOnlyNodes', { n }), level: 'data' };
    }
    case 'stack':
      return { summary: t('row.stackFrames', { thread: s(d.threadName), n: Array.isArray(d.stackTrace) ? d.stackTrace.length : 0 }), level: 'data' };
    case 'tt': {
      const list = (d.timeFragmentList ?? (d.timeFragment ? [d.timeFragment] : [])) as Array<Record<string, unknown>>;
      const first = list[0];
      if (!first) return { summary: t('row.ttNone'), level: 'data' };
      const threw = (first.throw ?? first.isThrow) === true;
      const one = t(threw ? 'row.ttThrew' : 'row.ttReturned', { index: s(first.index), method: `${s(first.className)}.${s(first.methodName)}`, cost: formatMs(first.cost as number) });
      return { summary: list.length > 1 ? one + t('row.ttMore', { n: list.length }) : one, level: threw ? 'error' : 'data' };
    }
    case 'monitor': {
      const m = ((d.monitorDataList ?? []) as Array<MonitorCycle & { methodName?: string }>)[0];
      // the number that matters first, where a narrow list does not cut it
      if (!m) return { summary: 'monitor', level: 'data' };
      return { summary: t('row.monitor', { rt: formatMs(monitorAvgRt(m)), failed: s(m.failed), total: s(m.total), share: formatShare(m.failed ?? 0, m.total ?? 0), method: s(m.methodName) }).trimEnd(), level: 'data' };
    }
    case 'thread':
      return {
        summary: Array.isArray(d.threadStats) ? t('row.threads', { n: d.threadStats.length }) : Array.isArray(d.busyThreads) ? t('row.busiest', { n: d.busyThreads.length }) : d.threadInfo ? t('row.threadInfo') : 'thread',
        level: 'data',
      };
    case 'dashboard':
    case 'memory': {
      const heap = ((d.memoryInfo as Record<string, unknown> | undefined)?.heap as Array<Record<string, number>> | undefined)?.[0];
      return { summary: heap ? t('row.heap', { used: (heap.used! / 1048576).toFixed(0), total: (heap.total! / 1048576).toFixed(0) }) : type, level: 'data' };
    }
    case 'sc':
      return { summary: Array.isArray(d.classNames) ? t('row.classes', { n: d.classNames.length, names: oneLine((d.classNames as string[]).join(', ')) }) : t('row.classInfo', { name: s((d.classInfo as Record<string, unknown> | undefined)?.name) }), level: 'data' };
    case 'sm': {
      const m = (d.methodInfo ?? {}) as Record<string, unknown>;
      // as the terminal prints it: demo.MathGame primeFactors(I)Ljava/util/List;
      const params = Array.isArray(m.parameters) ? `(${m.parameters.map(s).join(', ')})` : s(m.descriptor);
      return { summary: `${s(m.declaringClass)} ${s(m.methodName)}${d.detail ? params : s(m.descriptor)}`, level: 'data' };
    }
    case 'classloader': {
      // -t sends each loader with its children: all of them count
      const all = (l: unknown[]): number => l.reduce<number>((a, x) => a + 1 + all(((x as { children?: unknown[] }).children ?? []) as unknown[]), 0);
      const n = d.classLoaderStats && typeof d.classLoaderStats === 'object' ? Object.keys(d.classLoaderStats).length : Array.isArray(d.classLoaders) ? all(d.classLoaders) : null;
      return { summary: n === null ? oneLine(valueText(d)) : count('row.classLoaders', n), level: 'data' };
    }
    case 'logger':
      return { summary: count('row.loggers', d.loggerInfoMap && typeof d.loggerInfoMap === 'object' ? Object.keys(d.loggerInfoMap).length : 0), level: 'data' };
    case 'sysenv':
      return { summary: count('row.variables', d.env && typeof d.env === 'object' ? Object.keys(d.env).length : 0), level: 'data' };
    case 'vmoption':
      return { summary: count('row.vmOptions', Array.isArray(d.vmOptions) ? d.vmOptions.length : 0), level: 'data' };
    case 'perfcounter':
      return { summary: count('row.counters', Array.isArray(d.perfCounters) ? d.perfCounters.length : 0), level: 'data' };
    case 'options':
      return { summary: count('row.options', Array.isArray(d.options) ? d.options.length : 0), level: 'data' };
    case 'mbean':
      if (Array.isArray(d.mbeanNames)) return { summary: count('row.mbeans', d.mbeanNames.length), level: 'data' };
      return { summary: oneLine(d.mbeanAttribute && typeof d.mbeanAttribute === 'object' ? Object.keys(d.mbeanAttribute).join(', ') : valueText(d)), level: 'data' };
    case 'getstatic':
      return { summary: `${s(d.fieldName)} = ${oneLine(valueText(d.field))}`, level: /^ERROR DATA!!!/.test(s(d.field)) ? 'error' : 'data' };
    case 'vmtool':
      if (Array.isArray(d.matchedClassLoaders)) return { summary: count('row.matchedLoaders', d.matchedClassLoaders.length), level: 'data' };
      return { summary: oneLine(valueText(d.value)), level: 'data' };
    case 'terminal':
      if (typeof d.line === 'string') return { summary: d.line, level: 'data' };
      if (typeof d.in === 'string') return { summary: t('terminal.typedSummary', { keys: JSON.stringify(d.in).slice(1, -1) }), level: 'data' };
      if (d.resize && typeof d.resize === 'object') return { summary: t('terminal.resized', d.resize as Record<string, number>), level: 'data' };
      return { summary: oneLine(plainText(s(d.out))), level: 'data' };
    case 'heapdump':
      return { summary: t(d.live ? 'row.heapDumpLive' : 'row.heapDump', { file: s(d.dumpFile) }), level: 'data' };
    case 'jfr':
      return { summary: oneLine(s(d.jfrOutput)), level: 'data' };
    case 'jad':
      return { summary: t('row.source', { name: s((d.classInfo as Record<string, unknown> | undefined)?.name) }), level: 'data' };
    case 'version':
      return { summary: t('row.version', { version: s(d.version) }), level: 'data' };
    case 'ognl':
      return { summary: oneLine(valueText(d.value)), level: 'data' };
    case 'profiler': {
      if (d.action === 'dumpCollapsed') {
        const text = s(d.executeResult);
        const stacks = text ? text.split('\n').filter((l) => l.trim()).length : 0;
        return { summary: count('row.profile', stacks), level: 'data' };
      }
      return { summary: `${s(d.action)}: ${oneLine(s(d.executeResult))}${d.outputFile ? ` → ${s(d.outputFile)}` : ''}`, level: 'data' };
    }
    default:
      return { summary: oneLine(valueText(d)), level: 'data' };
  }
}

/** A row's summary in the language shown now: a row summarized before the language changed is summarized again. */
export function rowSummary(r: ResultRow): string {
  const locale = currentLocale();
  if (r.summaryLocale !== locale) {
    r.summary = r.data ? summarize(r.type, r.data).summary : tooLarge(r.truncated?.bytes ?? 0);
    r.summaryLocale = locale;
  }
  return r.summary;
}

const tooLarge = (bytes: number): string => t('row.tooLarge', { mb: (bytes / 1048576).toFixed(1) });

export function toRow(r: LiveResult): ResultRow {
  let data: Record<string, unknown> | null = null;
  if (r.raw !== null) {
    try {
      data = JSON.parse(r.raw) as Record<string, unknown>;
    } catch {
      data = { type: r.type, unreadable: r.raw };
    }
  }
  const { summary, level } = data ? summarize(r.type, data) : { summary: tooLarge(r.truncated!.bytes), level: 'data' as const };
  return { key: ++seq, pos: r.pos, type: r.type, jobId: r.jobId, origin: r.origin, receivedAt: r.receivedAt, data, raw: r.raw, truncated: r.truncated, summary, summaryLocale: currentLocale(), level };
}
