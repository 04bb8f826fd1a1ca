// Numbers as a person reads them, in the unit the source stated. Arthas sends costs such as
// 1.8143319999999998 (ms) and trace costs in nanoseconds (1825759, shown in ms: trace-text.ts): views round them here; the
// exact value stays in storage and in the detail view's raw text and tooltips.

/** Three significant digits below 100, whole numbers above: 0.142, 1.81, 12.3, 123, 1234. */
function readable(n: number): string {
  const a = Math.abs(n);
  if (a === 0) return '0';
  if (a >= 100) return Math.round(n).toLocaleString('en-US');
  if (a < 0.001) return n.toExponential(1);
  return String(Number(n.toPrecision(3)));
}

/** A duration given in milliseconds: "1.81 ms", "0.142 ms", "1.23 s" from 1000 ms up. */
export function formatMs(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '–';
  if (Math.abs(ms) >= 1000) return `${readable(ms / 1000)} s`;
  return `${readable(ms)} ms`;
}

/** A share: 2 of 2 → "100 %", 1 of 3 → "33.3 %"; "–" when there is nothing to divide. */
export function formatShare(part: number, whole: number): string {
  if (!(whole > 0) || !Number.isFinite(part)) return '–';
  const p = (part / whole) * 100;
  return `${p === 100 || p === 0 ? p.toFixed(0) : readable(p)} %`;
}

/** A monitor cycle as Arthas sends it (MonitorData): counts and `cost`, the summed ms of its calls. */
export interface MonitorCycle {
  total?: number;
  success?: number;
  failed?: number;
  cost?: number;
  /** 3.x-era simulators and some builds sent these precomputed */
  rt?: number;
  failedRate?: number;
}

/** Average response time of a cycle in ms (cost ÷ total), or null with no calls. */
export function monitorAvgRt(m: MonitorCycle): number | null {
  if (typeof m.rt === 'number') return m.rt;
  return typeof m.cost === 'number' && typeof m.total === 'number' && m.total > 0 ? m.cost / m.total : null;
}

/** Failure rate of a cycle as a ratio 0…1 (failed ÷ total), or null with no calls. */
export function monitorFailRate(m: MonitorCycle): number | null {
  if (typeof m.failedRate === 'number') return m.failedRate;
  return typeof m.failed === 'number' && typeof m.total === 'number' && m.total > 0 ? m.failed / m.total : null;
}
