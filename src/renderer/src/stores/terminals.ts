import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DeckEvent, TerminalInfo } from '../../../shared/contract';
import { deck } from '../api';
import { useNotices } from './notices';
import { t } from '../i18n';

type OutputListener = (data: string) => void;

/** output kept for a pane not drawing yet, characters */
const EARLY_LIMIT = 1024 * 1024;

/**
 * Arthas's own terminal beside each live tab: its state as main reports it, and its output handed to
 * the pane that draws it (which tells main what it drew: flow control).
 */
export const useTerminals = defineStore('terminals', () => {
  /** by tab */
  const byTab = ref<Record<string, TerminalInfo>>({});
  const listeners = new Map<string, OutputListener>();
  /** output that came before its pane listened (the first prompt, while the pane mounts) */
  const early = new Map<string, string[]>();
  let listening = false;
  const notices = useNotices();

  function listen(): void {
    if (listening) return;
    listening = true;
    deck.on((e: DeckEvent) => {
      if (e.type === 'terminal.output') {
        const l = listeners.get(e.terminalId);
        if (l) l(e.data);
        else {
          // no pane draws it now (the window reloaded, the view not opened yet): kept for the pane, its
          // last EARLY_LIMIT characters, and told drawn at once, so main never waits on a pane that is not there
          const kept = [...(early.get(e.terminalId) ?? []), e.data];
          let size = kept.reduce((n, d) => n + d.length, 0);
          while (size > EARLY_LIMIT && kept.length > 1) size -= kept.shift()!.length;
          early.set(e.terminalId, kept);
          drawn(e.terminalId, e.data.length);
        }
      } else if (e.type === 'terminal.state') {
        const info = e.terminal;
        if (info.state === 'closed') {
          if (byTab.value[info.tabId]?.terminalId === info.terminalId) delete byTab.value[info.tabId];
        } else byTab.value[info.tabId] = info;
      } else if (e.type === 'tab.closed') delete byTab.value[e.tabId];
    });
    // after a reload: the terminals main still holds
    void deck.call('terminals.list', {}).then((list) => {
      for (const info of list) byTab.value[info.tabId] ??= info;
    });
  }

  async function open(tabId: string, cols: number, rows: number): Promise<TerminalInfo | null> {
    listen();
    if (byTab.value[tabId]) return byTab.value[tabId]!;
    const info = await notices.guard(t('terminal.openFailed'), () => deck.call('terminals.open', { tabId, cols, rows }));
    if (info) byTab.value[tabId] = info;
    return info ?? null;
  }

  /** The pane's listener for a terminal's output; what came before it is handed over first. */
  function onOutput(terminalId: string, l: OutputListener): () => void {
    listeners.set(terminalId, l);
    for (const d of early.get(terminalId) ?? []) l(d);
    early.delete(terminalId);
    return () => {
      if (listeners.get(terminalId) === l) listeners.delete(terminalId);
    };
  }

  function input(terminalId: string, data: string): void {
    void deck.call('terminals.input', { terminalId, data }).catch(() => undefined);
  }

  function resize(terminalId: string, cols: number, rows: number): void {
    void deck.call('terminals.resize', { terminalId, cols, rows }).catch(() => undefined);
  }

  function drawn(terminalId: string, chars: number): void {
    void deck.call('terminals.drawn', { terminalId, chars }).catch(() => undefined);
  }

  async function close(tabId: string): Promise<void> {
    const info = byTab.value[tabId];
    if (!info) return;
    delete byTab.value[tabId];
    await deck.call('terminals.close', { terminalId: info.terminalId }).catch(() => undefined);
  }

  return { byTab, listen, open, onOutput, input, resize, drawn, close };
});
