// A terminal's recording: its output, what was typed (secrets masked, and their echo) and each
// resize, as results of type "terminal" with their times. The output frames of one turn of the event
// loop (Arthas sends a frame a line, a key's echo a frame) are kept together as one row, byte for
// byte, with the lines they end as one more row (what search finds); each turn's rows are written
// in one transaction, and only then handed to the window (committed before shown).
import type { SessionEvent } from '../../shared/session-events';
import { InputMasker, LineAssembler, type TerminalFrame } from '../../shared/terminal/terminal-frames';
import type { GroupItem, RecordingWriter, ResultRow } from '../recorder/recording-writer';

export class TerminalRecorder {
  private readonly masker = new InputMasker();
  private readonly lines = new LineAssembler();
  private items: GroupItem[] = [];
  /** output of this turn not yet made a row: as recorded (masked), and as shown */
  private out: string[] = [];
  private outAt = 0;
  private shown: string[] = [];
  private scheduled = false;
  private seq = 0;
  error: string | null = null;

  constructor(
    private readonly writer: RecordingWriter,
    readonly recordingId: number,
    /** the output, once written (or, when writing failed, anyway: the user still sees it) */
    private readonly show: (data: string) => void,
  ) {}

  private row(frame: TerminalFrame, at: number): ResultRow {
    return { batchSeq: ++this.seq, jobId: null, type: 'terminal', origin: 'live', receivedAt: at, serverTime: null, raw: JSON.stringify(frame) };
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** The output gathered so far as its row, and the lines it ended as another. */
  private closeOutput(): void {
    if (!this.out.length) return;
    const recorded = this.out.join('');
    this.out = [];
    const rows = [this.row({ type: 'terminal', out: recorded }, this.outAt)];
    // the lines that end here, as text, for search (the masked text: a secret is not found either)
    const ended = this.lines.push(recorded);
    if (ended.length) rows.push(this.row({ type: 'terminal', line: ended.join('\n') }, this.outAt));
    this.items.push({ rows });
  }

  output(data: string, at: number): void {
    if (!this.out.length) this.outAt = at;
    // the terminal echoes what is typed: the echo of a secret is recorded masked too
    this.out.push(this.masker.maskOutput(data, at));
    this.shown.push(data);
    this.schedule();
  }

  private add(item: GroupItem): void {
    this.closeOutput();
    this.items.push(item);
    this.schedule();
  }

  input(data: string, at: number): void {
    this.add({ rows: [this.row({ type: 'terminal', in: this.masker.mask(data, at) }, at)] });
  }

  resize(cols: number, rows: number, at: number): void {
    this.add({ rows: [this.row({ type: 'terminal', resize: { cols, rows } }, at)] });
  }

  event(e: SessionEvent): void {
    this.add({ event: e });
  }

  /** Writes what this turn gathered in one transaction, then shows its output. */
  flush(): void {
    this.scheduled = false;
    this.closeOutput();
    const items = this.items;
    const shown = this.shown;
    this.items = [];
    this.shown = [];
    if (items.length && !this.error) {
      try {
        this.writer.writeGroup(this.recordingId, items);
      } catch (e) {
        this.error = `Recording stopped: ${(e as Error).message}`;
      }
    }
    if (shown.length) this.show(shown.join(''));
  }

  end(at = Date.now()): void {
    this.flush();
    if (!this.error) this.writer.endRecording(this.recordingId, 'closed', at);
  }
}
