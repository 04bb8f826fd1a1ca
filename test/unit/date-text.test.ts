// Dates typed as the app writes them, whatever the browser's language (a native date input showed mm/dd/yyyy).
import { describe, expect, it } from 'vitest';
import { dateTextOf, parseDateText } from '../../src/renderer/src/lib/date-text';

describe('date fields read dates as the app writes them', () => {
  it('reads a date, and a date and time with or without seconds, into the values the filters read', () => {
    expect(parseDateText('2026-12-07', false)).toBe('2026-12-07');
    expect(parseDateText(' 2026-1-7 ', false)).toBe('2026-01-07');
    expect(parseDateText('2026-12-07 13:26:41', true)).toBe('2026-12-07T13:26:41');
    expect(parseDateText('2026/12/07 9:05', true)).toBe('2026-12-07T09:05:00');
    expect(parseDateText('2026-12-07', true)).toBe('2026-12-07T00:00:00');
    expect(parseDateText('', true)).toBe('');
    // the value means the same instant as the native input's did: this computer's time zone
    expect(new Date(parseDateText('2026-12-07 13:26:41', true)!).getTime()).toBe(new Date(2026, 11, 7, 13, 26, 41).getTime());
  });

  it('refuses what is not a real date: a US-order date, a 30th of February, a 25th hour, a time in a date-only field', () => {
    expect(parseDateText('12/07/2026', false)).toBeNull();
    expect(parseDateText('2026-02-30', false)).toBeNull();
    expect(parseDateText('2026-12-07 25:00', true)).toBeNull();
    expect(parseDateText('2026-12-07 13:26', false)).toBeNull();
    expect(parseDateText('yesterday', true)).toBeNull();
  });

  it('shows a value with a space between date and time, as everywhere else in the app', () => {
    expect(dateTextOf('2026-12-07T13:26:41')).toBe('2026-12-07 13:26:41');
    expect(dateTextOf('2026-12-07')).toBe('2026-12-07');
  });
});
