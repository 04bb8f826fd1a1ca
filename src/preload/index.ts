// Exposes exactly the contract (src/shared/contract.ts) to the renderer, nothing more: one call
// channel, whose every method and argument main checks (src/main/api/validate.ts) before anything
// runs, an event stream, and the import of a dropped file (its path read here, never by the page).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { DeckEvent, DeckMethod } from '../shared/contract';

type Answer = { ok: true; result: unknown } | { ok: false; error: { message: string; kind: string } };

contextBridge.exposeInMainWorld('deck', {
  call(method: DeckMethod, args: unknown): Promise<unknown> {
    return (ipcRenderer.invoke('deck:call', method, args) as Promise<Answer>).then((a) => {
      if (a.ok) return a.result;
      throw Object.assign(new Error(a.error.message), { kind: a.error.kind });
    });
  },
  on(listener: (e: DeckEvent) => void): () => void {
    const wrapped = (_e: unknown, event: DeckEvent): void => listener(event);
    ipcRenderer.on('deck:event', wrapped);
    return () => ipcRenderer.removeListener('deck:event', wrapped);
  },
  /**
   * Imports a file dropped on the window (or chosen in the page): its path is read here from the
   * DOM File and goes to main on a channel of its own; the page never names a path main would read.
   */
  importFile(file: File, taskId?: string): Promise<unknown> {
    return (ipcRenderer.invoke('deck:import-dropped', webUtils.getPathForFile(file), taskId) as Promise<Answer>).then((a) => {
      if (a.ok) return a.result;
      throw Object.assign(new Error(a.error.message), { kind: a.error.kind });
    });
  },
});
