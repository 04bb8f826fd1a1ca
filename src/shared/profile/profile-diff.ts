// Two profiles compared (a differential flame graph): each normalised to its own total, so a run of
// 30 s and one of 10 s, or a busy pod and a quiet one, compare by share. The tree merges both: a
// frame is as wide as its mean share of the two (so a frame that vanished still shows), and says its
// share before and after; the methods whose share changed most come as a table.
import type { CollapsedProfile } from './collapsed-stacks';
import { byName, childIndex, kindCache, type FlameNode } from './flame-tree';
import { hotMethods } from './hot-methods';

export interface DiffNode extends FlameNode {
  /** counts of this frame's stacks in the first profile (before) and the second (after) */
  before: number;
  after: number;
  children: DiffNode[];
  parent: DiffNode | null;
}

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
  const root: DiffNode = { frame: 'all', kind: 'thread', total: 0, self: 0, depth: 0, parent: null, children: [], before: 0, after: 0 };
  const kids = childIndex<DiffNode>();
  const kindOf = kindCache();
  const add = (p: CollapsedProfile, side: 'before' | 'after'): void => {
    if (!(p.total > 0)) return;
    const scale = 0.5e9 / p.total;
    for (const s of p.stacks) {
      const w = s.count * scale;
      root.total += w;
      root[side] += s.count;
      let node = root;
      s.frames.forEach((frame, i) => {
        let child = kids.find(node, frame);
        if (!child) kids.add(node, (child = { frame, kind: kindOf(frame, i === s.frames.length - 1), total: 0, self: 0, depth: node.depth + 1, parent: node, children: [], before: 0, after: 0 }));
        child.total += w;
        child[side] += s.count;
        node = child;
      });
      node.self += w;
    }
  };
  add(before, 'before');
  add(after, 'after');
  byName(root);
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
