// Recordings: the library (list, read, page, search, rename, tag, delete, bookmarks), sharing
// (export, with masking; import) and the watch diff of two runs. In serve mode an exported file is
// written to a private temporary place and offered to the browser once as a download.
import { exportFileName } from '../../shared/recording/file-name';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { COST_SERIES_LIMIT, type DeckArgs, type DeckResult, type WatchRunRef } from '../../shared/contract';
import { addToSeries, emptySeries } from '../../shared/charts/cost-series';
import { renderDiffReport } from '../../shared/diff/diff-report';
import { diffWatchRuns, expressionLabels, watchCall, type WatchCall } from '../../shared/diff/watch-diff';
import { FILE_EXTENSION } from '../../shared/recording/format';
import { exportRecordingHtml } from '../recorder/html-export';
import { exportRecording } from '../recorder/arthasrec-export';
import { importRecording } from '../recorder/arthasrec-import';
import { foreignLocation } from '../shell/opened-files';
import { CastError } from '../../shared/terminal/asciicast';
import { exportCast, importCast, isCastFile } from '../terminal/cast-file';
import { previewMasking } from '../recorder/masking';
import { LocalRecordings, type RecordingSource } from '../recorder/recording-source';
import type { WorkControl } from '../recorder/work-control';
import type { ServiceContext } from './service-context';
import type { TaskRegistry } from './task-registry';
import { toLive } from './tabs-service';
import { DeckError } from './validate';

/** Where a recording is read: this desktop (no library), or a team library. */
export type SourceOf = (library: number | undefined) => Promise<RecordingSource>;

export class RecordingsService {
  /** serve mode: exported files waiting for the browser to download them, by id */
  private readonly downloads = new Map<string, { path: string; name: string }>();
  constructor(
    private readonly ctx: ServiceContext,
    /** true while a tab records into the recording (it cannot be deleted then) */
    private readonly isLive: (recordingId: number) => boolean,
    private readonly tasks: TaskRegistry,
    /** results were written outside the recorder (an import): the search index takes them in */
    private readonly resultsAdded: () => void = () => {},
    private readonly sourceOf: SourceOf = async () => new LocalRecordings(ctx.db, ctx.reader),
  ) {}

  /** The id, when such a recording exists on this desktop. */
  exists(id: number): number {
    if (!this.ctx.db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(id)) throw new DeckError(`No recording #${id}.`, 'not-found');
    return id;
  }

  /** The source of a recording that exists there (every unknown id answered alike: not-found). */
  private async found(id: number, library: number | undefined): Promise<RecordingSource> {
    if (library === undefined) {
      this.exists(id);
      return this.sourceOf(undefined);
    }
    const src = await this.sourceOf(library);
    if (!(await src.get(id))) throw new DeckError(`No recording #${id} in this library.`, 'not-found');
    return src;
  }

  private changed(): void {
    this.ctx.emit({ type: 'recordings.changed' });
  }

  async list(filter: DeckArgs<'recordings.list'>): Promise<DeckResult<'recordings.list'>> {
    const { library, ...rest } = filter;
    return (await this.sourceOf(library)).list(rest);
  }

  async get(id: number, library?: number): Promise<DeckResult<'recordings.get'>> {
    return (await (await this.found(id, library)).get(id))!;
  }

  async jobs(id: number, library?: number): Promise<DeckResult<'recordings.jobs'>> {
    return (await this.found(id, library)).jobs(id);
  }

  async events(id: number, library?: number): Promise<DeckResult<'recordings.events'>> {
    return (await this.found(id, library)).events(id);
  }

  async posAtTime(id: number, at: number, library?: number): Promise<number> {
    return (await this.found(id, library)).posAtTime(id, at);
  }

  async page(a: DeckArgs<'recordings.page'>): Promise<DeckResult<'recordings.page'>> {
    const { id, library, ...rest } = a;
    const page = await (await this.found(id, library)).page(id, rest);
    return { page: { ...page, results: [] }, results: page.results.map(toLive) };
  }

  /** A result's full text; null when the recording has no result at that position. */
  async result(id: number, pos: number, library?: number): Promise<string | null> {
    return (await this.found(id, library)).result(id, pos);
  }

  async stats(id: number, library?: number): Promise<DeckResult<'recordings.stats'>> {
    const src = await this.found(id, library);
    const [byType, byJob, span] = await Promise.all([src.countsByType(id), src.countsByJob(id), src.span(id)]);
    return { byType, byJob, ...span };
  }

  rename(id: number, name: string): void {
    this.ctx.db.prepare('UPDATE sessions SET name = ? WHERE id = ?').run(name.trim() || null, this.exists(id));
    this.changed();
  }

