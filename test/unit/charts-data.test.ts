// The numbers behind the charts, for known inputs: box plots and shared histograms (diff, fleet),
// the icicle of a trace, a watch job's cost over time and the windows its table lists.
import { describe, expect, it } from 'vitest';
import { addToSeries, emptySeries, seriesWindows, watchThrew } from '../../src/shared/charts/cost-series';
import { costBox, sharedHistogram } from '../../src/shared/charts/distribution';
import { icicleLayout } from '../../src/shared/charts/icicle';

describe('chart data', () => {
  it('box: five numbers, p90, p99 and mean by nearest rank', () => {
    const b = costBox([5, 1, 4, 2, 3, 10, 9, 8, 7, 6])!;
    expect(b).toEqual({ n: 10, min: 1, q1: 3, median: 5, q3: 8, max: 10, p90: 9, p99: 10, mean: 5.5 });
    expect(costBox([])).toBeNull();
  });

  it('histogram: one set of bins for every run, linear or logarithmic as the values spread', () => {
    const h = sharedHistogram([[0, 1, 2, 3], [4, 4, 4]], 4);
    expect(h.log).toBe(false);
    expect(h.edges).toEqual([0, 1, 2, 3, 4]);
    expect(h.counts).toEqual([
      [1, 1, 1, 1],
      [0, 0, 0, 3],
    ]);
    const g = sharedHistogram([[0.01, 0.1], [1, 10]], 3);
    expect(g.log).toBe(true);
    expect(g.edges.map((e) => Number(e.toPrecision(6)))).toEqual([0.01, 0.1, 1, 10]);
    expect(g.counts).toEqual([
      [1, 1, 0],
      [0, 0, 2],
    ]);
    // every value is counted once
    expect(sharedHistogram([[7, 7, 7]]).counts[0]!.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('icicle: widths are shares of the root, children side by side, the hottest path marked', () => {
    const root = {
      type: 'thread',
      threadName: 'main',
      children: [
        {
          type: 'method',
          className: 'demo.MathGame',
          methodName: 'run',
          // what Arthas sends for the traced method itself: no line
          lineNumber: -1,
          totalCost: 1000,
          children: [
            { type: 'method', className: 'demo.MathGame', methodName: 'primeFactors', lineNumber: 24, totalCost: 700 },
            { type: 'method', className: 'demo.MathGame', methodName: 'print', lineNumber: 25, totalCost: 200 },
            { type: 'throw', exception: 'java.lang.IllegalArgumentException' },
          ],
        },
      ],
    };
    const { bars, depth, total } = icicleLayout(root);
    expect(total).toBe(1000);
    expect(depth).toBe(3);
    expect(bars.map((b) => [b.label, b.depth, b.x, b.w, b.hot, b.self])).toEqual([
      ['thread main', 0, 0, 1, true, 0],
      ['MathGame.run', 1, 0, 1, true, 100],
      ['MathGame.primeFactors:24', 2, 0, 0.7, true, 700],
      ['MathGame.print:25', 2, 0.7, 0.2, false, 200],
    ]);
  });

  it('cost over time: exceptions from accessPoint (4.x) or throwExp (3.x); the table windows add up', () => {
    expect(watchThrew({ accessPoint: 'AtExceptionExit' })).toBe(true);
    expect(watchThrew({ accessPoint: 'AtExit', value: 'java.lang.IllegalArgumentException' })).toBe(false);
    expect(watchThrew({ value: { params: [1], throwExp: { message: 'x' } } })).toBe(true);
    expect(watchThrew({ value: { params: [1], throwExp: null } })).toBe(false);
    const s = emptySeries();
    for (let i = 0; i < 100; i++) addToSeries(s, { pos: i + 1, at: 1000 + i * 10, raw: JSON.stringify({ type: 'watch', cost: i % 10, accessPoint: i % 7 === 0 ? 'AtExceptionExit' : 'AtExit' }) });
    addToSeries(s, { pos: 999, at: 5000, raw: '{"type":"watch"}' });
    addToSeries(s, { pos: 1000, at: 5000, raw: 'not json' });
    expect(s.t.length).toBe(100);
    expect(s.exception.filter(Boolean).length).toBe(15);
    const w = seriesWindows(s, 10);
    expect(w).toHaveLength(10);
    expect(w.reduce((a, x) => a + x.calls, 0)).toBe(100);
    expect(w.reduce((a, x) => a + x.exceptions, 0)).toBe(15);
    expect(w[0]).toMatchObject({ from: 1000, calls: 10, max: 9, p50: 4 });
  });
});
