import type { InputStatus } from '../../shared/arthas/protocol';
import { CONSUMER_QUEUE_SIZE, UNHEALTHY_INTERRUPT_MESSAGE } from '../../shared/arthas/protocol';
import type { SessionSnapshot, SessionState, TrackedJob } from '../../shared/session-events';
import { readPulled, type ArthasClient, type ExecAnswer, type PullAnswer } from './client';
import { ArthasError } from './errors';
import { JobTracker } from './job-tracker';
import { LossDetector, type LossFinding } from './loss-detector';
import { OutagePolicy, clock } from './outage-policy';
import { openPullChannel, type PullChannel, type PullPlace } from './pull-channel';
import { ResultStamper } from './result-stamper';
import { EngineOutbox, type EngineSink } from './engine-outbox';
import { SessionRecovery, type SessionIds } from './session-recovery';

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
  /** where the pull loop runs: the pull worker thread (default) or this thread (DECK_PULL_IN=inline) */
  pullIn?: PullPlace;
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

const DEFAULT_IDLE_PROBE_MS = 5_000;
/** under Arthas's 5 minutes after which a consumer that did not pull is removed */
const DEFAULT_IDLE_PULL_MS = 4 * 60_000;
const DEFAULT_DRAIN_TIMEOUT_MS = 5_000;

/**
 * The engine of one target. While a job of its session can send results, exactly one pull_results
 * is in flight: the pull loop (pull-loop.ts) runs in the pull worker thread and sends the next pull
 * the moment an answer's bytes are in, before this thread has read the answer, so nothing here (the
 * recorder's commit, the UI, another session's work) can delay it. The answers are read here, in
 * order; delivery to sinks (disk, UI) happens after that, through an ordered queue.
 *
 * No pull is in flight:
 * - while the session is idle (its own, no job of it alive, no command on its way, input allowed):
 *   Arthas answers a pull of an empty queue only after holding it for up to 2 s, on one of its few
 *   HTTP worker threads, and every other connection served by that thread waits meanwhile. An idle
 *   tab that kept pulling would stall the pulls of a busy session on the same JVM: its queue of 50
 *   overflows and Arthas interrupts the job ("all consumers are unhealthy"). An idle session is asked
 *   with session_info (answered at once) whether it still exists, pulls every few minutes to keep
 *   its consumer, and pulls again the moment a command is sent. So the loop pauses after an answer
 *   that is empty or says a job ended or input is allowed, until this thread has read it;
 * - after a failed pull, for the outage policy's backoff (the first retry goes at once);
 * - while a lost consumer is rejoined or a lost session replaced.
 */
export class SessionEngine {
  private readonly tracker = new JobTracker();
  private readonly out = new EngineOutbox();
  private running = false;
  private stopping = false;
  private seq = 0;
  private state: SessionState = 'connecting';
  private readonly ids: SessionIds = {};
  private readonly stamper = new ResultStamper();
  private pumpDone: Promise<void> = Promise.resolve();
  private wake?: () => void;
  private readonly loss = new LossDetector();
  private readonly outage: OutagePolicy;
  private readonly recovery: SessionRecovery;
  private channel?: PullChannel;
  /** resolves when no foreground job runs any more (stop's drain) */
  private idleWaiters: Array<() => void> = [];
  /** commands on their way (async_exec not answered yet): their jobs are not tracked yet */
  private commandsInFlight = 0;
  /** the quickest pull round trip so far, ms: the network's share of every pull's */
  private quickestPullMs = Infinity;
  private readonly counts = { pulls: 0, results: 0, emptyPulls: 0, bytes: 0, possibleLosses: 0, missing: 0, idleProbes: 0 };

  constructor(
    readonly client: ArthasClient,
    private readonly opts: EngineOptions = {},
  ) {
    this.outage = new OutagePolicy(opts, {
      event: (kind, message, data) => this.out.event(kind, message, data),
      gap: (reason, message) => this.out.gap(reason, message),
      setState: (state) => this.setState(state),
      running: () => this.running,
    });
    this.recovery = new SessionRecovery({
      client,
      ids: this.ids,
      tracker: this.tracker,
      stamper: this.stamper,
      outage: this.outage,
      out: this.out,
      autoNewSession: !!opts.autoNewSession,
      observer: !!opts.joinSessionId,
      setState: (state) => this.setState(state),
      sleep: (ms) => this.sleep(ms),
      running: () => this.running,
    });
  }

