import { inferUtcOffsetMinutes } from '../../shared/arthas/jvm-time';
import type { InputStatus } from '../../shared/arthas/protocol';
import { CONSUMER_QUEUE_SIZE, UNHEALTHY_INTERRUPT_MESSAGE, isInputStatus, jvmTimeOf, serverTimeOf } from '../../shared/arthas/protocol';
import type { GapReason, ResultOrigin, SessionEvent, SessionSnapshot, SessionState, TrackedJob } from '../../shared/session-events';
import type { ArthasClient, ExecAnswer, PullAnswer, ReceivedResult } from './client';
import { ArthasError } from './errors';
import { JobTracker } from './job-tracker';
import { LossDetector, type LossFinding } from './loss-detector';

/** One pull answer, as it leaves the engine: in order, with its receive time. */
export interface ResultBatch {
  /** 1, 2, 3 … per engine */
  seq: number;
  arthasSessionId: string;
  consumerId: string;
  receivedAt: number;
  results: Array<ReceivedResult & { origin: ResultOrigin; serverTime: number | null }>;
}

export type EngineOutput =
  | { type: 'batch'; batch: ResultBatch }
  | { type: 'event'; event: SessionEvent }
  | { type: 'job'; job: TrackedJob }
  | { type: 'snapshot'; snapshot: SessionSnapshot };

/** Receives everything the engine says, in order. Called outside the pull loop. */
export type EngineSink = (out: EngineOutput) => void;

export interface EngineOptions {
  /** join this existing Arthas session (as an observer) instead of creating one */
  joinSessionId?: string;
  /** when the server forgets the session, start a new one by itself */
  autoNewSession?: boolean;
  /** backoff steps after the first immediate retry, ms */
  backoffMs?: number[];
  /** close the Arthas session on stop (false for observers of someone else's session) */
  closeOnStop?: boolean;
  /** no answer for this long: the target is said to be unreachable, ms */
  unreachableAfterMs?: number;
  /** on stop, how long to wait for an interrupted job's last results, ms */
  drainTimeoutMs?: number;
  /** an idle session: how often it is asked whether it still exists (session_info, answered at once), ms */
  idleProbeMs?: number;
  /** an idle session: how often it still pulls, to keep its consumer (Arthas drops one after 5 min), ms */
  idlePullMs?: number;
}

export interface StopOptions {
  reason?: string;
  /** observer only: the user confirmed interrupting the owner's running job */
  interruptOwnerJob?: boolean;
  /** observer only: the user confirmed closing the owner's session */
  closeOwnerSession?: boolean;
}

/** Thrown when an observer would touch the owner's job or session without the user's confirmation. */
export class OwnerSessionError extends ArthasError {
  constructor(what: string) {
    super('api', `This tab observes someone else's Arthas session: ${what} needs your explicit confirmation.`, { serverMessage: 'needs-confirmation' });
  }
}

const DEFAULT_BACKOFF = [250, 500, 1000, 2000, 5000];
const DEFAULT_IDLE_PROBE_MS = 5_000;
/** under Arthas's 5 minutes after which a consumer that did not pull is removed */
const DEFAULT_IDLE_PULL_MS = 4 * 60_000;
const DEFAULT_UNREACHABLE_AFTER_MS = 10_000;
const DEFAULT_DRAIN_TIMEOUT_MS = 5_000;

/** HH:MM:SS in this machine's zone. */
function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/**
 * The engine of one target: keeps exactly one pull_results in flight at all times, re-issued the
 * moment the previous one returns. Delivery to sinks (disk, UI) happens after the next pull is on
 * the wire, through an ordered queue, so a slow sink never delays a pull.
 *
 * Except when the session is idle (its own, no job of it alive, no command on its way, input
 * allowed): Arthas answers a pull of an empty queue only after holding it for up to 2 s, on
 * one of its few HTTP worker threads, and every other connection served by that thread waits
 * meanwhile. An idle tab that kept pulling would stall the pulls of a busy session on the same JVM
 * by up to 2 s: its queue of 50 overflows and Arthas interrupts the job ("all consumers are
 * unhealthy"). An idle session is asked with session_info (answered at once) whether it still
 * exists, pulls every few minutes to keep its consumer, and pulls again the moment a command is sent.
 */
