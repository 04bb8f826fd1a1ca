// The contract's implementation: plain Node (no electron), so the desktop app, the WebSocket host
// and the tests all run the same code. Hosts inject what only they have (keychain, file dialogs).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { DeckArgs, DeckEvent, DeckMethod, DeckResult, LiveResult, TabInfo, TargetInfo, TargetRoute } from '../../shared/contract';
import { HOST_KEY_UNKNOWN, LIVE_RESULT_LIMIT } from '../../shared/contract';
import { renderDiffReport } from '../../shared/diff/diff-report';
import { diffWatchRuns, expressionLabels, watchCall, type WatchCall } from '../../shared/diff/watch-diff';
import { FILE_EXTENSION } from '../../shared/recording/format';
import type { StoredResult } from '../../shared/recording/types';
import { ArthasClient } from '../arthas/client';
import { ArthasError } from '../arthas/errors';
import { SessionEngine, type EngineOptions } from '../arthas/session';
import { displayUrl, parseTargetUrl } from '../arthas/target-url';
import type { Db } from '../recorder/db';
import { RecordingReader } from '../recorder/recording-reader';
import { RecordingWriter, recoverInterrupted } from '../recorder/recording-writer';
import type { RecordedOutput } from '../recorder/session-recorder';
import { startRecording, type SessionRecorder } from '../recorder/session-recorder';
import { exportRecording, importRecording, previewMasking } from '../recorder/share';
import { ForwardError } from '../forward/forwarding-command';
import { openRoute, type OpenedRoute, type RouteOptions } from '../routes/target-route';
import { HostKeyError, SshError } from '../ssh/ssh-tunnel';
import { handleJvms } from './jvm-routes';
import { DeckError, validateArgs } from './validate';

/** Encrypts saved passwords (Electron: safeStorage). Without one, passwords live in memory only. */
export interface SecretBox {
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

export interface FileDialogs {
  save(defaultName: string, kind: 'recording' | 'report'): Promise<string | null>;
  open(kind: 'recording'): Promise<string | null>;
}

export interface ServiceOptions {
  db: Db;
  databasePath: string;
  mode: 'electron' | 'serve';
  version: string;
  secrets?: SecretBox;
  dialogs?: FileDialogs;
  /** how long results are gathered before they go to the views, ms */
  liveFlushMs?: number;
  /** files the OS asked the desktop app to open, waiting for the renderer */
  openedFiles?: { take(): string[] };
  /** where SSH host keys and config are read (default ~/.ssh/known_hosts and ~/.ssh/config) */
  ssh?: { knownHostsFile?: string; configFile?: string };
  /** engine settings for every tab (tests shorten the unreachable delay) */
  engine?: Pick<EngineOptions, 'unreachableAfterMs' | 'drainTimeoutMs' | 'backoffMs'>;
}

interface Tab {
  info: Omit<TabInfo, 'snapshot' | 'jobs' | 'recordingError'>;
  engine: SessionEngine;
  /** the SSH tunnel or forwarding command the tab's client goes through */
  route: OpenedRoute;
  recorder: SessionRecorder;
  pending: LiveResult[];
  flushTimer?: NodeJS.Timeout;
}

interface TargetRow {
  id: number;
  name: string;
  url: string;
  username: string | null;
  password_enc: Buffer | null;
  route: string | null;
}

function toLive(r: { pos: number | null; type: string; jobId: number | null; origin: StoredResult['origin']; receivedAt: number; raw: string }): LiveResult {
  if (r.raw.length <= LIVE_RESULT_LIMIT) return { ...r };
  return { ...r, raw: null, truncated: { bytes: r.raw.length, preview: r.raw.slice(0, 4096) } };
}

export class DeckService {
  private readonly reader: RecordingReader;
  private readonly writer: RecordingWriter;
  private readonly tabs = new Map<string, Tab>();
  private readonly listeners = new Set<(e: DeckEvent) => void>();
  /** passwords typed this run when no keychain can keep them */
  private readonly memoryPasswords = new Map<number, string>();
  /** serve mode: exported files waiting for the browser to download them, by id */
  private readonly downloads = new Map<string, { path: string; name: string }>();

