// Arthas refuses an enhancing command (watch, trace, tt, monitor, stack) for a moment while it still
// enhances classes for another session: "someone else is enhancing classes, pls. wait." (status -1).
// It is transient: the remedy is to run the command again, as a user would. Everything that runs a
// command with nobody there to press Run again (a fleet's members, the headless recorder, the
// assistant, the tests and benches) does it through here, with the same count and pauses.
import { BUSY_ENHANCING } from '../../shared/session-events';

/** runs of a command in all, the first included */
export const BUSY_RETRY_ATTEMPTS = 4;
/** the pause before run n + 1 is n times this */
export const BUSY_RETRY_PAUSE_MS = 500;

/** Whether a job ended refused by Arthas's transient "someone else is enhancing classes". */
export function refusedAsBusy(job: { state?: string; statusMessage?: string } | null | undefined): boolean {
  return job?.state === 'failed' && BUSY_ENHANCING.test(job.statusMessage ?? '');
}

export interface BusyRetryOptions {
  attempts?: number;
  /** told before each run again (n: the run that was refused) */
  onRetry?: (n: number) => void;
  /** nothing more is run once this says so (the recorder is stopping) */
  stopped?: () => boolean;
}

/**
 * Runs `attempt` (n = 1, 2, …) until its outcome is not a busy refusal, at most `attempts` times,
 * pausing 500 ms, 1 s, 1.5 s … in between. Returns the last outcome.
 */
export async function runAgainWhileBusy<T>(attempt: (n: number) => Promise<T>, busy: (outcome: T) => boolean, opts: BusyRetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? BUSY_RETRY_ATTEMPTS;
  for (let n = 1; ; n++) {
    const outcome = await attempt(n);
    if (n >= attempts || !busy(outcome) || opts.stopped?.()) return outcome;
    opts.onRetry?.(n);
    await new Promise((r) => setTimeout(r, BUSY_RETRY_PAUSE_MS * n));
  }
}
