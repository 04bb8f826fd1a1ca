// The tree a flame graph draws: stacks merged by their frames from the root (or from the leaf, for
// the inverted view, "who calls the hottest methods"), each node with its total and self counts, and
// the rectangles of a zoomed view. Children are ordered by name, as async-profiler draws them.
import { frameKind, type CollapsedProfile, type FrameKind } from './collapsed-stacks';

export interface FlameNode {
  /** the frame as the profile writes it */
  frame: string;
  kind: FrameKind;
  total: number;
  self: number;
  depth: number;
  parent: FlameNode | null;
  children: FlameNode[];
}

/** Merges the stacks into one tree under a root of every count; inverted: each stack read from its leaf. */
export function buildFlameTree(profile: CollapsedProfile, inverted = false): FlameNode {
  const root: FlameNode = { frame: 'all', kind: 'thread', total: 0, self: 0, depth: 0, parent: null, children: [] };
  const kids = childIndex<FlameNode>();
  const kindOf = kindCache();
  for (const s of profile.stacks) {
    root.total += s.count;
    let node = root;
    const n = s.frames.length;
    for (let i = 0; i < n; i++) {
      const at = inverted ? n - 1 - i : i;
      const frame = s.frames[at]!;
      let child = kids.find(node, frame);
      if (!child) kids.add(node, (child = { frame, kind: kindOf(frame, at === n - 1), total: 0, self: 0, depth: node.depth + 1, parent: node, children: [] }));
      child.total += s.count;
      node = child;
    }
    node.self += s.count;
  }
  byName(root);
  return root;
}

/**
 * A node's child by its frame, for building a tree: a frame's few callees are searched, a Map kept
 * only for the wide ones (a Map per node would cost more than the tree itself at 100,000 stacks).
 */
export function childIndex<N extends { frame: string; children: N[] }>(): { find(node: N, frame: string): N | undefined; add(node: N, child: N): void } {
  const WIDE = 16;
  const wide = new Map<N, Map<string, N>>();
  return {
    find(node, frame) {
      const kids = node.children;
      if (kids.length > WIDE) return wide.get(node)!.get(frame);
      for (let k = 0; k < kids.length; k++) if (kids[k]!.frame === frame) return kids[k];
      return undefined;
    },
    add(node, child) {
      node.children.push(child);
      const m = wide.get(node);
      if (m) m.set(child.frame, child);
      else if (node.children.length > WIDE) wide.set(node, new Map(node.children.map((c) => [c.frame, c])));
    },
  };
}

/** Children in name order, as async-profiler draws them. */
export function byName<N extends { frame: string; children: N[] }>(node: N): void {
  node.children.sort((a, b) => (a.frame < b.frame ? -1 : a.frame > b.frame ? 1 : 0));
  for (const c of node.children) byName(c);
}

/** frameKind, once per distinct frame (a profile repeats a few thousand frames over millions of nodes) */
export function kindCache(): (frame: string, isLeaf: boolean) => FrameKind {
  const inner = new Map<string, FrameKind>();
  const leaf = new Map<string, FrameKind>();
  return (frame, isLeaf) => {
    const m = isLeaf ? leaf : inner;
    let k = m.get(frame);
    if (k === undefined) m.set(frame, (k = frameKind(frame, isLeaf)));
    return k;
  };
}

/** One rectangle of the drawn graph: its node, where it starts (0–1 of the view's width) and how wide. */
export interface FlameRect {
  node: FlameNode;
  x: number;
  width: number;
  depth: number;
}

/**
 * The rectangles of the view zoomed to `focus` (the whole tree when it is the root): the focus spans
 * the width, its ancestors too (drawn above it, as async-profiler does); frames narrower than
 * `minWidth` of the view are left out (their share is still in their parent's).
 */
export function flameRects(root: FlameNode, focus: FlameNode = root, minWidth = 0): FlameRect[] {
  const out: FlameRect[] = [];
  if (!(focus.total > 0)) return out;
  for (let a = focus.parent; a; a = a.parent) out.push({ node: a, x: 0, width: 1, depth: a.depth });
  const walk = (node: FlameNode, x: number): void => {
    const width = node.total / focus.total;
    if (width < minWidth) return;
    out.push({ node, x, width, depth: node.depth });
    let cx = x;
    for (const c of node.children) {
      walk(c, cx);
      cx += c.total / focus.total;
    }
  };
  walk(focus, 0);
  return out;
}

/** The frames of a node's stack from the root down to it. */
export function stackOf(node: FlameNode): string[] {
  const out: string[] = [];
  for (let n: FlameNode | null = node; n && n.parent; n = n.parent) out.unshift(n.frame);
  return out;
}

/**
 * The counts under frames matching a search: a stack counts once, however many of its frames match.
 * `matches` tells which frames match (by their name as shown).
 */
export function matchedTotal(profile: CollapsedProfile, matches: (frame: string) => boolean): number {
  let n = 0;
  for (const s of profile.stacks) if (s.frames.some(matches)) n += s.count;
  return n;
}
