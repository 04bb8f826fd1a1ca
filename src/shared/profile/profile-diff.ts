// Two profiles compared (a differential flame graph): each normalised to its own total, so a run of
// 30 s and one of 10 s, or a busy pod and a quiet one, compare by share. The tree merges both: a
// frame is as wide as its mean share of the two (so a frame that vanished still shows), and says its
// share before and after; the methods whose share changed most come as a table.
import type { CollapsedProfile } from './collapsed-stacks';
import { treeOf, type StackNode } from './flame-tree';
import { hotMethods } from './hot-methods';

/** A frame of the merged tree: `before` and `after` are the counts of its stacks in each profile. */
export type DiffNode = StackNode;

export interface ProfileDiff {
  root: DiffNode;
  totals: { before: number; after: number };
}

/** A node's share of its profile's total, before and after, and the change (after − before), each 0–1. */
export function sharesOf(n: Pick<DiffNode, 'before' | 'after'>, totals: ProfileDiff['totals']): { before: number; after: number; delta: number } {
  const before = totals.before > 0 ? n.before / totals.before : 0;
  const after = totals.after > 0 ? n.after / totals.after : 0;
  return { before, after, delta: after - before };
}

/** Merges two profiles into one tree; widths (total, self) are the mean of the two shares, scaled to 1e9. */
export function diffProfiles(before: CollapsedProfile, after: CollapsedProfile): ProfileDiff {
  // one table of both profiles' stacks, the second's frames renamed into the first's names
  const names = [...before.names];
  const idOf = new Map(names.map((f, i) => [f, i]));
  const remap = Int32Array.from(after.names, (f) => {
    let id = idOf.get(f);
    if (id === undefined) idOf.set(f, (id = names.push(f) - 1));
    return id;
  });
  const nb = before.counts.length;
  const na = after.counts.length;
  const ids = new Int32Array(before.ids.length + after.ids.length);
  ids.set(before.ids);
  for (let i = 0; i < after.ids.length; i++) ids[before.ids.length + i] = remap[after.ids[i]!]!;
  const offsets = new Int32Array(nb + na + 1);
  offsets.set(before.offsets);
  for (let i = 1; i <= na; i++) offsets[nb + i] = before.ids.length + after.offsets[i]!;
  const counts = new Float64Array(nb + na);
  counts.set(before.counts);
  counts.set(after.counts, nb);
  const side = new Uint8Array(nb + na).fill(1, nb);
  // an empty profile adds nothing (its share is nowhere)
  const scaleB = before.total > 0 ? 0.5e9 / before.total : 0;
  const scaleA = after.total > 0 ? 0.5e9 / after.total : 0;
  const weights = Float64Array.from(counts, (c, i) => c * (i < nb ? scaleB : scaleA));
  const root = treeOf({ names, ids, offsets, weights, inverted: false, sides: { side, counts } });
  return { root, totals: { before: before.total, after: after.total } };
}

export interface ChangedMethod {
  frame: string;
  /** share of the total in stacks through the method, before and after (0–1) */
  before: number;
  after: number;
  delta: number;
  /** share of the total the method itself ran (its self), before and after */
  selfBefore: number;
  selfAfter: number;
}

/** The methods whose share changed most (by their total share, either way), largest change first. */
export function changedMethods(before: CollapsedProfile, after: CollapsedProfile, limit = 30): ChangedMethod[] {
  const by = new Map<string, ChangedMethod>();
  const get = (frame: string): ChangedMethod => {
    let m = by.get(frame);
    if (!m) by.set(frame, (m = { frame, before: 0, after: 0, delta: 0, selfBefore: 0, selfAfter: 0 }));
    return m;
  };
  for (const m of hotMethods(before)) Object.assign(get(m.frame), { before: m.total / (before.total || 1), selfBefore: m.self / (before.total || 1) });
  for (const m of hotMethods(after)) Object.assign(get(m.frame), { after: m.total / (after.total || 1), selfAfter: m.self / (after.total || 1) });
  const all = [...by.values()];
  for (const m of all) m.delta = m.after - m.before;
  return all.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (a.frame < b.frame ? -1 : 1)).slice(0, limit);
}

/** The colour of a change: hotter (more share after) red, colder blue, as strong as the change (±10 points saturate); no change near white. */
export function diffColour(delta: number): string {
  const k = Math.min(1, Math.abs(delta) / 0.1);
  const fade = Math.round(235 - 135 * k);
  return delta >= 0 ? `rgb(235, ${fade}, ${fade})` : `rgb(${fade}, ${fade}, 235)`;
}