export class SessionEngine {
  private readonly tracker = new JobTracker();
  private readonly sinks: EngineSink[] = [];
  private readonly outbox: EngineOutput[] = [];
  private flushScheduled = false;
  private running = false;
  private stopping = false;
  private seq = 0;
  private state: SessionState = 'connecting';
  private sessionId?: string;
  private consumerId?: string;
  /** after a join, results up to the first input_status are the server's history copy */
  private historyPhase = false;
  private pumpDone: Promise<void> = Promise.resolve();
  private wake?: () => void;
  private readonly loss = new LossDetector();
  private jvmUtcOffsetMinutes: number | null = null;
  private unreachableSince?: number;
  /** the user ran Arthas's `stop`: the server going away is the end, not an outage */
  private stopCommandSent = false;
  /** resolves when no job runs in the foreground any more (stop's drain) */
  private idleWaiters: Array<() => void> = [];
  /** commands on their way (async_exec not answered yet): their jobs are not tracked yet */
  private commandsInFlight = 0;
  /** the quickest pull round trip so far, ms: the network's share of every pull's */
  private quickestPullMs = Infinity;
  readonly stats = { pulls: 0, results: 0, emptyPulls: 0, gaps: 0, bytes: 0, possibleLosses: 0, missing: 0, idleProbes: 0 };

  constructor(
    readonly client: ArthasClient,
    private readonly opts: EngineOptions = {},
  ) {}

