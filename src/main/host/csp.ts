/**
 * The renderer's Content-Security-Policy: scripts and styles only from the app itself, no inline
 * script, no eval, no remote anything; the WebSocket back to its own 127.0.0.1 host in serve mode.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Development only (npm run dev, never a packaged app): Vite's dev client injects <style> elements
 * and talks to its server over a WebSocket, which the strict policy blocks (an unstyled page).
 */
export function devContentSecurityPolicy(devUrl: string): string {
  const u = new URL(devUrl);
  const ws = `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`;
  return CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", `connect-src 'self' ${ws}`);
}

/** The page's <meta> policy in the dev server's index.html, relaxed as above (vite serve only). */
export function withDevCsp(html: string): string {
  const policy = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
  // frame-ancestors has no effect in a <meta> policy (Chromium warns): headers carry it
  const meta = policy.replace("; frame-ancestors 'none'", '');
  return html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*" \/>/, `<meta http-equiv="Content-Security-Policy" content="${meta}" />`);
}
