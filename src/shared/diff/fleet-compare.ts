// The watch diff extended to N runs (the members of a fleet, or several runs anywhere): each run's
// call count, exception rate, cost percentiles and distribution over shared bins, the exception types
// only it has, and, for calls with the same parameters in several runs, the runs whose return value
// differs from what most runs returned.
import { sharedHistogram, type SharedHistogram } from '../charts/distribution';
import { canonical, preview } from './value-tree';
import { costsOf, keyOf, stats, type SideStats, type WatchCall } from './watch-diff';

export interface FleetRunStats extends SideStats {
  label: string;
  /** exception types this run has and no other run has */
  ownExceptionTypes: string[];
  /** calls whose params other runs also saw, and of those how many returned something else than the majority */
  comparedCalls: number;
  differsFromMajority: number;
}

export interface MajorityDifference {
  /** the params (preview) */
  params: string;
  /** what most runs returned (preview), and how many runs */
  majority: string;
  majorityRuns: number;
  /** the runs that returned something else, with what */
  outliers: Array<{ run: number; value: string; pos: number }>;
}

export interface FleetComparison {
  runs: FleetRunStats[];
  costHistogram: SharedHistogram;
  /** params seen in at least two runs where some run disagrees with the majority (first `limit`) */
  differences: MajorityDifference[];
  differencesTotal: number;
  /** the runs that differ from the majority on at least one call */
  outlierRuns: number[];
}

/** The value compared across runs: the return value (or the exception), else the whole value. */
function outcomeOf(c: WatchCall): string {
  if (c.exception) return `throws ${c.exception}`;
  const ret = c.parts.find((p) => p.label === 'returnObj');
  if (ret) return canonical(ret.node);
  return c.text ?? c.parts.map((p) => canonical(p.node)).join('|');
}
function outcomePreview(c: WatchCall): string {
  if (c.exception) return `throws ${c.exception}`;
  const ret = c.parts.find((p) => p.label === 'returnObj');
  return ret ? preview(ret.node, 200) : (c.text ?? c.parts.map((p) => preview(p.node, 80)).join(', ')).slice(0, 200);
}
function paramsPreview(c: WatchCall): string {
  const p = c.parts.find((x) => x.label === 'params') ?? c.parts[0];
  return p ? preview(p.node, 200) : (c.text ?? '').slice(0, 200);
}

export function compareFleet(runs: Array<{ label: string; calls: WatchCall[] }>, limit = 200): FleetComparison {
  const base = runs.map((r) => stats(r.calls));
  const typeRuns = new Map<string, Set<number>>();
  base.forEach((s, i) => s.exceptionTypes.forEach((t) => (typeRuns.get(t) ?? typeRuns.set(t, new Set()).get(t)!).add(i)));
  // by params: what each run returned (its first call with those params)
  const byKey = new Map<string, Map<number, WatchCall>>();
  runs.forEach((r, i) => {
    for (const c of r.calls) {
      const k = keyOf(c);
      const m = byKey.get(k) ?? byKey.set(k, new Map()).get(k)!;
      if (!m.has(i)) m.set(i, c);
    }
  });
  const compared = new Array<number>(runs.length).fill(0);
  const differs = new Array<number>(runs.length).fill(0);
  const differences: MajorityDifference[] = [];
  let differencesTotal = 0;
  for (const m of byKey.values()) {
    if (m.size < 2) continue;
    const votes = new Map<string, number[]>();
    for (const [run, c] of m) (votes.get(outcomeOf(c)) ?? votes.set(outcomeOf(c), []).get(outcomeOf(c))!).push(run);
    for (const run of m.keys()) compared[run]!++;
    if (votes.size < 2) continue;
    const ranked = [...votes.entries()].sort((a, b) => b[1].length - a[1].length);
    // a majority: more than half of the runs that saw these params (so at least two agree); without
    // one (a tie, or two runs that disagree) the difference is listed and nobody is singled out
    const majority = ranked[0]![1].length * 2 > m.size ? ranked[0]! : null;
    const outlierRuns = majority ? ranked.slice(1).flatMap(([, rs]) => rs) : [];
    for (const r of outlierRuns) differs[r]!++;
    differencesTotal++;
    if (differences.length < limit) {
      const any = m.values().next().value as WatchCall;
      differences.push({
        params: paramsPreview(any),
        majority: majority ? outcomePreview(m.get(majority[1][0]!)!) : '(no majority)',
        majorityRuns: majority ? majority[1].length : 0,
        outliers: (majority ? outlierRuns : [...m.keys()]).map((r) => ({ run: r, value: outcomePreview(m.get(r)!), pos: m.get(r)!.pos })),
      });
    }
  }
  return {
    runs: runs.map((r, i) => ({
      ...base[i]!,
      label: r.label,
      ownExceptionTypes: base[i]!.exceptionTypes.filter((t) => typeRuns.get(t)!.size === 1 && runs.length > 1),
      comparedCalls: compared[i]!,
      differsFromMajority: differs[i]!,
    })),
    costHistogram: sharedHistogram(runs.map((r) => costsOf(r.calls))),
    differences,
    differencesTotal,
    outlierRuns: differs.flatMap((n, i) => (n > 0 ? [i] : [])),
  };
}
