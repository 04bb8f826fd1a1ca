import { describe, expect, it } from 'vitest';
import { formatUtcOffset, inferUtcOffsetMinutes, jvmTimeToEpochMs, localTextAsUtcMs } from '../../src/shared/arthas/jvm-time';
import { serverTimeOf } from '../../src/shared/arthas/protocol';

describe('JVM times (4.x local text without an offset)', () => {
  const utc = Date.UTC(2026, 10, 24, 14, 41, 30, 639);
  it('reads the text with nanoseconds as if it were UTC', () => {
    expect(localTextAsUtcMs('2026-11-24 14:41:30.639469938')).toBe(utc);
    expect(localTextAsUtcMs('2026-11-24 14:41:30')).toBe(utc - 639);
    expect(localTextAsUtcMs('yesterday')).toBeNull();
  });

  it('reads times within the second it read last from their fraction alone, and the same as the whole text would', () => {
    const second = Date.UTC(2026, 10, 24, 14, 41, 30);
    expect(localTextAsUtcMs('2026-11-24 14:41:30.1')).toBe(second + 100);
    // the same second again, every precision Arthas may send
    expect(localTextAsUtcMs('2026-11-24 14:41:30')).toBe(second);
    expect(localTextAsUtcMs('2026-11-24 14:41:30.05')).toBe(second + 50);
    expect(localTextAsUtcMs('2026-11-24 14:41:30.999999999')).toBe(second + 999);
    expect(localTextAsUtcMs('2026-11-24 14:41:30.000000001')).toBe(second);
    // what follows the second is still checked
    expect(localTextAsUtcMs('2026-11-24 14:41:30.')).toBeNull();
    expect(localTextAsUtcMs('2026-11-24 14:41:30.1234567890')).toBeNull();
    expect(localTextAsUtcMs('2026-11-24 14:41:30.12a')).toBeNull();
    expect(localTextAsUtcMs('2026-11-24 14:41:30 +08:00')).toBeNull();
    expect(localTextAsUtcMs('2026-11-24 14:41:305')).toBeNull();
    // the next second, then the one before again
    expect(localTextAsUtcMs('2026-11-24 14:41:31.002')).toBe(second + 1002);
    expect(localTextAsUtcMs('2026-11-24 14:41:30.002')).toBe(second + 2);
    expect(localTextAsUtcMs('2026-11-24T14:41:30.002')).toBe(second + 2);
  });

  it("infers the JVM's zone from a time it sent and when it arrived, to the quarter hour", () => {
    expect(inferUtcOffsetMinutes('2026-11-24 22:41:30.639469938', utc + 150)).toBe(480);
    expect(inferUtcOffsetMinutes('2026-11-24 09:11:30.639', utc + 3000)).toBe(-330);
    expect(inferUtcOffsetMinutes('2026-11-24 14:41:30.639', utc - 40_000)).toBe(0);
    expect(inferUtcOffsetMinutes('2026-11-27 14:41:30.639', utc)).toBeNull();
  });

  it('gives server times in epoch ms with the offset, and none while it is unknown; 3.x numbers stay', () => {
    expect(jvmTimeToEpochMs('2026-11-24 22:41:30.639469938', 480)).toBe(utc);
    expect(jvmTimeToEpochMs('2026-11-24 22:41:30.639469938', null)).toBeNull();
    expect(jvmTimeToEpochMs(1_700_000_000_000, null)).toBe(1_700_000_000_000);
    expect(serverTimeOf({ type: 'tt', timeFragmentList: [{ timestamp: '2026-11-24 22:41:30.639469938' }] }, 480)).toBe(utc);
    expect(serverTimeOf({ type: 'monitor', monitorDataList: [{ timestamp: '2026-11-24 22:41:30.639469938' }] }, 480)).toBe(utc);
    expect(serverTimeOf({ type: 'trace', root: { timestamp: '2026-11-24 22:41:30.639469938' } }, 480)).toBe(utc);
    expect(formatUtcOffset(480)).toBe('UTC+08:00');
    expect(formatUtcOffset(-330)).toBe('UTC-05:30');
  });
});
