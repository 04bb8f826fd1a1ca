// The hot-methods table of a profile (IntelliJ's "method list", async-profiler's flat view): each
// frame's self count (stacks it ends) and total (stacks it is in, once each however deep its
// recursion), and for one method its callers and callees with the counts that pass through them.
import type { CollapsedProfile } from './collapsed-stacks';

export interface MethodCounts {
  frame: string;
  self: number;
  total: number;
}

/** Every frame's self and total, hottest self first (ties by total, then name). */
export function hotMethods(profile: CollapsedProfile): MethodCounts[] {
  const by = new Map<string, MethodCounts>();
  const get = (frame: string): MethodCounts => {
    let m = by.get(frame);
    if (!m) by.set(frame, (m = { frame, self: 0, total: 0 }));
    return m;
  };
  for (const s of profile.stacks) {
    const seen = new Set<string>();
    for (const f of s.frames) {
      if (seen.has(f)) continue;
      seen.add(f);
      get(f).total += s.count;
    }
    const leaf = s.frames[s.frames.length - 1];
    if (leaf !== undefined) get(leaf).self += s.count;
  }
  return [...by.values()].sort((a, b) => b.self - a.self || b.total - a.total || (a.frame < b.frame ? -1 : 1));
}

export interface Neighbours {
  /** frames that call the method, with the counts of stacks through that call */
  callers: Array<{ frame: string; count: number }>;
  /** frames the method calls */
  callees: Array<{ frame: string; count: number }>;
}

/** Who calls the method and what it calls: each stack counted once per neighbour. */
export function neighboursOf(profile: CollapsedProfile, method: string): Neighbours {
  const callers = new Map<string, number>();
  const callees = new Map<string, number>();
  for (const s of profile.stacks) {
    const seenCaller = new Set<string>();
    const seenCallee = new Set<string>();
    s.frames.forEach((f, i) => {
      if (f !== method) return;
      const up = s.frames[i - 1];
      const down = s.frames[i + 1];
      if (up !== undefined && up !== method && !seenCaller.has(up)) {
        seenCaller.add(up);
        callers.set(up, (callers.get(up) ?? 0) + s.count);
      }
      if (down !== undefined && down !== method && !seenCallee.has(down)) {
        seenCallee.add(down);
        callees.set(down, (callees.get(down) ?? 0) + s.count);
      }
    });
  }
  const sorted = (m: Map<string, number>): Array<{ frame: string; count: number }> => [...m].map(([frame, count]) => ({ frame, count })).sort((a, b) => b.count - a.count);
  return { callers: sorted(callers), callees: sorted(callees) };
}
