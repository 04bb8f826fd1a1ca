// What a recorded profile was taken of: the `profiler start` job before it (its event, interval,
// per thread) in the recording it belongs to, live or replayed, local or from a team library.
import { defineStore } from 'pinia';
import { parseProfilerCommand, type ProfilerCommand } from '../../../shared/profile/profiler-command';
import { deck } from '../api';

export const useProfiles = defineStore('profiles', () => {
  /** The last `profiler start` (or resume) job that began at or before `at`; null when the recording has none. */
  async function startBefore(recordingId: number, library: number | undefined, at: number): Promise<ProfilerCommand | null> {
    const jobs = await deck.call('recordings.jobs', { id: recordingId, ...(library !== undefined ? { library } : {}) });
    let found: ProfilerCommand | null = null;
    let when = -Infinity;
    for (const j of jobs) {
      const cmd = parseProfilerCommand(j.command);
      if (!cmd || (cmd.action !== 'start' && cmd.action !== 'resume') || j.startedAt > at || j.startedAt < when || j.state === 'failed') continue;
      found = cmd;
      when = j.startedAt;
    }
    return found;
  }
  return { startBefore };
});
