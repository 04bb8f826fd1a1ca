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
