// Cost over time of a watch job: one point per call (the JVM's time when known, else when received),
// its cost in ms, and whether it ended in an exception. Pure: built in main from stored results,
// drawn by the view, listed by its table.

export interface CostSeries {
  /** epoch ms */
  t: number[];
  /** ms, as Arthas sent it */
  cost: number[];
  /** the call ended in an exception */
  exception: boolean[];
  /** the result's position in the recording */
  pos: number[];
}

/**
 * Whether a watch result is of a call that threw: Arthas 4.x says so in accessPoint
 * (AtExceptionExit); 3.x structured values carry a non-null throwExp.
 */
export function watchThrew(result: Record<string, unknown>): boolean {
  if (typeof result.accessPoint === 'string') return result.accessPoint === 'AtExceptionExit';
  const v = result.value;
  if (v && typeof v === 'object' && !Array.isArray(v) && 'throwExp' in v) return (v as { throwExp: unknown }).throwExp != null;
  return false;
}

export function emptySeries(): CostSeries {
  return { t: [], cost: [], exception: [], pos: [] };
}

/** Adds one stored watch result to a series (results without a numeric cost are skipped). */
export function addToSeries(s: CostSeries, row: { pos: number; at: number; raw: string }): void {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(row.raw) as Record<string, unknown>;
  } catch {
    return;
  }
  if (typeof r.cost !== 'number') return;
  s.t.push(row.at);
  s.cost.push(r.cost);
  s.exception.push(watchThrew(r));
  s.pos.push(row.pos);
}

export interface SeriesWindow {
  from: number;
  to: number;
  calls: number;
  exceptions: number;
  p50: number | null;
  max: number | null;
}

/** The series cut into n stretches of equal time: what the chart's table lists. */
export function seriesWindows(s: CostSeries, n = 20): SeriesWindow[] {
  if (!s.t.length) return [];
  const lo = Math.min(...s.t);
  const hi = Math.max(...s.t);
  const span = Math.max(1, hi - lo);
  const buckets: number[][] = Array.from({ length: n }, () => []);
  const exc = new Array<number>(n).fill(0);
  s.t.forEach((t, i) => {
    const b = Math.min(n - 1, Math.floor(((t - lo) / span) * n));
    buckets[b]!.push(s.cost[i]!);
    if (s.exception[i]) exc[b]!++;
  });
  return buckets.map((costs, b) => {
    const sorted = [...costs].sort((x, y) => x - y);
    return {
      from: lo + (span * b) / n,
      to: lo + (span * (b + 1)) / n,
      calls: costs.length,
      exceptions: exc[b]!,
      p50: sorted.length ? sorted[Math.max(0, Math.ceil(sorted.length / 2) - 1)]! : null,
      max: sorted.length ? sorted[sorted.length - 1]! : null,
    };
  });
}
