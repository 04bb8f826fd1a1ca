// Characters a result can carry that a screen would not show as themselves: terminal escapes (ESC,
// BEL and the other C0 controls), bidirectional overrides and isolates (U+202E turns "evil" into
// "live" on screen, the Trojan Source trick), zero-width spaces and joiners, the BOM. Arthas prints
// what the JVM holds, so any of them can arrive. The views show each as a visible mark, ⟨U+001B⟩ or
// ⟨U+202E⟩ (every font has those characters; not all have the control pictures), and never let one
// act; storage and exports keep the exact text.

/**
 * C0 controls but tab, line feed and carriage return; DEL; bidi controls (LRM, RLM, ALM,
 * embeddings, overrides, isolates); zero-width and other invisible format characters.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
export const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const ANY = new RegExp(HIDDEN.source);

const hex = (c: string): string => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');

/** The text with every such character replaced by a visible mark; other text (Arabic, Chinese, emoji) unchanged. */
export function revealInvisibles(text: string): string {
  if (!ANY.test(text)) return text;
  return text.replace(HIDDEN, (c) => `⟨U+${hex(c)}⟩`);
}