  /** What the engine did so far: pulls, results, gaps, possible losses… */
  get stats(): typeof this.counts & { gaps: number } {
    return { ...this.counts, gaps: this.out.gaps };
  }

  onOutput(sink: EngineSink): () => void {
    return this.out.onOutput(sink);
  }

  get snapshot(): SessionSnapshot {
    const unreachableSince = this.outage.unreachableSince;
    return {
      state: this.state,
      arthasSessionId: this.ids.sessionId,
      consumerId: this.ids.consumerId,
      inputStatus: this.tracker.inputStatus,
      foregroundJobId: this.tracker.foregroundJobId,
      version: this.tracker.welcome.version,
      pid: this.tracker.welcome.pid,
      mainClass: this.tracker.welcome.mainClass,
      jvmUtcOffsetMinutes: this.stamper.jvmUtcOffsetMinutes,
      ...(unreachableSince !== undefined ? { unreachableSince } : {}),
    };
  }

  /** True when this engine joined someone else's session. */
  get observer(): boolean {
    return !!this.opts.joinSessionId;
  }

  get jobs(): TrackedJob[] {
    return [...this.tracker.jobs.values()];
  }

  /** Where this engine's pulls run ('worker' or 'inline'); undefined before start. */
  get pullPlace(): PullPlace | undefined {
    return this.channel?.place;
  }

  /** Creates (or joins) the Arthas session, then starts the pump. Throws if the target cannot be used. */
  async start(): Promise<SessionSnapshot> {
    if (this.running) return this.snapshot;
    this.setState('connecting');
    if (this.opts.joinSessionId) {
      const { sessionId, consumerId } = await this.client.joinSession(this.opts.joinSessionId);
      this.ids.sessionId = sessionId;
      this.ids.consumerId = consumerId;
      this.stamper.historyPhase = true;
      this.out.event('session-join', `Joined Arthas session ${sessionId} as consumer ${consumerId}`, { sessionId, consumerId });
    } else {
      const { sessionId, consumerId } = await this.client.initSession();
      this.ids.sessionId = sessionId;
      this.ids.consumerId = consumerId;
      this.out.event('session-start', `Arthas session ${sessionId} created (consumer ${consumerId})`, { sessionId, consumerId });
    }
    this.channel = openPullChannel({ ...this.client.transportConfig, pullTimeoutMs: this.client.pullTimeoutMs }, this.opts.pullIn);
    // a command sent before the loop can pull would have its first results queued with nobody pulling
    await this.channel.ready();
    this.running = true;
    this.setState('ready');
    this.pumpDone = this.pump();
    return this.snapshot;
  }

  /** async_exec: the job's results arrive through the pump. */
  async run(command: string): Promise<{ jobId: number }> {
    const sessionId = this.requireSession();
    const at = Date.now();
    this.out.event('command', command, { command });
    // an idle pump pulls again now, before the job's first results are queued
    this.commandsInFlight++;
    this.wake?.();
    try {
      const body = await this.client.asyncExec(sessionId, command);
      if (/^\s*stop\s*$/i.test(command)) this.recovery.stopCommandSent = true;
      const job = this.tracker.scheduled(body.jobId, body.command ?? command, at);
      this.out.emit({ type: 'job', job: { ...job } });
      this.setState('running');
      return { jobId: body.jobId };
    } catch (e) {
      this.out.event('error', `Command not run: ${(e as Error).message}`, { command });
      throw e;
    } finally {
      this.commandsInFlight--;
    }
  }

  /** One-shot exec in a one-time session; its results are delivered as one batch of origin 'exec'. */
  async execOnce(command: string, execTimeout?: number): Promise<ExecAnswer> {
    this.out.event('command', `exec: ${command}`, { command, mode: 'exec' });
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
    this.out.emit({ type: 'job', job });
    this.out.emit({
      type: 'batch',
      batch: { seq: ++this.seq, arthasSessionId: answer.sessionId ?? 'exec', consumerId: 'exec', receivedAt: at, results: this.stamper.stamp(answer.results, at, 'exec') },
    });
    return answer;
  }

