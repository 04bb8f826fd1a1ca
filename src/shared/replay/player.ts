// Plays recorded results back by their receive times: speed, an idle-time cap (long silences
// shortened, as asciinema does), step, seek. Pure: the clock and the data source are injected.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface TimedItem {
  pos: number;
  receivedAt: number;
}

export interface ReplaySource<T extends TimedItem> {
  /** up to `limit` items after position `pos`, in order */
  after(pos: number, limit: number): Promise<T[]>;
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;

/** How long to wait between two results recorded `gapMs` apart. */
export function replayDelay(gapMs: number, speed: number, idleCapMs: number): number {
  const gap = Math.max(0, gapMs);
  return Math.min(gap, idleCapMs) / speed;
}

export class ReplayPlayer<T extends TimedItem> {
  position = 0;
  playing = false;
  speed = 1;
  idleCapMs = 2000;
  private queue: T[] = [];
  private timer: unknown = null;
  private generation = 0;
  private lastAt: number | null = null;
  private exhausted = false;

  constructor(
    private readonly source: ReplaySource<T>,
    private readonly clock: Clock,
    /** called with the results that became visible, in order */
    private readonly onAdvance: (items: T[]) => void,
    private readonly onEnd: () => void = () => {},
    private readonly pageSize = 500,
  ) {}

  /** Places the playhead after `pos` (results up to pos are "already shown"); keeps playing if it was. */
  seek(pos: number, receivedAt: number | null): void {
    this.generation++;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.position = pos;
    this.lastAt = receivedAt;
    this.queue = [];
    this.exhausted = false;
    if (this.playing) void this.schedule();
  }

  play(): void {
    if (this.playing) return;
    this.playing = true;
    void this.schedule();
  }

  pause(): void {
    this.playing = false;
    this.generation++;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    if (this.playing) {
      this.pause();
      this.play();
    }
  }

  /** Shows the next result (or batch of results received together) at once. */
  async step(): Promise<boolean> {
    const batch = await this.nextBatch();
    if (!batch.length) return false;
    this.emit(batch);
    return true;
  }

  private async fill(from = this.position): Promise<void> {
    if (this.queue.length || this.exhausted) return;
    const gen = this.generation;
    const page = await this.source.after(from, this.pageSize);
    if (gen !== this.generation) return;
    if (!page.length) this.exhausted = true;
    this.queue = page;
  }

  private async nextBatch(): Promise<T[]> {
    await this.fill();
    const first = this.queue[0];
    if (!first) return [];
    const batch: T[] = [];
    const gen = this.generation;
    // everything received with the first item goes together, across page boundaries
    while (this.queue[0]?.receivedAt === first.receivedAt) {
      batch.push(this.queue.shift()!);
      if (!this.queue.length) {
        await this.fill(batch[batch.length - 1]!.pos);
        if (gen !== this.generation) return [];
      }
    }
    return batch;
  }

  private emit(batch: T[]): void {
    const last = batch[batch.length - 1]!;
    this.position = last.pos;
    this.lastAt = last.receivedAt;
    this.onAdvance(batch);
  }

  private async schedule(): Promise<void> {
    const gen = this.generation;
    await this.fill();
    if (gen !== this.generation || !this.playing) return;
    const next = this.queue[0];
    if (!next) {
      this.playing = false;
      this.onEnd();
      return;
    }
    const delay = this.lastAt === null ? 0 : replayDelay(next.receivedAt - this.lastAt, this.speed, this.idleCapMs);
    this.timer = this.clock.setTimeout(() => {
      if (gen !== this.generation) return;
      void this.nextBatch().then((batch) => {
        if (gen !== this.generation || !batch.length) return;
        this.emit(batch);
        void this.schedule();
      });
    }, delay);
  }
}
