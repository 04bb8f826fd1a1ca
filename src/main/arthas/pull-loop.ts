// The pull loop of one session: one pull_results in flight, the next sent the moment an answer's
// bytes are in, before anyone reads the answer. Plain Node: it runs in the pull worker thread (so
// that the disk, the UI and everything else on the main thread never delay a pull) or, where no
// worker can be had, on the thread that reads the answers.
import { HttpTransport, type HttpAnswer, type TransportConfig } from './http-transport';

/** What the loop hands on: an answer as bytes, or why a pull got none. */
export type PulledOutcome =
  | { kind: 'answer'; answer: HttpAnswer; sentAt: number; bytes: number; paused: boolean }
  | { kind: 'failure'; reason: string; message: string; code?: string; sentAt: number; paused: true };

const EMPTY_RESULTS = /"results"\s*:\s*\[\s*\]/;
/** input allowed again: the last job has ended, the session may go idle (Arthas sends it right after a job's status) */
const INPUT_ALLOWED = /"inputStatus"\s*:\s*"ALLOW_INPUT"/;
const SUCCEEDED = /"state"\s*:\s*"SUCCEEDED"/;

/**
 * Whether the loop stops after this answer until the reader says to go on: an error, an empty
 * answer, or an answer saying input is allowed (ALLOW_INPUT follows a job's status). Then the reader
 * decides whether the session is idle (an idle session holds no pull: Arthas would hold it up to
 * 2 s on a worker thread that other connections share). Every other answer, a job's start included
 * (its command, ALLOW_INTERRUPT, the enhancer and the first results come in one answer), is followed
 * by the next pull at once: a pause waits for the main thread, and at thousands of calls a second
 * Arthas's queue of 50 lasts a few milliseconds. A string that merely looks like ALLOW_INPUT inside
 * a result's value is escaped there, and would only cost a pause, never a lost pull.
 */
export function answerPauses(answer: HttpAnswer): boolean {
  if (answer.status !== 200 || !SUCCEEDED.test(answer.text)) return true;
  return EMPTY_RESULTS.test(answer.text) || INPUT_ALLOWED.test(answer.text);
}

export interface PullTarget {
  sessionId: string;
  consumerId: string;
}

export interface PullLoopOptions extends TransportConfig {
  /** deadline of one pull, ms */
  pullTimeoutMs: number;
}

export class PullLoop {
  private readonly transport: HttpTransport;
  private target?: PullTarget;
  private inFlight = false;
  private closed = false;
  /** pulls sent */
  pulls = 0;

  constructor(
    private readonly opts: PullLoopOptions,
    private readonly deliver: (outcome: PulledOutcome) => void,
  ) {
    this.transport = new HttpTransport(opts);
  }

  /** Pulls (sessionId, consumerId) from now on, until an answer pauses the loop. */
  resume(target: PullTarget): void {
    this.target = target;
    if (!this.inFlight && !this.closed) this.send();
  }

  close(): void {
    this.closed = true;
    this.transport.close();
  }

  private send(): void {
    const target = this.target!;
    const payload = Buffer.from(JSON.stringify({ action: 'pull_results', sessionId: target.sessionId, consumerId: target.consumerId, ...(this.opts.userId ? { userId: this.opts.userId } : {}) }), 'utf8');
    const sentAt = Date.now();
    this.inFlight = true;
    this.pulls++;
    this.transport.post(payload, this.opts.pullTimeoutMs).then(
      (answer) => {
        this.inFlight = false;
        if (this.closed) return;
        const paused = answerPauses(answer);
        // the next pull is on its way before the answer is handed on
        if (!paused) this.send();
        this.deliver({ kind: 'answer', answer, sentAt, bytes: Buffer.byteLength(answer.text), paused });
      },
      (e: Error & { reason?: string; code?: string }) => {
        this.inFlight = false;
        if (this.closed) return;
        this.deliver({ kind: 'failure', reason: e.reason ?? 'network', message: e.message, code: e.code, sentAt, paused: true });
      },
    );
  }
}
