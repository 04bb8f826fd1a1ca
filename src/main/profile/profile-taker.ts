// A tab's profiles, recorded when profiling ends (#39.2). Arthas's `profiler stop` writes the
// profile into a file on the JVM's host; the deck instead takes `profiler dumpCollapsed` just before
// the stop goes out, and when `profiler start -d N` ends by itself (async-profiler keeps the data
// after it stops). The dump is an ordinary recorded call (an exec job with its result), so replay,
// search, export and the library carry the profile byte for byte, as Arthas sent it. Plain Node:
// no Electron; the engine is all it needs.
import { endsProfiling, parseProfilerCommand } from '../../shared/profile/profiler-command';

/** What of an engine this needs: a one-shot call, recorded, and a word in the recording. */
export interface ProfileEngine {
  execOnce(command: string, execTimeout?: number): Promise<unknown>;
  note(message: string, data?: Record<string, unknown>): void;
}

export const DUMP_COMMAND = 'profiler dumpCollapsed';
/** how long Arthas may take to write a large profile */
const DUMP_TIMEOUT_MS = 60_000;
/** after `-d N` ends, the dump waits this long more (the profiler stops on its own timer) */
const DURATION_GRACE_MS = 1500;

export class ProfileTaker {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly engine: ProfileEngine) {}

  /** Before a command goes out: a `profiler stop` is preceded by the dump. Never throws: the stop goes out whatever happens. */
  async before(command: string): Promise<void> {
    const cmd = parseProfilerCommand(command);
    if (!endsProfiling(cmd)) return;
    this.cancel();
    await this.take('stop');
  }

  /** After a command went out: `profiler start -d N` gets its dump when it ends. */
  after(command: string): void {
    const cmd = parseProfilerCommand(command);
    if (!cmd || (cmd.action !== 'start' && cmd.action !== 'resume')) return;
    this.cancel();
    if (!cmd.durationS || cmd.durationS <= 0) return;
    this.timer = setTimeout(() => void this.take('duration'), cmd.durationS * 1000 + DURATION_GRACE_MS);
    this.timer.unref?.();
  }

  /** A profile now, profiling going on (the panel's Snapshot). */
  snapshot(): Promise<void> {
    return this.take('snapshot');
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async take(why: 'stop' | 'duration' | 'snapshot'): Promise<void> {
    try {
      await this.engine.execOnce(DUMP_COMMAND, DUMP_TIMEOUT_MS);
    } catch (e) {
      // the stop still goes out; the recording says why no profile is in it
      this.engine.note(`The profile could not be taken (${why}): ${(e as Error).message}`, { profile: why });
    }
  }
}
