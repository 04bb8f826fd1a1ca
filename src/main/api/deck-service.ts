// The contract's implementation: plain Node (no electron), so the desktop app, the WebSocket host
// and the tests all run the same code. Hosts inject what only they have (keychain, file dialogs).
// It validates every call and routes it to the area that owns it: targets, tabs, recordings,
// JVMs; it keeps only the event stream, settings and the app's own facts.
import type { DeckArgs, DeckEvent, DeckMethod, DeckResult } from '../../shared/contract';
import { ArthasError } from '../arthas/errors';
import { RecordingReader } from '../recorder/recording-reader';
import { RecordingWriter, recoverInterrupted } from '../recorder/recording-writer';
import { attachSteps, handleJvms } from './jvm-routes';
import { LibrariesService } from './libraries-service';
import { OutputFilesService } from './output-files-service';
import { RecordingsService } from './recordings-service';
import { FleetsService } from './fleets-service';
import { SearchService } from './search-service';
import { TaskRegistry } from './task-registry';
import type { ServiceContext, ServiceOptions } from './service-context';
import { TabsService } from './tabs-service';
import { TargetsService } from './targets-service';
import { TerminalsService } from './terminals-service';
import { DeckError, validateArgs } from './validate';

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
    const { method: m, args } = validateArgs<M>(method, rawArgs);
    const path = (args as { path?: unknown }).path;
    if (caller === 'window' && typeof path === 'string' && !this.opts.paths?.allows(path)) {
      throw new DeckError(`Refused: ${path} was not opened with the app or chosen in its dialogs. Use File › Import, drop the file on the window, or choose where to save in the dialog.`, 'invalid');
    }
    try {
      return (await this.dispatch(m, args)) as DeckResult<M>;
    } catch (e) {
      if (e instanceof DeckError) throw e;
      if (e instanceof ArthasError) throw new DeckError(e.message, e.serverMessage === 'needs-confirmation' ? 'needs-confirmation' : e.kind);
      throw new DeckError((e as Error).message ?? String(e), 'failed');
    }
  }

  private async dispatch<M extends DeckMethod>(method: M, a: DeckArgs<M>): Promise<unknown> {
    const args = a as never as Record<string, unknown> & DeckArgs<DeckMethod>;
    const id = (args as { id?: number }).id!;
    /** a read of a team library's recording instead of this desktop's */
    const lib = (args as { library?: number }).library;
    switch (method) {
      case 'app.info':
        return {
          version: this.opts.version,
          platform: process.platform,
          databasePath: this.opts.databasePath,
          mode: this.opts.mode,
          mcp: this.opts.mcpEndpoint?.()?.info(),
          mcpProblem: this.opts.mcpProblem?.(),
          passwordsEncrypted: this.opts.secrets?.available() ?? false,
        };
      case 'mcp.newToken': {
        const endpoint = this.opts.mcpEndpoint?.();
        if (!endpoint) throw new DeckError('The MCP endpoint is not served over HTTP here (tick Serve MCP over HTTP, then restart the app).', 'invalid');
        return endpoint.renewToken();
      }
      case 'app.takeOpenedFiles':
        return this.opts.openedFiles?.take() ?? [];
      case 'targets.list':
        return this.targets.list();
      case 'targets.save':
        return this.targets.save(args as DeckArgs<'targets.save'>);
      case 'targets.remove':
        return this.targets.remove(id);
      case 'targets.check':
        return this.targets.check(args as DeckArgs<'targets.check'>);
      case 'history.list':
        return this.targets.history((args as DeckArgs<'history.list'>).targetId);
      case 'jvms.list': {
        const jvms = (await handleJvms(method, args, { saveTargetFor: (name, url, route) => this.targets.forUrl(name, url, route) }, this.opts.ssh)) as DeckResult<'jvms.list'>;
        // this machine's JVMs whose Arthas is already a saved target say so: Attach is never a careless click
        if ((args as DeckArgs<'jvms.list'>).ssh) return jvms;
        return jvms.map((j) => {
          const saved = j.arthas ? this.targets.savedAt(`http://127.0.0.1:${j.arthas.port}/api`) : null;
          return saved ? { ...j, target: saved.name } : j;
        });
      }
      case 'jvms.attach': {
        const a = args as DeckArgs<'jvms.attach'>;
        return this.tasks.steps(a.taskId, 'attach', a.ssh ? `JVM ${a.pid} on ${a.ssh.destination}` : `JVM ${a.pid}`, attachSteps(!!a.ssh), (onStep, signal) =>
          handleJvms(method, args, { saveTargetFor: (name, url, route) => this.targets.forUrl(name, url, route) }, this.opts.ssh, { onStep, signal }),
        );
      }
      case 'tabs.list':
        return this.tabs.list();
      case 'tabs.open':
        return this.tabs.open(args as DeckArgs<'tabs.open'>);
      case 'tabs.close':
        return this.tabs.close((args as DeckArgs<'tabs.close'>).tabId);
      case 'tabs.run':
        return this.tabs.run(args as DeckArgs<'tabs.run'>);
      case 'tabs.exec':
        return this.tabs.exec(args as DeckArgs<'tabs.exec'>);
      case 'tabs.complete':
        return this.tabs.complete(args as DeckArgs<'tabs.complete'>);
      case 'tabs.interrupt':
        return this.tabs.interrupt(args as DeckArgs<'tabs.interrupt'>);
      case 'tabs.bookmark':
        return this.tabs.bookmark(args as DeckArgs<'tabs.bookmark'>);
      case 'tabs.note':
        return this.tabs.note(args as DeckArgs<'tabs.note'>);
      case 'recordings.list':
        return this.recordings.list(args as DeckArgs<'recordings.list'>);
      case 'recordings.get':
        return this.recordings.get(id, lib);
      case 'recordings.page':
        return this.recordings.page(args as DeckArgs<'recordings.page'>);
      case 'recordings.result':
        return this.recordings.result(id, (args as DeckArgs<'recordings.result'>).pos, lib);
      case 'recordings.jobs':
        return this.recordings.jobs(id, lib);
      case 'recordings.events':
        return this.recordings.events(id, lib);
      case 'recordings.stats':
        return this.recordings.stats(id, lib);
      case 'recordings.costSeries':
        return this.recordings.costSeries(args as DeckArgs<'recordings.costSeries'>);
      case 'recordings.posAtTime':
        return this.recordings.posAtTime(id, (args as DeckArgs<'recordings.posAtTime'>).at, lib);
      case 'recordings.rename':
        return this.recordings.rename(id, (args as DeckArgs<'recordings.rename'>).name);
      case 'recordings.tag':
        return this.recordings.tag(id, (args as DeckArgs<'recordings.tag'>).tags);
      case 'recordings.delete':
        return this.recordings.remove(id);
      case 'recordings.bookmark':
        return this.recordings.bookmark(args as DeckArgs<'recordings.bookmark'>);
      case 'recordings.previewMask':
        return this.recordings.previewMask(args as DeckArgs<'recordings.previewMask'>);
      case 'recordings.export':
        return this.recordings.export(args as DeckArgs<'recordings.export'>);
      case 'recordings.import':
        return this.recordings.import(args as DeckArgs<'recordings.import'>);
      case 'tasks.cancel':
        return this.tasks.cancel((args as DeckArgs<'tasks.cancel'>).taskId);
      case 'search.results': {
        const q = args as DeckArgs<'search.results'>;
        return q.library === undefined ? this.search.search(q) : this.libraries.search(q);
      }
      case 'search.status':
        return this.search.status();
      case 'search.build':
        return this.search.resume();
      case 'diff.watch':
        return this.recordings.diff(args as DeckArgs<'diff.watch'>);
      case 'diff.exportHtml':
        return this.recordings.diffReport(args as DeckArgs<'diff.exportHtml'>);
      case 'groups.list':
        return this.fleets.groups.list();
      case 'groups.save':
        return this.fleets.saveGroup(args as DeckArgs<'groups.save'>);
      case 'groups.remove':
        return this.fleets.groups.remove(id);
      case 'fleets.run':
        return this.fleets.run(args as DeckArgs<'fleets.run'>);
      case 'fleets.addJob':
        return this.fleets.addJob(args as DeckArgs<'fleets.addJob'>);
      case 'fleets.list':
        return this.fleets.list((args as DeckArgs<'fleets.list'>).limit);
      case 'fleets.get':
        return this.fleets.get(id);
      case 'fleets.interrupt':
        return this.fleets.interrupt(id);
      case 'fleets.close':
        return this.fleets.close(id);
      case 'fleets.page':
        return this.fleets.page(args as DeckArgs<'fleets.page'>);
      case 'fleets.compare':
        return this.fleets.compare(args as DeckArgs<'fleets.compare'>);
      case 'fleets.compareProfiles':
        return this.fleets.compareProfiles(args as DeckArgs<'fleets.compareProfiles'>);
      case 'fleets.export':
        return this.fleets.export(args as DeckArgs<'fleets.export'>);
      case 'fleets.exportHtml':
        return this.fleets.exportHtml(args as DeckArgs<'fleets.exportHtml'>);
      case 'libraries.list':
        return this.libraries.list();
      case 'libraries.save':
        return this.libraries.save(args as DeckArgs<'libraries.save'>);
      case 'libraries.remove':
        return this.libraries.remove(id);
      case 'libraries.connect':
        return this.libraries.connect(id);
      case 'libraries.publish':
        return this.libraries.publish(args as DeckArgs<'libraries.publish'>);
      case 'libraries.audit':
        return this.libraries.audit(args as DeckArgs<'libraries.audit'>);
      case 'libraries.deleteRecording':
        return this.libraries.deleteRecording(args as DeckArgs<'libraries.deleteRecording'>);
      case 'terminals.open':
        return this.terminals.openFor(args as DeckArgs<'terminals.open'>);
      case 'terminals.list':
        return this.terminals.list();
      case 'terminals.input':
        return this.terminals.input(args as DeckArgs<'terminals.input'>);
      case 'terminals.resize':
        return this.terminals.resize(args as DeckArgs<'terminals.resize'>);
      case 'terminals.drawn':
        return this.terminals.drawn(args as DeckArgs<'terminals.drawn'>);
      case 'terminals.close':
        return this.terminals.close((args as DeckArgs<'terminals.close'>).terminalId);
      case 'outputFiles.list':
        return this.outputFiles.list(args as DeckArgs<'outputFiles.list'>);
      case 'outputFiles.download':
        return this.outputFiles.download(args as DeckArgs<'outputFiles.download'>);
      case 'settings.get': {
        const row = this.opts.db.prepare('SELECT value FROM settings WHERE key = ?').get((args as DeckArgs<'settings.get'>).key) as { value: string } | undefined;
        return row ? (JSON.parse(row.value) as unknown) : null;
      }
      case 'settings.set': {
        const { key, value } = args as DeckArgs<'settings.set'>;
        const text = JSON.stringify(value ?? null);
        if (text.length > 100_000) throw new DeckError('settings value is too large', 'invalid');
        this.opts.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, text);
        return undefined;
      }
    }
    throw new DeckError(`Unknown method: ${String(method)}`, 'invalid');
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
