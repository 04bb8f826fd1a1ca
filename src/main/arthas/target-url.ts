import { ArthasError } from './errors';

export interface ParsedTarget {
  /** http(s)://host:port/api, without credentials */
  apiUrl: URL;
  /** credentials found in the URL (user:pass@ or ?username=&password=), removed from apiUrl */
  username?: string;
  password?: string;
}

/**
 * Accepts `host`, `host:port`, `http://host:port`, `http://host:port/api`, IPv6 literals and
 * credentials in the URL; refuses every other scheme (file:, javascript:, …).
 */
export function parseTargetUrl(input: string): ParsedTarget {
  const text = input.trim();
  if (!text) throw new ArthasError('bad-url', 'The target URL is empty.');
  if (text.length > 2048) throw new ArthasError('bad-url', 'The target URL is too long.');
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `http://${text}`);
  } catch {
    throw new ArthasError('bad-url', `Not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ArthasError('bad-url', `Only http:// and https:// targets are supported, not ${url.protocol}`);
  }
  if (!url.hostname) throw new ArthasError('bad-url', `The URL has no host: ${text}`);
  if (!hasScheme && !/:\d+$/.test(url.host)) url.port = '8563';
  let username = url.username ? decodeURIComponent(url.username) : undefined;
  let password = url.password ? decodeURIComponent(url.password) : undefined;
  const qUser = url.searchParams.get('username');
  const qPass = url.searchParams.get('password');
  if (qUser !== null) username = qUser;
  if (qPass !== null) password = qPass;
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/api';
  return { apiUrl: url, username, password };
}

/** The URL as shown and stored: never with credentials. */
export function displayUrl(apiUrl: URL): string {
  const u = new URL(apiUrl.href);
  u.username = '';
  u.password = '';
  return u.href;
}