  constructor(private readonly opts: ServiceOptions) {
    this.reader = new RecordingReader(opts.db);
    this.writer = new RecordingWriter(opts.db);
    recoverInterrupted(opts.db);
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

  /** The one entry point of both transports: validates, then runs. Errors carry a message for the user. */
  async call<M extends DeckMethod>(method: unknown, rawArgs: unknown): Promise<DeckResult<M>> {
    const { method: m, args } = validateArgs<M>(method, rawArgs);
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
    switch (method) {
      case 'app.info':
        return { version: this.opts.version, platform: process.platform, databasePath: this.opts.databasePath, mode: this.opts.mode };
      case 'app.takeOpenedFiles':
        return this.opts.openedFiles?.take() ?? [];
      case 'targets.list':
        return this.targetRows().map((r) => this.targetInfo(r));
      case 'targets.save':
        return this.saveTarget(args as DeckArgs<'targets.save'>);
      case 'targets.remove':
        this.opts.db.prepare('DELETE FROM targets WHERE id = ?').run(this.target((args as { id: number }).id).id);
        return undefined;
      case 'targets.check':
        return this.checkTarget(args as DeckArgs<'targets.check'>);
      case 'jvms.list':
      case 'jvms.attach':
        return handleJvms(method, args, { saveTargetFor: (name, url, route) => this.targetForUrl(name, url, route) }, this.opts.ssh);
      case 'tabs.list':
        return [...this.tabs.values()].map((t) => this.tabInfo(t));
      case 'tabs.open':
        return this.openTab(args as DeckArgs<'tabs.open'>);
      case 'tabs.close':
        return this.closeTab((args as { tabId: string }).tabId);
      case 'tabs.run': {
        const { tabId, command } = args as DeckArgs<'tabs.run'>;
        const tab = this.tab(tabId);
        this.remember(tab.info.targetId, command);
        return tab.engine.run(command);
      }
      case 'tabs.exec': {
        const { tabId, command, execTimeout } = args as DeckArgs<'tabs.exec'>;
        const tab = this.tab(tabId);
        this.remember(tab.info.targetId, command);
        const answer = await tab.engine.execOnce(command, execTimeout);
        return { jobId: answer.body.jobId, state: answer.state };
      }
      case 'tabs.interrupt': {
        const { tabId, ownerConfirmed } = args as DeckArgs<'tabs.interrupt'>;
        return this.tab(tabId).engine.interrupt({ ownerConfirmed });
      }
      case 'tabs.bookmark': {
        const { tabId, note } = args as DeckArgs<'tabs.bookmark'>;
        this.tab(tabId).engine.bookmark(note || 'Bookmark');
        return undefined;
      }
      case 'history.list':
        return (
          this.opts.db
            .prepare('SELECT command FROM command_history WHERE target_id = ? GROUP BY command ORDER BY MAX(id) DESC LIMIT 200')
            .all((args as { targetId: number }).targetId) as Array<{ command: string }>
        )
          .map((r) => r.command)
          .reverse();
      case 'recordings.list':
        return this.reader.list(args as DeckArgs<'recordings.list'>);
      case 'recordings.get':
        return this.reader.get((args as { id: number }).id);
      case 'recordings.page': {
        const { id, ...rest } = args as DeckArgs<'recordings.page'>;
        this.recording(id);
        const page = this.reader.page(id, rest);
        return { page: { ...page, results: [] }, results: page.results.map(toLive) };
      }
      case 'recordings.result': {
        const { id, pos } = args as DeckArgs<'recordings.result'>;
        const row = this.opts.db.prepare('SELECT raw FROM results WHERE session_id = ? AND pos = ?').get(id, pos) as { raw: string } | undefined;
        return row?.raw ?? null;
      }
      case 'recordings.jobs':
        return this.reader.jobs(this.recording((args as { id: number }).id));
      case 'recordings.events':
        return this.reader.events(this.recording((args as { id: number }).id));
      case 'recordings.stats': {
        const id = this.recording((args as { id: number }).id);
        return { byType: this.reader.countsByType(id), byJob: this.reader.countsByJob(id), ...this.reader.span(id) };
      }
      case 'recordings.posAtTime': {
        const { id, at } = args as DeckArgs<'recordings.posAtTime'>;
        return this.reader.posAtTime(id, at);
      }
      case 'recordings.searchResults':
        return this.reader.searchResults((args as { text: string }).text);
      case 'recordings.rename': {
        const { id, name } = args as DeckArgs<'recordings.rename'>;
        this.opts.db.prepare('UPDATE sessions SET name = ? WHERE id = ?').run(name.trim() || null, this.recording(id));
        this.emit({ type: 'recordings.changed' });
        return undefined;
      }
      case 'recordings.tag': {
        const { id, tags } = args as DeckArgs<'recordings.tag'>;
        const clean = [...new Set(tags.map((t) => t.trim().replace(/,/g, ' ')).filter(Boolean))];
        this.opts.db.prepare('UPDATE sessions SET tags = ? WHERE id = ?').run(clean.join(','), this.recording(id));
        this.emit({ type: 'recordings.changed' });
        return undefined;
      }
      case 'recordings.delete': {
        const id = this.recording((args as { id: number }).id);
        if ([...this.tabs.values()].some((t) => t.info.recordingId === id)) throw new DeckError('This recording is still being recorded: close its tab first.', 'invalid');
        this.writer.deleteRecording(id);
        this.emit({ type: 'recordings.changed' });
        return undefined;
      }
      case 'recordings.bookmark': {
        const { id, at, note } = args as DeckArgs<'recordings.bookmark'>;
        this.writer.writeEvent(this.recording(id), { kind: 'bookmark', at, message: note || 'Bookmark' });
        return undefined;
      }
      case 'recordings.previewMask': {
        const { id, mask, ...sel } = args as DeckArgs<'recordings.previewMask'>;
        return previewMasking(this.opts.db, this.recording(id), mask, sel);
      }
      case 'recordings.export':
        return this.exportRecording(args as DeckArgs<'recordings.export'>);
      case 'recordings.import': {
        const path = (args as { path?: string }).path ?? (await this.opts.dialogs?.open('recording'));
        if (!path) return null;
        const r = await importRecording(this.opts.db, path);
        this.emit({ type: 'recordings.changed' });
        return { recordingId: r.recordingId, results: r.results };
      }
      case 'diff.watch': {
        const { left, right, options } = args as DeckArgs<'diff.watch'>;
        return diffWatchRuns(this.watchCalls(left.recordingId, left.jobId), this.watchCalls(right.recordingId, right.jobId), options);
      }
      case 'diff.exportHtml': {
        const { left, right, options, path } = args as DeckArgs<'diff.exportHtml'>;
        const diff = diffWatchRuns(this.watchCalls(left.recordingId, left.jobId), this.watchCalls(right.recordingId, right.jobId), options);
        const file = path ?? (await this.pickSave('watch-diff.html', 'report'));
        if (!file) return null;
        writeFileSync(file, renderDiffReport(diff, { left: this.runLabel(left), right: this.runLabel(right), generatedAt: Date.now() }));
        return { path: file, name: basename(file), ...this.offerDownload(file) };
      }
      case 'settings.get': {
        const row = this.opts.db.prepare('SELECT value FROM settings WHERE key = ?').get((args as { key: string }).key) as { value: string } | undefined;
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

  // ---- targets ------------------------------------------------------------------------------

  private targetRows(): TargetRow[] {
    return this.opts.db.prepare('SELECT id, name, url, username, password_enc, route FROM targets ORDER BY name, id').all() as TargetRow[];
  }

  private target(id: number): TargetRow {
    const row = this.opts.db.prepare('SELECT id, name, url, username, password_enc, route FROM targets WHERE id = ?').get(id) as TargetRow | undefined;
    if (!row) throw new DeckError(`No target #${id}.`, 'not-found');
    return row;
  }

  private targetInfo(r: TargetRow): TargetInfo {
    return { id: r.id, name: r.name, url: r.url, username: r.username, hasPassword: r.password_enc !== null || this.memoryPasswords.has(r.id), route: r.route ? (JSON.parse(r.route) as TargetRoute) : null };
  }

  private password(r: TargetRow): string | undefined {
    if (this.memoryPasswords.has(r.id)) return this.memoryPasswords.get(r.id);
    if (r.password_enc && this.opts.secrets?.available()) return this.opts.secrets.decrypt(r.password_enc);
    return undefined;
  }

  private saveTarget(input: DeckArgs<'targets.save'>): TargetInfo {
    const parsed = parseTargetUrl(input.url); // refuses file:, javascript: …
    const url = displayUrl(parsed.apiUrl);
    const username = input.username?.trim() || parsed.username || null;
    const now = Date.now();
    let id = input.id;
    if (id !== undefined) {
      this.target(id);
      this.opts.db.prepare('UPDATE targets SET name = ?, url = ?, username = ?, updated_at = ? WHERE id = ?').run(input.name.trim(), url, username, now, id);
    } else {
      id = Number(this.opts.db.prepare('INSERT INTO targets (name, url, username, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(input.name.trim(), url, username, now, now).lastInsertRowid);
    }
    if (input.route !== undefined) this.opts.db.prepare('UPDATE targets SET route = ? WHERE id = ?').run(input.route ? JSON.stringify(input.route) : null, id);
    const password = input.password !== undefined ? input.password : parsed.password;
    if (password !== undefined) {
      this.memoryPasswords.delete(id);
      let enc: Buffer | null = null;
      if (password) {
        if (this.opts.secrets?.available()) enc = this.opts.secrets.encrypt(password);
        else this.memoryPasswords.set(id, password); // never written in plain text
      }
      this.opts.db.prepare('UPDATE targets SET password_enc = ? WHERE id = ?').run(enc, id);
    }
    return this.targetInfo(this.target(id));
  }

  /** Opens the target's SSH tunnel or forwarding command (or nothing, for a direct target); errors as the user should read them. */
  private async openRouteFor(route: TargetRoute | null, url: string, acceptHostKey?: string, onEvent?: RouteOptions['onEvent']): Promise<OpenedRoute> {
    try {
      return await openRoute(route, url, { acceptHostKey, knownHostsFile: this.opts.ssh?.knownHostsFile, sshConfigFile: this.opts.ssh?.configFile, onEvent });
    } catch (e) {
      if (e instanceof HostKeyError) throw new DeckError(e.message, e.verdict === 'unknown' ? HOST_KEY_UNKNOWN : 'host-key-changed');
      if (e instanceof SshError || e instanceof ForwardError) throw new DeckError(e.message, 'route');
      throw e;
    }
  }

  /** The saved target with this URL, or a new one (an attached local JVM). */
  private targetForUrl(name: string, url: string, route: TargetRoute | null = null): TargetInfo {
    const shown = displayUrl(parseTargetUrl(url).apiUrl);
    const existing = this.targetRows().find((r) => r.url === shown && (r.route ?? null) === (route ? JSON.stringify(route) : null));
    return existing ? this.targetInfo(existing) : this.saveTarget({ name, url, route });
  }

  private async checkTarget(a: DeckArgs<'targets.check'>): Promise<DeckResult<'targets.check'>> {
    let url = a.url;
    let username = a.username ?? undefined;
    let password = a.password ?? undefined;
    if (a.id !== undefined) {
      const t = this.target(a.id);
      url ??= t.url;
      username ??= t.username ?? undefined;
      password ??= this.password(t);
    }
    if (!url) throw new DeckError('A URL or a target id is needed.', 'invalid');
    const routeSpec = a.route !== undefined ? a.route : a.id !== undefined ? this.targetInfo(this.target(a.id)).route : null;
    let client: ArthasClient | undefined;
    let route: OpenedRoute | undefined;
    try {
      route = await this.openRouteFor(routeSpec, url, a.acceptHostKey);
      client = new ArthasClient({ url: route.url, username, password, requestTimeoutMs: 5000 });
      const answer = await client.exec('version', { execTimeout: 5000 });
      const v = answer.results.find((r) => r.result.type === 'version')?.result.version;
      return { ok: true, message: `Arthas ${typeof v === 'string' ? v : ''} answers at ${displayUrl(client.apiUrl)}`.replace('  ', ' '), version: typeof v === 'string' ? v : undefined };
    } catch (e) {
      const err = e as ArthasError;
      return { ok: false, kind: err.kind ?? 'failed', message: err.message };
    } finally {
      client?.close();
      route?.close();
    }
  }

  private remember(targetId: number, command: string): void {
    this.opts.db.prepare('INSERT INTO command_history (target_id, command, at) VALUES (?, ?, ?)').run(targetId, command, Date.now());
  }

  // ---- tabs ---------------------------------------------------------------------------------

  private tab(tabId: string): Tab {
    const t = this.tabs.get(tabId);
    if (!t) throw new DeckError(`No tab ${tabId.slice(0, 64)}.`, 'not-found');
    return t;
  }

  private tabInfo(t: Tab): TabInfo {
    return { ...t.info, snapshot: t.engine.snapshot, jobs: t.engine.jobs, recordingError: t.recorder.error };
  }

  private async openTab(a: DeckArgs<'tabs.open'>): Promise<TabInfo> {
    const target = this.target(a.targetId);
    const tabId = `tab-${randomUUID()}`;
    const route = await this.openRouteFor(this.targetInfo(target).route, target.url, a.acceptHostKey, (e) => {
      // the tunnel or command dropped: the engine records the outage; the user hears why
      if (e.kind === 'down') this.emit({ type: 'tab.event', tabId, event: { kind: 'error', at: Date.now(), message: `${target.name}: ${e.message}` } });
    });
    const client = new ArthasClient({ url: route.url, username: target.username ?? undefined, password: this.password(target) });
    const engine = new SessionEngine(client, { ...this.opts.engine, joinSessionId: a.joinSessionId, autoNewSession: a.autoNewSession });
    // what the engine says while it starts is recorded, but reaches no view: the renderer learns of
    // the tab from this call's answer
    const opened: { tab?: Tab } = {};
    let recorder: SessionRecorder;
    try {
      recorder = await startRecording(
        this.writer,
        engine,
        { targetId: target.id, targetName: target.name, targetUrl: target.url, name: a.joinSessionId ? `observing ${a.joinSessionId}` : null },
        (out) => opened.tab && this.forward(opened.tab, out),
      );
    } catch (e) {
      route.close();
      throw e;
    }
    const tab: Tab = (opened.tab = { info: { tabId, targetId: target.id, targetName: target.name, recordingId: recorder.recordingId, observer: !!a.joinSessionId }, engine, route, recorder, pending: [] });
    this.tabs.set(tabId, tab);
    this.emit({ type: 'recordings.changed' });
    return this.tabInfo(tab);
  }

  private forward(tab: Tab, out: RecordedOutput): void {
    const tabId = tab.info.tabId;
    switch (out.type) {
      case 'batch': {
        const b = out.batch;
        b.results.forEach((r, i) =>
          tab.pending.push(
            toLive({ pos: out.firstPos == null ? null : out.firstPos + i, type: r.result.type, jobId: typeof r.result.jobId === 'number' ? r.result.jobId : null, origin: r.origin, receivedAt: b.receivedAt, raw: r.raw }),
          ),
        );
        // results go to views in coalesced batches: a fast watch cannot flood the renderer
        tab.flushTimer ??= setTimeout(() => this.flushLive(tab), this.opts.liveFlushMs ?? 16);
        return;
      }
      case 'snapshot':
        this.emit({ type: 'tab.snapshot', tabId, snapshot: out.snapshot });
        return;
      case 'job':
        this.flushLive(tab);
        this.emit({ type: 'tab.job', tabId, job: out.job });
        return;
      case 'event':
        this.emit({ type: 'tab.event', tabId, event: out.event });
        return;
    }
  }

  private flushLive(tab: Tab): void {
    clearTimeout(tab.flushTimer);
    tab.flushTimer = undefined;
    if (!tab.pending.length) return;
    const results = tab.pending;
    tab.pending = [];
    this.emit({ type: 'tab.results', tabId: tab.info.tabId, recordingId: tab.info.recordingId, results });
  }

  private async closeTab(tabId: string): Promise<void> {
    const tab = this.tab(tabId);
    this.tabs.delete(tabId);
    await tab.engine.stop();
    tab.route.close();
    await new Promise((r) => setImmediate(r));
    this.flushLive(tab);
    tab.recorder.close();
    this.emit({ type: 'tab.closed', tabId });
    this.emit({ type: 'recordings.changed' });
  }

  /** Stops every session (closing their Arthas sessions): app quit. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.tabs.keys()].map((id) => this.closeTab(id).catch(() => undefined)));
    for (const id of [...this.downloads.keys()]) this.takeDownload(id)?.release();
  }

  // ---- recordings ---------------------------------------------------------------------------

  private recording(id: number): number {
    if (!this.opts.db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(id)) throw new DeckError(`No recording #${id}.`, 'not-found');
    return id;
  }

  /** Electron: the save dialog. A browser (serve mode): a private temporary file, then a download. */
  private async pickSave(name: string, kind: 'recording' | 'report'): Promise<string | null> {
    if (this.opts.dialogs) return this.opts.dialogs.save(name, kind);
    return join(mkdtempSync(join(tmpdir(), 'arthas-deck-download-')), name);
  }

  /** In serve mode, a file written to a temporary place is offered to the browser once. */
  private offerDownload(path: string): { download?: string } {
    if (this.opts.dialogs || !basename(dirname(path)).startsWith('arthas-deck-download-')) return {};
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

  private async exportRecording(a: DeckArgs<'recordings.export'>): Promise<DeckResult<'recordings.export'>> {
    const rec = this.reader.get(this.recording(a.recordingId));
    const base = `${(rec?.name ?? rec?.targetName ?? 'recording').replace(/[^\w.-]+/g, '_').slice(0, 60)}-${a.recordingId}.${FILE_EXTENSION}`;
    const path = a.path ?? (await this.pickSave(base, 'recording'));
    if (!path) return null;
    const s = await exportRecording(this.opts.db, a.recordingId, path, { jobs: a.jobs, from: a.from, to: a.to, mask: a.mask, generator: `Arthas Deck ${this.opts.version}` });
    return { path, name: basename(path), results: s.results, masked: s.masked, bytes: s.bytes, ...this.offerDownload(path) };
  }

  private watchCalls(recordingId: number, jobId: number): WatchCall[] {
    this.recording(recordingId);
    const job = this.reader.jobs(recordingId).find((j) => j.jobId === jobId);
    if (!job) throw new DeckError(`Recording #${recordingId} has no job ${jobId}.`, 'not-found');
    const labels = expressionLabels(job.command);
    const calls: WatchCall[] = [];
    let after = 0;
    for (;;) {
      const page = this.reader.page(recordingId, { after, jobId, types: ['watch'], limit: 5000 });
      for (const r of page.results) if (r.origin !== 'history') calls.push(watchCall(r, labels));
      if (!page.hasAfter || !page.results.length) break;
      after = page.results[page.results.length - 1]!.pos;
    }
    return calls;
  }

  private runLabel(ref: { recordingId: number; jobId: number }): string {
    const rec = this.reader.get(ref.recordingId);
    const job = this.reader.jobs(ref.recordingId).find((j) => j.jobId === ref.jobId);
    return `${rec?.name ?? rec?.targetName ?? 'recording'} #${ref.recordingId}, job ${ref.jobId}: ${job?.command ?? ''}`;
  }
}
