// Where the window's page comes from: the built files (always, in a packaged app) or the dev
// server electron-vite names in ELECTRON_RENDERER_URL (development only).
import { pathToFileURL } from 'node:url';

export type RendererEntry = { kind: 'file'; path: string; url: string } | { kind: 'dev'; url: string };

export function rendererEntry(opts: { packaged: boolean; devUrl?: string; indexHtml: string }): RendererEntry {
  if (!opts.packaged && opts.devUrl && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\/?/.test(opts.devUrl)) return { kind: 'dev', url: opts.devUrl };
  // a file URL made by pathToFileURL: right on Windows and with #, ?, % or spaces in the path
  return { kind: 'file', path: opts.indexHtml, url: pathToFileURL(opts.indexHtml).href };
}

/** True for the app's own page (and only it): IPC and navigation are allowed from there. */
export function isAppPage(frameUrl: string, entry: RendererEntry): boolean {
  if (entry.kind === 'dev') return new URL(frameUrl, 'about:blank').origin === new URL(entry.url).origin;
  const page = frameUrl.split(/[?#]/)[0];
  return page === entry.url;
}
