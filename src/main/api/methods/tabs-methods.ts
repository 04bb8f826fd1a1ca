// Tabs: recorded Arthas sessions opened, their commands run, completed, interrupted, bookmarked.
import type { AreaMethods, MethodTable } from '../method-table';
import type { TabsService } from '../tabs-service';
import { bool, fingerprintArg, noteData, obj, opt, posInt, str, tabId, taskId } from '../validate';

export function tabsMethods(tabs: TabsService): MethodTable<AreaMethods<'tabs'>> {
  return {
    'tabs.list': { args: obj({}), run: () => tabs.list() },
    'tabs.open': { args: obj({ targetId: posInt, joinSessionId: opt(str(200, 1)), autoNewSession: opt(bool), acceptHostKey: opt(fingerprintArg), taskId: opt(taskId) }), run: (a) => tabs.open(a) },
    'tabs.close': { args: obj({ tabId }), run: (a) => tabs.close(a.tabId) },
    'tabs.run': { args: obj({ tabId, command: str(10_000, 1) }), run: (a) => tabs.run(a) },
    'tabs.exec': { args: obj({ tabId, command: str(10_000, 1), execTimeout: opt(posInt) }), run: (a) => tabs.exec(a) },
    'tabs.complete': { args: obj({ tabId, input: str(2000) }), run: (a) => tabs.complete(a) },
    'tabs.interrupt': { args: obj({ tabId, ownerConfirmed: opt(bool) }), run: (a) => tabs.interrupt(a) },
    'tabs.note': { args: obj({ tabId, message: str(10_000, 1), data: opt(noteData) }), run: (a) => tabs.note(a) },
    'tabs.bookmark': { args: obj({ tabId, note: str(2000) }), run: (a) => tabs.bookmark(a) },
  };
}
