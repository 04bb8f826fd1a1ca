// The flame graph's colours by frame kind, in async-profiler's palette (Java green, JVM yellow,
// native red, kernel orange), each frame a little lighter or darker by its name so neighbours part;
// a frame a search matches is magenta, as in async-profiler's viewer.
import type { FrameKind } from '../../../../shared/profile/collapsed-stacks';

const HUES: Record<FrameKind, [number, number, number]> = {
  java: [80, 200, 80],
  jvm: [210, 200, 40],
  native: [225, 95, 95],
  kernel: [225, 130, 30],
  thread: [150, 160, 175],
  allocation: [90, 160, 230],
};

export const MATCH_COLOUR = 'rgb(238, 0, 238)';

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967295;
}

export function frameColour(kind: FrameKind, name: string): string {
  const [r, g, b] = HUES[kind];
  const k = 0.85 + hash(name) * 0.3;
  const c = (v: number): number => Math.max(0, Math.min(255, Math.round(v * k)));
  return `rgb(${c(r)}, ${c(g)}, ${c(b)})`;
}
