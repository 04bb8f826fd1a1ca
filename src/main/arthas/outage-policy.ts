// What the engine does when pulls fail: the first retry at once, then backoff; "target unreachable
// since HH:MM:SS" after a while without an answer; when an answer comes back, the outage ends with a
// gap (no pull was in flight meanwhile, so the server may have dropped results).
import type { GapReason, SessionEvent, SessionState } from '../../shared/session-events';
import type { ArthasError } from './errors';

export const DEFAULT_BACKOFF = [250, 500, 1000, 2000, 5000];
export const DEFAULT_UNREACHABLE_AFTER_MS = 10_000;

/** HH:MM:SS in this machine's zone. */
export function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

export interface OutageHooks {
  event(kind: SessionEvent['kind'], message: string, data?: Record<string, unknown>): void;
  gap(reason: GapReason, message: string): void;
  setState(state: SessionState): void;
  /** still pulling? (no unreachable notice for an engine that stopped meanwhile) */
  running(): boolean;
}

export class OutagePolicy {
  private failures = 0;
  private startedAt = 0;
  private timer?: NodeJS.Timeout;
  /** set once the target has been unreachable for unreachableAfterMs */
  unreachableSince?: number;

  constructor(
    private readonly opts: { backoffMs?: number[]; unreachableAfterMs?: number },
    private readonly hooks: OutageHooks,
  ) {}

  get inOutage(): boolean {
    return this.startedAt !== 0;
  }

  /** An answer came: ends an outage, if one was going on (true then). */
  answered(): boolean {
    this.failures = 0;
    if (!this.startedAt) return false;
    const ms = Date.now() - this.startedAt;
    this.hooks.event('outage-end', `Connection back after ${(ms / 1000).toFixed(1)} s`, { ms });
    this.hooks.gap('network', `No pull was in flight for ${(ms / 1000).toFixed(1)} s; the server may have dropped results.`);
    this.end();
    return true;
  }

  /** A pull failed: starts an outage if none is going on. Returns how long to wait before the next try, ms. */
  failed(err: ArthasError): number {
    if (!this.startedAt) {
      const since = (this.startedAt = Date.now());
      this.hooks.event('outage-start', `Lost contact: ${err.message}`, { kind: err.kind });
      this.hooks.setState('reconnecting');
      const after = this.opts.unreachableAfterMs ?? DEFAULT_UNREACHABLE_AFTER_MS;
      this.timer = setTimeout(() => {
        if (!this.hooks.running() || this.startedAt !== since) return;
        this.unreachableSince = since;
        this.hooks.event(
          'unreachable',
          `Target unreachable since ${clock(since)} (no answer for ${Math.round(after / 1000)} s: ${err.message}). Still trying every few seconds; what was delivered before is recorded.`,
          { since, kind: err.kind },
        );
        this.hooks.setState('unreachable');
      }, after);
    }
    const steps = this.opts.backoffMs ?? DEFAULT_BACKOFF;
    const delay = this.failures === 0 ? 0 : steps[Math.min(this.failures - 1, steps.length - 1)]!;
    this.failures++;
    return delay;
  }

  /** The outage is over without an answer (the session turned out lost): no gap of its own. */
  end(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.startedAt = 0;
    this.unreachableSince = undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
