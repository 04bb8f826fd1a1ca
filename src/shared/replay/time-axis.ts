// The replay timeline's axis: clock time, with idle stretches (no job running, nothing happening)
// drawn short, as replay's playback already caps silences. A two-minute pause between commands no
// longer takes most of the bar while eight jobs share what is left.

export interface IdleStretch {
  from: number;
  to: number;
  /** where it starts and how wide it is drawn, as fractions of the bar */
  at: number;
  width: number;
}

export interface TimeAxis {
  /** a time as a fraction of the bar (0..1) */
  fraction(t: number): number;
  /** the time at a fraction of the bar */
  timeAt(f: number): number;
  /** the stretches drawn short */
  idle: IdleStretch[];
}

interface Segment {
  from: number;
  to: number;
  /** drawn length, in ms of the axis */
  drawn: number;
}

/**
 * An axis from `first` to `last` where every stretch longer than `capMs` outside the `busy`
 * intervals (jobs running, events) is drawn `capMs` long. Without idle stretches it is clock time.
 */
export function timeAxis(first: number, last: number, busy: ReadonlyArray<readonly [number, number]>, capMs: number): TimeAxis {
  const span = Math.max(1, last - first);
  // the busy intervals inside the recording, merged
  const merged: Array<[number, number]> = [];
  for (const [a, b] of [...busy].map(([a, b]) => [Math.max(first, a), Math.min(last, Math.max(a, b))] as const).filter(([a, b]) => b >= a).sort((x, y) => x[0] - y[0])) {
    const top = merged[merged.length - 1];
    if (top && a <= top[1]) top[1] = Math.max(top[1], b);
    else merged.push([a, b]);
  }
  const segments: Segment[] = [];
  let at = first;
  const push = (from: number, to: number, idle: boolean): void => {
    if (to <= from) return;
    segments.push({ from, to, drawn: idle && to - from > capMs ? capMs : to - from });
  };
  for (const [a, b] of merged) {
    push(at, a, true);
    push(Math.max(at, a), b, false);
    at = Math.max(at, b);
  }
  push(at, first + span, true);
  const total = segments.reduce((n, s) => n + s.drawn, 0) || 1;
  let acc = 0;
  const placed = segments.map((s) => {
    const start = acc / total;
    acc += s.drawn;
    return { ...s, start, end: acc / total };
  });
  const idle = placed.filter((s) => s.drawn < s.to - s.from).map((s) => ({ from: s.from, to: s.to, at: s.start, width: s.end - s.start }));
  return {
    idle,
    fraction(t: number): number {
      if (t <= first) return 0;
      if (t >= first + span) return 1;
      const s = placed.find((p) => t <= p.to) ?? placed[placed.length - 1]!;
      return s.start + ((t - s.from) / Math.max(1, s.to - s.from)) * (s.end - s.start);
    },
    timeAt(f: number): number {
      if (f <= 0) return first;
      if (f >= 1) return first + span;
      const s = placed.find((p) => f <= p.end) ?? placed[placed.length - 1]!;
      return s.from + ((f - s.start) / Math.max(1e-9, s.end - s.start)) * (s.to - s.from);
    },
  };
}
