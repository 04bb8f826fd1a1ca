// A terminal's recording: each output frame, what was typed (secrets masked, and their echo) and each
// resize, as results of type "terminal" with their times; the frames of one turn of the event loop
// are written in one transaction, and only then handed to the window (committed before shown).
import type { SessionEvent } from '../../shared/session-events';
import { InputMasker, LineAssembler, type TerminalFrame } from '../../shared/terminal/terminal-frames';
import type { GroupItem, RecordingWriter, ResultRow } from '../recorder/recording-writer';

export class TerminalRecorder {
  private readonly masker = new InputMasker();
  private readonly lines = new LineAssembler();
  private items: GroupItem[] = [];
  /** output of this turn, handed on after it is written */
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

  private add(item: GroupItem): void {
    this.items.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  output(data: string, at: number): void {
    // the terminal echoes what is typed: the echo of a secret is recorded masked too
    const recorded = this.masker.maskOutput(data, at);
    const rows = [this.row({ type: 'terminal', out: recorded }, at)];
    // each line that ends here, as text, for search (the masked text: a secret is not found either)
    for (const line of this.lines.push(recorded)) rows.push(this.row({ type: 'terminal', line }, at));
    this.add({ rows });
    this.shown.push(data);
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
