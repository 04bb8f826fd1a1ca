// The files the window may name (#37.6). A renderer is the least trusted part of the app: a path
// it sends (to import, to export to) is accepted only when main handed it out first: the OS opened
// the file with the app, or the user dropped it on the window (its path read by the preload from
// the DOM File, never named by the page). Exports without a path go through main's own save
// dialog, whose answer never passes through the renderer. No folder is open to the window, not
// even the user-data folder: an export named there could overwrite the database.
import { resolve } from 'node:path';

export class PathGrants {
  private readonly files = new Set<string>();

  /** A file main handed out (opened by the OS, dropped on the window): the window may name it. */
  grant(path: string): void {
    this.files.add(resolve(path));
  }

  allows(path: string): boolean {
    return this.files.has(resolve(path));
  }
}
