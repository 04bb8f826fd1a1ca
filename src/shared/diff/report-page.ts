// The page every HTML report of the deck is (the watch diff, the fleet comparison): one file with
// no scripts and no external resources, under a CSP that allows only its own inline style, every
// piece of recorded text escaped by whoever builds the body.

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const percent = (n: number): string => `${(n * 100).toFixed(1)}%`;

const BASE_STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#1d2330}
table{border-collapse:collapse;width:100%;margin:12px 0}th,td{border:1px solid #d0d5dd;padding:4px 8px;text-align:left;vertical-align:top}
pre{margin:0;white-space:pre-wrap;word-break:break-all;font:12px ui-monospace,monospace}`;

/** A whole report: its title (text, escaped here), the style its body needs besides the base, and its body (HTML, escaped by the caller). */
export function reportPage(title: string, body: string, style = ''): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)} — Arthas Deck</title>
<style>
${BASE_STYLE}${style ? `\n${style}` : ''}
</style></head><body>
${body}
</body></html>
`;
}
