// The N-way comparison on known inputs: counts, exception rates, exception types only one run has,
// and the run whose return values differ from the majority (ties single nobody out).
import { describe, expect, it } from 'vitest';
import { compareFleet } from '../../src/shared/diff/fleet-compare';
import { watchCall } from '../../src/shared/diff/watch-diff';

const LABELS = ['params', 'returnObj', 'throwExp'];
/** a watch result as Arthas 4.x sends it ({params, returnObj, throwExp} in object-view text) */
function call(pos: number, n: number, ret: number | null, exc: string | null = null, cost = 1): ReturnType<typeof watchCall> {
  const value = `@ArrayList[\n    @Object[][\n        @Integer[${n}],\n    ],\n    ${ret === null ? 'null' : `@Integer[${ret}]`},\n    ${exc ? `${exc}: boom\n\tat demo.X.y(X.java:1)\n` : 'null'},\n]`;
  return watchCall({ pos, raw: JSON.stringify({ type: 'watch', jobId: 1, ts: '2026-11-25 10:00:00.000', cost, value, accessPoint: exc ? 'AtExceptionExit' : 'AtExit' }) }, LABELS);
}

describe('fleet comparison (N-way)', () => {
  it('names the run whose return values differ from the majority', () => {
    const same = (offset: number) => [1, 2, 3, 4].map((n, i) => call(i + 1, n, n * 2, null, 1 + offset + i));
    const odd = [1, 2, 3, 4].map((n, i) => call(i + 1, n, n === 3 ? 7 : n * 2, null, 10 + i));
    const cmp = compareFleet([
      { label: 'a', calls: same(0) },
      { label: 'b', calls: same(1) },
      { label: 'c', calls: odd },
    ]);
    expect(cmp.runs.map((r) => [r.label, r.calls, r.comparedCalls, r.differsFromMajority])).toEqual([
      ['a', 4, 4, 0],
      ['b', 4, 4, 0],
      ['c', 4, 4, 1],
    ]);
    expect(cmp.outlierRuns).toEqual([2]);
    expect(cmp.differencesTotal).toBe(1);
    expect(cmp.differences[0]).toMatchObject({ majorityRuns: 2, outliers: [{ run: 2, pos: 3 }] });
    expect(cmp.differences[0]!.majority).toContain('6');
    expect(cmp.differences[0]!.outliers[0]!.value).toContain('7');
    // the cost distribution over shared bins counts every call once per run
    expect(cmp.costHistogram.counts.map((c) => c.reduce((x, y) => x + y, 0))).toEqual([4, 4, 4]);
    expect(cmp.runs[2]!.cost.p50).toBe(11);
  });

  it('exception rates, exception types only one run has; a tie of two runs singles nobody out', () => {
    const a = [call(1, 1, 2), call(2, 2, null, 'java.lang.IllegalStateException'), call(3, 5, 10)];
    const b = [call(1, 1, 2), call(2, 2, 4), call(3, 9, 18)];
    const cmp = compareFleet([
      { label: 'a', calls: a },
      { label: 'b', calls: b },
    ]);
    expect(cmp.runs[0]).toMatchObject({ exceptions: 1, ownExceptionTypes: ['java.lang.IllegalStateException'] });
    expect(cmp.runs[0]!.exceptionRate).toBeCloseTo(1 / 3);
    expect(cmp.runs[1]).toMatchObject({ exceptions: 0, ownExceptionTypes: [] });
    // params 2: a threw, b returned 4 — two runs, no majority: listed, nobody singled out
    expect(cmp.differencesTotal).toBe(1);
    expect(cmp.outlierRuns).toEqual([]);
    expect(cmp.differences[0]!.majority).toBe('(no majority)');
    expect(cmp.differences[0]!.outliers.map((o) => o.run)).toEqual([0, 1]);
  });
});
