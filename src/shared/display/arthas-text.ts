// What Arthas's own terminal prints for threads, stacks and the dashboard, so the views read like the
// console a Java engineer compares them with: stack frames as Java writes them, a busy thread's
// header line, thread times as m:s.mmm, memory in K/M with its usage, the runtime in its order.
// Pure: the views and the offline page use it; the exact values stay in the detail's JSON.

export interface JavaFrame {
  className?: string;
  methodName?: string;
  fileName?: string | null;
  lineNumber?: number;
  nativeMethod?: boolean;
}

/** A stack frame as java.lang.StackTraceElement.toString() writes it. */
export function javaFrame(f: JavaFrame): string {
  const where = f.nativeMethod || f.lineNumber === -2 ? 'Native Method' : !f.fileName ? 'Unknown Source' : f.lineNumber !== undefined && f.lineNumber >= 0 ? `${f.fileName}:${f.lineNumber}` : f.fileName;
  return `${f.className ?? '?'}.${f.methodName ?? '?'}(${where})`;
}

export interface BusyThread {
  id?: number;
  name?: string;
  cpu?: number;
  deltaTime?: number;
  time?: number;
  state?: string;
  lockName?: string | null;
  lockOwnerName?: string | null;
  lockOwnerId?: number;
  suspended?: boolean;
  inNative?: boolean;
}

/** The first line of a thread in `thread -n` and `thread <id>`: "name" Id=18 cpuUsage=1.41% deltaTime=2ms time=138ms RUNNABLE (in native). */
export function threadHeader(t: BusyThread): string {
  let s = `"${t.name ?? ''}"${t.id !== undefined && t.id > 0 ? ` Id=${t.id}` : ' [Internal]'}`;
  if (t.cpu !== undefined && t.cpu >= 0 && t.cpu <= 100) s += ` cpuUsage=${t.cpu}%`;
  if (t.deltaTime !== undefined && t.deltaTime >= 0) s += ` deltaTime=${t.deltaTime}ms`;
  if (t.time !== undefined && t.time >= 0) s += ` time=${t.time}ms`;
  if (!t.state) return s;
  s += ` ${t.state}`;
  if (t.lockName) s += ` on ${t.lockName}`;
  if (t.lockOwnerName) s += ` owned by "${t.lockOwnerName}" Id=${t.lockOwnerId}`;
  if (t.suspended) s += ' (suspended)';
  if (t.inNative) s += ' (in native)';
  return s;
}

/** A thread's CPU time as the thread table shows it: minutes:seconds.millis. */
export function threadTime(ms: number | undefined): string {
  if (ms === undefined || ms < 0) return '-';
  const min = Math.floor(ms / 60_000);
  const sec = Math.floor((ms % 60_000) / 1000);
  return `${min}:${sec}.${String(ms % 1000).padStart(3, '0')}`;
}

/** The CPU time used since the last sample, in seconds with millis (the DELTA_TIME column). */
export function deltaSeconds(ms: number | undefined): string {
  if (ms === undefined || ms < 0) return '-';
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
}

export interface MemoryEntry {
  name?: string;
  used?: number;
  total?: number;
  max?: number;
}

/**
 * A memory row as Arthas's terminal prints it: used, total, max in K or M (chosen by `used`), and
 * usage of max where there is one, else of total. A max of -1 (undefined by the JVM) prints as -1; a
 * buffer pool's, which the JVM reports as Long.MIN_VALUE (no limit of its own), prints as -.
 */
export function memoryRow(m: MemoryEntry): { name: string; used: string; total: string; max: string; usage: string } {
  const used = m.used ?? 0;
  const unit = Math.floor(used / 1024 / 1024) > 0 ? { by: 1048576, s: 'M' } : { by: 1024, s: 'K' };
  const fmt = (v: number | undefined): string => (v === undefined ? '-' : v === -1 ? '-1' : v < 0 ? '-' : `${Math.floor(v / unit.by)}${unit.s}`);
  const of = m.max !== undefined && m.max > 0 ? m.max : (m.total ?? 0);
  const usage = of > 0 ? (used / of) * 100 : 0;
  return { name: m.name ?? '', used: fmt(m.used), total: fmt(m.total), max: fmt(m.max), usage: `${usage.toFixed(2)}%` };
}

export interface RuntimeInfo {
  osName?: string;
  osVersion?: string;
  javaVersion?: string;
  javaHome?: string;
  systemLoadAverage?: number;
  processors?: number;
  timestamp?: number;
  uptime?: number;
}

/** The dashboard's Runtime block, in Arthas's order, with units; `dateTime` formats the JVM's clock. */
export function runtimeRows(r: RuntimeInfo, dateTime: (ms: number) => string): Array<[string, string]> {
  return [
    ['os.name', r.osName ?? ''],
    ['os.version', r.osVersion ?? ''],
    ['java.version', r.javaVersion ?? ''],
    ['java.home', r.javaHome ?? ''],
    ['systemload.average', r.systemLoadAverage === undefined ? '' : r.systemLoadAverage.toFixed(2)],
    ['processors', r.processors === undefined ? '' : String(r.processors)],
    ['timestamp/uptime', `${r.timestamp === undefined ? '' : dateTime(r.timestamp)}/${r.uptime ?? ''}s`],
  ];
}

/** The dashboard's memory areas in Arthas's order: heap, non-heap, buffer pools. */
export function memoryAreas(info: Record<string, MemoryEntry[] | undefined>): MemoryEntry[] {
  return [...(info.heap ?? []), ...(info.nonheap ?? []), ...(info.buffer_pool ?? [])];
}