  tag(id: number, tags: string[]): void {
    const clean = [...new Set(tags.map((t) => t.trim().replace(/,/g, ' ')).filter(Boolean))];
    this.ctx.db.prepare('UPDATE sessions SET tags = ? WHERE id = ?').run(clean.join(','), this.exists(id));
    this.changed();
  }

  remove(id: number): void {
    if (this.isLive(this.exists(id))) throw new DeckError('This recording is still being recorded: close its tab first.', 'invalid');
    this.ctx.writer.deleteRecording(id);
    this.changed();
  }

  bookmark(a: DeckArgs<'recordings.bookmark'>): void {
    this.ctx.writer.writeEvent(this.exists(a.id), { kind: 'bookmark', at: a.at, message: a.note || 'Bookmark' });
  }

  previewMask(a: DeckArgs<'recordings.previewMask'>): DeckResult<'recordings.previewMask'> {
    const { id, mask, ...sel } = a;
    return previewMasking(this.ctx.db, this.exists(id), mask, sel);
  }

  async export(a: DeckArgs<'recordings.export'>): Promise<DeckResult<'recordings.export'>> {
    const rec = this.ctx.reader.get(this.exists(a.recordingId));
    const html = a.format === 'html';
    const cast = a.format === 'cast';
    const base = exportFileName({ id: a.recordingId, name: rec?.name, targetName: rec?.targetName }, html ? 'html' : cast ? 'cast' : FILE_EXTENSION);
    const path = a.path ?? (await this.pickSave(base, html ? 'report' : cast ? 'cast' : 'recording'));
    if (!path) return null;
    const opts = { jobs: a.jobs, from: a.from, to: a.to, mask: a.mask, generator: `Arthas Deck ${this.ctx.opts.version}` };
    const s = await this.tasks.run(a.taskId, 'export', async (work) => {
      if (cast) return { events: 0, ...(await exportCast(this.ctx.db, a.recordingId, path, { mask: a.mask }, work).catch((e: unknown) => Promise.reject(e instanceof CastError ? new DeckError(e.message, 'invalid') : e))) };
      return html ? exportRecordingHtml(this.ctx.db, a.recordingId, path, opts, work) : exportRecording(this.ctx.db, a.recordingId, path, opts, work);
    });
    return { path, name: basename(path), results: s.results, masked: s.masked, bytes: s.bytes, ...this.offerDownload(path) };
  }

  async import(a: DeckArgs<'recordings.import'>): Promise<DeckResult<'recordings.import'>> {
    const file = a.path ?? (await this.ctx.opts.dialogs?.open('recording'));
    if (!file) return null;
    const scheme = foreignLocation(file);
    if (scheme) throw new DeckError(`${file.slice(0, 300)} is not on this computer's disk (a ${scheme}: location, which the file manager opened for itself). Copy it to a folder here, or mount it (gio mount) and open it from the mounted folder.`, 'invalid');
    try {
      // an asciicast (asciinema's .cast, plain JSON lines) or an .arthasrec (gzip)
      if (isCastFile(file)) {
        const c = await this.tasks.run(a.taskId, 'import', (work) => importCast(this.ctx.db, file, work)).catch((e: unknown) => Promise.reject(e instanceof CastError ? new DeckError(`Not a readable asciicast file: ${e.message}`, 'invalid') : e));
        return { recordingId: c.recordingId, results: c.results };
      }
      const r = await this.tasks.run(a.taskId, 'import', (work) => importRecording(this.ctx.db, file, undefined, work));
      return { recordingId: r.recordingId, results: r.results, ...(r.fleetId !== undefined ? { fleetId: r.fleetId } : {}) };
    } finally {
      this.resultsAdded();
      this.changed();
    }
  }

  async diff(a: DeckArgs<'diff.watch'>): Promise<DeckResult<'diff.watch'>> {
    return this.tasks.run(a.taskId, 'diff', async (work) => {
      const [left, right] = await this.watchCallsOf([a.left, a.right], work);
      return diffWatchRuns(left!, right!, a.options);
    });
  }

