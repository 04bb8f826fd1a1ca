// Masking rules applied to what is shared (.arthasrec, the offline page): every match of a rule in
// a result's string values, or in an event's message, becomes ***. Numbers and layout stay.
import { mapJsonStrings } from '../../shared/arthas/raw-results';
import type { MaskRule } from '../../shared/recording/format';
import { compileMaskRules } from '../../shared/recording/format';
import type { Db } from './db';
import { selectionConditions, type Selection } from './selection';

/** Replaces every match of the rules in a text with ***, counting them. */
export function maskText(text: string, rules: RegExp[]): { text: string; masked: number } {
  let masked = 0;
  let v = text;
  for (const re of rules) {
    re.lastIndex = 0;
    v = v.replace(re, () => {
      masked++;
      return '***';
    });
  }
  return { text: v, masked };
}

/** Applies masking rules to the string values of a result's JSON text; numbers and layout stay. */
export function maskResult(raw: string, rules: RegExp[]): { text: string; masked: number } {
  if (!rules.length) return { text: raw, masked: 0 };
  let masked = 0;
  const text = mapJsonStrings(raw, (value, isKey) => {
    if (isKey) return value;
    const m = maskText(value, rules);
    masked += m.masked;
    return m.text;
  });
  return { text, masked };
}

/** How many matches the masking rules would replace in a selection: the preview before sharing. */
export function previewMasking(db: Db, recordingId: number, rules: MaskRule[], sel: Selection = {}): { results: number; matches: number } {
  const res = compileMaskRules(rules);
  const c = selectionConditions(sel);
  let results = 0;
  let matches = 0;
  for (const row of db.prepare(`SELECT raw FROM results WHERE session_id = ?${c.and()} ORDER BY pos`).iterate(recordingId, ...c.args) as Iterable<{ raw: string }>) {
    const { masked } = maskResult(row.raw, res);
    if (masked) results++;
    matches += masked;
  }
  return { results, matches };
}
