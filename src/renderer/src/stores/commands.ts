// What a tab's command bar does: its target's history, a command run (async or exec), a second job
// beside a running one, an interrupt, Arthas's names for Tab, a bookmark. Failures become notices.
import { defineStore } from 'pinia';
import type { DeckResult } from '../../../shared/contract';
import type { FleetInfo } from '../../../shared/fleet/fleet-types';
import { deck } from '../api';
import { t } from '../i18n';
import { useNotices } from './notices';

export const useCommands = defineStore('commands', () => {
  const notices = useNotices();
  const history = (targetId: number): Promise<string[]> => deck.call('history.list', { targetId }).catch(() => []);
  /** true when it was sent */
  async function run(tabId: string, command: string, mode: 'async' | 'exec'): Promise<boolean> {
    const ok = await notices.guard(t('command.couldNotRun', { command: command.slice(0, 60) }), () => (mode === 'exec' ? deck.call('tabs.exec', { tabId, command }) : deck.call('tabs.run', { tabId, command })));
    return !!ok;
  }
  /** the command in a session of its own on the same JVM (Arthas allows one job per session): the fleet it makes */
  const runBeside = (tabId: string, command: string): Promise<FleetInfo | undefined> => notices.guard(t('command.couldNotRun', { command: command.slice(0, 60) }), () => deck.call('fleets.addJob', { tabId, command }));
  const interrupt = (tabId: string, ownerConfirmed: boolean): Promise<void> => notices.guard(t('command.couldNotInterrupt'), () => deck.call('tabs.interrupt', { tabId, ownerConfirmed: ownerConfirmed || undefined })).then(() => undefined);
  const complete = (tabId: string, input: string): Promise<DeckResult<'tabs.complete'>> => deck.call('tabs.complete', { tabId, input });
  const bookmark = (tabId: string, note: string): Promise<void> => notices.guard(t('bookmark.failed'), () => deck.call('tabs.bookmark', { tabId, note })).then(() => undefined);
  return { history, run, runBeside, interrupt, complete, bookmark };
});
