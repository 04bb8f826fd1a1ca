// Recordings the OS asks the app to open (double-click, "Open with", a second instance's command
// line, macOS open-file). They arrive before the window exists or before the renderer listens:
// they wait here until the renderer takes them, and only then go out as events.
import { isAbsolute, resolve } from 'node:path';
import { FILE_EXTENSION } from '../../shared/recording/format';

const RECORDING = new RegExp(`\\.${FILE_EXTENSION}$`, 'i');

/** The recording paths among command-line arguments, made absolute against the caller's folder. */
export function recordingPaths(argv: readonly string[], cwd: string): string[] {
  return argv.filter((a) => !a.startsWith('-') && RECORDING.test(a)).map((a) => (isAbsolute(a) ? a : resolve(cwd, a)));
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
