// Dates typed as the app writes them (2026-12-07 13:26:41, this computer's time zone), in every
// language: a native date input shows the browser's own format instead (mm/dd/yyyy in en-US).
// Values are kept as the native inputs kept them, so the filters read them unchanged:
// 'YYYY-MM-DD' for a date, 'YYYY-MM-DDTHH:mm:ss' for a date and time.

const DATE_TEXT = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const p2 = (n: number): string => String(n).padStart(2, '0');

/**
 * The value of typed text: '' for none, null for text that is not a date (or not a real one, such as
 * 2026-02-30). With time, a date alone means its midnight and seconds may be left out.
 */
export function parseDateText(text: string, withTime: boolean): string | null {
  const s = text.trim();
  if (!s) return '';
  const m = DATE_TEXT.exec(s);
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, se = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  if (!withTime && m[4] !== undefined) return null;
  const date = new Date(y!, mo! - 1, d!, h, mi, se);
  if (date.getFullYear() !== y || date.getMonth() !== mo! - 1 || date.getDate() !== d || date.getHours() !== h || date.getMinutes() !== mi || date.getSeconds() !== se) return null;
  const day = `${y}-${p2(mo!)}-${p2(d!)}`;
  return withTime ? `${day}T${p2(h)}:${p2(mi)}:${p2(se)}` : day;
}

/** A value as the field shows it: the date and time with a space, as everywhere else in the app. */
export function dateTextOf(value: string): string {
  return value.replace('T', ' ');
}
