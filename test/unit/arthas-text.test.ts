// The views print threads, stacks and the dashboard as Arthas's terminal does; held to the answers
// captured from the real Arthas 4.3.4 (and to Java's own StackTraceElement.toString()).
import { describe, expect, it } from 'vitest';
import { deltaSeconds, javaFrame, memoryAreas, memoryRow, runtimeRows, threadHeader, threadTime } from '../../src/shared/display/arthas-text';
import captures from '../fixtures/arthas-4.3.4/captures.json';

type Captured = { results?: Array<Record<string, unknown>> } | Array<Record<string, unknown>>;
const resultOf = (command: string, type: string): Record<string, unknown> => {
  const c = (captures as unknown as { commands: Record<string, Captured> }).commands[command]!;
  return (Array.isArray(c) ? c : c.results!).find((r) => r.type === type)!;
};

describe("Arthas's terminal forms", () => {
  it('writes frames as Java does: native methods, unknown sources, line numbers', () => {
    expect(javaFrame({ className: 'sun.nio.ch.EPoll', methodName: 'wait', fileName: 'EPoll.java', lineNumber: -2 })).toBe('sun.nio.ch.EPoll.wait(Native Method)');
    expect(javaFrame({ className: 'demo.MathGame', methodName: 'main', fileName: 'MathGame.java', lineNumber: 16 })).toBe('demo.MathGame.main(MathGame.java:16)');
    expect(javaFrame({ className: 'X', methodName: 'y', lineNumber: -1 })).toBe('X.y(Unknown Source)');
    expect(javaFrame({ className: 'X', methodName: 'y', fileName: 'X.java', lineNumber: -1 })).toBe('X.y(X.java)');
  });

  it('heads a busy thread as `thread -n` prints it, from a real answer', () => {
    const busy = (resultOf('thread -n 3', 'thread').busyThreads as Array<Record<string, unknown>>)[0]!;
    const line = threadHeader(busy);
    expect(line).toMatch(new RegExp(`^"${String(busy.name).replace(/[$()[\]]/g, '\\$&')}" Id=${busy.id} cpuUsage=${busy.cpu}% deltaTime=${busy.deltaTime}ms time=${busy.time}ms ${busy.state}`));
    if (busy.inNative) expect(line.endsWith(' (in native)')).toBe(true);
    expect(threadHeader({ name: 'VM Thread', id: -1, cpu: 0.5, state: undefined })).toBe('"VM Thread" [Internal] cpuUsage=0.5%');
  });

  it('thread times as m:s.mmm and deltas as seconds, as the thread table shows them', () => {
    expect(threadTime(138)).toBe('0:0.138');
    expect(threadTime(61_005)).toBe('1:1.005');
    expect(deltaSeconds(2)).toBe('0.002');
    expect(deltaSeconds(1250)).toBe('1.250');
    expect(threadTime(-1)).toBe('-');
  });

  it("the dashboard's memory in K or M with its usage, heap first, from a real answer", () => {
    const d = resultOf('dashboard -n 1', 'dashboard');
    const rows = memoryAreas(d.memoryInfo as Record<string, []>).map(memoryRow);
    expect(rows[0]!.name).toBe('heap');
    for (const r of rows) {
      expect(r.used).toMatch(/^\d+[KM]$/);
      expect(r.usage).toMatch(/^\d+\.\d\d%$/);
    }
    expect(memoryRow({ name: 'g1_eden_space', used: 5 * 1048576, total: 24 * 1048576, max: -1 })).toEqual({ name: 'g1_eden_space', used: '5M', total: '24M', max: '-1', usage: '20.83%' });
    expect(memoryRow({ name: 'codeheap', used: 512 * 1024, total: 2 * 1048576, max: 4 * 1048576 })).toEqual({ name: 'codeheap', used: '512K', total: '2048K', max: '4096K', usage: '12.50%' });
  });

  it("buffer pools, whose max the JVM sends as Long.MIN_VALUE, print max as - and usage of total, as Arthas's terminal does", () => {
    const d = resultOf('dashboard -n 1', 'dashboard');
    const pools = (d.memoryInfo as { buffer_pool: Array<{ name: string; max: number; used: number; total: number }> }).buffer_pool;
    expect(pools.every((p) => p.max < -1)).toBe(true);
    const rows = pools.map(memoryRow);
    // the real 4.3.4 answer: mapped 0 of 0, direct 67108872 used of 67108871 total
    expect(rows.map((r) => r.max)).toEqual(pools.map(() => '-'));
    expect(rows.find((r) => r.name === 'mapped')).toEqual({ name: 'mapped', used: '0K', total: '0K', max: '-', usage: '0.00%' });
    const direct = pools.find((p) => p.name === 'direct')!;
    expect(rows.find((r) => r.name === 'direct')!.usage).toBe(`${((direct.used / direct.total) * 100).toFixed(2)}%`);
    expect(rows.find((r) => r.name === 'direct')!.usage).toBe('100.00%');
  });

  it("the runtime in Arthas's order with units: load to two places, uptime in seconds", () => {
    const d = resultOf('dashboard -n 1', 'dashboard');
    const rows = runtimeRows(d.runtimeInfo as Record<string, never>, (ms) => new Date(ms).toISOString());
    expect(rows.map(([k]) => k)).toEqual(['os.name', 'os.version', 'java.version', 'java.home', 'systemload.average', 'processors', 'timestamp/uptime']);
    const r = d.runtimeInfo as { systemLoadAverage: number; uptime: number; timestamp: number };
    expect(rows[4]![1]).toBe(r.systemLoadAverage.toFixed(2));
    expect(rows[6]![1]).toBe(`${new Date(r.timestamp).toISOString()}/${r.uptime}s`);
  });
});
