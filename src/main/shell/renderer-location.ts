// Where the window's page comes from: the built files (always, in a packaged app) or the dev
// server electron-vite names in ELECTRON_RENDERER_URL (development only).
import { posix, win32 } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type RendererEntry = { kind: 'file'; path: string; url: string } | { kind: 'dev'; url: string };

export function rendererEntry(opts: { packaged: boolean; devUrl?: string; indexHtml: string }): RendererEntry {
  if (!opts.packaged && opts.devUrl && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\/?/.test(opts.devUrl)) return { kind: 'dev', url: opts.devUrl };
  // a file URL made by pathToFileURL: right on Windows and with #, ?, % or spaces in the path
  return { kind: 'file', path: opts.indexHtml, url: pathToFileURL(opts.indexHtml).href };
}

const withoutFragment = (url: string): string => url.split(/[?#]/)[0]!;

/** The file a file: URL names, as the frame reports it (Chromium may upper-case a drive letter, leave a % unescaped). */
function framePath(frameUrl: string, windows: boolean): string | null {
  const page = frameUrl.split(/[?#]/)[0]!;
  if (!/^file:/i.test(page)) return null;
  try {
    return fileURLToPath(page, { windows });
  } catch {
    // a raw % that is no escape: read the rest as it stands
    try {
      return fileURLToPath(page.replace(/%(?![0-9a-f]{2})/gi, '%25'), { windows });
    } catch {
      return null;
    }
  }
}

/**
 * True for the app's own page (and only it): IPC and navigation are allowed from there. The URL the
 * window reported after loading it matches as it is; otherwise files are compared as paths, not URL
 * strings; on Windows without regard to case (c:\dev and C:\dev).
 */
export function isAppPage(frameUrl: string, entry: RendererEntry, platform: NodeJS.Platform = process.platform, loadedUrl?: string): boolean {
  // the URL the window itself reported once it had loaded the app's page: what its frames say from
  // then on, however Chromium spells the folder (a folder named "a%20b" is reported as it stands)
  if (loadedUrl && withoutFragment(frameUrl) === withoutFragment(loadedUrl)) return true;
  if (entry.kind === 'dev') return new URL(frameUrl, 'about:blank').origin === new URL(entry.url).origin;
  const windows = platform === 'win32';
  const p = framePath(frameUrl, windows);
  if (p === null) return false;
  if (windows) return win32.normalize(p).toLowerCase() === win32.normalize(entry.path).toLowerCase();
  return posix.normalize(p) === posix.normalize(entry.path);
}
