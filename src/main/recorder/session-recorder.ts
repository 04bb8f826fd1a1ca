import type { EngineOutput } from '../arthas/engine-outbox';
import type { SessionEngine } from '../arthas/session';
import { RecordingWriter, resultRow, type GroupItem, type NewRecording } from './recording-writer';

/** What the recorder passes on, after the write: the engine's output plus where it was stored. */
export type RecordedOutput = EngineOutput & {
  recordingId: number;
  /** for batches: position of the first result in the recording, or null when it could not be stored */
  firstPos?: number | null;
};

/**
 * Commits of answers are at least this far apart: a lone answer is committed at once, answers
 * that come faster are committed together (with the possible-loss events among them) when the
 * time is up; any other event, a job's change or a snapshot commits what waits, then itself.
 * Each commit writes every page it touched to the WAL again (the results' page and three
 * indexes'): one commit per pull answer at 500 answers a second was 11 MB/s of WAL and a sixth of
 * a core. The pull loop does not wait for it (it runs in its own thread); what waits is kept in
 * memory and written in order.
 */
export const COMMIT_EVERY_MS = 25;

/**
 * Binds one engine to one recording: what the engine says is committed in order (answers together
 * when they come within COMMIT_EVERY_MS of the last commit), then passed on. When the
 * disk fails (full, read-only) recording stops with a clear error and the live stream goes on
 * unrecorded; what was committed before stays intact.
 */
export class SessionRecorder {
  private failed: string | null = null;
  private ended = false;
  private readonly detach: () => void;
  readonly counts = { stored: 0, unstored: 0 };
  /** what waits for the next commit: outputs and what is written of them */
  private pending: Array<{ out: EngineOutput; item: GroupItem }> = [];
  private flushTimer?: NodeJS.Timeout;
  private lastCommitAt = 0;

  constructor(
    private readonly writer: RecordingWriter,
    engine: SessionEngine,
    readonly recordingId: number,
    private readonly forward: (out: RecordedOutput) => void = () => {},
  ) {
    this.detach = engine.onOutput((out) => this.accept(out));
  }

  get error(): string | null {
    return this.failed;
  }

  private guard(what: () => void): boolean {
    if (this.failed) return false;
    try {
      what();
      return true;
    } catch (e) {
      this.failed = `Recording stopped: ${(e as Error).message}. The live view goes on; results from now on are not stored.`;
      this.writer.markError(this.recordingId, this.failed);
      this.forward({ type: 'event', recordingId: this.recordingId, event: { kind: 'error', at: Date.now(), message: this.failed, data: { recording: 'stopped' } } });
      return false;
    }
  }

  private accept(out: EngineOutput): void {
    const id = this.recordingId;
    switch (out.type) {
      case 'batch': {
        const b = out.batch;
        this.pending.push({ out, item: { rows: b.results.map((r) => resultRow(b.seq, b.receivedAt, r.origin, r.result, r.raw, r.serverTime)) } });
        this.schedule();
        return;
      }
      case 'event':
        // a possible loss comes with the answers that show it, as often as they do: it waits with them
        if (out.event.kind === 'possible-loss') {
          this.pending.push({ out, item: { event: out.event } });
          this.schedule();
          return;
        }
        // any other event is rare and may be the last word (a session's end): written at once
        this.flush();
        this.guard(() => {
          this.writer.writeEvent(id, out.event);
          if (out.event.kind === 'session-start' || out.event.kind === 'session-join' || out.event.kind === 'consumer-join' || out.event.kind === 'reconnect') {
            const d = out.event.data ?? {};
            if (typeof d.consumerId === 'string') this.writer.writeConsumer(id, String(d.sessionId ?? ''), d.consumerId, out.event.at);
          }
        });
        this.forward({ ...out, recordingId: id });
        return;
      case 'job':
        this.flush();
        this.guard(() => this.writer.writeJob(id, out.job));
        this.forward({ ...out, recordingId: id });
        return;
      case 'snapshot': {
        this.flush();
        const s = out.snapshot;
        this.guard(() => this.writer.writeSnapshot(id, s));
        if (!this.ended && (s.state === 'closed' || s.state === 'lost')) {
          this.ended = true;
          this.guard(() => this.writer.endRecording(id, s.state === 'lost' ? 'lost' : 'closed'));
        }
        this.forward({ ...out, recordingId: id });
        return;
      }
    }
  }

  /** Commits now when the last commit is COMMIT_EVERY_MS old, else when it will be. */
  private schedule(): void {
    if (this.flushTimer) return;
    const wait = this.lastCommitAt + COMMIT_EVERY_MS - Date.now();
    if (wait <= 0) this.flush();
    else this.flushTimer = setTimeout(() => this.flush(), wait);
  }

  /** Writes what waits in one transaction, then passes it on in order. */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pending.length) return;
    const group = this.pending;
    this.pending = [];
    let firsts: Array<number | null> = [];
    const ok = this.guard(() => {
      firsts = this.writer.writeGroup(this.recordingId, group.map((p) => p.item));
    });
    this.lastCommitAt = Date.now();
    group.forEach((p, i) => {
      if (p.out.type === 'batch') {
        const n = p.out.batch.results.length;
        if (ok) this.counts.stored += n;
        else this.counts.unstored += n;
        this.forward({ ...p.out, recordingId: this.recordingId, firstPos: ok ? firsts[i]! : null });
      } else this.forward({ ...p.out, recordingId: this.recordingId });
    });
  }

  /** Stops recording this engine (the engine itself is stopped by its owner). */
  close(): void {
    this.flush();
    this.detach();
  }
}

/**
 * Creates the recording, attaches a recorder and starts the engine (create or join the Arthas
 * session). If the session cannot be started, nothing is left behind: the recording is removed and
 * the client closed; the error is thrown on.
 */
export async function startRecording(writer: RecordingWriter, engine: SessionEngine, recording: NewRecording, forward?: (out: RecordedOutput) => void): Promise<SessionRecorder> {
  const recorder = new SessionRecorder(writer, engine, writer.createRecording(recording), forward);
  try {
    await engine.start();
  } catch (e) {
    recorder.close();
    writer.deleteRecording(recorder.recordingId);
    engine.client.close();
    throw e;
  }
  return recorder;
}
