import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref } from 'vue';
import type { DeckEvent, LiveResult, TabInfo } from '../../../shared/contract';
import { HOST_KEY_UNKNOWN } from '../../../shared/contract';
import { useDialogs } from './dialogs';
import { useTasks } from './tasks';
import type { SessionEvent } from '../../../shared/session-events';
import { deck } from '../api';
import { t as msg } from '../i18n';
import { toRow, type ResultRow } from '../lib/result-row';
import { useNotices } from './notices';

/** Rows kept in memory per tab; older ones stay in the recording (open it in Replay). */
export const MAX_ROWS_IN_VIEW = 200_000;

export interface TabState extends TabInfo {
  events: SessionEvent[];
  /** not reactive item by item (100k rows): views watch rowsVersion */
  rows: ResultRow[];
  rowsVersion: number;
  /** the rows held per job, kept as rows come and go (a list's job chips read it, not 200,000 rows per update) */
  rowsByJob: Record<number, number>;
  droppedFromView: number;
  unseen: number;
  /** the highest stored position shown: results at or below it are already in rows (no duplicates after a reload) */
  lastPos: number;
  /** gaps (results known lost) and possible losses (full answers in a row) seen in this tab */
  losses: { gaps: number; missing: number; possible: number; last: string | null };
}

export const useTabs = defineStore('tabs', () => {
  const tabs = ref<TabState[]>([]);
  const activeId = ref<string | null>(null);
  /** start a new Arthas session by itself when the server loses one (remembered setting) */
  const autoNewSession = ref(false);
  const active = computed(() => tabs.value.find((t) => t.tabId === activeId.value) ?? null);
  const notices = useNotices();
  const buffered = new Map<string, LiveResult[]>();
  let frame = 0;

  function byId(tabId: string): TabState | undefined {
    return tabs.value.find((t) => t.tabId === tabId);
  }

  function adopt(info: TabInfo): TabState {
    const existing = byId(info.tabId);
    if (existing) return existing;
    const t = reactive({ ...info, events: [], rows: markRaw([] as ResultRow[]), rowsVersion: 0, rowsByJob: markRaw({} as Record<number, number>), droppedFromView: 0, unseen: 0, lastPos: 0, losses: { gaps: 0, missing: 0, possible: 0, last: null } }) as TabState;
    tabs.value.push(t);
    return t;
  }

  /** Results are applied at most once per animation frame for all tabs. */
  function flush(): void {
    frame = 0;
    for (const [tabId, results] of buffered) {
      const t = byId(tabId);
      if (!t) continue;
      for (const r of results) {
        if (r.pos !== null && r.pos <= t.lastPos) continue;
        if (r.pos !== null) t.lastPos = r.pos;
        t.rows.push(toRow(r));
        if (r.jobId !== null) t.rowsByJob[r.jobId] = (t.rowsByJob[r.jobId] ?? 0) + 1;
      }
      if (t.rows.length > MAX_ROWS_IN_VIEW) {
        const extra = t.rows.length - MAX_ROWS_IN_VIEW;
        for (const gone of t.rows.splice(0, extra)) if (gone.jobId !== null) t.rowsByJob[gone.jobId]!--;
        t.droppedFromView += extra;
      }
      if (tabId !== activeId.value) t.unseen += results.length;
      t.rowsVersion++;
    }
    buffered.clear();
  }

  function handle(e: DeckEvent): void {
    switch (e.type) {
      case 'tabs.opened':
        // a tab main opened by itself (a fleet's member): shown like any other
        adopt(e.tab);
        return;
      case 'tab.results': {
        const list = buffered.get(e.tabId);
        if (list) list.push(...e.results);
        else buffered.set(e.tabId, [...e.results]);
        if (!frame) frame = requestAnimationFrame(flush);
        return;
      }
      case 'tab.snapshot': {
        const t = byId(e.tabId);
        if (t) t.snapshot = e.snapshot;
        return;
      }
      case 'tab.job': {
        const t = byId(e.tabId);
        if (!t) return;
        const i = t.jobs.findIndex((j) => j.jobId === e.job.jobId);
        if (i >= 0) t.jobs[i] = e.job;
        else t.jobs.push(e.job);
        return;
      }
      case 'tab.event': {
        const t = byId(e.tabId);
        if (!t) return;
        t.events.push(e.event);
        if (e.event.kind === 'error' && e.event.data?.recording === 'stopped') t.recordingError = e.event.message;
        if (e.event.kind === 'gap') {
          t.losses.gaps++;
          t.losses.missing += typeof e.event.data?.missing === 'number' ? e.event.data.missing : 0;
          t.losses.last = e.event.message;
        }
        if (e.event.kind === 'possible-loss') {
          // a burst may say this every second: counted in the tab, one notice per run of them
          if (!t.losses.possible) notices.push('warn', `${t.targetName}: ${e.event.message}`);
          t.losses.possible++;
          t.losses.last = e.event.message;
        }
        if (e.event.kind === 'gap' || e.event.kind === 'error' || e.event.kind === 'unreachable') notices.push(e.event.kind === 'error' ? 'error' : 'warn', `${t.targetName}: ${e.event.message}`);
        return;
      }
      case 'tab.closed':
        tabs.value = tabs.value.filter((t) => t.tabId !== e.tabId);
        if (activeId.value === e.tabId) activeId.value = tabs.value[0]?.tabId ?? null;
        return;
    }
  }

  async function init(): Promise<void> {
    deck.on(handle);
    autoNewSession.value = (await deck.call('settings.get', { key: 'autoNewSession' })) === true;
    const open = await deck.call('tabs.list', {});
    for (const info of open) {
      const t = adopt(info);
      // a reloaded window: show the last results from the recording
      await reloadRows(t);
    }
    if (!open.length) {
      const saved = ((await deck.call('settings.get', { key: 'openTabs' })) ?? []) as Array<{ targetId: number }>;
      for (const s of saved) await openTab(s.targetId);
    }
    activeId.value ??= tabs.value[0]?.tabId ?? null;
  }

  /** the tab's last results from its recording, replacing what it showed */
  async function reloadRows(t: TabState): Promise<void> {
    const { results } = await deck.call('recordings.page', { id: t.recordingId, before: Number.MAX_SAFE_INTEGER, limit: 2000 });
    t.rows.splice(0, t.rows.length, ...results.map(toRow));
    t.rowsByJob = markRaw({});
    for (const r of t.rows) if (r.jobId !== null) t.rowsByJob[r.jobId] = (t.rowsByJob[r.jobId] ?? 0) + 1;
    t.lastPos = results.reduce((m, r) => Math.max(m, r.pos ?? 0), t.lastPos);
    t.droppedFromView = Math.max(0, (t.lastPos || 0) - results.length);
    t.rowsVersion++;
  }

  /** After the connection to the host came back: main's tabs as they are now, rows from the recordings. */
  async function resync(): Promise<void> {
    const open = await deck.call('tabs.list', {});
    const ids = new Set(open.map((i) => i.tabId));
    tabs.value = tabs.value.filter((t) => ids.has(t.tabId));
    for (const info of open) {
      const t = adopt(info);
      t.snapshot = info.snapshot;
      t.jobs = info.jobs;
      t.recordingError = info.recordingError;
      await reloadRows(t);
    }
    if (!tabs.value.some((t) => t.tabId === activeId.value)) activeId.value = tabs.value[0]?.tabId ?? null;
  }

  async function persistOpenTabs(): Promise<void> {
    await deck.call('settings.set', { key: 'openTabs', value: tabs.value.filter((t) => !t.observer).map((t) => ({ targetId: t.targetId })) });
  }

  async function openTab(targetId: number, opts: { joinSessionId?: string; autoNewSession?: boolean; acceptHostKey?: string } = {}): Promise<TabState | undefined> {
    let info: TabInfo | undefined;
    try {
      info = await deck.call('tabs.open', { targetId, autoNewSession: autoNewSession.value, ...opts, taskId: useTasks().newId('connect') });
    } catch (e) {
      const fp = await useDialogs().acceptHostKey(e, msg('dialogs.acceptKeyConnect'));
      if (fp) return openTab(targetId, { ...opts, acceptHostKey: fp });
      if ((e as { kind?: string }).kind !== HOST_KEY_UNKNOWN) notices.push('error', `${msg('tabs.openFailed')}: ${(e as Error).message}`);
      return undefined;
    }
    const t = adopt(info);
    activeId.value = t.tabId;
    await persistOpenTabs();
    return t;
  }

  async function closeTab(tabId: string): Promise<void> {
    await notices.guard(msg('tabs.closeFailed'), () => deck.call('tabs.close', { tabId }));
    tabs.value = tabs.value.filter((t) => t.tabId !== tabId);
    if (activeId.value === tabId) activeId.value = tabs.value[0]?.tabId ?? null;
    await persistOpenTabs();
  }

  async function setAutoNewSession(on: boolean): Promise<void> {
    autoNewSession.value = on;
    await deck.call('settings.set', { key: 'autoNewSession', value: on });
  }

  /** replaces a lost session's tab by a new session on the same target */
  async function restart(tabId: string): Promise<void> {
    const t = byId(tabId);
    if (!t) return;
    await closeTab(tabId);
    await openTab(t.targetId);
  }

  /** runs a command again (after Arthas's transient "someone else is enhancing classes") */
  async function rerun(tabId: string, command: string): Promise<void> {
    await notices.guard(msg('command.couldNotRun', { command: command.slice(0, 60) }), () => deck.call('tabs.run', { tabId, command }));
  }

  function activate(tabId: string): void {
    activeId.value = tabId;
    const t = byId(tabId);
    if (t) t.unseen = 0;
  }

  return { tabs, activeId, active, autoNewSession, init, resync, openTab, closeTab, restart, rerun, setAutoNewSession, activate, flush };
});
