// Numbers behind the charts of cost distributions (diff and fleet comparison): a five-number box per
// run, and one histogram over shared bins so runs compare bar by bar. Pure: the views draw them and
// their tables show the same numbers.

export interface CostBox {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  p90: number;
  p99: number;
  mean: number;
}

/** The value at percentile p of sorted values (nearest rank, as the diff's p50/p90/p99). */
export function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function costBox(values: readonly number[]): CostBox | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    min: s[0]!,
    q1: nearestRank(s, 25),
    median: nearestRank(s, 50),
    q3: nearestRank(s, 75),
    max: s[s.length - 1]!,
    p90: nearestRank(s, 90),
    p99: nearestRank(s, 99),
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

export interface SharedHistogram {
  /** bins.length + 1 edges; bin i is [edges[i], edges[i+1]) and the last one includes its end */
  edges: number[];
  /** counts[run][bin] */
  counts: number[][];
  /** the edges grow geometrically (costs spread over orders of magnitude) */
  log: boolean;
}

/** One set of bins over every run's values: logarithmic when they span more than two orders of magnitude. */
export function sharedHistogram(runs: ReadonlyArray<readonly number[]>, bins = 20): SharedHistogram {
  const all = runs.flat();
  if (!all.length) return { edges: [], counts: runs.map(() => []), log: false };
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) {
    // one value: a bin around it
    hi = hi === 0 ? 1 : hi * 1.1;
    lo = lo * 0.9;
  }
  const log = lo > 0 && hi / lo > 100;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (log ? lo * Math.pow(hi / lo, i / bins) : lo + ((hi - lo) * i) / bins));
  edges[bins] = hi;
  const binOf = (v: number): number => {
    const f = log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
    return Math.min(bins - 1, Math.max(0, Math.floor(f * bins)));
  };
  const counts = runs.map((values) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of values) c[binOf(v)]!++;
    return c;
  });
  return { edges, counts, log };
}
