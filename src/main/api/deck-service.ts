// The contract's implementation: plain Node (no electron), so the desktop app, the WebSocket host
// and the tests all run the same code. Hosts inject what only they have (keychain, file dialogs).
// It composes the areas (targets, tabs, recordings, fleets, …), merges their method tables
// (methods/), checks every call against the merged table and runs it; it keeps the event stream.
import type { DeckEvent, DeckMethod, DeckResult } from '../../shared/contract';
import { ArthasError } from '../arthas/errors';
import { RecordingReader } from '../recorder/recording-reader';
import { RecordingWriter, recoverInterrupted } from '../recorder/recording-writer';
import { LibrariesService } from './libraries-service';
import { checkedCall, type DeckTable } from './method-table';
import { appMethods } from './methods/app-methods';
import { fleetsMethods } from './methods/fleets-methods';
import { librariesMethods } from './methods/libraries-methods';
import { outputFilesMethods } from './methods/output-files-methods';
import { recordingsMethods } from './methods/recordings-methods';
import { searchMethods } from './methods/search-methods';
import { tabsMethods } from './methods/tabs-methods';
import { targetsMethods } from './methods/targets-methods';
import { terminalsMethods } from './methods/terminals-methods';
import { OutputFilesService } from './output-files-service';
import { RecordingsService } from './recordings-service';
import { FleetsService } from './fleets-service';
import { SearchService } from './search-service';
import { TaskRegistry } from './task-registry';
import type { ServiceContext, ServiceOptions } from './service-context';
import { TabsService } from './tabs-service';
import { TargetsService } from './targets-service';
import { TerminalsService } from './terminals-service';
import { DeckError } from './validate';

export type { FileDialogs, SecretBox, ServiceOptions } from './service-context';

export class DeckService {
  private readonly listeners = new Set<(e: DeckEvent) => void>();
  private readonly targets: TargetsService;
  private readonly tabs: TabsService;
  private readonly recordings: RecordingsService;
  private readonly tasks: TaskRegistry;
  private readonly search: SearchService;
  private readonly fleets: FleetsService;
  private readonly libraries: LibrariesService;
  private readonly outputFiles: OutputFilesService;
  private readonly terminals: TerminalsService;
  /** every method of the contract: each area's table, merged (the compiler holds it complete) */
  private readonly table: DeckTable;

  constructor(private readonly opts: ServiceOptions) {
    const ctx: ServiceContext = { opts, db: opts.db, reader: new RecordingReader(opts.db), writer: new RecordingWriter(opts.db), emit: (e) => this.emit(e) };
    recoverInterrupted(opts.db);
    this.targets = new TargetsService(ctx);
    this.tasks = new TaskRegistry((e) => this.emit(e));
    this.tabs = new TabsService(ctx, this.targets, this.tasks);
    this.libraries = new LibrariesService(ctx, this.tasks);
    this.recordings = new RecordingsService(ctx, (id) => this.tabs.recording(id), this.tasks, () => this.search.nudge(), (library) => this.libraries.source(library));
    this.search = new SearchService(ctx, this.tasks, opts.searchIndex || {});
    this.fleets = new FleetsService(ctx, this.tabs, this.targets, this.recordings, this.tasks);
    this.outputFiles = new OutputFilesService(ctx, this.targets, this.tabs, this.recordings, this.tasks);
    this.terminals = new TerminalsService(ctx, this.tabs, this.targets);
    this.table = {
      ...appMethods(opts, this.tasks),
      ...targetsMethods(this.targets, this.tasks, opts),
      ...tabsMethods(this.tabs),
      ...recordingsMethods(this.recordings),
      ...searchMethods(this.search, this.libraries),
      ...fleetsMethods(this.fleets),
      ...librariesMethods(this.libraries),
      ...terminalsMethods(this.terminals),
      ...outputFilesMethods(this.outputFiles),
    };
    if (opts.searchIndex !== false) this.search.start();
  }

  onEvent(listener: (e: DeckEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: DeckEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        /* a broken listener (closed window) must not stop the others */
      }
    }
  }

  /**
   * The one entry point of both transports: validates, then runs. Errors carry a message for the
   * user. A call from a window (the app's renderer, serve mode's page) may name only paths main
   * handed out (PathGrants); in-process callers (the hosts themselves, the CLI, tests) any.
   */
  async call<M extends DeckMethod>(method: unknown, rawArgs: unknown, caller: 'window' | 'in-process' = 'in-process'): Promise<DeckResult<M>> {
    const { args, run } = checkedCall(this.table, method, rawArgs);
    const path = (args as { path?: unknown }).path;
    if (caller === 'window' && typeof path === 'string' && !this.opts.paths?.allows(path)) {
      throw new DeckError(`Refused: ${path} was not opened with the app or chosen in its dialogs. Use File › Import, drop the file on the window, or choose where to save in the dialog.`, 'invalid');
    }
    try {
      return (await run(args as never)) as DeckResult<M>;
    } catch (e) {
      if (e instanceof DeckError) throw e;
      if (e instanceof ArthasError) throw new DeckError(e.message, e.serverMessage === 'needs-confirmation' ? 'needs-confirmation' : e.kind);
      throw new DeckError((e as Error).message ?? String(e), 'failed');
    }
  }

  /** The serve host hands an exported file to the browser once. */
  takeDownload(id: string): ReturnType<RecordingsService['takeDownload']> {
    return this.recordings.takeDownload(id);
  }

  /** Stops every session (closing their Arthas sessions) and drops pending downloads: app quit. */
  async shutdown(): Promise<void> {
    this.search.stop();
    await this.fleets.closeAll();
    this.terminals.closeAll();
    await this.tabs.closeAll();
    this.recordings.releaseDownloads();
    await this.libraries.closeAll();
  }
}
