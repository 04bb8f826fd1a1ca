// Profiling as a job of a tab (the Profile panel): start with the panel's choices, stop, a snapshot
// on demand, and while it runs the samples so far (`profiler getSamples`, a recorded call like any
// other). Whether a tab is profiling is read from its jobs: a `profiler start` that succeeded after
// the last stop, not past its `-d`.
import { defineStore } from 'pinia';
import { parseProfilerCommand, profilerStartCommand } from '../../../shared/profile/profiler-command';
import type { TrackedJob } from '../../../shared/session-events';
import { deck } from '../api';
import { t } from '../i18n';
import { useNotices } from './notices';

export interface ProfileChoices {
  event: string;
  intervalMs: number | null;
  durationS: number | null;
  threads: boolean;
  include: string;
  exclude: string;
}

/** The tab's profiling now: the start job it runs under, or the start Arthas refused (with its words). */
export function profilingState(jobs: readonly TrackedJob[], now: number): { running: TrackedJob | null; refused: TrackedJob | null } {
  let running: TrackedJob | null = null;
  let refused: TrackedJob | null = null;
  for (const j of [...jobs].sort((a, b) => a.startedAt - b.startedAt)) {
    const cmd = parseProfilerCommand(j.command);
    if (!cmd) continue;
    if (cmd.action === 'start' || cmd.action === 'resume') {
      if (j.state === 'failed') {
        refused = j;
        continue;
      }
      refused = null;
      running = cmd.durationS && now > j.startedAt + cmd.durationS * 1000 ? null : j;
    } else if (cmd.action === 'stop') running = null;
  }
  return { running, refused };
}

export const useProfiling = defineStore('profiling', () => {
  const notices = useNotices();
  const run = (tabId: string, command: string): Promise<unknown> => notices.guard(t('command.couldNotRun', { command: command.slice(0, 60) }), () => deck.call('tabs.run', { tabId, command }));

  function start(tabId: string, c: ProfileChoices): Promise<unknown> {
    const intervalNs = c.intervalMs ? Math.round(c.intervalMs * 1e6) : null;
    return run(tabId, profilerStartCommand({ event: c.event, intervalNs, durationS: c.durationS, threads: c.threads, include: c.include, exclude: c.exclude }));
  }
  /** the deck takes the profile just before the stop goes out */
  const stop = (tabId: string): Promise<unknown> => run(tabId, 'profiler stop');
  const snapshot = (tabId: string): Promise<unknown> => notices.guard(t('profilePanel.snapshotFailed'), () => deck.call('tabs.exec', { tabId, command: 'profiler dumpCollapsed' }));
  const askSamples = (tabId: string): Promise<unknown> => deck.call('tabs.exec', { tabId, command: 'profiler getSamples' }).catch(() => undefined);
  return { start, stop, snapshot, askSamples };
});
