// Binds the contract to Electron IPC. Arguments are validated by the service (src/main/api/validate.ts);
// a path the window names must be one main handed out (src/main/api/path-grants.ts).
import { ipcMain, type WebContents } from 'electron';
import { isAbsolute } from 'node:path';
import type { DeckService } from './api/deck-service';
import type { PathGrants } from './api/path-grants';

export const IPC_CALL = 'deck:call';
export const IPC_EVENT = 'deck:event';
export const IPC_IMPORT_DROPPED = 'deck:import-dropped';

export type IpcAnswer = { ok: true; result: unknown } | { ok: false; error: { message: string; kind: string } };

export function bindIpc(service: DeckService, grants: PathGrants, isTrusted: (sender: WebContents, frameUrl: string) => boolean): () => void {
  ipcMain.handle(IPC_CALL, async (event, method: unknown, args: unknown): Promise<IpcAnswer> => {
    if (!isTrusted(event.sender, event.senderFrame?.url ?? '')) return { ok: false, error: { message: 'refused: not the app window', kind: 'invalid' } };
    try {
      return { ok: true, result: await service.call(method, args, 'window') };
    } catch (e) {
      const err = e as Error & { kind?: string };
      return { ok: false, error: { message: err.message, kind: err.kind ?? 'failed' } };
    }
  });
  // a file dropped on the window: its path read by the preload from the DOM File (the page cannot
  // make a File of a path it names), granted, and imported
  ipcMain.handle(IPC_IMPORT_DROPPED, async (event, path: unknown, taskId: unknown): Promise<IpcAnswer> => {
    if (!isTrusted(event.sender, event.senderFrame?.url ?? '')) return { ok: false, error: { message: 'refused: not the app window', kind: 'invalid' } };
    if (typeof path !== 'string' || !isAbsolute(path)) return { ok: false, error: { message: 'This file has no path on this machine (dropped from a browser or an archive?): save it to a folder first.', kind: 'invalid' } };
    try {
      grants.grant(path);
      return { ok: true, result: await service.call('recordings.import', { path, ...(typeof taskId === 'string' ? { taskId } : {}) }, 'window') };
    } catch (e) {
      const err = e as Error & { kind?: string };
      return { ok: false, error: { message: err.message, kind: err.kind ?? 'failed' } };
    }
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL);
    ipcMain.removeHandler(IPC_IMPORT_DROPPED);
  };
}

export function forwardEvents(service: DeckService, target: () => WebContents | undefined): () => void {
  return service.onEvent((event) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(IPC_EVENT, event);
  });
}
