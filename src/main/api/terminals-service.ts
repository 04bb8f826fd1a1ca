// Terminals: Arthas's own terminal beside a tab, through the tab's route, each recorded as a
// recording of its own (frames, what was typed with secrets masked, resizes, drops and returns).
import { randomUUID } from 'node:crypto';
import type { DeckArgs, TerminalInfo } from '../../shared/contract';
import { ArthasTerminal, type TerminalState } from '../terminal/arthas-terminal';
import { TerminalRecorder } from '../terminal/terminal-recorder';
import { deckUserName } from './deck-user';
import type { ServiceContext } from './service-context';
import type { TabsService } from './tabs-service';
import type { TargetsService } from './targets-service';
import { DeckError } from './validate';

interface OpenTerminal {
  info: Omit<TerminalInfo, 'recordingError'>;
  term: ArthasTerminal;
  recorder: TerminalRecorder;
}

export class TerminalsService {
  private readonly open = new Map<string, OpenTerminal>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly tabs: TabsService,
    private readonly targets: TargetsService,
  ) {
    tabs.onClose((tabId) => {
      for (const t of [...this.open.values()]) if (t.info.tabId === tabId) this.close(t.info.terminalId);
    });
  }

  private get(terminalId: string): OpenTerminal {
    const t = this.open.get(terminalId);
    if (!t) throw new DeckError(`No terminal ${terminalId.slice(0, 64)}.`, 'not-found');
    return t;
  }

  private infoOf(t: OpenTerminal): TerminalInfo {
    return { ...t.info, recordingError: t.recorder.error };
  }

  async openFor(a: DeckArgs<'terminals.open'>): Promise<TerminalInfo> {
    const tab = this.tabs.info(a.tabId);
    const transport = this.tabs.transportOf(tab.recordingId);
    if (!transport) throw new DeckError('The tab has no connection to its JVM now.', 'failed');
    const terminalId = `term-${randomUUID()}`;
    const recordingId = this.ctx.writer.createRecording({ targetId: tab.targetId, targetName: tab.targetName, targetUrl: this.targets.row(tab.targetId).url, name: `terminal of ${tab.targetName}`, runBy: deckUserName(this.ctx.db) });
    const holder: { t?: OpenTerminal } = {};
    const recorder = new TerminalRecorder(this.ctx.writer, recordingId, (data) => this.ctx.emit({ type: 'terminal.output', terminalId, data }));
    const onState = (state: TerminalState, at: number, message: string): void => {
      const t = holder.t;
      if (!t) return;
      const was = t.info.state;
      t.info = { ...t.info, state, since: at, message };
      if (state === 'unreachable') recorder.event({ kind: 'unreachable', at, message: `Arthas's terminal is unreachable: ${message}`, data: { since: at } });
      else if (state === 'open' && was === 'unreachable') recorder.event({ kind: 'reconnect', at, message: 'Arthas\'s terminal is back: a new Arthas session (its jobs and history start afresh)' });
      this.ctx.emit({ type: 'terminal.state', terminal: this.infoOf(t) });
    };
    const term = new ArthasTerminal({ apiUrl: transport.url, authHeader: transport.authHeader, cols: a.cols, rows: a.rows, onOutput: (d, at) => recorder.output(d, at), onState });
    const t: OpenTerminal = { info: { terminalId, tabId: a.tabId, targetName: tab.targetName, recordingId, state: 'connecting', since: Date.now(), message: '' }, term, recorder };
    holder.t = t;
    recorder.event({ kind: 'session-start', at: Date.now(), message: `Arthas's own terminal (${a.cols}×${a.rows}) beside tab ${tab.targetName}: a session of Arthas's own` });
    recorder.resize(a.cols, a.rows, Date.now());
    try {
      await term.open();
    } catch (e) {
      recorder.event({ kind: 'error', at: Date.now(), message: (e as Error).message });
      recorder.end();
      this.ctx.emit({ type: 'recordings.changed' });
      throw new DeckError((e as Error).message, 'failed');
    }
    this.open.set(terminalId, t);
    this.ctx.emit({ type: 'recordings.changed' });
    return this.infoOf(t);
  }

  list(): TerminalInfo[] {
    // a window that reloads draws from now on: what the old one left undrawn no longer holds the socket
    for (const t of this.open.values()) t.term.drawn(Number.MAX_SAFE_INTEGER);
    return [...this.open.values()].map((t) => this.infoOf(t));
  }

  input(a: DeckArgs<'terminals.input'>): boolean {
    const t = this.get(a.terminalId);
    const sent = t.term.input(a.data);
    if (sent) t.recorder.input(a.data, Date.now());
    return sent;
  }

  resize(a: DeckArgs<'terminals.resize'>): void {
    const t = this.get(a.terminalId);
    t.term.resize(a.cols, a.rows);
    t.recorder.resize(a.cols, a.rows, Date.now());
  }

  drawn(a: DeckArgs<'terminals.drawn'>): void {
    this.get(a.terminalId).term.drawn(a.chars);
  }

  close(terminalId: string): void {
    const t = this.get(terminalId);
    this.open.delete(terminalId);
    t.term.close();
    t.recorder.event({ kind: 'session-end', at: Date.now(), message: 'terminal closed' });
    t.recorder.end();
    this.ctx.emit({ type: 'terminal.state', terminal: { ...this.infoOf(t), state: 'closed', since: Date.now() } });
    this.ctx.emit({ type: 'recordings.changed' });
  }

  closeAll(): void {
    for (const id of [...this.open.keys()]) this.close(id);
  }
}
