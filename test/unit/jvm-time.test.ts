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
