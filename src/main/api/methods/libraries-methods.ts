// Team libraries (PostgreSQL): saved, connected, published to, audited, a recording deleted there.
import type { LibrariesService } from '../libraries-service';
import type { AreaMethods, MethodTable } from '../method-table';
import { byId, int, list, maskRules, nullable, num, obj, opt, posInt, str, taskId } from '../validate';

export function librariesMethods(libraries: LibrariesService): MethodTable<AreaMethods<'libraries'>> {
  return {
    'libraries.list': { args: obj({}), run: () => libraries.list() },
    'libraries.save': { args: obj({ id: opt(posInt), name: str(200, 1), url: str(2048, 1), team: opt(nullable(str(41))), password: opt(nullable(str(1000))) }), run: (a) => libraries.save(a) },
    'libraries.remove': { args: byId, run: (a) => libraries.remove(a.id) },
    'libraries.connect': { args: byId, run: (a) => libraries.connect(a.id) },
    'libraries.publish': {
      args: obj({ libraryId: posInt, recordingId: opt(posInt), fleetId: opt(posInt), team: opt(str(41, 1)), jobs: opt(list(int, 1000)), from: opt(num), to: opt(num), mask: opt(maskRules), taskId: opt(taskId) }),
      run: (a) => libraries.publish(a),
    },
    'libraries.audit': { args: obj({ id: posInt, text: opt(str(500)), runBy: opt(str(200)), from: opt(num), to: opt(num), limit: opt(posInt) }), run: (a) => libraries.audit(a) },
    'libraries.deleteRecording': { args: obj({ id: posInt, recordingId: posInt }), run: (a) => libraries.deleteRecording(a) },
  };
}
