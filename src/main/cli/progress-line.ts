// How the command-line tools tell progress: on a terminal, one line rewritten in place; otherwise
// (a log, a pipe, CI) plain lines, one per step or at most one a second.

export interface ProgressLine {
  /** a step reached (always told) */
  step(text: string): void;
  /** a count moving (told at most once a second, and at the end) */
  count(text: string, final?: boolean): void;
  /** ends the rewritten line */
  done(): void;
}

export function cliProgress(prefix: string, out: NodeJS.WriteStream = process.stderr): ProgressLine {
  const tty = !!out.isTTY;
  let shownAt = 0;
  let open = false;
  const write = (text: string): void => {
    if (tty) {
      out.write(`\r\x1b[2K${prefix}: ${text}`);
      open = true;
    } else out.write(`${prefix}: ${text}\n`);
  };
  return {
    step: (text) => write(`${text}…`),
    count: (text, final = false) => {
      if (!final && Date.now() - shownAt < 1000) return;
      shownAt = Date.now();
      write(text);
    },
    done: () => {
      if (tty && open) out.write('\n');
      open = false;
    },
  };
}
