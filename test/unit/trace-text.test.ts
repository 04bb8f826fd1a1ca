// A trace's lines against what Arthas 4.3.4's terminal (its TraceView) prints for the captured answer
// of `trace demo.MathGame run -n 1`:
//   `---ts=2026-11-25 09:48:32;thread_name=main;id=1;is_daemon=false;priority=5;TCCL=jdk.internal.loader.ClassLoaders$AppClassLoader@30946e09
//       `---[1.166027ms] demo.MathGame:run()
//           `---[34.55% 0.402901ms ] demo.MathGame:primeFactors() #24 [throws Exception]
import { describe, expect, it } from 'vitest';
import { traceCost, traceMethod, traceMs, traceSelfNs, traceThreadLine, traceThrowLine, type TraceNodeLike } from '../../src/shared/display/trace-text';
import { loadCaptures } from '../simulator/captures';

const captured = (): TraceNodeLike => {
  const trace = loadCaptures().commands['trace demo.MathGame run -n 1']!.find((r) => r.type === 'trace')!;
  return trace.root as TraceNodeLike;
};

describe('a trace as the terminal prints it, in ms as a person reads them', () => {
  it('prints the method under the thread with its cost, and each call under it with its share of the caller', () => {
    const thread = captured();
    const run = thread.children![0]!;
    const prime = run.children![0]!;
    expect(traceThreadLine(thread)).toBe('ts=2026-11-25 09:48:32.692;thread_name=main;id=1;is_daemon=false;priority=5;TCCL=jdk.internal.loader.ClassLoaders$AppClassLoader@30946e09');
    expect(traceCost(run, thread)).toEqual({ text: '[1.17 ms]', exact: '1166027 ns' });
    expect(traceMethod(run)).toBe('demo.MathGame:run()');
    expect(traceCost(prime, run)).toEqual({ text: '[34.55% 0.403 ms]', exact: '402901 ns' });
    expect(traceMethod(prime)).toBe('demo.MathGame:primeFactors() #24');
  });

  it("gives a method's own time (its total less the calls traced under it), none for a call with nothing under it", () => {
    const run = captured().children![0]!;
    expect(traceSelfNs(run)).toBe(1166027 - 402901);
    expect(traceSelfNs(run.children![0]!)).toBeNull();
    expect(traceSelfNs(captured())).toBeNull();
  });

  it('prints a call made more than once as Arthas does: share of the total, then min, max, total and count', () => {
    const parent: TraceNodeLike = { type: 'method', cost: 8_000_000, totalCost: 8_000_000, times: 1 };
    const loop: TraceNodeLike = { type: 'method', className: 'demo.MathGame', methodName: 'print', lineNumber: 30, cost: 2_000, totalCost: 1_000_000, minCost: 2_000, maxCost: 700_000, times: 3 };
    expect(traceCost(loop, parent)).toEqual({ text: '[12.50% min=0.002 ms,max=0.7 ms,total=1 ms,count=3]', exact: 'min 2000 ns, max 700000 ns, total 1000000 ns in 3 calls' });
    // a caller that took no measurable time: no share rather than Infinity%
    expect(traceCost(loop, { ...parent, cost: 0, totalCost: 0 }).text).toBe('[min=0.002 ms,max=0.7 ms,total=1 ms,count=3]');
  });

  it('prints a throw node and costs from ns to s in one unit', () => {
    expect(traceThrowLine({ type: 'throw', exception: 'java.lang.IllegalArgumentException', lineNumber: 29, message: 'number is: -1, need >= 2' })).toBe('throw:java.lang.IllegalArgumentException #29 [number is: -1, need >= 2]');
    expect(traceMs(1_825_759)).toBe('1.83 ms');
    expect(traceMs(54_241)).toBe('0.0542 ms');
    expect(traceMs(2_500_000_000)).toBe('2.5 s');
    expect(traceMs(undefined)).toBe('–');
  });
});
