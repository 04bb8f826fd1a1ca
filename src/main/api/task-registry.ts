// Long work under way (import, export, building the search index): its progress events, at most
// every 100 ms, and its cancel switch, by task id.
import type { DeckEvent, TaskProgress } from '../../shared/contract';
import type { WorkControl } from '../recorder/work-control';

type Progress = Omit<TaskProgress, 'taskId' | 'what' | 'startedAt'>;

export interface OpenTask {
  progress(p: Progress): void;
  done(ok: boolean): void;
}

export class TaskRegistry {
  private readonly cancels = new Map<string, () => void>();
  private seq = 0;

  constructor(private readonly emit: (e: DeckEvent) => void) {}

  /** Work the renderer started and named: runs it with a cancel signal and progress events. */
  async run<T>(taskId: string | undefined, what: TaskProgress['what'], work: (control: WorkControl) => Promise<T>): Promise<T> {
    if (!taskId) return work({});
    const control = new AbortController();
    const task = this.open(what, () => control.abort(), taskId);
    let ok = false;
    try {
      const r = await work({ onProgress: (p) => task.progress(p), signal: control.signal });
      ok = true;
      return r;
    } finally {
      task.done(ok);
    }
  }

  /** Work main started itself (the index being built): shown like any other, cancelled by `cancel`. */
  open(what: TaskProgress['what'], cancel: () => void, taskId = `${what}-main-${++this.seq}`): OpenTask {
    this.cancels.set(taskId, cancel);
    const startedAt = Date.now();
    let last = 0;
    let finished = false;
    return {
      progress: (p) => {
        const now = Date.now();
        // a new step is always told; counts at most every 100 ms
        if (finished || (now - last < 100 && p.done !== p.total && p.unit !== 'steps')) return;
        last = now;
        this.emit({ type: 'task.progress', progress: { taskId, what, startedAt, ...p } });
      },
      done: (ok) => {
        if (finished) return;
        finished = true;
        this.cancels.delete(taskId);
        this.emit({ type: 'task.done', taskId, ok });
      },
    };
  }

  /**
   * Work made of known steps (an attach, an SSH connection): each step reported as done/total of the
   * list; Cancel rejects the call at once (`onCancel` undoes what it can, such as closing a tunnel).
   */
  async steps<T>(
    taskId: string | undefined,
    what: TaskProgress['what'],
    subject: string,
    steps: readonly TaskProgress['phase'][],
    run: (step: (s: TaskProgress['phase']) => void, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const control = new AbortController();
    if (!taskId) return run(() => undefined, control.signal);
    let rejectCancel: (e: Error) => void = () => undefined;
    const cancelled = new Promise<never>((_, rej) => (rejectCancel = rej));
    cancelled.catch(() => undefined);
    const task = this.open(what, () => {
      control.abort();
      rejectCancel(new Error(`Cancelled: ${subject}.`));
    }, taskId);
    let done = 0;
    const step = (s: TaskProgress['phase']): void => {
      const i = steps.indexOf(s);
      if (i >= 0) done = Math.max(done, i);
      task.progress({ phase: s, done, total: steps.length, unit: 'steps', subject });
    };
    let ok = false;
    try {
      const r = await Promise.race([run(step, control.signal), cancelled]);
      ok = true;
      return r;
    } finally {
      task.done(ok);
    }
  }

  cancel(taskId: string): void {
    this.cancels.get(taskId)?.();
  }
}
