// Full-text search over this desktop's recordings (its index built in the background) or a team library's.
import type { LibrariesService } from '../libraries-service';
import type { AreaMethods, MethodTable } from '../method-table';
import type { SearchService } from '../search-service';
import { bool, library, list, num, obj, opt, posInt, str } from '../validate';

export function searchMethods(search: SearchService, libraries: LibrariesService): MethodTable<AreaMethods<'search'>> {
  return {
    'search.results': {
      args: obj({
        text: str(500, 1),
        prefix: opt(bool),
        recordingId: opt(posInt),
        fleetId: opt(posInt),
        target: opt(str(200)),
        types: opt(list(str(100, 1), 50)),
        from: opt(num),
        to: opt(num),
        limit: opt(posInt),
        before: opt(posInt),
        library,
      }),
      run: (q) => (q.library === undefined ? search.search(q) : libraries.search(q)),
    },
    'search.status': { args: obj({}), run: () => search.status() },
    'search.build': { args: obj({}), run: () => search.resume() },
  };
}
