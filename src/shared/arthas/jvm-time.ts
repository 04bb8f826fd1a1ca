// Times as Arthas sends them. 3.x: epoch milliseconds. 4.x: the JVM's own local date-time as text,
// with up to nanoseconds and no offset ("2026-11-24 22:41:30.639469938"). Reading that text in
// the desktop's zone puts a JVM of another zone hours off, so the JVM's offset is inferred from a
// time it sent next to the moment it was received, and kept with the recording. The text itself
// is never changed: it is what the views show.

const LOCAL_TEXT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** "2026-11-24 22:41:30": the date-time to the second, before its fraction */
const TO_THE_SECOND = 19;

/**
 * The last second read and its value. A watch at thousands of calls a second sends thousands of
 * times within one second: those are read from their fraction alone.
 */
let lastSecond = { text: '', ms: 0 };

/** The milliseconds of what follows the second: "" or "." and 1 to 9 digits; -1 if it is not that. */
function fractionMs(text: string): number {
  const n = text.length;
  if (n === TO_THE_SECOND) return 0;
  if (n < TO_THE_SECOND + 2 || n > TO_THE_SECOND + 10 || text.charCodeAt(TO_THE_SECOND) !== 46) return -1;
  let ms = 0;
  for (let i = TO_THE_SECOND + 1; i < n; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    if (i <= TO_THE_SECOND + 3) ms = ms * 10 + digit;
  }
  for (let i = n; i <= TO_THE_SECOND + 3; i++) ms *= 10;
  return ms;
}

/** The text read as if it were UTC, in epoch ms (sub-millisecond digits dropped); null if it is not that form. */
export function localTextAsUtcMs(text: string): number | null {
  if (lastSecond.text && text.startsWith(lastSecond.text)) {
    const ms = fractionMs(text);
    if (ms >= 0) return lastSecond.ms + ms;
  }
  const m = LOCAL_TEXT.exec(text);
  if (!m) return null;
  const second = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (!Number.isFinite(second)) return null;
  lastSecond = { text: text.slice(0, TO_THE_SECOND), ms: second };
  return second + Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
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
