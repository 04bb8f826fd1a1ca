// Recordings the OS asks the app to open (double-click, "Open with", a second instance's command
// line, macOS open-file). They arrive before the window exists or before the renderer listens:
// they wait here until the renderer takes them, and only then go out as events.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILE_EXTENSION } from '../../shared/recording/format';

const RECORDING = new RegExp(`\\.${FILE_EXTENSION}$`, 'i');

/**
 * A path as the OS hands it over, or null when it is none: Linux file managers start the app
 * through the .desktop entry's %U with a file: URL (file:///home/u/My%20Rec.arthasrec).
 */
export function openedPath(arg: string, cwd: string): string | null {
  let p = arg;
  // a location of another machine (sftp://, smb:// through GVFS): kept as it is, for the import to
  // refuse with words that say so, not made into a broken relative path
  if (foreignLocation(arg)) return RECORDING.test(arg) ? arg : null;
  if (/^file:/i.test(arg)) {
    try {
      p = fileURLToPath(arg);
    } catch {
      return null;
    }
  }
  if (p.startsWith('-') || !RECORDING.test(p)) return null;
  return isAbsolute(p) ? p : resolve(cwd, p);
}

/** The scheme of a URL that names no file of this computer (sftp, smb, …), or null. */
export function foreignLocation(path: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path);
  return m && m[1]!.toLowerCase() !== 'file' ? m[1]!.toLowerCase() : null;
}

/** The recording paths among command-line arguments (paths or file: URLs), made absolute against the caller's folder. */
export function recordingPaths(argv: readonly string[], cwd: string): string[] {
  return argv.map((a) => openedPath(a, cwd)).filter((p): p is string => p !== null);
}

export class OpenedFiles {
  private queue: string[] = [];
  private listening = false;

  constructor(private readonly deliver: (path: string) => boolean) {}

  /** A file to open: delivered at once when the renderer listens (and a window took it), else queued. */
  add(path: string): void {
    if (this.listening && this.deliver(path)) return;
    if (!this.queue.includes(path)) this.queue.push(path);
  }

  /** The renderer is ready: it gets what waited, and later files as events. */
  take(): string[] {
    this.listening = true;
    return this.queue.splice(0);
  }

  /** The window went away (macOS keeps the app running): queue again until a new renderer asks. */
  pause(): void {
    this.listening = false;
  }
}
