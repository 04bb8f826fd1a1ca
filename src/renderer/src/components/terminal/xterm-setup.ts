// One xterm.js terminal as the deck draws Arthas's: its look, its fit to the pane, and the style
// bridge its inline styles need under the deck's Content-Security-Policy.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { bridgeInlineStyles } from './csp-style-bridge';

export interface DeckXterm {
  term: Terminal;
  fit(): void;
  dispose(): void;
}

export function createXterm(host: HTMLElement, opts: { readOnly?: boolean } = {}): DeckXterm {
  const unbridge = bridgeInlineStyles(host);
  const term = new Terminal({
    fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', Menlo, Consolas, monospace",
    fontSize: 13,
    scrollback: 10_000,
    cursorBlink: !opts.readOnly,
    disableStdin: !!opts.readOnly,
    convertEol: false,
    theme: { background: '#10141b', foreground: '#d8dee9', cursor: '#d8dee9', selectionBackground: '#3b4a63' },
  });
  const fitAddon = new FitAddon();
  term.loadAddon(fitAddon);
  term.open(host);
  const fit = (): void => {
    if (host.clientWidth > 0 && host.clientHeight > 0) fitAddon.fit();
  };
  fit();
  return {
    term,
    fit,
    dispose: () => {
      term.dispose();
      unbridge();
    },
  };
}
