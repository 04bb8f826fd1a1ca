// One interface to main, whatever carries it: Electron IPC (preload's window.deck) or the
// WebSocket host (serve mode and browser tests: the page URL holds ?token=…).
import type { ConnectionState, DeckArgs, DeckClient, DeckEvent, DeckMethod, DeckResult } from '../../shared/contract';

export class DeckCallError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

/** Backoff between reconnection attempts, ms (the last one repeats). */
const RECONNECT_BACKOFF = [250, 500, 1000, 2000, 4000];

function webSocketClient(token: string): DeckClient {
  const listeners = new Set<(e: DeckEvent) => void>();
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let ws: WebSocket;
  let ready: Promise<void>;
  let everOpen = false;
  let attempt = 0;
  const tell = (s: ConnectionState): void => {
    for (const l of connectionListeners) l(s);
  };
  const connect = (): void => {
    ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/deck?token=${encodeURIComponent(token)}`);
    ready = new Promise((resolve, reject) => {
      ws.onopen = () => {
        attempt = 0;
        if (everOpen) tell('reconnected');
        everOpen = true;
        resolve();
      };
      ws.onerror = () => reject(new DeckCallError('Cannot reach the Arthas Deck host.', 'unreachable'));
    });
    ready.catch(() => undefined);
    ws.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as { id?: number; ok?: boolean; result?: unknown; bulk?: string; error?: { message: string; kind: string }; event?: DeckEvent };
      if (msg.event) {
        for (const l of listeners) l(msg.event);
        return;
      }
      const w = msg.id != null ? waiting.get(msg.id) : undefined;
      if (!w) return;
      waiting.delete(msg.id!);
      if (msg.ok && msg.bulk) {
        // a large answer: fetched over HTTP, once (see the host's bulk-answers)
        fetch(`/answer/${encodeURIComponent(msg.bulk)}?token=${encodeURIComponent(token)}`)
          .then((r) => (r.ok ? r.json() : Promise.reject(new DeckCallError(`The host answered HTTP ${r.status}.`, 'failed'))))
          .then(w.resolve, (e: Error) => w.reject(e instanceof DeckCallError ? e : new DeckCallError(`The answer could not be read: ${e.message}`, 'failed')));
      } else if (msg.ok) w.resolve(msg.result);
      else w.reject(new DeckCallError(msg.error?.message ?? 'failed', msg.error?.kind ?? 'failed'));
    };
    ws.onclose = () => {
      for (const w of waiting.values()) w.reject(new DeckCallError('The connection to the Arthas Deck host closed.', 'unreachable'));
      waiting.clear();
      if (everOpen && attempt === 0) tell('disconnected');
      // the host restarted or the network dropped: try again with backoff, for as long as the page is open
      const delay = RECONNECT_BACKOFF[Math.min(attempt, RECONNECT_BACKOFF.length - 1)]!;
      attempt++;
      setTimeout(connect, delay);
    };
  };
  connect();
  return {
    async call<M extends DeckMethod>(method: M, args: DeckArgs<M>): Promise<DeckResult<M>> {
      await ready;
      const id = nextId++;
      return new Promise<DeckResult<M>>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ id, method, args }));
      });
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    async importFile(file: File, taskId?: string) {
      // the page cannot name a path on this machine: the file goes up, is checked, and imported there
      const r = await fetch(`/import?token=${encodeURIComponent(token)}${taskId ? `&task=${encodeURIComponent(taskId)}` : ''}`, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
      const answer = (await r.json().catch(() => ({ ok: false, error: { message: `The host answered HTTP ${r.status}.`, kind: 'failed' } }))) as { ok: boolean; result?: { recordingId: number; results: number } | null; error?: { message: string; kind: string } };
      if (!answer.ok) throw new DeckCallError(answer.error?.message ?? 'Import failed.', answer.error?.kind ?? 'failed');
      return answer.result ?? null;
    },
    downloadUrl: (id: string) => `/download/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`,
  };
}

function pickClient(): DeckClient {
  if (window.deck) {
    const d = window.deck;
    const call: DeckClient['call'] = (m, a) => d.call(m, a).catch((e: Error & { kind?: string }) => Promise.reject(new DeckCallError(e.message, e.kind ?? 'failed')));
    return {
      call,
      on: (l) => d.on(l),
      // the desktop app reads the file where it is (the preload names its path to main, never this page)
      importFile: (file: File, taskId?: string) => {
        if (!d.importFile) throw new DeckCallError('This window cannot read dropped files.', 'invalid');
        return d.importFile(file, taskId).catch((e: Error & { kind?: string }) => Promise.reject(new DeckCallError(e.message, e.kind ?? 'failed')));
      },
    };
  }
  const token = new URLSearchParams(location.search).get('token');
  if (!token) throw new Error('Arthas Deck runs in its desktop window, or in a browser from the address `npm run serve` prints.');
  return webSocketClient(token);
}

let chosen: DeckClient | undefined;
const client = (): DeckClient => (chosen ??= pickClient());

/** Replaces the transport (tests drive the stores with the real service in-process). */
export function setDeckClient(c: DeckClient): void {
  chosen = c;
}

/** The contract, over whichever transport this page has; chosen on first use. */
export const deck: Required<Pick<DeckClient, 'call' | 'on' | 'importFile'>> & Pick<DeckClient, 'downloadUrl'> & { onConnection(l: (s: ConnectionState) => void): () => void } = {
  call: (method, args) => client().call(method, args),
  on: (listener) => client().on(listener),
  /** desktop: never drops; serve mode: disconnected, then reconnected (the stores reload what they show) */
  onConnection: (listener) => client().onConnection?.(listener) ?? (() => undefined),
  importFile: (file, taskId) => {
    const c = client();
    if (!c.importFile) throw new DeckCallError('This transport cannot import a file.', 'invalid');
    return c.importFile(file, taskId);
  },
  downloadUrl: (id) => client().downloadUrl?.(id) ?? '',
};
