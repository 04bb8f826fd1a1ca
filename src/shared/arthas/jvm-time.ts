// Times as Arthas sends them. 3.x: epoch milliseconds. 4.x: the JVM's own local date-time as text,
// with up to nanoseconds and no offset ("2026-11-24 22:41:30.639469938"). Reading that text in
// the desktop's zone puts a JVM of another zone hours off, so the JVM's offset is inferred from a
// time it sent next to the moment it was received, and kept with the recording. The text itself
// is never changed: it is what the views show.

const LOCAL_TEXT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** The text read as if it were UTC, in epoch ms (sub-millisecond digits dropped); null if it is not that form. */
export function localTextAsUtcMs(text: string): number | null {
  const m = LOCAL_TEXT.exec(text);
  if (!m) return null;
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  return Number.isFinite(t) ? t : null;
}

/** Zones are whole quarter hours apart; real offsets lie within -12 h … +14 h. */
const QUARTER_HOUR = 15;

/**
 * The JVM's UTC offset in minutes (east positive), from a local time it sent and the moment the
 * client received it: their difference rounded to a quarter hour. Null when the text is not a
 * local time or the difference is no zone (the two clocks disagree by hours).
 */
export function inferUtcOffsetMinutes(localText: string, receivedAt: number): number | null {
  const local = localTextAsUtcMs(localText);
  if (local === null) return null;
  const minutes = Math.round((local - receivedAt) / 60_000 / QUARTER_HOUR) * QUARTER_HOUR;
  return minutes >= -12 * 60 && minutes <= 14 * 60 ? minutes + 0 : null;
}

/** A result's time in epoch ms: a 3.x number as is; 4.x local text with the JVM's offset (null while unknown). */
export function jvmTimeToEpochMs(ts: unknown, utcOffsetMinutes: number | null | undefined): number | null {
  if (typeof ts === 'number') return Number.isFinite(ts) ? ts : null;
  if (typeof ts !== 'string' || ts.length > 40 || utcOffsetMinutes === null || utcOffsetMinutes === undefined) return null;
  const local = localTextAsUtcMs(ts);
  return local === null ? null : local - utcOffsetMinutes * 60_000;
}

/** "UTC+08:00", "UTC-03:30", "UTC". */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const a = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
