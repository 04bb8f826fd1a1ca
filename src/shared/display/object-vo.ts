// Arthas's ObjectVO, the wrapper tt puts around each parameter on the HTTP API: {"expand": 1,
// "object": 212574}. The terminal prints the object itself through its object view (@Integer[212574]);
// the wire carries the value as JSON, without its Java class. A scalar is named as the terminal
// names it, its class inferred from the JSON (an integer within int's range as Integer, beyond it
// Long; a fraction Double; text String; true/false Boolean), and said to be inferred; an object or
// an array is handed on unwrapped, for the value tree.

export interface UnwrappedObject {
  /** the object-view text of a scalar (@Integer[212574]), or null for an object or array */
  text: string | null;
  /** what to show when there is no text: the object itself */
  value: unknown;
  /** true when the Java class was inferred from the JSON value */
  inferred: boolean;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Whether a value is Arthas's ObjectVO wrapper (exactly `expand` and `object`). */
export function isObjectVO(v: unknown): v is { expand: number; object: unknown } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && keys.includes('object') && typeof (v as { expand?: unknown }).expand === 'number';
}

/** The object inside an ObjectVO as the terminal would print it, as far as the JSON tells. */
export function unwrapObjectVO(v: unknown): UnwrappedObject {
  if (!isObjectVO(v)) return { text: null, value: v, inferred: false };
  const o = v.object;
  if (o === null || o === undefined) return { text: 'null', value: null, inferred: false };
  if (typeof o === 'number') {
    const cls = Number.isInteger(o) ? (o >= INT_MIN && o <= INT_MAX ? 'Integer' : 'Long') : 'Double';
    return { text: `@${cls}[${o}]`, value: o, inferred: true };
  }
  if (typeof o === 'string') return { text: `@String[${o}]`, value: o, inferred: true };
  if (typeof o === 'boolean') return { text: `@Boolean[${o}]`, value: o, inferred: true };
  return { text: null, value: o, inferred: false };
}
