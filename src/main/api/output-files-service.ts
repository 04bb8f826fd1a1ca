// Files in a target's arthas-output/ (its profiler, jfr and heap dump files): listed and downloaded
// through the route the recording's tab goes through, or, with no tab open, the target's own route
// opened for the request and closed after it.
import type { DeckArgs, DeckResult } from '../../shared/contract';
import { ArthasClient } from '../arthas/client';
import { downloadOutput, listOutput, OutputFileError, type OutputOrigin } from '../output-files/output-fetch';
import type { RecordingsService } from './recordings-service';
import type { ServiceContext } from './service-context';
import type { TabsService } from './tabs-service';
import type { TargetsService } from './targets-service';
import type { TaskRegistry } from './task-registry';
import { DeckError } from './validate';

export class OutputFilesService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly targets: TargetsService,
    private readonly tabs: TabsService,
    private readonly recordings: RecordingsService,
    private readonly tasks: TaskRegistry,
  ) {}

  /** Runs `use` with the way to the recording's JVM: its open tab's, else its target's route, opened for it. */
  private async via<T>(recordingId: number, use: (origin: OutputOrigin) => Promise<T>): Promise<T> {
    try {
      const open = this.tabs.transportOf(recordingId);
      if (open) return await use(open);
      if (!this.ctx.reader.get(recordingId)) throw new DeckError(`No recording #${recordingId}.`, 'not-found');
      const targetId = this.ctx.reader.targetIdOf(recordingId);
      if (targetId === null) throw new DeckError('The JVM this recording came from is not one of your targets (it was imported, or its target removed): its files stay on its host.', 'not-found');
      const target = this.targets.row(targetId);
      const route = await this.targets.openRoute(this.targets.info(target).route, target.url, { sshPassword: this.targets.secret(target, 'ssh') });
      const client = new ArthasClient({ url: route.url, username: target.username ?? undefined, password: this.targets.secret(target, 'arthas') });
      try {
        return await use(client.transportConfig);
      } finally {
        client.close();
        route.close();
      }
    } catch (e) {
      if (e instanceof OutputFileError) throw new DeckError(e.message, e.kind === 'cancelled' ? 'cancelled' : e.kind);
      throw e;
    }
  }

  list(a: DeckArgs<'outputFiles.list'>): Promise<DeckResult<'outputFiles.list'>> {
    return this.via(a.recordingId, async (origin) => ({ entries: await listOutput(origin, a.folder ?? '') }));
  }

  /** One file to disk (the save dialog's choice; in serve mode a download), with progress in bytes and a cancel. */
  async download(a: DeckArgs<'outputFiles.download'>): Promise<DeckResult<'outputFiles.download'>> {
    const name = a.name.split('/').pop() || 'arthas-output';
    const file = a.path ?? (await this.recordings.pickSave(name, 'file'));
    if (!file) return null;
    return this.tasks.run(a.taskId, 'download', async (work) => {
      const { bytes } = await this.via(a.recordingId, (origin) =>
        downloadOutput(origin, a.name, file, {
          signal: work.signal,
          onProgress: (done, total) => work.onProgress?.({ phase: 'writing', done, total, unit: 'bytes' }),
        }),
      );
      return { path: file, name, bytes, ...this.recordings.offerDownload(file) };
    });
  }
}
