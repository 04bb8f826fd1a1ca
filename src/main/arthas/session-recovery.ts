import type { ArthasResult } from '../../shared/arthas/protocol';
import type { SessionState } from '../../shared/session-events';
import type { ArthasClient } from './client';
import { ArthasError } from './errors';
import type { EngineOutbox } from './engine-outbox';
import type { JobTracker } from './job-tracker';
import type { OutagePolicy } from './outage-policy';
import type { ResultStamper } from './result-stamper';

/** Arthas's exit code for a job it terminated (its session closed, Arthas shut down): not our interrupt */
export const TERMINATED_STATUS = -10;

/** The Arthas session and consumer an engine pulls for; recovery replaces them. */
export interface SessionIds {
  sessionId?: string;
  consumerId?: string;
}

/** What recovery needs of its engine. */
export interface RecoveryHost {
  readonly client: ArthasClient;
  readonly ids: SessionIds;
  readonly tracker: JobTracker;
  readonly stamper: ResultStamper;
  readonly outage: OutagePolicy;
  readonly out: EngineOutbox;
  /** start a new session when the server forgot this one (never for an observer) */
  readonly autoNewSession: boolean;
  readonly observer: boolean;
  setState(state: SessionState): void;
  /** waits, unless the engine is stopped meanwhile */
  sleep(ms: number): Promise<void>;
  running(): boolean;
}

/**
 * What an engine does when a pull (or an idle probe) fails: the end said for what it is (Arthas's
 * own `stop` sent from here; Arthas stopped from elsewhere: a job it terminated, then its port
 * closed), a lost consumer rejoined, a forgotten session replaced or the session lost, and
 * otherwise the outage policy's backoff.
 */
export class SessionRecovery {
  /** the user ran Arthas's `stop`: the server going away is the end, not an outage */
  stopCommandSent = false;
  /** a job Arthas terminated (status -10) that nobody here interrupted: Arthas may be shutting down */
  private terminatedJob?: number;
  /** jobs this engine interrupted (their end is ours, not Arthas's) */
  private readonly interrupted = new Set<number>();

  constructor(private readonly host: RecoveryHost) {}

  interruptedHere(jobId: number): void {
    this.interrupted.add(jobId);
  }

  /** Reads each result the server sent for a sign that Arthas is going away. */
  noteResult(result: ArthasResult): void {
    if (result.type === 'status' && result.statusCode === TERMINATED_STATUS && typeof result.jobId === 'number' && !this.interrupted.has(result.jobId)) {
      this.terminatedJob = result.jobId;
    }
  }

  /** Recovers from a failure; false when the session is over. */
  async failed(err: ArthasError): Promise<boolean> {
    const h = this.host;
    const gone = err.kind === 'refused' || err.kind === 'unreachable';
    if (this.stopCommandSent && gone) {
      // Arthas's own `stop`: the server shut down as asked; what it delivered is all there is
      h.out.event('state', 'Arthas was shut down by the stop command: the session ended with what it delivered.', { stopCommand: true });
      h.setState('lost');
      return false;
    }
    if (this.terminatedJob !== undefined && gone) {
      h.out.event('state', `Arthas was stopped (not from here): job ${this.terminatedJob} ended with status ${TERMINATED_STATUS}, then ${err.kind === 'refused' ? 'the connection was refused' : 'the connection dropped'}. What it delivered is recorded.`, {
        arthasStopped: true,
        jobId: this.terminatedJob,
        kind: err.kind,
      });
      h.setState('lost');
      return false;
    }
    if (err.isConsumerNotFound) return this.rejoin(err);
    if (err.isSessionNotFound) {
      const restarted = h.outage.inOutage;
      h.outage.end();
      return this.sessionLost(err, restarted);
    }
    if (err.broken) h.out.gap('broken-answer', `An answer could not be read (${err.message}); the results in it are lost.`);
    const delay = h.outage.failed(err);
    if (delay > 0) await h.sleep(delay);
    return true;
  }

  private async rejoin(err: ArthasError): Promise<boolean> {
    const h = this.host;
    const old = h.ids.consumerId;
    try {
      const { consumerId } = await h.client.joinSession(h.ids.sessionId!);
      h.ids.consumerId = consumerId;
      h.stamper.historyPhase = true;
      h.out.gap('consumer-lost', `The server lost consumer ${old} (${err.serverMessage}); rejoined as ${consumerId}. Results in between are lost; the server's history copy is marked as such.`, {
        oldConsumerId: old,
        consumerId,
      });
      h.out.event('consumer-join', `Rejoined as consumer ${consumerId}`, { sessionId: h.ids.sessionId, consumerId });
      return true;
    } catch (e) {
      if (e instanceof ArthasError && e.isSessionNotFound) return this.sessionLost(e);
      // network trouble while rejoining: the next pull fails and backs off, with the old consumer id
      return true;
    }
  }

  private async sessionLost(err: ArthasError, afterOutage = false): Promise<boolean> {
    const h = this.host;
    const why = afterOutage ? 'the JVM or Arthas restarted while it could not be reached' : 'it restarted, or the session timed out';
    h.out.gap('session-lost', `The server no longer knows session ${h.ids.sessionId} (${err.serverMessage}): ${why}.`, { sessionId: h.ids.sessionId, restarted: afterOutage });
    const job = h.tracker.foregroundJobId;
    if (job !== undefined) {
      const j = h.tracker.markInterrupted(job, Date.now());
      if (j) h.out.emit({ type: 'job', job: { ...j } });
      h.tracker.foregroundJobId = undefined;
    }
    if (!h.autoNewSession || h.observer) {
      h.setState('lost');
      return false;
    }
    try {
      const { sessionId, consumerId } = await h.client.initSession();
      h.ids.sessionId = sessionId;
      h.ids.consumerId = consumerId;
      this.terminatedJob = undefined;
      h.out.event('reconnect', `Started a new Arthas session ${sessionId}`, { sessionId, consumerId });
      h.setState('ready');
      return true;
    } catch (e) {
      h.out.event('error', `Could not start a new session: ${(e as Error).message}`);
      h.setState('lost');
      return false;
    }
  }
}
