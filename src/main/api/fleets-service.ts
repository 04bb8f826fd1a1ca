// Fleets: groups of targets, one command broadcast to every member (each in its own recorded
// session, a member that fails holding nobody back), several jobs on one JVM (a session each), the
// members' results merged and compared. Tabs do the recording; this ties them together.
import { exportFileName } from '../../shared/recording/file-name';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { DeckArgs, DeckResult, TargetInfo } from '../../shared/contract';
import { compareFleet } from '../../shared/diff/fleet-compare';
import { parseCollapsed, type CollapsedProfile } from '../../shared/profile/collapsed-stacks';
import { compareProfiles } from '../../shared/profile/profile-compare';
import { renderFleetReport } from '../../shared/diff/fleet-report';
import type { FleetInfo, FleetMember } from '../../shared/fleet/fleet-types';
import { FleetStore } from '../fleet/fleet-store';
import { refusedAsBusy, runAgainWhileBusy } from '../arthas/busy-retry';
import { exportFleet } from '../recorder/arthasrec-export';
import { FILE_EXTENSION } from '../../shared/recording/format';
import { TargetGroups } from '../fleet/target-groups';
import type { RecordingsService } from './recordings-service';
import type { ServiceContext } from './service-context';
import type { TabsService } from './tabs-service';
import type { TargetsService } from './targets-service';
import type { TaskRegistry } from './task-registry';
import { DeckError } from './validate';

/** A fleet under way: its members as they stand (a member's tab records it). */
interface LiveFleet {
  id: number;
  /** what its member tabs are told apart by: the group's name, or broadcast #id */
  label: string;
  members: FleetMember[];
}

