// Target groups and fleets: one command broadcast to many JVMs, recorded per member, read merged,
// compared across members.
import type { FleetsService } from '../fleets-service';
import type { AreaMethods, MethodTable } from '../method-table';
import { byId, int, list, maskRules, obj, opt, pathArg, posInt, str, tabId, taskId } from '../validate';

export function fleetsMethods(fleets: FleetsService): MethodTable<AreaMethods<'groups' | 'fleets'>> {
  return {
    'groups.list': { args: obj({}), run: () => fleets.groups.list() },
    'groups.save': { args: obj({ id: opt(posInt), name: str(200, 1), targetIds: list(posInt, 500) }), run: (a) => fleets.saveGroup(a) },
    'groups.remove': { args: byId, run: (a) => fleets.groups.remove(a.id) },
    'fleets.run': { args: obj({ groupId: opt(posInt), targetIds: opt(list(posInt, 500)), command: str(10_000, 1), name: opt(str(200)) }), run: (a) => fleets.run(a) },
    'fleets.addJob': { args: obj({ tabId, command: str(10_000, 1) }), run: (a) => fleets.addJob(a) },
    'fleets.list': { args: obj({ limit: opt(posInt) }), run: (a) => fleets.list(a.limit) },
    'fleets.get': { args: byId, run: (a) => fleets.get(a.id) },
    'fleets.interrupt': { args: byId, run: (a) => fleets.interrupt(a.id) },
    'fleets.close': { args: byId, run: (a) => fleets.close(a.id) },
    'fleets.page': {
      args: obj({
        id: posInt,
        since: opt(list(obj({ recordingId: posInt, pos: int }), 500)),
        limit: opt(posInt),
        members: opt(list(str(300, 1), 500)),
      }),
      run: (a) => fleets.page(a),
    },
    'fleets.compare': { args: obj({ id: posInt, taskId: opt(taskId) }), run: (a) => fleets.compare(a) },
    'fleets.compareProfiles': { args: obj({ id: posInt, limit: opt(posInt) }), run: (a) => fleets.compareProfiles(a) },
    'fleets.export': { args: obj({ id: posInt, path: pathArg, taskId: opt(taskId), mask: opt(maskRules) }), run: (a) => fleets.export(a) },
    'fleets.exportHtml': { args: obj({ id: posInt, path: pathArg }), run: (a) => fleets.exportHtml(a) },
  };
}
