// Where a session's pull loop runs, as the engine sees it: resume() starts pulling, next() gives the
// outcomes in order. By default the loop runs in the pull worker thread, shared by every session of
// the process; 'inline' runs it on this thread (measured against the worker in the real bench).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PullLoop, type PullLoopOptions, type PullTarget, type PulledOutcome } from './pull-loop';
import type { PullWorkerReply, PullWorkerRequest } from './pull-worker-protocol';

export type PullPlace = 'worker' | 'inline';

export interface PullChannel {
  readonly place: PullPlace;
  /** resolves once the loop can pull (the worker thread is running, or the loop runs here) */
  ready(): Promise<void>;
  /** pulls (sessionId, consumerId) until an answer or a failure pauses the loop */
  resume(target: PullTarget): void;
  /** the next outcome, in the order they happened; null once closed */
  next(): Promise<PulledOutcome | null>;
  close(): void;
}

/** Outcomes waiting for the reader: unbounded, so nothing is ever dropped between the two halves. */
class OutcomeQueue {
  private readonly items: PulledOutcome[] = [];
  private waiter?: (o: PulledOutcome | null) => void;
  private closed = false;

  push(o: PulledOutcome): void {
    if (this.closed) return;
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w(o);
    } else this.items.push(o);
  }

  next(): Promise<PulledOutcome | null> {
    if (this.items.length) return Promise.resolve(this.items.shift()!);
    if (this.closed) return Promise.resolve(null);
    return new Promise((r) => (this.waiter = r));
  }

  close(): void {
    this.closed = true;
    const w = this.waiter;
    this.waiter = undefined;
    w?.(null);
  }
}

class InlinePullChannel implements PullChannel {
  readonly place = 'inline' as const;
  private readonly queue = new OutcomeQueue();
  private readonly loop: PullLoop;

  constructor(opts: PullLoopOptions) {
    this.loop = new PullLoop(opts, (o) => this.queue.push(o));
  }
  ready(): Promise<void> {
    return Promise.resolve();
  }
  resume(target: PullTarget): void {
    this.loop.resume(target);
  }
  next(): Promise<PulledOutcome | null> {
    return this.queue.next();
  }
  close(): void {
    this.loop.close();
    this.queue.close();
  }
}

/** The worker thread's entry: the built file next to the main bundle, or the source through tsx. */
function workerBootstrap(): string {
  const built = [join(__dirname, 'pull-worker.js'), join(__dirname, '..', 'pull-worker.js')].find((f) => existsSync(f));
  if (built) return `require(${JSON.stringify(built)});`;
  return `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'pull-worker.ts'))});`;
}

/** how long a session's start waits for a new worker thread to run before it goes on regardless */
const WORKER_START_WAIT_MS = 10_000;

/** The one pull worker of this process: started on first use, referenced only while a channel is open. */
class PullWorkerHost {
  private worker?: Worker;
  /** a worker that failed before it was ready (no tsx, a broken build): loops stay on the main thread */
  broken = false;
  /** resolves when the current worker runs (or could not be started: then loops run on this thread) */
  private started: Promise<void> = Promise.resolve();
  private readonly channels = new Map<number, WorkerPullChannel>();
  private nextId = 1;

  open(channel: WorkerPullChannel): number {
    const id = this.nextId++;
    this.channels.set(id, channel);
    this.ensure().ref();
    this.post({ op: 'open', id, options: channel.options });
    return id;
  }

  post(m: PullWorkerRequest): void {
    this.ensure().postMessage(m);
  }

  /** Closes the channel's loop; what the worker sent before it closed is still delivered, then the channel ends. */
  closeChannel(id: number): void {
    if (!this.channels.has(id)) return;
    if (this.worker) this.worker.postMessage({ op: 'close', id } satisfies PullWorkerRequest);
    else this.closed(id);
  }

  private closed(id: number): void {
    const ch = this.channels.get(id);
    if (!ch) return;
    this.channels.delete(id);
    ch.ended();
    if (this.channels.size === 0) this.worker?.unref();
  }

