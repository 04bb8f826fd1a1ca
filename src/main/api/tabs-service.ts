// Tabs: one recorded Arthas session each (an engine, its recorder, the route it goes through), and
// the live results on their way to the views, coalesced so a fast watch cannot flood the renderer.
import { randomUUID } from 'node:crypto';
import type { DeckArgs, LiveResult, TabInfo } from '../../shared/contract';
import { LIVE_RESULT_LIMIT, SSH_STEPS } from '../../shared/contract';
import type { StoredResult } from '../../shared/recording/types';
import { completionTarget } from '../../shared/arthas/completion-target';
import { ArthasClient } from '../arthas/client';
import type { TransportConfig } from '../arthas/http-transport';
import { NameCompleter, type Completion } from '../completion/name-completer';
import { SessionEngine } from '../arthas/session';
import type { RecordedOutput } from '../recorder/session-recorder';
import { startRecording, type SessionRecorder } from '../recorder/session-recorder';
import { ProfileTaker } from '../profile/profile-taker';
import { deckUserName } from './deck-user';
import type { OpenedRoute } from '../routes/target-route';
import type { ServiceContext } from './service-context';
import type { TargetsService } from './targets-service';
import type { TaskRegistry } from './task-registry';
import { DeckError } from './validate';

interface Tab {
  info: Omit<TabInfo, 'snapshot' | 'jobs' | 'recordingError'>;
  engine: SessionEngine;
  /** the SSH tunnel or forwarding command the tab's client goes through */
  route: OpenedRoute;
  recorder: SessionRecorder;
  pending: LiveResult[];
  flushTimer?: NodeJS.Timeout;
  /** class and method names for Tab, kept per Arthas session */
  completer: NameCompleter;
  /** takes the profile when profiling ends */
  profiles: ProfileTaker;
}

/** A result on its way to a view: very large ones as a preview (the full text stays stored). */
export function toLive(r: { pos: number | null; type: string; jobId: number | null; origin: StoredResult['origin']; receivedAt: number; raw: string }): LiveResult {
  if (r.raw.length <= LIVE_RESULT_LIMIT) return { ...r };
  return { ...r, raw: null, truncated: { bytes: r.raw.length, preview: r.raw.slice(0, 4096) } };
}

export class TabsService {
  private readonly tabs = new Map<string, Tab>();
  private readonly closeHooks: Array<(tabId: string) => void> = [];

  constructor(
    private readonly ctx: ServiceContext,
    private readonly targets: TargetsService,
    private readonly tasks: TaskRegistry,
  ) {}

  private tab(tabId: string): Tab {
    const t = this.tabs.get(tabId);
    if (!t) throw new DeckError(`No tab ${tabId.slice(0, 64)}.`, 'not-found');
    return t;
  }

  private tabInfo(t: Tab): TabInfo {
    return { ...t.info, snapshot: t.engine.snapshot, jobs: t.engine.jobs, recordingError: t.recorder.error };
  }

  list(): TabInfo[] {
    return [...this.tabs.values()].map((t) => this.tabInfo(t));
  }

  /** True while a tab records into this recording. */
  recording(recordingId: number): boolean {
    return [...this.tabs.values()].some((t) => t.info.recordingId === recordingId);
  }

  /**
   * Opens a tab (a recorded session). A fleet's member tab names its member, or (the member being the
   * target itself) the fleet: a broadcast to a JVM already open in a tab gets a tab that tells apart.
   */
  async open(a: DeckArgs<'tabs.open'>, fleet?: { id: number; member: string; label: string }): Promise<TabInfo> {
    const target = this.targets.row(a.targetId);
    const tabId = `tab-${randomUUID()}`;
    const routeSpec = this.targets.info(target).route;
    // an SSH route's steps (connecting, host key, forwarding) are shown as a task that can be cancelled
    const route = await this.tasks.steps(routeSpec?.kind === 'ssh' ? a.taskId : undefined, 'connect', `${target.name} (${routeSpec?.kind === 'ssh' ? routeSpec.destination : ''})`, SSH_STEPS, async (onStep, signal) => {
      const opened = await this.targets.openRoute(routeSpec, target.url, {
        acceptHostKey: a.acceptHostKey,
        sshPassword: this.targets.secret(target, 'ssh'),
        onStep,
        // the tunnel or command dropped: the engine records the outage; the user hears why
        onEvent: (e) => e.kind === 'down' && this.ctx.emit({ type: 'tab.event', tabId, event: { kind: 'error', at: Date.now(), message: `${target.name}: ${e.message}` } }),
      });
      // cancelled while it opened: nothing stays open
      if (signal.aborted) opened.close();
      return opened;
    });
    const runBy = deckUserName(this.ctx.db);
    const client = new ArthasClient({ url: route.url, username: target.username ?? undefined, password: this.targets.secret(target, 'arthas'), userId: runBy });
    const engine = new SessionEngine(client, { ...this.ctx.opts.engine, joinSessionId: a.joinSessionId, autoNewSession: a.autoNewSession });
    // what the engine says while it starts is recorded, but reaches no view: the renderer learns of
    // the tab from this call's answer
    const opened: { tab?: Tab } = {};
    let recorder: SessionRecorder;
    try {
      recorder = await startRecording(
        this.ctx.writer,
        engine,
        { targetId: target.id, targetName: target.name, targetUrl: target.url, name: a.joinSessionId ? `observing ${a.joinSessionId}` : null, fleetId: fleet?.id ?? null, fleetMember: fleet?.member ?? null, runBy },
        (out) => opened.tab && this.forward(opened.tab, out),
      );
    } catch (e) {
      route.close();
      throw e;
    }
    const tab: Tab = (opened.tab = {
      info: { tabId, targetId: target.id, targetName: fleet ? `${target.name} · ${fleet.member !== target.name ? fleet.member : fleet.label}` : target.name, recordingId: recorder.recordingId, observer: !!a.joinSessionId, fleetId: fleet?.id ?? null },
      engine,
      route,
      recorder,
      pending: [],
      completer: new NameCompleter(),
      profiles: new ProfileTaker({ execOnce: (c, t) => engine.execOnce(c, t), note: (m, d) => engine.recordError(m, d) }),
    });
    this.tabs.set(tabId, tab);
    this.ctx.emit({ type: 'recordings.changed' });
    return this.tabInfo(tab);
  }

