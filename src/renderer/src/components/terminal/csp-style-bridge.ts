// xterm.js writes its measured sizes and theme into <style> elements it appends inside its terminal.
// The deck's Content-Security-Policy (style-src 'self') rightly refuses inline style elements, so
// those elements are kept out of the document and their rules carried over into constructed style
// sheets (CSSOM, which the policy does not govern), kept in step as xterm rewrites them and dropped
// with the terminal. (24-bit colours, which xterm sets as style attributes, stay refused: Arthas
// prints the 16 ANSI colours.)

/** the sheet of each style element xterm made, by the terminal element it belongs to */
const sheetsOf = new Map<Element, Map<HTMLStyleElement, { sheet: CSSStyleSheet; observer: MutationObserver }>>();
let patched = false;

function adopt(owner: Element, el: HTMLStyleElement): void {
  let sheets = sheetsOf.get(owner);
  if (!sheets) sheetsOf.set(owner, (sheets = new Map()));
  if (sheets.has(el)) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(el.textContent ?? '');
  const observer = new MutationObserver(() => sheet.replaceSync(el.textContent ?? ''));
  observer.observe(el, { childList: true, characterData: true, subtree: true });
  sheets.set(el, { sheet, observer });
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** Style elements appended inside an xterm terminal are adopted instead of inserted. */
function patchAppend(): void {
  if (patched) return;
  patched = true;
  const append = Node.prototype.appendChild;
  Node.prototype.appendChild = function appendChild<T extends Node>(this: Node, child: T): T {
    const owner = child instanceof HTMLStyleElement && this instanceof Element ? this.closest('.xterm') : null;
    if (owner) {
      adopt(owner, child as unknown as HTMLStyleElement);
      return child;
    }
    return append.call(this, child) as T;
  };
}

/** Makes the terminals opened inside `host` styled under the CSP; the returned function drops their sheets. */
export function bridgeInlineStyles(host: HTMLElement): () => void {
  patchAppend();
  return () => {
    for (const [owner, sheets] of sheetsOf) {
      if (owner !== host && !host.contains(owner)) continue;
      const mine = new Set([...sheets.values()].map((s) => s.sheet));
      for (const s of sheets.values()) s.observer.disconnect();
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => !mine.has(s));
      sheetsOf.delete(owner);
    }
  };
}