  /**
   * Resolves once the worker runs. Starting a thread takes tens of milliseconds (more from source
   * through tsx): a command sent before that would have its first results queued with nobody
   * pulling, and at thousands of calls a second Arthas's queue of 50 overflows in a few.
   */
  whenStarted(): Promise<void> {
    this.ensure();
    return this.started;
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(workerBootstrap(), { eval: true, name: 'arthas-deck pulls' });
    let ready = false;
    let markStarted!: () => void;
    this.started = new Promise<void>((r) => {
      markStarted = r;
      setTimeout(r, WORKER_START_WAIT_MS).unref();
    });
    w.on('message', (m: PullWorkerReply) => {
      if ('ready' in m) {
        ready = true;
        markStarted();
      } else if ('closed' in m) this.closed(m.id);
      else for (const { id, outcome } of m.outcomes) this.channels.get(id)?.deliver(outcome);
    });
    const lost = (why: string): void => {
      if (this.worker !== w) return;
      this.worker = undefined;
      if (!ready) this.broken = true;
      markStarted();
      // every open loop is gone with the thread: each channel hears it as a failed pull, and the
      // engine's backoff resumes it on a new worker
      for (const [id, ch] of [...this.channels]) {
        if (ch.closing) {
          this.closed(id);
          continue;
        }
        ch.deliver({ kind: 'failure', reason: 'worker', message: `the pull thread stopped (${why})`, sentAt: Date.now(), paused: true });
        ch.reopen();
      }
    };
    w.on('error', (e) => lost(e.message));
    w.on('exit', (code) => lost(`exit code ${code}`));
    this.worker = w;
    return w;
  }

  /** after a worker was lost: the channel's loop is opened again on the next worker */
  reopen(id: number, options: PullLoopOptions): void {
    this.post({ op: 'open', id, options });
  }
}

let host: PullWorkerHost | undefined;

class WorkerPullChannel implements PullChannel {
  /** where its pulls really run: on this thread once the worker could not be started */
  get place(): PullPlace {
    return this.inline ? 'inline' : 'worker';
  }
  private readonly queue = new OutcomeQueue();
  private readonly id: number;
  private reopenPending = false;
  /** the loop on this thread, when the worker could not be started */
  private inline?: PullLoop;
  closing = false;

  constructor(readonly options: PullLoopOptions) {
    host ??= new PullWorkerHost();
    this.id = host.open(this);
  }
  deliver(o: PulledOutcome): void {
    this.queue.push(o);
  }
  reopen(): void {
    this.reopenPending = true;
  }
  /** the worker closed this loop: the queue ends after what it holds */
  ended(): void {
    this.queue.close();
  }
  ready(): Promise<void> {
    return host!.whenStarted();
  }
  resume(target: PullTarget): void {
    if (this.closing) return;
    if (host!.broken) {
      this.inline ??= new PullLoop(this.options, (o) => this.queue.push(o));
      this.inline.resume(target);
      return;
    }
    if (this.reopenPending) {
      this.reopenPending = false;
      host!.reopen(this.id, this.options);
    }
    host!.post({ op: 'resume', id: this.id, target });
  }
  next(): Promise<PulledOutcome | null> {
    return this.queue.next();
  }
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.inline?.close();
    host!.closeChannel(this.id);
    // a worker that does not answer the close does not hold the engine's stop
    setTimeout(() => this.queue.close(), 2000).unref();
  }
}

/**
 * A channel for one session's pulls. 'worker' (the default) unless DECK_PULL_IN=inline says
 * otherwise; a worker that cannot be started leaves the loop on this thread.
 */
export function openPullChannel(opts: PullLoopOptions, place: PullPlace = process.env.DECK_PULL_IN === 'inline' ? 'inline' : 'worker'): PullChannel {
  if (place === 'inline') return new InlinePullChannel(opts);
  try {
    return new WorkerPullChannel(opts);
  } catch {
    return new InlinePullChannel(opts);
  }
}
