import type { EngineOutput } from '../arthas/engine-outbox';
import type { SessionEngine } from '../arthas/session';
import { RecordingWriter, resultRow, type NewRecording } from './recording-writer';

/** What the recorder passes on, after the write: the engine's output plus where it was stored. */
export type RecordedOutput = EngineOutput & {
  recordingId: number;
  /** for batches: position of the first result in the recording, or null when it could not be stored */
  firstPos?: number | null;
};

/**
 * Binds one engine to one recording: every pull answer is committed in one transaction, then
 * passed on. When the disk fails (full, read-only) recording stops with a clear error and the
 * live stream goes on unrecorded; what was committed before stays intact.
 */
export class SessionRecorder {
  private failed: string | null = null;
  private ended = false;
  private readonly detach: () => void;
  readonly counts = { stored: 0, unstored: 0 };

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
        let firstPos: number | null = null;
        const ok = this.guard(() => {
          firstPos = this.writer.writeBatch(
            id,
            b.results.map((r) => resultRow(b.seq, b.receivedAt, r.origin, r.result, r.raw, r.serverTime)),
          );
        });
        if (ok) this.counts.stored += b.results.length;
        else this.counts.unstored += b.results.length;
        this.forward({ ...out, recordingId: id, firstPos });
        return;
      }
      case 'event':
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
        this.guard(() => this.writer.writeJob(id, out.job));
        this.forward({ ...out, recordingId: id });
        return;
      case 'snapshot': {
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

  /** Stops recording this engine (the engine itself is stopped by its owner). */
  close(): void {
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
