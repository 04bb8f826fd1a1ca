import type { GapReason, SessionEvent, SessionSnapshot, TrackedJob } from '../../shared/session-events';
import type { StampedResult } from './result-stamper';

/** One pull answer, as it leaves the engine: in order, with its receive time. */
export interface ResultBatch {
  /** 1, 2, 3 … per engine */
  seq: number;
  arthasSessionId: string;
  consumerId: string;
  receivedAt: number;
  results: StampedResult[];
}

export type EngineOutput =
  | { type: 'batch'; batch: ResultBatch }
  | { type: 'event'; event: SessionEvent }
  | { type: 'job'; job: TrackedJob }
  | { type: 'snapshot'; snapshot: SessionSnapshot };

/** Receives everything the engine says, in order. Called outside the pull loop. */
export type EngineSink = (out: EngineOutput) => void;

/**
 * What an engine says, in the order it said it, delivered to its sinks (disk, UI) after the code
 * that said it has returned: setImmediate, so the engine's reading of an answer never waits on a
 * sink, and a sink that throws (disk full) stops neither the engine nor the other sinks.
 */
export class EngineOutbox {
  private readonly sinks: EngineSink[] = [];
  private readonly queue: EngineOutput[] = [];
  private scheduled = false;
  /** gap events said so far */
  gaps = 0;

  onOutput(sink: EngineSink): () => void {
    this.sinks.push(sink);
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i >= 0) this.sinks.splice(i, 1);
    };
  }

  emit(out: EngineOutput): void {
    this.queue.push(out);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  event(kind: SessionEvent['kind'], message: string, data?: Record<string, unknown>): void {
    this.emit({ type: 'event', event: { kind, at: Date.now(), message, data } });
  }

  gap(reason: GapReason, message: string, data?: Record<string, unknown>): void {
    this.gaps++;
    this.emit({ type: 'event', event: { kind: 'gap', at: Date.now(), message, gapReason: reason, data } });
  }

  /** Delivers everything said so far, now. */
  flush(): void {
    this.scheduled = false;
    const items = this.queue.splice(0, this.queue.length);
    for (const item of items) {
      for (const sink of this.sinks) {
        try {
          sink(item);
        } catch (e) {
          if (item.type !== 'event' || item.event.kind !== 'error') {
            this.event('error', `A consumer of results failed: ${(e as Error).message}`);
          }
        }
      }
    }
  }
}
