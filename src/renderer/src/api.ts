// One interface to main, whatever carries it: Electron IPC (preload's window.deck) or the
// WebSocket host (serve mode and browser tests: the page URL holds ?token=…).
import type { DeckArgs, DeckClient, DeckEvent, DeckMethod, DeckResult } from '../../shared/contract';

export class DeckCallError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

function webSocketClient(token: string): DeckClient {
  const listeners = new Set<(e: DeckEvent) => void>();
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let ws: WebSocket;
  let ready: Promise<void>;
  const connect = (): void => {
    ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/deck?token=${encodeURIComponent(token)}`);
    ready = new Promise((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new DeckCallError('Cannot reach the Arthas Deck host.', 'unreachable'));
    });
    ws.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as { id?: number; ok?: boolean; result?: unknown; error?: { message: string; kind: string }; event?: DeckEvent };
      if (msg.event) {
        for (const l of listeners) l(msg.event);
        return;
      }
      const w = msg.id != null ? waiting.get(msg.id) : undefined;
      if (!w) return;
      waiting.delete(msg.id!);
      if (msg.ok) w.resolve(msg.result);
      else w.reject(new DeckCallError(msg.error?.message ?? 'failed', msg.error?.kind ?? 'failed'));
    };
    ws.onclose = () => {
      for (const w of waiting.values()) w.reject(new DeckCallError('The connection to the Arthas Deck host closed.', 'unreachable'));
      waiting.clear();
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
  };
}

function pickClient(): DeckClient {
  if (window.deck) {
    const d = window.deck;
    return {
      call: (m, a) => d.call(m, a).catch((e: Error & { kind?: string }) => Promise.reject(new DeckCallError(e.message, e.kind ?? 'failed'))),
      on: (l) => d.on(l),
      pathOfFile: d.pathOfFile,
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
export const deck: DeckClient = {
  call: (method, args) => client().call(method, args),
  on: (listener) => client().on(listener),
  pathOfFile: (file) => {
    const c = client();
    if (!c.pathOfFile) throw new DeckCallError('Dropping files works in the desktop app; use Import here.', 'invalid');
    return c.pathOfFile(file);
  },
};
