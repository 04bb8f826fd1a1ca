// Recordings (this desktop's, or a team library's with `library`): listed, read, named, shared;
// and watch runs compared.
import type { AreaMethods, MethodTable } from '../method-table';
import type { RecordingsService } from '../recordings-service';
import { byId, diffOptions, int, library, list, maskRules, num, obj, oneOf, opt, pathArg, posInt, runRef, str, taskId } from '../validate';

export function recordingsMethods(recordings: RecordingsService): MethodTable<AreaMethods<'recordings' | 'diff'>> {
  return {
    'recordings.list': {
      args: obj({ library, text: opt(str(500)), state: opt(oneOf('recording', 'closed', 'lost', 'interrupted')), targetName: opt(str(200)), from: opt(num), to: opt(num), limit: opt(posInt) }),
      run: (a) => recordings.list(a),
    },
    'recordings.get': { args: obj({ id: posInt, library }), run: (a) => recordings.get(a.id, a.library) },
    'recordings.page': {
      args: obj({ id: posInt, library, after: opt(int), before: opt(int), limit: opt(posInt), jobId: opt(int), types: opt(list(str(100, 1), 50)) }),
      run: (a) => recordings.page(a),
    },
    'recordings.result': { args: obj({ id: posInt, library, pos: posInt }), run: (a) => recordings.result(a.id, a.pos, a.library) },
    'recordings.jobs': { args: obj({ id: posInt, library }), run: (a) => recordings.jobs(a.id, a.library) },
    'recordings.events': { args: obj({ id: posInt, library }), run: (a) => recordings.events(a.id, a.library) },
    'recordings.stats': { args: obj({ id: posInt, library }), run: (a) => recordings.stats(a.id, a.library) },
    'recordings.costSeries': { args: obj({ id: posInt, library, jobId: int }), run: (a) => recordings.costSeries(a) },
    'recordings.posAtTime': { args: obj({ id: posInt, library, at: num }), run: (a) => recordings.posAtTime(a.id, a.at, a.library) },
    'recordings.rename': { args: obj({ id: posInt, name: str(200) }), run: (a) => recordings.rename(a.id, a.name) },
    'recordings.tag': { args: obj({ id: posInt, tags: list(str(50, 1), 20) }), run: (a) => recordings.tag(a.id, a.tags) },
    'recordings.delete': { args: byId, run: (a) => recordings.remove(a.id) },
    'recordings.bookmark': { args: obj({ id: posInt, at: num, note: str(2000) }), run: (a) => recordings.bookmark(a) },
    'recordings.previewMask': { args: obj({ id: posInt, mask: maskRules, jobs: opt(list(int, 1000)), from: opt(num), to: opt(num) }), run: (a) => recordings.previewMask(a) },
    'recordings.export': {
      args: obj({ recordingId: posInt, jobs: opt(list(int, 1000)), from: opt(num), to: opt(num), mask: opt(maskRules), path: pathArg, taskId: opt(taskId), format: opt(oneOf('arthasrec', 'html', 'cast')) }),
      run: (a) => recordings.export(a),
    },
    'recordings.import': { args: obj({ path: pathArg, taskId: opt(taskId) }), run: (a) => recordings.import(a) },
    'diff.watch': { args: obj({ left: runRef, right: runRef, options: diffOptions, taskId: opt(taskId) }), run: (a) => recordings.diff(a) },
    'diff.exportHtml': { args: obj({ left: runRef, right: runRef, options: diffOptions, path: pathArg }), run: (a) => recordings.diffReport(a) },
  };
}
