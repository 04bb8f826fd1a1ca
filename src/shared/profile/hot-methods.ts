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
  const { names, ids, offsets, counts } = profile;
  const self = new Float64Array(names.length);
  const total = new Float64Array(names.length);
  // the last stack a frame was counted in: once per stack however deep its recursion
  const seen = new Int32Array(names.length).fill(-1);
  for (let s = 0; s < counts.length; s++) {
    const from = offsets[s]!;
    const to = offsets[s + 1]!;
    const c = counts[s]!;
    for (let i = from; i < to; i++) {
      const id = ids[i]!;
      if (seen[id] === s) continue;
      seen[id] = s;
      total[id]! += c;
    }
    if (to > from) self[ids[to - 1]!]! += c;
  }
  const out: MethodCounts[] = [];
  for (let id = 0; id < names.length; id++) if (seen[id]! >= 0) out.push({ frame: names[id]!, self: self[id]!, total: total[id]! });
  return out.sort((a, b) => b.self - a.self || b.total - a.total || (a.frame < b.frame ? -1 : 1));
}

export interface Neighbours {
  /** frames that call the method, with the counts of stacks through that call */
  callers: Array<{ frame: string; count: number }>;
  /** frames the method calls */
  callees: Array<{ frame: string; count: number }>;
}

/** Who calls the method and what it calls: each stack counted once per neighbour. */
export function neighboursOf(profile: CollapsedProfile, method: string): Neighbours {
  const { names, ids, offsets, counts } = profile;
  const target = names.indexOf(method);
  const callers = new Float64Array(names.length);
  const callees = new Float64Array(names.length);
  const seenCaller = new Int32Array(names.length).fill(-1);
  const seenCallee = new Int32Array(names.length).fill(-1);
  if (target >= 0)
    for (let s = 0; s < counts.length; s++) {
      const from = offsets[s]!;
      const to = offsets[s + 1]!;
      for (let i = from; i < to; i++) {
        if (ids[i] !== target) continue;
        const up = i > from ? ids[i - 1]! : -1;
        const down = i + 1 < to ? ids[i + 1]! : -1;
        if (up >= 0 && up !== target && seenCaller[up] !== s) {
          seenCaller[up] = s;
          callers[up]! += counts[s]!;
        }
        if (down >= 0 && down !== target && seenCallee[down] !== s) {
          seenCallee[down] = s;
          callees[down]! += counts[s]!;
        }
      }
    }
  const sorted = (by: Float64Array, seen: Int32Array): Array<{ frame: string; count: number }> => {
    const out: Array<{ frame: string; count: number }> = [];
    for (let id = 0; id < names.length; id++) if (seen[id]! >= 0) out.push({ frame: names[id]!, count: by[id]! });
    return out.sort((a, b) => b.count - a.count);
  };
  return { callers: sorted(callers, seenCaller), callees: sorted(callees, seenCallee) };
}
