// A result consumer as Arthas has it: a bounded queue that drops its oldest result when full,
// long-polled under a lock (500 ms to get it), answering with up to 20 results / ~100 items,
// 100 ms after the first result, or empty after 2 s.

export type SimResult = { type: string; jobId?: number; [k: string]: unknown };

export interface ConsumerLimits {
  queueSize: number;
  batchSizeLimit: number;
  itemLimit: number;
  pollTimeLimitMs: number;
  sendingDelayMs: number;
  lockWaitMs: number;
}

export const ARTHAS_LIMITS: ConsumerLimits = {
  queueSize: 50,
  batchSizeLimit: 20,
  itemLimit: 100,
  pollTimeLimitMs: 2000,
  sendingDelayMs: 100,
  lockWaitMs: 500,
};

/**
 * How many "items" a result counts for in the 100-item flush rule: as Arthas does it, the size of
 * the model's first collection, map or array field (which may be 0), else 1. Fields in the order
 * the model classes declare them.
 */
const COUNTED_FIELDS = ['classNames', 'threadStats', 'busyThreads', 'threads', 'monitorDataList', 'timeFragmentList', 'stackTrace', 'jvmInfo', 'props'];
const MAP_FIELDS = new Set(['jvmInfo', 'props']);

export function itemCount(r: SimResult): number {
  for (const key of COUNTED_FIELDS) {
    const v = r[key];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) return v.length;
    if (MAP_FIELDS.has(key) && typeof v === 'object') return Object.keys(v).length;
  }
  return 1;
}

export class SimConsumer {
  readonly queue: SimResult[] = [];
  lastAccessTime = Date.now();
  polling = false;
  closed = false;
  dropped = 0;
  delivered = 0;
  /** observability for tests: polls at once, and the longest time no poll was open */
  concurrentPolls = 0;
  maxConcurrentPolls = 0;
  maxIdleBetweenPollsMs = 0;
  private lastPollEnd = 0;
  private locked = false;
  private lockWaiters: Array<() => void> = [];
  private itemWaiter?: () => void;

  constructor(
    readonly id: string,
    private readonly limits: ConsumerLimits,
  ) {}

  /** Never blocks: a full queue loses its oldest result, silently. Returns false when one was dropped. */
  append(r: SimResult): boolean {
    let discarded = false;
    while (this.queue.length >= this.limits.queueSize) {
      this.queue.shift();
      this.dropped++;
      discarded = true;
    }
    this.queue.push(r);
    this.itemWaiter?.();
    return !discarded;
  }

  isHealthy(now = Date.now()): boolean {
    return this.polling || this.queue.length < this.limits.queueSize || now - this.lastAccessTime < 1000;
  }

  close(): void {
    this.closed = true;
    this.itemWaiter?.();
  }

  private tryLock(waitMs: number): Promise<boolean> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const grant = (): void => {
        clearTimeout(timer);
        this.locked = true;
        resolve(true);
      };
      const timer = setTimeout(() => {
        const i = this.lockWaiters.indexOf(grant);
        if (i >= 0) this.lockWaiters.splice(i, 1);
        resolve(false);
      }, waitMs);
      this.lockWaiters.push(grant);
    });
  }

  private unlock(): void {
    const next = this.lockWaiters.shift();
    if (next) next();
    else this.locked = false;
  }

  /** next result, or undefined after waitMs */
  private take(waitMs: number): Promise<SimResult | undefined> {
    const r = this.queue.shift();
    if (r || this.closed) return Promise.resolve(r);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.itemWaiter = undefined;
        resolve(this.queue.shift());
      };
      const timer = setTimeout(done, waitMs);
      this.itemWaiter = done;
    });
  }

  async poll(): Promise<SimResult[]> {
    this.concurrentPolls++;
    this.maxConcurrentPolls = Math.max(this.maxConcurrentPolls, this.concurrentPolls);
    if (this.lastPollEnd && this.concurrentPolls === 1) this.maxIdleBetweenPollsMs = Math.max(this.maxIdleBetweenPollsMs, Date.now() - this.lastPollEnd);
    try {
      return await this.pollLocked();
    } finally {
      this.concurrentPolls--;
      this.lastPollEnd = Date.now();
    }
  }

  private async pollLocked(): Promise<SimResult[]> {
    this.lastAccessTime = Date.now();
    const accessTime = this.lastAccessTime;
    if (!(await this.tryLock(this.limits.lockWaitMs))) return [];
    this.polling = true;
    try {
      const out: SimResult[] = [];
      let items = 0;
      let firstAt = 0;
      let sendingDelay = 0;
      let waiting = 0;
      while (!this.closed && out.length < this.limits.batchSizeLimit && sendingDelay < this.limits.sendingDelayMs && waiting < this.limits.pollTimeLimitMs) {
        const r = await this.take(100);
        if (r) {
          out.push(r);
          if (!firstAt) firstAt = Date.now();
          items += itemCount(r);
          if (items >= this.limits.itemLimit) break;
        } else {
          if (firstAt) sendingDelay = Date.now() - firstAt;
          waiting = Date.now() - accessTime;
        }
      }
      this.delivered += out.length;
      return out;
    } finally {
      this.lastAccessTime = Date.now();
      this.polling = false;
      this.unlock();
    }
  }
}