  onOutput(sink: EngineSink): () => void {
    this.sinks.push(sink);
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i >= 0) this.sinks.splice(i, 1);
    };
  }

  get snapshot(): SessionSnapshot {
    return {
      state: this.state,
      arthasSessionId: this.sessionId,
      consumerId: this.consumerId,
      inputStatus: this.tracker.inputStatus,
      foregroundJobId: this.tracker.foregroundJobId,
      version: this.tracker.welcome.version,
      pid: this.tracker.welcome.pid,
      mainClass: this.tracker.welcome.mainClass,
      jvmUtcOffsetMinutes: this.jvmUtcOffsetMinutes,
      ...(this.unreachableSince !== undefined ? { unreachableSince: this.unreachableSince } : {}),
    };
  }

  /** True when this engine joined someone else's session. */
  get observer(): boolean {
    return !!this.opts.joinSessionId;
  }

  get jobs(): TrackedJob[] {
    return [...this.tracker.jobs.values()];
  }

  /** Creates (or joins) the Arthas session, then starts the pump. Throws if the target cannot be used. */
  async start(): Promise<SessionSnapshot> {
    if (this.running) return this.snapshot;
    this.setState('connecting');
    if (this.opts.joinSessionId) {
      const { sessionId, consumerId } = await this.client.joinSession(this.opts.joinSessionId);
      this.sessionId = sessionId;
      this.consumerId = consumerId;
      this.historyPhase = true;
      this.event('session-join', `Joined Arthas session ${sessionId} as consumer ${consumerId}`, { sessionId, consumerId });
    } else {
      const { sessionId, consumerId } = await this.client.initSession();
      this.sessionId = sessionId;
      this.consumerId = consumerId;
      this.event('session-start', `Arthas session ${sessionId} created (consumer ${consumerId})`, { sessionId, consumerId });
    }
    this.running = true;
    this.setState('ready');
    this.pumpDone = this.pump();
    return this.snapshot;
  }

  /** async_exec: the job's results arrive through the pump. */
  async run(command: string): Promise<{ jobId: number }> {
    const sessionId = this.requireSession();
    const at = Date.now();
    this.event('command', command, { command });
    // an idle pump pulls again now, before the job's first results are queued
    this.commandsInFlight++;
    this.wake?.();
    try {
      const body = await this.client.asyncExec(sessionId, command);
      if (/^\s*stop\s*$/i.test(command)) this.stopCommandSent = true;
      const job = this.tracker.scheduled(body.jobId, body.command ?? command, at);
      this.emit({ type: 'job', job: { ...job } });
      this.setState('running');
      return { jobId: body.jobId };
    } catch (e) {
      this.event('error', `Command not run: ${(e as Error).message}`, { command });
      throw e;
    } finally {
      this.commandsInFlight--;
    }
  }

  /** One-shot exec in a one-time session; its results are delivered as one batch of origin 'exec'. */
  async execOnce(command: string, execTimeout?: number): Promise<ExecAnswer> {
    this.event('command', `exec: ${command}`, { command, mode: 'exec' });
    const answer = await this.client.exec(command, { execTimeout });
    const jobId = answer.body.jobId;
    const at = answer.receivedAt;
    const job: TrackedJob = {
      jobId,
      command,
      state: answer.state === 'INTERRUPTED' ? 'interrupted' : 'succeeded',
      startedAt: at,
      endedAt: at,
    };
    for (const r of answer.results) {
      if (r.result.type === 'status' && typeof r.result.statusCode === 'number') {
        job.statusCode = r.result.statusCode;
        if (r.result.statusCode !== 0) job.state = 'failed';
        if (typeof r.result.message === 'string') job.statusMessage = r.result.message;
      }
    }
    this.emit({ type: 'job', job });
    this.emit({
      type: 'batch',
      batch: {
        seq: ++this.seq,
        arthasSessionId: answer.sessionId ?? 'exec',
        consumerId: 'exec',
        receivedAt: at,
        results: answer.results.map((r) => {
          if (this.jvmUtcOffsetMinutes === null) {
            const t = jvmTimeOf(r.result);
            if (typeof t === 'string') this.jvmUtcOffsetMinutes = inferUtcOffsetMinutes(t, at);
          }
          return { ...r, origin: 'exec' as const, serverTime: serverTimeOf(r.result, this.jvmUtcOffsetMinutes) };
        }),
      },
    });
    return answer;
  }

  /** Interrupts the foreground job. An observer needs { ownerConfirmed: true }: the job is the owner's. */
  async interrupt(opts: { ownerConfirmed?: boolean } = {}): Promise<void> {
    const sessionId = this.requireSession();
    if (this.observer && !opts.ownerConfirmed) throw new OwnerSessionError("interrupting the owner's job");
    const body = await this.client.interruptJob(sessionId);
    this.event('interrupt', `Interrupted job ${body.jobId}`, { jobId: body.jobId });
    const job = this.tracker.markInterrupted(body.jobId, Date.now());
    if (job) this.emit({ type: 'job', job: { ...job } });
  }

  /** Adds a user's bookmark to the event stream. */
  bookmark(note: string): void {
    this.event('bookmark', note);
  }

  /** Adds an AI assistant's tool call or answer to the event stream (recorded as the assistant's). */
  assistantNote(message: string, data?: Record<string, unknown>): void {
    this.event('assistant', message, data);
  }

  /**
   * Stops recording. The owner of the session interrupts a running job, then keeps pulling until
   * the job's last results, its status and ALLOW_INPUT have arrived (Arthas still queues them after
   * interrupt_job), and only then closes the session. An observer only stops pulling: the job and
   * the session are the owner's, unless the user confirmed otherwise.
   */
  async stop(opts: StopOptions | string = {}): Promise<void> {
    const o: StopOptions = typeof opts === 'string' ? { reason: opts } : opts;
    const reason = o.reason ?? 'closed by the user';
    if (this.stopping) return this.pumpDone;
    this.stopping = true;
    const sessionId = this.sessionId;
    const reachable = this.running && (this.state === 'ready' || this.state === 'running');
    const owner = !this.observer;
    const fg = this.tracker.foregroundJobId;
    if (reachable && fg !== undefined && (owner || o.interruptOwnerJob)) {
      if (this.tracker.jobs.get(fg)?.endedAt === undefined) {
        try {
          await this.interrupt({ ownerConfirmed: true });
        } catch {
          /* the job may have ended meanwhile */
        }
      }
      await this.whenIdle(this.opts.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
    }
    this.running = false;
    this.wake?.();
    for (const f of this.loss.flush()) this.report(f);
    const close = owner ? this.opts.closeOnStop !== false : !!o.closeOwnerSession;
    if (sessionId && close && reachable) {
      try {
        await this.client.closeSession(sessionId);
      } catch {
        /* the session may already be gone */
      }
    }
    this.client.close();
    await this.pumpDone;
    this.setState('closed');
    const unreachable = this.unreachableSince !== undefined ? `; target unreachable since ${clock(this.unreachableSince)}` : '';
    this.event('session-end', `Session ended: ${reason}${unreachable}`, this.unreachableSince !== undefined ? { unreachableSince: this.unreachableSince } : undefined);
    this.flush();
  }

  /** Resolves when no foreground job runs, or after timeoutMs. */
  private whenIdle(timeoutMs: number): Promise<void> {
    if (this.tracker.foregroundJobId === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.idleWaiters.push(done);
    });
  }

  private requireSession(): string {
    if (!this.sessionId || !this.running) throw new ArthasError('api', 'The session is not connected.');
    return this.sessionId;
  }

  // ---- the pump ---------------------------------------------------------------------------

  private pullOnce(): Promise<PullAnswer | ArthasError> {
    this.stats.pulls++;
    return this.client.pullResults(this.sessionId!, this.consumerId!).catch((e: unknown) =>
      e instanceof ArthasError ? e : new ArthasError('unreachable', String((e as Error)?.message ?? e)),
    );
  }

  /** Nothing can arrive in this session unless the deck asks for it (see the class comment). */
  private quiet(): boolean {
    if (this.observer || this.stopping || this.historyPhase || this.commandsInFlight > 0) return false;
    if (this.tracker.foregroundJobId !== undefined || this.tracker.inputStatus === 'ALLOW_INTERRUPT') return false;
    for (const j of this.tracker.jobs.values()) if (j.endedAt === undefined) return false;
    return true;
  }

  /**
   * An idle session's next pull: after a command is sent (at once), or after idlePullMs. Meanwhile
   * session_info every idleProbeMs: its failure is the pump's like a pull's. Null when stopped.
   */
  private async idle(): Promise<PullAnswer | ArthasError | null> {
    const until = Date.now() + (this.opts.idlePullMs ?? DEFAULT_IDLE_PULL_MS);
    const probeMs = this.opts.idleProbeMs ?? DEFAULT_IDLE_PROBE_MS;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) break;
      await this.sleep(Math.min(probeMs, left));
      if (!this.running) return null;
      if (!this.quiet() || Date.now() >= until) break;
      this.stats.idleProbes++;
      try {
        await this.client.sessionInfo(this.sessionId!);
      } catch (e) {
        return e instanceof ArthasError ? e : new ArthasError('unreachable', String((e as Error)?.message ?? e));
      }
    }
    return this.running ? this.pullOnce() : null;
  }

  private async pump(): Promise<void> {
    let pending: Promise<PullAnswer | ArthasError | null> = this.pullOnce();
    let failures = 0;
    let outageStartedAt = 0;
    let unreachableTimer: NodeJS.Timeout | undefined;
    const outageOver = (): void => {
      clearTimeout(unreachableTimer);
      unreachableTimer = undefined;
      outageStartedAt = 0;
      this.unreachableSince = undefined;
    };
    while (this.running) {
      const outcome = await pending;
      if (outcome === null) break;
      if (!(outcome instanceof ArthasError)) {
        // an answer that arrives while stopping is still the server's: it is kept. The next pull is
        // on its way before anything else happens, unless the answer may leave the session idle (it
        // is empty, or says a job ended or input is allowed): then it is read first, and an idle
        // session does not hold one of Arthas's worker threads with a pull of an empty queue
        const mayIdle = outcome.results.length === 0 || outcome.results.some((r) => r.result.type === 'status' || r.result.type === 'input_status');
        if (this.running && !mayIdle) pending = this.pullOnce();
        if (outageStartedAt) {
          const ms = Date.now() - outageStartedAt;
          this.event('outage-end', `Connection back after ${(ms / 1000).toFixed(1)} s`, { ms });
          this.gap('network', `No pull was in flight for ${(ms / 1000).toFixed(1)} s; the server may have dropped results.`);
          outageOver();
          this.setState(this.tracker.foregroundJobId !== undefined ? 'running' : 'ready');
        }
        failures = 0;
        this.accept(outcome);
        if (this.running && mayIdle) pending = this.quiet() ? this.idle() : this.pullOnce();
        continue;
      }
      if (!this.running) break;
      const err = outcome;
      if (this.stopCommandSent && (err.kind === 'refused' || err.kind === 'unreachable')) {
        // Arthas's own `stop`: the server shut down as asked; what it delivered is all there is
        this.event('state', 'Arthas was shut down by the stop command: the session ended with what it delivered.', { stopCommand: true });
        this.running = false;
        this.setState('lost');
        break;
      }
      if (err.isConsumerNotFound) {
        if (!(await this.rejoin(err))) break;
        pending = this.pullOnce();
        continue;
      }
      if (err.isSessionNotFound) {
        const restarted = outageStartedAt !== 0;
        outageOver();
        if (!(await this.sessionLost(err, restarted))) break;
        pending = this.pullOnce();
        continue;
      }
      if (err.kind === 'not-arthas' && /not JSON|broken/.test(err.message)) {
        this.gap('broken-answer', `An answer could not be read (${err.message}); the results in it are lost.`);
      }
      if (!outageStartedAt) {
        const since = (outageStartedAt = Date.now());
        this.event('outage-start', `Lost contact: ${err.message}`, { kind: err.kind });
        this.setState('reconnecting');
        const after = this.opts.unreachableAfterMs ?? DEFAULT_UNREACHABLE_AFTER_MS;
        unreachableTimer = setTimeout(() => {
          if (!this.running || outageStartedAt !== since) return;
          this.unreachableSince = since;
          this.event('unreachable', `Target unreachable since ${clock(since)} (no answer for ${Math.round(after / 1000)} s: ${err.message}). Still trying every few seconds; what was delivered before is recorded.`, { since, kind: err.kind });
          this.setState('unreachable');
        }, after);
      }
      const steps = this.opts.backoffMs ?? DEFAULT_BACKOFF;
      const delay = failures === 0 ? 0 : steps[Math.min(failures - 1, steps.length - 1)]!;
      failures++;
      if (delay > 0) await this.sleep(delay);
      if (!this.running) break;
      pending = this.pullOnce();
    }
    clearTimeout(unreachableTimer);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async rejoin(err: ArthasError): Promise<boolean> {
    const old = this.consumerId;
    try {
      const { consumerId } = await this.client.joinSession(this.sessionId!);
      this.consumerId = consumerId;
      this.historyPhase = true;
      this.gap('consumer-lost', `The server lost consumer ${old} (${err.serverMessage}); rejoined as ${consumerId}. Results in between are lost; the server's history copy is marked as such.`, {
        oldConsumerId: old,
        consumerId,
      });
      this.event('consumer-join', `Rejoined as consumer ${consumerId}`, { sessionId: this.sessionId, consumerId });
      return true;
    } catch (e) {
      if (e instanceof ArthasError && e.isSessionNotFound) return this.sessionLost(e);
      // network trouble while rejoining: the pump's backoff handles it, with the old consumer id
      return true;
    }
  }

  private async sessionLost(err: ArthasError, afterOutage = false): Promise<boolean> {
    const why = afterOutage ? 'the JVM or Arthas restarted while it could not be reached' : 'it restarted, or the session timed out';
    this.gap('session-lost', `The server no longer knows session ${this.sessionId} (${err.serverMessage}): ${why}.`, { sessionId: this.sessionId, restarted: afterOutage });
    const job = this.tracker.foregroundJobId;
    if (job !== undefined) {
      const j = this.tracker.markInterrupted(job, Date.now());
      if (j) this.emit({ type: 'job', job: { ...j } });
      this.tracker.foregroundJobId = undefined;
    }
    if (!this.opts.autoNewSession || this.opts.joinSessionId) {
      this.running = false;
      this.setState('lost');
      return false;
    }
    try {
      const { sessionId, consumerId } = await this.client.initSession();
      this.sessionId = sessionId;
      this.consumerId = consumerId;
      this.event('reconnect', `Started a new Arthas session ${sessionId}`, { sessionId, consumerId });
      this.setState('ready');
      return true;
    } catch (e) {
      this.event('error', `Could not start a new session: ${(e as Error).message}`);
      this.running = false;
      this.setState('lost');
      return false;
    }
  }

  /** How long the server held this pull: its round trip less the quickest seen (the network's share). */
  private heldMs(answer: PullAnswer): number | undefined {
    if (answer.sentAt === undefined) return undefined;
    const rt = answer.receivedAt - answer.sentAt;
    this.quickestPullMs = Math.min(this.quickestPullMs, rt);
    return rt - this.quickestPullMs;
  }

  private accept(answer: PullAnswer): void {
    if (answer.results.length === 0) {
      this.stats.emptyPulls++;
      for (const finding of this.loss.answer([], answer.receivedAt)) this.report(finding);
      return;
    }
    this.stats.results += answer.results.length;
    this.stats.bytes += answer.bytes;
    const results: ResultBatch['results'] = [];
    const changedJobs = new Map<number, TrackedJob>();
    let inputBefore: InputStatus = this.tracker.inputStatus;
    for (let i = 0; i < answer.results.length; i++) {
      const rr = answer.results[i]!;
      let origin: ResultOrigin = 'live';
      if (this.historyPhase) {
        const r = rr.result;
        if (isInputStatus(r)) {
          // a DISABLED first in the queue opens the copy; any other input status closes it
          if (!(r.inputStatus === 'DISABLED' && i === 0)) this.historyPhase = false;
        }
        origin = 'history';
      }
      if (this.jvmUtcOffsetMinutes === null && origin === 'live') {
        // the JVM's zone, from a time it sent just now (a history copy may be hours old)
        const t = jvmTimeOf(rr.result);
        if (typeof t === 'string') this.jvmUtcOffsetMinutes = inferUtcOffsetMinutes(t, answer.receivedAt);
      }
      results.push({ ...rr, origin, serverTime: serverTimeOf(rr.result, this.jvmUtcOffsetMinutes) });
      if (rr.result.type === 'message' && rr.result.message === UNHEALTHY_INTERRUPT_MESSAGE) {
        this.gap('server-interrupt', 'Arthas interrupted the job: every consumer was unhealthy (results were dropped).');
      }
      const job = this.tracker.apply(rr.result, answer.receivedAt);
      if (job) changedJobs.set(job.jobId, { ...job });
    }
    this.emit({
      type: 'batch',
      batch: { seq: ++this.seq, arthasSessionId: this.sessionId!, consumerId: this.consumerId!, receivedAt: answer.receivedAt, results },
    });
    const liveResults = results.filter((r) => r.origin !== 'history');
    let first = Infinity;
    let last = -Infinity;
    for (const r of liveResults) {
      if (r.serverTime === null) continue;
      first = Math.min(first, r.serverTime);
      last = Math.max(last, r.serverTime);
    }
    const spanMs = last >= first ? last - first : undefined;
    for (const finding of this.loss.answer(liveResults.map((r) => r.result), answer.receivedAt, this.heldMs(answer), spanMs)) this.report(finding);
    for (const job of changedJobs.values()) this.emit({ type: 'job', job });
    if (this.tracker.foregroundJobId === undefined) for (const w of [...this.idleWaiters]) w();
    if (this.tracker.inputStatus !== inputBefore || changedJobs.size > 0) {
      inputBefore = this.tracker.inputStatus;
      const next: SessionState = this.tracker.foregroundJobId !== undefined || this.tracker.inputStatus === 'ALLOW_INTERRUPT' ? 'running' : 'ready';
      this.setState(next, true);
    }
  }

  // ---- output -------------------------------------------------------------------------------

  private setState(state: SessionState, force = false): void {
    if (this.state === state && !force) return;
    const changed = this.state !== state;
    this.state = state;
    if (changed && state !== 'connecting') this.event('state', `State: ${state}`, { state });
    this.emit({ type: 'snapshot', snapshot: this.snapshot });
  }

  private report(f: LossFinding): void {
    if (f.kind === 'possible-loss') {
      this.stats.possibleLosses++;
      const t = (ms: number): string => `${clock(ms)}.${String(ms % 1000).padStart(3, '0')}`;
      this.event(
        'possible-loss',
        `Possible loss between ${t(f.from)} and ${t(f.to)}: ${f.answers} full answers in a row. Arthas keeps ${CONSUMER_QUEUE_SIZE} results per consumer and drops the oldest without saying so.`,
        { from: f.from, to: f.to, answers: f.answers },
      );
      return;
    }
    this.stats.missing += f.missing;
    this.gap('server-drop', `${f.missing} tt record(s) missing in job ${f.jobId}: indexes jumped from ${f.afterIndex} to ${f.beforeIndex} (dropped by the server, or taken by another session's tt).`, {
      jobId: f.jobId,
      missing: f.missing,
      afterIndex: f.afterIndex,
      beforeIndex: f.beforeIndex,
    });
  }

  private gap(reason: GapReason, message: string, data?: Record<string, unknown>): void {
    this.stats.gaps++;
    this.emit({ type: 'event', event: { kind: 'gap', at: Date.now(), message, gapReason: reason, data } });
  }

  private event(kind: SessionEvent['kind'], message: string, data?: Record<string, unknown>): void {
    this.emit({ type: 'event', event: { kind, at: Date.now(), message, data } });
  }

  private emit(out: EngineOutput): void {
    this.outbox.push(out);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // setImmediate: the next pull request is written to its socket before any sink runs
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const items = this.outbox.splice(0, this.outbox.length);
    for (const item of items) {
      for (const sink of this.sinks) {
        try {
          sink(item);
        } catch (e) {
          // a failing sink (disk full) must not stop the pump nor the other sinks
          if (item.type !== 'event' || item.event.kind !== 'error') {
            this.event('error', `A consumer of results failed: ${(e as Error).message}`);
          }
        }
      }
    }
  }
}
