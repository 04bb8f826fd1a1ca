// What a profile's counts mean. Arthas's `profiler dumpCollapsed` counts by async-profiler's TOTAL
// counter: nanoseconds for the time events (cpu, itimer, wall, ctimer, lock), bytes for alloc and
// nativemem; with SAMPLES (and for Java method events) each count is one sample.

export type ProfileUnit = 'ns' | 'bytes' | 'samples';

/** The unit of a profile's counts, from its event and the counter Arthas named (actionArg TOTAL or SAMPLES). */
export function profileUnit(event: string | null, counter: string | null | undefined): ProfileUnit {
  if (counter && counter.toUpperCase() === 'SAMPLES') return 'samples';
  const e = (event ?? 'cpu').toLowerCase();
  if (e === 'alloc' || e === 'nativemem') return 'bytes';
  if (['cpu', 'itimer', 'wall', 'ctimer', 'lock', 'nativelock'].includes(e) || e.endsWith('-clock')) return 'ns';
  return 'samples';
}

function short(n: number): string {
  return String(Number(n.toPrecision(3)));
}

/** A count as a person reads it, in its unit: 12.3 ms, 1.5 MB, 42 samples. */
export function formatCount(n: number, unit: ProfileUnit): string {
  if (unit === 'ns') {
    if (n >= 1e9) return `${short(n / 1e9)} s`;
    if (n >= 1e6) return `${short(n / 1e6)} ms`;
    if (n >= 1e3) return `${short(n / 1e3)} µs`;
    return `${n} ns`;
  }
  if (unit === 'bytes') {
    if (n >= 1 << 30) return `${short(n / (1 << 30))} GB`;
    if (n >= 1 << 20) return `${short(n / (1 << 20))} MB`;
    if (n >= 1 << 10) return `${short(n / (1 << 10))} KB`;
    return `${n} B`;
  }
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'sample' : 'samples'}`;
}

/** Arthas's default sampling interval for the time events: 10 ms. */
export const DEFAULT_INTERVAL_NS = 10_000_000;

/**
 * The interval one sample stands for, when a time profile's counts say so: each stack's count a
 * whole number of intervals (as async-profiler counts cpu and itimer). Null when they do not (wall
 * clock with its own interval, lock waits), and the view then shows time only.
 */
export function sampleInterval(unit: ProfileUnit, counts: Iterable<number>, intervalNs: number | null): number | null {
  if (unit !== 'ns') return null;
  const interval = intervalNs ?? DEFAULT_INTERVAL_NS;
  let any = false;
  for (const c of counts) {
    any = true;
    if (c % interval !== 0) return null;
  }
  return any ? interval : null;
}