export class FleetsService {
  readonly groups: TargetGroups;
  readonly store: FleetStore;
  private readonly live = new Map<number, LiveFleet>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly tabs: TabsService,
    private readonly targets: TargetsService,
    private readonly recordings: RecordingsService,
    private readonly tasks: TaskRegistry,
  ) {
    this.groups = new TargetGroups(ctx.db);
    this.store = new FleetStore(ctx.db);
  }

  saveGroup(a: DeckArgs<'groups.save'>): DeckResult<'groups.save'> {
    try {
      return this.groups.save(a);
    } catch (e) {
      throw new DeckError((e as Error).message, 'invalid');
    }
  }

  /** Runs the command on every member at once; answers when each has started or failed. */
  async run(a: DeckArgs<'fleets.run'>): Promise<FleetInfo> {
    const group = a.groupId !== undefined ? this.groups.get(a.groupId) : null;
    if (a.groupId !== undefined && !group) throw new DeckError(`No group #${a.groupId}.`, 'not-found');
    const targetIds = group ? group.members.map((m) => m.targetId) : (a.targetIds ?? []);
    if (!targetIds.length) throw new DeckError(group ? `The group "${group.name}" has no members.` : 'Name a group or targets to run the command on.', 'invalid');
    const targets = targetIds.map((id) => this.targets.info(this.targets.row(id)));
    const id = this.store.create({ name: a.name?.trim() || `${group?.name ?? `${targets.length} targets`}: ${a.command.slice(0, 80)}`, groupId: group?.id ?? null, command: a.command });
    const fleet: LiveFleet = { id, label: group?.name ?? `broadcast #${id}`, members: targets.map((t) => ({ member: t.name, targetId: t.id, recordingId: null, tabId: null, jobId: null, state: 'connecting', error: null, results: 0, gaps: 0, possibleLosses: 0 })) };
    this.live.set(id, fleet);
    this.changed(id);
    await Promise.allSettled(targets.map((t, i) => this.startMember(fleet, fleet.members[i]!, t, a.command)));
    this.changed(id);
    return this.get(id);
  }

  private async startMember(fleet: LiveFleet, m: FleetMember, target: TargetInfo, command: string): Promise<void> {
    try {
      const tab = await this.tabs.open({ targetId: target.id }, { id: fleet.id, member: m.member, label: fleet.label });
      m.tabId = tab.tabId;
      m.recordingId = tab.recordingId;
      this.ctx.emit({ type: 'tabs.opened', tab: this.tabs.info(tab.tabId) });
      m.jobId = await this.runMember(tab.tabId, command);
      m.state = 'running';
    } catch (e) {
      // down, credentials refused, the command refused: shown on the member, the others go on
      m.state = 'failed';
      m.error = (e as Error).message;
      if (m.recordingId === null) {
        // a member that never got a session still belongs to the fleet's record: an empty, lost
        // recording that says why (an ended fleet is read from its recordings)
        const id = this.ctx.writer.createRecording({ targetId: target.id, targetName: target.name, targetUrl: target.url, fleetId: fleet.id, fleetMember: m.member });
        this.ctx.writer.markError(id, m.error);
        this.ctx.writer.endRecording(id, 'lost');
        m.recordingId = id;
      }
    }
  }

  /**
   * Runs the command in a member's tab. Arthas refuses an enhancing command for a moment while it
   * still enhances classes for another session ("someone else is enhancing classes"): nobody is there
   * to press Run again for each member, so it is run again here (busy-retry.ts).
   */
  private async runMember(tabId: string, command: string): Promise<number> {
    const ran = await runAgainWhileBusy(
      async () => {
        const { jobId } = await this.tabs.run({ tabId, command });
        const deadline = Date.now() + 3000;
        let job = this.tabs.info(tabId).jobs.find((j) => j.jobId === jobId);
        // until it runs (enhanced) or has failed, for 3 s at most
        while (Date.now() < deadline && (!job || job.state === 'scheduled' || (job.state === 'running' && !job.statusMessage))) {
          if (job?.state === 'running') break;
          await new Promise((r) => setTimeout(r, 50));
          job = this.tabs.info(tabId).jobs.find((j) => j.jobId === jobId);
        }
        return { jobId, job };
      },
      (r) => refusedAsBusy(r.job),
    );
    return ran.jobId;
  }

  /** Another job on the JVM of a tab: a session of its own, in the tab's fleet (made for it if needed). */
  async addJob(a: DeckArgs<'fleets.addJob'>): Promise<FleetInfo> {
    const first = this.tabs.info(a.tabId);
    let fleet = first.fleetId ? this.live.get(first.fleetId) : undefined;
    if (!fleet) {
      const firstCommand = first.jobs.find((j) => j.jobId > 0)?.command ?? '';
      const id = this.store.create({ name: `${first.targetName}: jobs`, groupId: null, command: firstCommand || a.command });
      this.store.attach(first.recordingId, id, 'job 1');
      this.tabs.joinFleet(a.tabId, id);
      fleet = { id, label: 'jobs', members: [{ member: 'job 1', targetId: first.targetId, recordingId: first.recordingId, tabId: a.tabId, jobId: first.jobs.find((j) => j.jobId > 0)?.jobId ?? null, state: 'running', error: null, results: 0, gaps: 0, possibleLosses: 0 }] };
      this.live.set(id, fleet);
    }
    const m: FleetMember = { member: `job ${fleet.members.length + 1}`, targetId: first.targetId, recordingId: null, tabId: null, jobId: null, state: 'connecting', error: null, results: 0, gaps: 0, possibleLosses: 0 };
    fleet.members.push(m);
    await this.startMember(fleet, m, this.targets.info(this.targets.row(first.targetId)), a.command);
    this.changed(fleet.id);
    return this.get(fleet.id);
  }

  get(id: number): FleetInfo {
    const stored = this.store.get(id);
    if (!stored) throw new DeckError(`No fleet #${id}.`, 'not-found');
    const fleet = this.live.get(id);
    if (!fleet) return stored;
    const tabs = new Map(this.tabs.list().map((t) => [t.tabId, t]));
    const members = fleet.members.map((m) => {
      const s = stored.members.find((x) => x.recordingId !== null && x.recordingId === m.recordingId);
      const tab = m.tabId ? tabs.get(m.tabId) : undefined;
      let state = m.state;
      if (m.state !== 'failed' && m.state !== 'connecting') {
        if (!tab) state = 'closed';
        else {
          const job = tab.jobs.find((j) => j.jobId === m.jobId);
          if (tab.snapshot.state === 'lost' || tab.snapshot.state === 'unreachable') state = 'failed';
          else state = !job || job.state === 'running' || job.state === 'scheduled' ? 'running' : 'done';
        }
      }
      const error = m.error ?? (tab && (tab.snapshot.state === 'lost' || tab.snapshot.state === 'unreachable') ? `session ${tab.snapshot.state}` : null);
      return { ...m, state, error, results: s?.results ?? 0, gaps: s?.gaps ?? 0, possibleLosses: s?.possibleLosses ?? 0 };
    });
    return { ...stored, members, live: members.some((m) => m.tabId !== null && tabs.has(m.tabId)) };
  }

  list(limit?: number): FleetInfo[] {
    return this.store.list(limit).map((f) => (this.live.has(f.id) ? this.get(f.id) : f));
  }

  async interrupt(id: number): Promise<void> {
    const f = this.liveFleet(id);
    await Promise.allSettled(f.members.filter((m) => m.tabId && this.tabs.has(m.tabId)).map((m) => this.tabs.interrupt({ tabId: m.tabId! })));
    this.changed(id);
  }

  async close(id: number): Promise<void> {
    const f = this.live.get(id);
    if (f) await Promise.allSettled(f.members.filter((m) => m.tabId && this.tabs.has(m.tabId)).map((m) => this.tabs.close(m.tabId!)));
    this.store.end(id);
    this.live.delete(id);
    this.changed(id);
  }

  page(a: DeckArgs<'fleets.page'>): DeckResult<'fleets.page'> {
    if (!this.store.exists(a.id)) throw new DeckError(`No fleet #${a.id}.`, 'not-found');
    return this.store.page(a.id, a);
  }

  /** The members' watch runs compared, N ways (each member's first watch job that ran). */
  async compare(a: DeckArgs<'fleets.compare'>): Promise<DeckResult<'fleets.compare'>> {
    const runs = this.watchRuns(a.id);
    return this.tasks.run(a.taskId, 'compare', async (work) => {
      const calls = await this.recordings.watchCallsOf(
        runs.map((r) => r.ref),
        work,
      );
      return compareFleet(runs.map((r, i) => ({ label: r.label, calls: calls[i]! })));
    });
  }

  /**
   * The members' newest profiles compared N ways (a fleet that ran `profiler start … -d N`, or
   * whose members were profiled and stopped): which member is hot where. Members with no profile
   * are named as such.
   */
  compareProfiles(a: DeckArgs<'fleets.compareProfiles'>): DeckResult<'fleets.compareProfiles'> {
    const fleet = this.get(a.id);
    const found: Array<{ label: string; profile: CollapsedProfile; ref: { recordingId: number; jobId: number } }> = [];
    const missing: string[] = [];
    for (const m of fleet.members) {
      const dump = m.recordingId === null ? undefined : this.ctx.reader.jobs(m.recordingId).filter((j) => j.command.trim() === 'profiler dumpCollapsed' && j.state === 'succeeded').at(-1);
      const raw = dump ? this.ctx.reader.page(m.recordingId!, { after: 0, jobId: dump.jobId, types: ['profiler'], limit: 1 }).results[0]?.raw : undefined;
      const text = raw ? (JSON.parse(raw) as { executeResult?: unknown }).executeResult : undefined;
      if (typeof text !== 'string') {
        missing.push(m.member);
        continue;
      }
      found.push({ label: m.member, profile: parseCollapsed(text), ref: { recordingId: m.recordingId!, jobId: dump!.jobId } });
    }
    if (found.length < 2) throw new DeckError(`Comparing profiles needs a profile from at least two members (${found.length ? `only ${found[0]!.label} has one` : 'none has one'}): broadcast \`profiler start --event itimer -d 10\` to the fleet; each member's profile is recorded when it ends.`, 'invalid');
    return { ...compareProfiles(found, a.limit ?? 30), refs: found.map((f) => f.ref), missing };
  }

  /** The fleet as one .arthasrec file, with progress and cancel like a recording's export. */
  async export(a: DeckArgs<'fleets.export'>): Promise<DeckResult<'fleets.export'>> {
    const fleet = this.get(a.id);
    const path = a.path ?? (await this.recordings.pickSave(exportFileName({ id: a.id, name: fleet.name }, FILE_EXTENSION, 'fleet'), 'recording'));
    if (!path) return null;
    const s = await this.tasks.run(a.taskId, 'export', (work) => exportFleet(this.ctx.db, a.id, path, { mask: a.mask, generator: `Arthas Deck ${this.ctx.opts.version}` }, work));
    return { path, name: basename(path), results: s.results, masked: s.masked, bytes: s.bytes, ...this.recordings.offerDownload(path) };
  }

  async exportHtml(a: DeckArgs<'fleets.exportHtml'>): Promise<DeckResult<'fleets.exportHtml'>> {
    const fleet = this.get(a.id);
    const runs = this.watchRuns(a.id);
    const calls = await this.recordings.watchCallsOf(runs.map((r) => r.ref));
    const cmp = compareFleet(runs.map((r, i) => ({ label: r.label, calls: calls[i]! })), 100_000);
    const file = a.path ?? (await this.recordings.pickSave(`fleet-${a.id}-comparison.html`, 'report'));
    if (!file) return null;
    writeFileSync(file, renderFleetReport(cmp, { title: fleet.name, command: fleet.command, generatedAt: Date.now() }));
    return { path: file, name: basename(file), ...this.recordings.offerDownload(file) };
  }

  private watchRuns(id: number): Array<{ label: string; ref: { recordingId: number; jobId: number } }> {
    const fleet = this.get(id);
    const runs = fleet.members.flatMap((m) => {
      if (m.recordingId === null) return [];
      // the member's first watch that ran: a run Arthas refused as busy was run again (runAgainWhileBusy), and it is the run again that recorded
      const watches = this.ctx.reader.jobs(m.recordingId).filter((j) => /^\s*watch\b/.test(j.command));
      const job = watches.find((j) => !refusedAsBusy(j)) ?? watches[0];
      return job ? [{ label: m.member, ref: { recordingId: m.recordingId, jobId: job.jobId } }] : [];
    });
    if (runs.length < 2) throw new DeckError('Comparing needs watch runs from at least two members.', 'invalid');
    return runs;
  }

  private liveFleet(id: number): LiveFleet {
    const f = this.live.get(id);
    if (!f) throw new DeckError(this.store.exists(id) ? `Fleet #${id} has ended.` : `No fleet #${id}.`, this.store.exists(id) ? 'invalid' : 'not-found');
    return f;
  }

  private changed(id: number): void {
    try {
      this.ctx.emit({ type: 'fleet.changed', fleet: this.get(id) });
    } catch {
      /* a fleet deleted meanwhile */
    }
  }

  /** Every live fleet's sessions closed: app quit. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.live.keys()].map((id) => this.close(id)));
  }
}