  /** A watch job's cost over time, read a chunk at a time with the event loop running in between. */
  async costSeries(a: DeckArgs<'recordings.costSeries'>): Promise<DeckResult<'recordings.costSeries'>> {
    const src = await this.found(a.id, a.library);
    const s = emptySeries();
    // the newest COST_SERIES_LIMIT calls at most: skip to them by position
    let after = await src.positionBeforeNewest(a.id, a.jobId, 'watch', COST_SERIES_LIMIT);
    for (;;) {
      const page = await src.page(a.id, { after, jobId: a.jobId, types: ['watch'], limit: 5000 });
      for (const r of page.results) if (r.origin !== 'history') addToSeries(s, { pos: r.pos, at: r.serverTime ?? r.receivedAt, raw: r.raw });
      if (!page.hasAfter || !page.results.length) break;
      after = page.results[page.results.length - 1]!.pos;
      await new Promise((r) => setImmediate(r));
    }
    return s;
  }

  async diffReport(a: DeckArgs<'diff.exportHtml'>): Promise<DeckResult<'diff.exportHtml'>> {
    const [left, right] = await this.watchCallsOf([a.left, a.right]);
    const diff = diffWatchRuns(left!, right!, a.options);
    const file = a.path ?? (await this.pickSave('watch-diff.html', 'report'));
    if (!file) return null;
    writeFileSync(file, renderDiffReport(diff, { left: await this.runLabel(a.left), right: await this.runLabel(a.right), generatedAt: Date.now() }));
    return { path: file, name: basename(file), ...this.offerDownload(file) };
  }

  /** Electron: the save dialog. A browser (serve mode): a private temporary file, then a download. */
  async pickSave(name: string, kind: 'recording' | 'report' | 'file' | 'cast'): Promise<string | null> {
    if (this.ctx.opts.dialogs) return this.ctx.opts.dialogs.save(name, kind);
    return join(mkdtempSync(join(tmpdir(), 'arthas-deck-download-')), name);
  }

  /** In serve mode, a file written to a temporary place is offered to the browser once. */
  offerDownload(path: string): { download?: string } {
    if (this.ctx.opts.dialogs || !basename(dirname(path)).startsWith('arthas-deck-download-')) return {};
    const id = randomUUID();
    this.downloads.set(id, { path, name: basename(path) });
    return { download: id };
  }

  /** The serve host hands a download out once; its temporary folder goes with it (release()). */
  takeDownload(id: string): { path: string; name: string; release(): void } | undefined {
    const d = this.downloads.get(id);
    if (!d) return undefined;
    this.downloads.delete(id);
    return { ...d, release: () => rmSync(dirname(d.path), { recursive: true, force: true }) };
  }

  releaseDownloads(): void {
    for (const id of [...this.downloads.keys()]) this.takeDownload(id)?.release();
  }

  /**
   * The watch calls of runs, read a page at a time with the event loop running in between (a large
   * run takes seconds to parse); progress in results, and a cancel that stops at the next page.
   */
  async watchCallsOf(refs: WatchRunRef[], work: WorkControl = {}): Promise<WatchCall[][]> {
    const runs = [];
    for (const ref of refs) {
      const src = await this.found(ref.recordingId, ref.library);
      const job = (await src.jobs(ref.recordingId)).find((j) => j.jobId === ref.jobId);
      if (!job) throw new DeckError(`Recording #${ref.recordingId} has no job ${ref.jobId}.`, 'not-found');
      runs.push({ ref, src, labels: expressionLabels(job.command), count: (await src.countsByJob(ref.recordingId))[ref.jobId] ?? 0 });
    }
    const total = runs.reduce((n, r) => n + r.count, 0);
    let done = 0;
    const out: WatchCall[][] = [];
    for (const { ref, src, labels } of runs) {
      const calls: WatchCall[] = [];
      let after = 0;
      for (;;) {
        const page = await src.page(ref.recordingId, { after, jobId: ref.jobId, types: ['watch'], limit: 1000 });
        for (const r of page.results) if (r.origin !== 'history') calls.push(watchCall(r, labels));
        done += page.results.length;
        if (!page.hasAfter || !page.results.length) break;
        after = page.results[page.results.length - 1]!.pos;
        if (work.signal?.aborted) throw new DeckError('Comparison cancelled.', 'cancelled');
        work.onProgress?.({ phase: 'comparing', done, total, unit: 'results' });
        await new Promise((r) => setImmediate(r));
      }
      out.push(calls);
    }
    return out;
  }

  private async runLabel(ref: WatchRunRef): Promise<string> {
    const src = await this.sourceOf(ref.library);
    const rec = await src.get(ref.recordingId);
    const job = (await src.jobs(ref.recordingId)).find((j) => j.jobId === ref.jobId);
    const where = rec?.library ? ` in the library (team ${rec.library.team}, published by ${rec.library.publishedBy})` : '';
    return `${rec?.name ?? rec?.targetName ?? 'recording'} #${ref.recordingId}${where}, job ${ref.jobId}: ${job?.command ?? ''}`;
  }
}
