// The tree a flame graph draws: stacks merged by their frames from the root (or from the leaf, for
// the inverted view, "who calls the hottest methods"), each node with its total and self counts, and
// the rectangles of a zoomed view. Children are ordered by name, as async-profiler draws them.
//
// The tree is made as it is looked at: a node holds the stacks through it, and its children are
// made (its stacks grouped by their next frame) when they are first read. A view draws a few
// thousand frames of a profile whose full tree has millions, and zooming makes only the part shown.
import { frameKind, type CollapsedProfile, type FrameKind } from './collapsed-stacks';

export interface FlameNode {
  /** the frame as the profile writes it */
  frame: string;
  kind: FrameKind;
  total: number;
  self: number;
  depth: number;
  parent: FlameNode | null;
  readonly children: FlameNode[];
}

/**
 * What a tree is grouped from: stacks as frame ids (a profile's, or two profiles' in one table for a
 * diff), the weight each stack adds to `total`/`self`, and per stack the side it came from with its
 * own count (a diff's before and after).
 */
export interface StackSource {
  names: string[];
  ids: Int32Array;
  offsets: Int32Array;
  weights: Float64Array;
  inverted: boolean;
  sides?: { side: Uint8Array; counts: Float64Array };
}

/** A node of a tree made on demand; `before`/`after` are the sides' counts of a diff (0 otherwise). */
export class StackNode implements FlameNode {
  before = 0;
  after = 0;
  private made: StackNode[] | null = null;
  constructor(
    public frame: string,
    public kind: FrameKind,
    public total: number,
    public self: number,
    public depth: number,
    public parent: StackNode | null,
    private readonly tree: TreeState,
    private members: Int32Array,
  ) {}

  get children(): StackNode[] {
    if (!this.made) {
      this.made = groupChildren(this, this.tree, this.members);
      this.members = EMPTY;
    }
    return this.made;
  }
}

const EMPTY = new Int32Array(0);

interface TreeState {
  src: StackSource;
  /** each name's place in name order */
  rank: Int32Array;
  kindOf: (frame: string, isLeaf: boolean) => FrameKind;
  /** per name id: the group it is in during one grouping (stamped by `turn`) */
  slot: Int32Array;
  stamp: Int32Array;
  turn: number;
}

/** Merges the stacks into one tree under a root of every count; inverted: each stack read from its leaf. */
export function buildFlameTree(profile: CollapsedProfile, inverted = false): StackNode {
  return treeOf({ names: profile.names, ids: profile.ids, offsets: profile.offsets, weights: profile.counts, inverted });
}

/** The root of the tree of `src`'s stacks, its children not yet made. */
export function treeOf(src: StackSource): StackNode {
  const n = src.weights.length;
  const order = Array.from(src.names.keys()).sort((a, b) => (src.names[a]! < src.names[b]! ? -1 : src.names[a]! > src.names[b]! ? 1 : 0));
  const rank = new Int32Array(src.names.length);
  order.forEach((id, i) => (rank[id] = i));
  const tree: TreeState = { src, rank, kindOf: kindCache(), slot: new Int32Array(src.names.length), stamp: new Int32Array(src.names.length), turn: 0 };
  const members = new Int32Array(n);
  let total = 0;
  let self = 0;
  for (let i = 0; i < n; i++) {
    members[i] = i;
    total += src.weights[i]!;
    if (src.offsets[i + 1] === src.offsets[i]) self += src.weights[i]!;
  }
  const root = new StackNode('all', 'thread', total, self, 0, null, tree, members);
  if (src.sides) for (let i = 0; i < n; i++) root[src.sides.side[i] ? 'after' : 'before'] += src.sides.counts[i]!;
  return root;
}

/** A node's stacks grouped by the frame after it: its children in name order, with their sums. */
function groupChildren(node: StackNode, tree: TreeState, members: Int32Array): StackNode[] {
  const { src, slot, stamp } = tree;
  const { ids, offsets, weights, inverted, sides } = src;
  const turn = ++tree.turn;
  const d = node.depth;
  // per group: its frame id, first member, size, weight, self weight, the sides' counts
  const gId: number[] = [];
  const gFirst: number[] = [];
  const gSize: number[] = [];
  const gTotal: number[] = [];
  const gSelf: number[] = [];
  const gBefore: number[] = [];
  const gAfter: number[] = [];
  const key = new Int32Array(members.length);
  for (let k = 0; k < members.length; k++) {
    const s = members[k]!;
    const from = offsets[s]!;
    const len = offsets[s + 1]! - from;
    if (len <= d) {
      key[k] = -1;
      continue;
    }
    const id = ids[inverted ? from + len - 1 - d : from + d]!;
    let g: number;
    if (stamp[id] === turn) g = slot[id]!;
    else {
      stamp[id] = turn;
      slot[id] = g = gId.length;
      gId.push(id);
      gFirst.push(s);
      gSize.push(0);
      gTotal.push(0);
      gSelf.push(0);
      gBefore.push(0);
      gAfter.push(0);
    }
    key[k] = g;
    gSize[g]!++;
    const w = weights[s]!;
    gTotal[g]! += w;
    if (len === d + 1) gSelf[g]! += w;
    if (sides) {
      if (sides.side[s]) gAfter[g]! += sides.counts[s]!;
      else gBefore[g]! += sides.counts[s]!;
    }
  }
  if (!gId.length) return [];
  // the groups' members, each group's together and in the stacks' order
  const at = new Int32Array(gId.length);
  for (let g = 1; g < gId.length; g++) at[g] = at[g - 1]! + gSize[g - 1]!;
  const start = at.slice();
  const grouped = new Int32Array(at[gId.length - 1]! + gSize[gId.length - 1]!);
  for (let k = 0; k < members.length; k++) if (key[k]! >= 0) grouped[at[key[k]!]!++] = members[k]!;
  const byName = Array.from(gId.keys()).sort((a, b) => tree.rank[gId[a]!]! - tree.rank[gId[b]!]!);
  return byName.map((g) => {
    const first = gFirst[g]!;
    const len = offsets[first + 1]! - offsets[first]!;
    const frame = src.names[gId[g]!]!;
    // a frame's kind as the first stack through it has it (a leaf there or not), as async-profiler colours it
    const index = inverted ? len - 1 - d : d;
    const child = new StackNode(frame, tree.kindOf(frame, index === len - 1), gTotal[g]!, gSelf[g]!, d + 1, node, tree, grouped.subarray(start[g]!, start[g]! + gSize[g]!));
    child.before = gBefore[g]!;
    child.after = gAfter[g]!;
    return child;
  });
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
 * `matches` tells which frames match (by their name as shown); it is asked once per distinct frame.
 */
export function matchedTotal(profile: CollapsedProfile, matches: (frame: string) => boolean): number {
  const hit = Uint8Array.from(profile.names, (f) => (matches(f) ? 1 : 0));
  const { ids, offsets, counts } = profile;
  let n = 0;
  for (let s = 0; s < counts.length; s++) {
    for (let i = offsets[s]!; i < offsets[s + 1]!; i++)
      if (hit[ids[i]!]) {
        n += counts[s]!;
        break;
      }
  }
  return n;
}
