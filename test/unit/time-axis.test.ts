import { describe, expect, it } from 'vitest';
import { timeAxis } from '../../src/shared/replay/time-axis';

describe('the replay timeline draws idle stretches short', () => {
  // two minutes of nothing between two five-second jobs
  const axis = timeAxis(0, 130_000, [[0, 5000], [125_000, 130_000]], 2000);

  it('gives the jobs the bar: a two-minute pause is drawn as long as the idle cap', () => {
    expect(axis.idle).toHaveLength(1);
    expect(axis.idle[0]).toMatchObject({ from: 5000, to: 125_000 });
    expect(axis.idle[0]!.at).toBeCloseTo(5 / 12);
    expect(axis.idle[0]!.width).toBeCloseTo(2 / 12);
    expect(axis.fraction(5000)).toBeCloseTo(5 / 12);
    expect(axis.fraction(125_000)).toBeCloseTo(7 / 12);
    expect(axis.fraction(130_000)).toBe(1);
    // clicks at 40% and 85% land in different jobs, not in the same idle minute
    expect(axis.timeAt(0.4)).toBeCloseTo(4800);
    expect(axis.timeAt(0.85)).toBeCloseTo(125_000 + ((0.85 - 7 / 12) / (5 / 12)) * 5000);
  });

  it('maps back and forth the same way', () => {
    for (const t of [0, 1234, 5000, 60_000, 125_000, 127_500, 130_000]) expect(axis.timeAt(axis.fraction(t))).toBeCloseTo(t, 3);
  });

  it('is clock time when nothing is idle longer than the cap, and within an idle stretch time still moves forward', () => {
    const plain = timeAxis(1000, 11_000, [[1000, 6000], [7000, 11_000]], 2000);
    expect(plain.idle).toEqual([]);
    expect(plain.fraction(6000)).toBeCloseTo(0.5);
    const f = [10_000, 50_000, 100_000].map((t) => axis.fraction(t));
    expect(f[0]).toBeLessThan(f[1]!);
    expect(f[1]).toBeLessThan(f[2]!);
    // an open job (no end yet), events as points, intervals out of order and overlapping
    const messy = timeAxis(0, 100_000, [[90_000, 100_000], [0, 1000], [500, 2000], [50_000, 50_000]], 1000);
    expect(messy.idle.map((g) => [g.from, g.to])).toEqual([[2000, 50_000], [50_000, 90_000]]);
  });
});
