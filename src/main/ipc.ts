// Binds the contract to Electron IPC. Arguments are validated by the service (src/main/api/validate.ts).
import { ipcMain, type WebContents } from 'electron';
import type { DeckService } from './api/deck-service';

export const IPC_CALL = 'deck:call';
export const IPC_EVENT = 'deck:event';

export type IpcAnswer = { ok: true; result: unknown } | { ok: false; error: { message: string; kind: string } };

export function bindIpc(service: DeckService, isTrusted: (sender: WebContents, frameUrl: string) => boolean): () => void {
  ipcMain.handle(IPC_CALL, async (event, method: unknown, args: unknown): Promise<IpcAnswer> => {
    if (!isTrusted(event.sender, event.senderFrame?.url ?? '')) return { ok: false, error: { message: 'refused: not the app window', kind: 'invalid' } };
    try {
      return { ok: true, result: await service.call(method, args) };
    } catch (e) {
      const err = e as Error & { kind?: string };
      return { ok: false, error: { message: err.message, kind: err.kind ?? 'failed' } };
    }
  });
  return () => ipcMain.removeHandler(IPC_CALL);
}

export function forwardEvents(service: DeckService, target: () => WebContents | undefined): () => void {
  return service.onEvent((event) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(IPC_EVENT, event);
  });
}
