// The layout of a trace tree as an icicle (a flame graph drawn top-down): each call a bar as wide as
// its share of its parent's time, children side by side under it, the hottest path (the most
// expensive child at every level) marked. Pure: the view places the bars, the table lists them.

export interface TraceLikeNode {
  type?: string;
  className?: string;
  methodName?: string;
  threadName?: string;
  lineNumber?: number;
  cost?: number;
  totalCost?: number;
  times?: number;
  throw?: boolean;
  exception?: string;
  children?: TraceLikeNode[];
}

export interface IcicleBar {
  /** index in depth-first order */
  id: number;
  depth: number;
  /** left edge and width, as shares of the root's time (0..1) */
  x: number;
  w: number;
  label: string;
  /** time of the call, in the unit of the source (Arthas trace: ns) */
  cost: number;
  /** share of the root's time */
  share: number;
  hot: boolean;
  /** time spent in the call itself, not in the children shown (ns) */
  self: number;
}

export function nodeCost(n: TraceLikeNode): number {
  if (typeof n.totalCost === 'number') return n.totalCost;
  if (typeof n.cost === 'number') return n.cost;
  return (n.children ?? []).reduce((a, c) => a + nodeCost(c), 0);
}

export function nodeLabel(n: TraceLikeNode): string {
  if (n.type === 'thread') return `thread ${n.threadName ?? ''}`.trim();
  if (n.type === 'throw') return `throw ${n.exception ?? ''}`.trim();
  const m = n.className && n.methodName ? `${n.className.split('.').pop()}.${n.methodName}` : (n.methodName ?? n.type ?? '?');
  // Arthas sends -1 for a line it does not know (the traced method itself)
  return n.lineNumber && n.lineNumber > 0 ? `${m}:${n.lineNumber}` : m;
}

export function icicleLayout(root: TraceLikeNode): { bars: IcicleBar[]; depth: number; total: number } {
  const total = nodeCost(root);
  const bars: IcicleBar[] = [];
  let depthMax = 0;
  const walk = (n: TraceLikeNode, depth: number, x: number, hot: boolean): void => {
    const cost = nodeCost(n);
    const kids = (n.children ?? []).filter((c) => c.type !== 'throw');
    const kidCost = kids.reduce((a, c) => a + nodeCost(c), 0);
    bars.push({ id: bars.length, depth, x, w: total ? cost / total : 0, label: nodeLabel(n), cost, share: total ? cost / total : 0, hot, self: Math.max(0, cost - kidCost) });
    depthMax = Math.max(depthMax, depth);
    let hottest = -1;
    kids.forEach((k, i) => {
      if (hottest < 0 || nodeCost(k) > nodeCost(kids[hottest]!)) hottest = i;
    });
    let cx = x;
    kids.forEach((k, i) => {
      walk(k, depth + 1, cx, hot && i === hottest);
      cx += total ? nodeCost(k) / total : 0;
    });
  };
  walk(root, 0, 0, true);
  return { bars, depth: depthMax + 1, total };
}
