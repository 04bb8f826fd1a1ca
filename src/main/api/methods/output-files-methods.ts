// Files a JVM's Arthas wrote into its arthas-output/ (profiles, dumps): listed and downloaded.
import type { AreaMethods, MethodTable } from '../method-table';
import type { OutputFilesService } from '../output-files-service';
import { obj, opt, outputName, pathArg, posInt, taskId } from '../validate';

export function outputFilesMethods(outputFiles: OutputFilesService): MethodTable<AreaMethods<'outputFiles'>> {
  return {
    'outputFiles.list': { args: obj({ recordingId: posInt, folder: opt(outputName) }), run: (a) => outputFiles.list(a) },
    'outputFiles.download': { args: obj({ recordingId: posInt, name: outputName, path: pathArg, taskId: opt(taskId) }), run: (a) => outputFiles.download(a) },
  };
}