  /** Interrupts the foreground job. An observer needs { ownerConfirmed: true }: the job is the owner's. */
  async interrupt(opts: { ownerConfirmed?: boolean } = {}): Promise<void> {
    const sessionId = this.requireSession();
    if (this.observer && !opts.ownerConfirmed) throw new OwnerSessionError("interrupting the owner's job");
    const body = await this.client.interruptJob(sessionId);
    this.recovery.interruptedHere(body.jobId);
    this.out.event('interrupt', `Interrupted job ${body.jobId}`, { jobId: body.jobId });
    const job = this.tracker.markInterrupted(body.jobId, Date.now());
    if (job) this.out.emit({ type: 'job', job: { ...job } });
  }

  /** Adds a user's bookmark to the event stream. */
  bookmark(note: string): void {
    this.out.event('bookmark', note);
  }

  /** Adds an AI assistant's tool call or answer to the event stream (recorded as the assistant's). */
  assistantNote(message: string, data?: Record<string, unknown>): void {
    this.out.event('assistant', message, data);
  }

  /** A failure of the deck's own work in this session (a profile it could not take), in the recording. */
  recordError(message: string, data?: Record<string, unknown>): void {
    this.out.event('error', message, data);
  }

  /**
   * Stops recording. The owner of the session interrupts a running job, then keeps pulling until
   * the job's last results, its status and ALLOW_INPUT have arrived (Arthas still queues them after
   * interrupt_job), and only then closes the session. An observer only stops pulling: the job and
   * the session are the owner's, unless the user confirmed otherwise. Answers the pull loop had
   * already received are read and kept.
   */
  async stop(opts: StopOptions | string = {}): Promise<void> {
    const o: StopOptions = typeof opts === 'string' ? { reason: opts } : opts;
    const reason = o.reason ?? 'closed by the user';
    if (this.stopping) return this.pumpDone;
    this.stopping = true;
    const sessionId = this.ids.sessionId;
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
    this.channel?.close();
    await this.pumpDone;
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
    this.outage.dispose();
    const unreachableSince = this.outage.unreachableSince;
    this.setState('closed');
    const unreachable = unreachableSince !== undefined ? `; target unreachable since ${clock(unreachableSince)}` : '';
    this.out.event('session-end', `Session ended: ${reason}${unreachable}`, unreachableSince !== undefined ? { unreachableSince } : undefined);
    this.out.flush();
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
    if (!this.ids.sessionId || !this.running) throw new ArthasError('api', 'The session is not connected.');
    return this.ids.sessionId;
  }

  // ---- the pump ---------------------------------------------------------------------------

  /** Lets the pull loop go on with the current session and consumer. */
  private resume(): void {
    this.channel!.resume({ sessionId: this.ids.sessionId!, consumerId: this.ids.consumerId! });
  }

  /** Nothing can arrive in this session unless the deck asks for it (see the class comment). */
  private quiet(): boolean {
    if (this.observer || this.stopping || this.stamper.historyPhase || this.commandsInFlight > 0) return false;
    if (this.tracker.foregroundJobId !== undefined || this.tracker.inputStatus === 'ALLOW_INTERRUPT') return false;
    for (const j of this.tracker.jobs.values()) if (j.endedAt === undefined) return false;
    return true;
  }

