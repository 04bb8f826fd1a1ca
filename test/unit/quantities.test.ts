import { describe, expect, it } from 'vitest';
import { formatMs, formatShare, monitorAvgRt, monitorFailRate } from '../../src/shared/display/quantities';
import { summarize } from '../../src/renderer/src/lib/result-row';
import { loadCaptures } from '../simulator/captures';

const captured = (command: string, type: string) => loadCaptures().commands[command]!.filter((r) => r.type === type);

describe('numbers as a person reads them', () => {
  it('rounds milliseconds to three significant digits, with the unit', () => {
    expect(formatMs(1.8143319999999998)).toBe('1.81 ms');
    expect(formatMs(0.142652)).toBe('0.143 ms');
    expect(formatMs(12.3456)).toBe('12.3 ms');
    expect(formatMs(456.7)).toBe('457 ms');
    expect(formatMs(1825.759)).toBe('1.83 s');
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(null)).toBe('–');
  });

  it('summarizes a real trace (Arthas 4.3.4) in milliseconds, never as millions of ms', () => {
    const [trace] = captured('trace demo.MathGame run -n 1', 'trace');
    const root = trace!.root as { children: Array<{ totalCost: number }> };
    const { summary } = summarize('trace', trace!);
    expect(summary).toBe(`${formatMs(root.children[0]!.totalCost / 1e6)} demo.MathGame.run (${String(trace!.nodeCount)} nodes)`);
    // one unit per column of the list: a fast trace is 0.543 ms beside 2.78 ms, never 543 µs
    const fast = structuredClone(trace!) as unknown as { root: { children: Array<{ totalCost: number }> } };
    fast.root.children[0]!.totalCost = 543_210;
    expect(summarize('trace', fast as never).summary).toMatch(/^0\.543 ms demo\.MathGame\.run/);
  });

  it("puts a monitor cycle's average response time first, where a narrow list does not cut it", () => {
    const [m] = captured('monitor -c 1 demo.MathGame primeFactors -n 2', 'monitor');
    const cycle = (m!.monitorDataList as Array<{ cost: number; total: number; failed: number }>)[0]!;
    expect(summarize('monitor', m!).summary).toMatch(new RegExp(`^avg rt ${formatMs(cycle.cost / cycle.total).replace('.', '\\.')}, failed ${cycle.failed} of ${cycle.total} `));
  });

  it('computes a real monitor cycle: avg rt = cost ÷ total, fail rate = failed ÷ total', () => {
    const cycles = captured('monitor -c 1 demo.MathGame primeFactors -n 2', 'monitor').map((r) => (r.monitorDataList as Array<{ cost: number; total: number; failed: number }>)[0]!);
    expect(cycles.length).toBe(2);
    for (const m of cycles) {
      expect(monitorAvgRt(m)).toBeCloseTo(m.cost / m.total, 12);
      expect(monitorFailRate(m)).toBe(m.failed / m.total);
    }
    expect(formatShare(2, 2)).toBe('100 %');
    expect(formatShare(1, 3)).toBe('33.3 %');
    expect(formatShare(0, 0)).toBe('–');
    expect(monitorAvgRt({ cost: 5, total: 0 })).toBeNull();
  });
});
