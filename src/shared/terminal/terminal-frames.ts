// Arthas's own terminal (the web console's WebSocket at /ws) as the deck records it: each output
// frame, what was typed (secrets masked) and each resize, as results of type "terminal" in a
// recording of their own, so that replay, search, export and the library carry them like any result.

/** One recorded moment of a terminal: exactly one of out, in, resize. */
export interface TerminalFrame {
  type: 'terminal';
  /** output as the server sent it (ANSI escapes and all) */
  out?: string;
  /** what was typed, as the terminal sent it (secrets masked) */
  in?: string;
  resize?: { cols: number; rows: number };
  /** the lines of the output that ended with the frames before it, as a person reads them (escapes stripped), joined by \n: what search finds */
  line?: string;
}

export function isTerminalFrame(v: unknown): v is TerminalFrame {
  if (!v || typeof v !== 'object') return false;
  const f = v as Record<string, unknown>;
  return f.type === 'terminal' && (typeof f.out === 'string' || typeof f.in === 'string' || typeof f.line === 'string' || (!!f.resize && typeof f.resize === 'object'));
}

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), other two-character escapes, and lone controls but
// tab and newline: what a reader of the text does not see
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|[\u0000-\u0008\u000b-\u001f\u007f]/g;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const ESCAPES_BUT_BACKSPACE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** Terminal output as a person reads it: escapes stripped, backspaces applied, \r\n as \n. */
export function plainText(out: string): string {
  // most of a long answer is plain text and line ends: nothing else to strip
  if (!CONTROL.test(out)) return out.includes('\r') ? out.replace(/\r\n/g, '\n').replace(/\r/g, '') : out;
  let s = out.replace(/\r\n/g, '\n').replace(ESCAPES_BUT_BACKSPACE, '');
  // a backspace takes back the character before it (the line editor's redraw)
  for (let before = ''; before !== s; ) {
    before = s;
    // eslint-disable-next-line no-control-regex
    s = s.replace(/[^\n\u0008]\u0008/g, '');
  }
  s = s.replace(ESCAPES, '');
  return s.replace(/\r/g, '');
}

/** How long a typed character waits for its echo before it is no longer expected, ms. */
const ECHO_WAIT_MS = 3000;

/**
 * Masks a secret as it is typed and as the terminal echoes it: the rest of a line after `auth ` (or
 * `auth -n NAME `) and the word after `--password`. Keeps state across keystrokes (a line arrives a
 * key at a time, or pasted whole), and each typed character until its echo comes back: the echo of
 * a pasted `auth secret⏎` arrives after the line ended, and is masked all the same.
 */
export class InputMasker {
  private line = '';
  /** typed characters whose echo has not come yet, oldest first */
  private pending: Array<{ ch: string; secret: boolean; at: number }> = [];

  /** Whether a character typed now lies inside a secret: auth's password once it began, or --password's value. */
  private secretWith(ch: string): boolean {
    const line = this.line + ch;
    return /^\s*auth\s+(?:-n\s+\S+\s+)?[^\s-]/.test(line) || /(?:^|\s)--password[\s=]\S+$/.test(line);
  }

  /** The keystrokes to record for what was typed: printable characters inside a secret become '*'. */
  mask(data: string, at = Date.now()): string {
    let out = '';
    for (const ch of data) {
      if (ch === '\r' || ch === '\n' || ch === '\u0003' || ch === '\u0015') {
        this.line = '';
        out += ch;
      } else if (ch === '\u007f' || ch === '\b') {
        this.line = this.line.slice(0, -1);
        out += ch;
      } else if (ch < ' ' || ch === '\u001b') {
        out += ch;
      } else {
        const hidden = ch !== ' ' && this.secretWith(ch);
        this.line += ch;
        if (this.pending.length < 4096) this.pending.push({ ch, secret: hidden, at });
        out += hidden ? '*' : ch;
      }
    }
    return out;
  }

  /** Output as recorded: the echo of each secret character typed becomes '*', the rest as it came. */
  maskOutput(out: string, at = Date.now()): string {
    if (!this.pending.length) return out;
    return out.replace(ESCAPES_OR_CHAR, (m) => {
      if (m.length !== 1 && !(m.length === 2 && m.codePointAt(0)! > 0xffff)) return m;
      while (this.pending.length && at - this.pending[0]!.at > ECHO_WAIT_MS) this.pending.shift();
      const head = this.pending[0];
      if (!head || head.ch !== m) return m;
      this.pending.shift();
      return head.secret ? '*' : m;
    });
  }
}

// eslint-disable-next-line no-control-regex
const ESCAPES_OR_CHAR = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|[\s\S]/gu;

/** The longest line kept for search; past it a line is cut (a minified one-line answer). */
const LINE_LIMIT = 16 * 1024;

/** Gathers output frames into the lines a person reads; each line once it ends. */
export class LineAssembler {
  private buf = '';

  push(out: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let i = out.indexOf('\n'); i >= 0; i = out.indexOf('\n', start)) {
      this.add(out.slice(start, i));
      lines.push(plainText(this.buf).slice(0, LINE_LIMIT));
      this.buf = '';
      start = i + 1;
    }
    this.add(out.slice(start));
    return lines.filter((l) => l.trim());
  }

  private add(part: string): void {
    if (this.buf.length < LINE_LIMIT * 4) this.buf += part.slice(0, LINE_LIMIT * 4 - this.buf.length);
  }
}