  /**
   * An idle session: the loop is resumed after a command is sent (at once), or after idlePullMs.
   * Meanwhile session_info every idleProbeMs: its failure is the pump's like a pull's. Null when stopped.
   */
  private async idle(): Promise<'resumed' | ArthasError | null> {
    const until = Date.now() + (this.opts.idlePullMs ?? DEFAULT_IDLE_PULL_MS);
    const probeMs = this.opts.idleProbeMs ?? DEFAULT_IDLE_PROBE_MS;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) break;
      await this.sleep(Math.min(probeMs, left));
      if (!this.running) return null;
      if (!this.quiet() || Date.now() >= until) break;
      this.counts.idleProbes++;
      try {
        await this.client.sessionInfo(this.ids.sessionId!);
      } catch (e) {
        return e instanceof ArthasError ? e : new ArthasError('unreachable', String((e as Error)?.message ?? e));
      }
    }
    if (!this.running) return null;
    this.resume();
    return 'resumed';
  }

  private async pump(): Promise<void> {
    const channel = this.channel!;
    const where = this.client.apiUrl.host;
    this.resume();
    for (;;) {
      const pulled = await channel.next();
      if (pulled === null) break;
      this.counts.pulls++;
      let outcome: PullAnswer | ArthasError = readPulled(pulled, where, this.client.pullTimeoutMs);
      if (!(outcome instanceof ArthasError)) {
        // an answer that arrives while stopping is still the server's: it is kept
        if (this.outage.answered()) this.setState(this.tracker.foregroundJobId !== undefined ? 'running' : 'ready');
        this.accept(outcome);
        if (!this.running) continue;
        // the loop went on by itself unless the answer may leave the session idle
        if (!pulled.paused) continue;
        if (!this.quiet()) {
          this.resume();
          continue;
        }
        const idled = await this.idle();
        // stopped (the loop drains what is left) or resumed: on to the next outcome
        if (idled === null || idled === 'resumed') continue;
        outcome = idled;
      }
      if (!this.running) continue;
      if (await this.recovery.failed(outcome)) {
        if (this.running) this.resume();
      } else {
        this.running = false;
        channel.close();
      }
    }
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

  /** How long the server held this pull: its round trip less the quickest seen (the network's share). */
  private heldMs(answer: PullAnswer): number | undefined {
    if (answer.sentAt === undefined) return undefined;
    const rt = answer.receivedAt - answer.sentAt;
    this.quickestPullMs = Math.min(this.quickestPullMs, rt);
    return rt - this.quickestPullMs;
  }

  private accept(answer: PullAnswer): void {
    if (answer.results.length === 0) {
      this.counts.emptyPulls++;
      for (const finding of this.loss.answer([], answer.receivedAt)) this.report(finding);
      return;
    }
    this.counts.results += answer.results.length;
    this.counts.bytes += answer.bytes;
    const results = this.stamper.stamp(answer.results, answer.receivedAt, 'pull');
    const changedJobs = new Map<number, TrackedJob>();
    const inputBefore: InputStatus = this.tracker.inputStatus;
    for (const rr of results) {
      if (rr.result.type === 'message' && rr.result.message === UNHEALTHY_INTERRUPT_MESSAGE) {
        this.out.gap('server-interrupt', 'Arthas interrupted the job: every consumer was unhealthy (results were dropped).');
      }
      this.recovery.noteResult(rr.result);
      const job = this.tracker.apply(rr.result, answer.receivedAt);
      if (job) changedJobs.set(job.jobId, { ...job });
    }
    this.out.emit({
      type: 'batch',
      batch: { seq: ++this.seq, arthasSessionId: this.ids.sessionId!, consumerId: this.ids.consumerId!, receivedAt: answer.receivedAt, results },
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
    for (const job of changedJobs.values()) this.out.emit({ type: 'job', job });
    if (this.tracker.foregroundJobId === undefined) for (const w of [...this.idleWaiters]) w();
    if (this.tracker.inputStatus !== inputBefore || changedJobs.size > 0) {
      const next: SessionState = this.tracker.foregroundJobId !== undefined || this.tracker.inputStatus === 'ALLOW_INTERRUPT' ? 'running' : 'ready';
      this.setState(next, true);
    }
  }

  // ---- output -------------------------------------------------------------------------------

  private setState(state: SessionState, force = false): void {
    if (this.state === state && !force) return;
    const changed = this.state !== state;
    this.state = state;
    if (changed && state !== 'connecting') this.out.event('state', `State: ${state}`, { state });
    this.out.emit({ type: 'snapshot', snapshot: this.snapshot });
  }

  private report(f: LossFinding): void {
    if (f.kind === 'possible-loss') {
      this.counts.possibleLosses++;
      const t = (ms: number): string => `${clock(ms)}.${String(ms % 1000).padStart(3, '0')}`;
      this.out.event(
        'possible-loss',
        `Possible loss between ${t(f.from)} and ${t(f.to)}: ${f.answers} full answers in a row. Arthas keeps ${CONSUMER_QUEUE_SIZE} results per consumer and drops the oldest without saying so.`,
        { from: f.from, to: f.to, answers: f.answers },
      );
      return;
    }
    this.counts.missing += f.missing;
    this.out.gap('server-drop', `${f.missing} tt record(s) missing in job ${f.jobId}: indexes jumped from ${f.afterIndex} to ${f.beforeIndex} (dropped by the server, or taken by another session's tt).`, {
      jobId: f.jobId,
      missing: f.missing,
      afterIndex: f.afterIndex,
      beforeIndex: f.beforeIndex,
    });
  }
}
