// One connection to Arthas's own terminal: the web console's WebSocket at /ws on the HTTP port
// (after the target's route). It sends keystrokes and sizes as the web console does, hands each
// output frame on with its time, pauses the socket while the window has too much undrawn (flow
// control: nothing unbounded in main), and reconnects when the target is back after a drop.
import WebSocket from 'ws';

export type TerminalState = 'connecting' | 'open' | 'unreachable' | 'closed';

export interface TerminalOptions {
  /** the target's /api URL after its route (http://127.0.0.1:PORT/api) */
  apiUrl: string;
  authHeader?: string;
  cols: number;
  rows: number;
  /** each output frame as it arrives; the receiver records it before it is shown */
  onOutput(data: string, at: number): void;
  onState(state: TerminalState, at: number, message: string): void;
  /** first wait before reconnecting after a drop, ms (doubles to 10 s) */
  reconnectMs?: number;
  /** undrawn characters at which the socket is paused, and resumed below half of it */
  highWater?: number;
}

/** The /ws URL on the same host and port as the API. */
export function terminalUrl(apiUrl: string): string {
  const u = new URL(apiUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = '/ws';
  u.search = '';
  u.hash = '';
  return u.href;
}

export class ArthasTerminal {
  private ws?: WebSocket;
  private closed = false;
  private retryMs: number;
  private retryTimer?: NodeJS.Timeout;
  private cols: number;
  private rows: number;
  /** characters handed on and not yet acknowledged as drawn */
  private undrawn = 0;
  private paused = false;
  state: TerminalState = 'connecting';

  constructor(private readonly opts: TerminalOptions) {
    this.cols = opts.cols;
    this.rows = opts.rows;
    this.retryMs = opts.reconnectMs ?? 1000;
  }

  private get highWater(): number {
    return this.opts.highWater ?? 1024 * 1024;
  }

  /** Connects; resolves once open, rejects with a message for the user when the first attempt fails. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.connect(resolve, (m) => reject(new Error(m)));
    });
  }

  private connect(opened?: () => void, failed?: (message: string) => void): void {
    const headers: Record<string, string> = {};
    if (this.opts.authHeader) headers.Authorization = this.opts.authHeader;
    const ws = new WebSocket(terminalUrl(this.opts.apiUrl), { headers, handshakeTimeout: 10_000, maxPayload: 64 * 1024 * 1024 });
    this.ws = ws;
    let wasOpen = false;
    ws.on('open', () => {
      wasOpen = true;
      this.retryMs = this.opts.reconnectMs ?? 1000;
      this.undrawn = 0;
      this.paused = false;
      ws.send(JSON.stringify({ action: 'resize', cols: this.cols, rows: this.rows }));
      this.setState('open', 'connected');
      opened?.();
    });
    ws.on('message', (data: Buffer, binary: boolean) => {
      const text = binary ? data.toString('utf8') : data.toString();
      this.undrawn += text.length;
      this.opts.onOutput(text, Date.now());
      if (!this.paused && this.undrawn > this.highWater) {
        this.paused = true;
        ws.pause();
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      const message = res.statusCode === 401 ? 'Arthas asks for a user name and password (401)' : `the server answered HTTP ${res.statusCode} at /ws: not an Arthas terminal`;
      res.resume();
      ws.terminate();
      if (failed) failed(message);
      else this.dropped(message);
      failed = undefined;
    });
    ws.on('error', (e) => {
      if (failed) {
        failed(`Could not open Arthas's terminal: ${e.message}`);
        failed = undefined;
        opened = undefined;
      }
    });
    ws.on('close', (code, reason) => {
      if (this.ws !== ws || this.closed) return;
      if (!wasOpen && failed) return;
      this.dropped(reason.length ? reason.toString() : `the connection closed (${code})`);
    });
  }

  private dropped(message: string): void {
    if (this.closed) return;
    if (this.state !== 'unreachable') this.setState('unreachable', message);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.closed) return;
      this.connect(undefined, undefined);
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
  }

  private setState(state: TerminalState, message: string): void {
    this.state = state;
    this.opts.onState(state, Date.now(), message);
  }

  /** Keystrokes, as a terminal sends them; dropped while unreachable (the user sees the state). */
  input(data: string): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify({ action: 'read', data }));
    return true;
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ action: 'resize', cols, rows }));
  }

  /** The window drew this many characters: below half the high-water mark the socket reads again. */
  drawn(chars: number): void {
    this.undrawn = Math.max(0, this.undrawn - chars);
    if (this.paused && this.undrawn < this.highWater / 2) {
      this.paused = false;
      this.ws?.resume();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.ws?.close();
    this.setState('closed', 'closed');
  }
}