  async run(a: DeckArgs<'tabs.run'>): Promise<{ jobId: number }> {
    const tab = this.tab(a.tabId);
    this.targets.remember(tab.info.targetId, a.command);
    // a `profiler stop` is preceded by the profile's dump, recorded as a call of its own
    await tab.profiles.before(a.command);
    const r = await tab.engine.run(a.command);
    tab.profiles.after(a.command);
    return r;
  }

  async exec(a: DeckArgs<'tabs.exec'>): Promise<{ jobId: number; state: string }> {
    const tab = this.tab(a.tabId);
    this.targets.remember(tab.info.targetId, a.command);
    await tab.profiles.before(a.command);
    const answer = await tab.engine.execOnce(a.command, a.execTimeout);
    tab.profiles.after(a.command);
    return { jobId: answer.body.jobId, state: answer.state };
  }

  /** Names for the command bar's Tab (the class or method being typed); none when the input is not at one. */
  async complete(a: DeckArgs<'tabs.complete'>): Promise<Completion[]> {
    const tab = this.tab(a.tabId);
    const target = completionTarget(a.input);
    if (!target) return [];
    return tab.completer.complete(tab.engine.client, tab.engine.snapshot.arthasSessionId ?? null, target);
  }

  interrupt(a: DeckArgs<'tabs.interrupt'>): Promise<void> {
    return this.tab(a.tabId).engine.interrupt({ ownerConfirmed: a.ownerConfirmed });
  }

  /** The tab's facts (its target, recording, fleet): for the fleet that gains a job on it. */
  info(tabId: string): TabInfo {
    return this.tabInfo(this.tab(tabId));
  }

  /** Marks a tab as a member of a fleet (the first job of a JVM that gains a second one). */
  joinFleet(tabId: string, fleetId: number): void {
    this.tab(tabId).info.fleetId = fleetId;
  }

  /** Where the tab recording into this recording reaches its Arthas (after its route), and how it signs in; none when no tab does. */
  transportOf(recordingId: number): TransportConfig | undefined {
    return [...this.tabs.values()].find((t) => t.info.recordingId === recordingId)?.engine.client.transportConfig;
  }

  has(tabId: string): boolean {
    return this.tabs.has(tabId);
  }

  bookmark(a: DeckArgs<'tabs.bookmark'>): void {
    this.tab(a.tabId).engine.bookmark(a.note || 'Bookmark');
  }

  note(a: DeckArgs<'tabs.note'>): void {
    this.tab(a.tabId).engine.assistantNote(a.message, a.data);
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
        tab.flushTimer ??= setTimeout(() => this.flushLive(tab), this.ctx.opts.liveFlushMs ?? 16);
        return;
      }
      case 'snapshot':
        this.ctx.emit({ type: 'tab.snapshot', tabId, snapshot: out.snapshot });
        return;
      case 'job':
        this.flushLive(tab);
        this.ctx.emit({ type: 'tab.job', tabId, job: out.job });
        return;
      case 'event':
        this.ctx.emit({ type: 'tab.event', tabId, event: out.event });
        return;
    }
  }

  private flushLive(tab: Tab): void {
    clearTimeout(tab.flushTimer);
    tab.flushTimer = undefined;
    if (!tab.pending.length) return;
    const results = tab.pending;
    tab.pending = [];
    this.ctx.emit({ type: 'tab.results', tabId: tab.info.tabId, recordingId: tab.info.recordingId, results });
  }

  /** Runs before a tab closes (what goes through its route, such as its terminal, closes first). */
  onClose(hook: (tabId: string) => void): void {
    this.closeHooks.push(hook);
  }

  async close(tabId: string): Promise<void> {
    const tab = this.tab(tabId);
    for (const hook of this.closeHooks) hook(tabId);
    this.tabs.delete(tabId);
    tab.profiles.cancel();
    await tab.engine.stop();
    tab.route.close();
    await new Promise((r) => setImmediate(r));
    this.flushLive(tab);
    tab.recorder.close();
    this.ctx.emit({ type: 'tab.closed', tabId });
    this.ctx.emit({ type: 'recordings.changed' });
  }

  /** Stops every session (closing their Arthas sessions): app quit. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.tabs.keys()].map((id) => this.close(id).catch(() => undefined)));
  }
}
