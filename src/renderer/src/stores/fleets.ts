import { defineStore } from 'pinia';
import { computed, markRaw, ref } from 'vue';
import type { DeckResult } from '../../../shared/contract';
import type { FleetComparison } from '../../../shared/diff/fleet-compare';
import type { FleetInfo, FleetResult, GroupInfo } from '../../../shared/fleet/fleet-types';
import { deck } from '../api';
import { t } from '../i18n';
import { startDownload } from '../lib/download';
import { toRow, type ResultRow } from '../lib/result-row';
import { useNotices } from './notices';
import { useTasks } from './tasks';

/** A merged result: the row a list shows, with its member and its time on the fleet's timeline. */
export type FleetRow = ResultRow & { member: string; recordingId: number; at: number };

/** Rows kept in the merged view (older ones stay in the recordings). */
const MAX_ROWS = 50_000;

function fleetRow(r: FleetResult): FleetRow {
  const row = toRow({ pos: r.pos, type: r.type, jobId: r.jobId, origin: 'live', receivedAt: r.at, raw: r.raw, ...(r.raw === null ? { truncated: { bytes: r.bytes ?? 0, preview: '' } } : {}) });
  return Object.assign(row, { member: r.member, recordingId: r.recordingId, at: r.at });
}

/** Groups, the fleets, and the one shown: its members' results merged on one timeline, its comparison. */
export const useFleets = defineStore('fleets', () => {
  const groups = ref<GroupInfo[]>([]);
  const list = ref<FleetInfo[]>([]);
  const current = ref<FleetInfo | null>(null);
  const rows = ref<FleetRow[]>(markRaw([]));
  const rowsVersion = ref(0);
  const hidden = ref<Set<string>>(new Set());
  const comparison = ref<FleetComparison | null>(null);
  const comparing = ref(false);
  const notices = useNotices();
  /** per member recording: the last position merged */
  let since = new Map<number, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let polling = false;

  const shown = computed(() => {
    void rowsVersion.value;
    return hidden.value.size ? rows.value.filter((r) => !hidden.value.has(r.member)) : rows.value;
  });

  async function load(): Promise<void> {
    [groups.value, list.value] = await Promise.all([deck.call('groups.list', {}), deck.call('fleets.list', { limit: 100 })]);
  }

  async function saveGroup(g: { id?: number; name: string; targetIds: number[] }): Promise<boolean> {
    const r = await notices.guard(t('fleet.saveGroupFailed'), () => deck.call('groups.save', g));
    await load();
    return !!r;
  }
  async function removeGroup(id: number): Promise<void> {
    await notices.guard(t('fleet.removeGroupFailed'), () => deck.call('groups.remove', { id }));
    await load();
  }

  /** Merges newer results into the rows, keeping the timeline's order. */
  function merge(results: FleetResult[]): void {
    if (!results.length) return;
    const fresh = results.filter((r) => r.pos > (since.get(r.recordingId) ?? 0)).map(fleetRow);
    for (const r of results) since.set(r.recordingId, Math.max(since.get(r.recordingId) ?? 0, r.pos));
    if (!fresh.length) return;
    fresh.sort((a, b) => a.at - b.at);
    const list = rows.value;
    // in place: only the tail that the fresh results interleave with is merged again
    let cut = list.length;
    while (cut > 0 && list[cut - 1]!.at > fresh[0]!.at) cut--;
    if (cut === list.length) list.push(...fresh);
    else {
      const tail = list.splice(cut);
      let i = 0;
      let j = 0;
      while (i < tail.length || j < fresh.length) list.push(j >= fresh.length || (i < tail.length && tail[i]!.at <= fresh[j]!.at) ? tail[i++]! : fresh[j++]!);
    }
    // trimmed now and then, not on every poll
    if (list.length > MAX_ROWS * 1.2) list.splice(0, list.length - MAX_ROWS);
    rowsVersion.value++;
  }

  async function poll(): Promise<void> {
    timer = null;
    const f = current.value;
    if (!f || polling) return;
    polling = true;
    try {
      const cursors = f.members.filter((m) => m.recordingId !== null).map((m) => ({ recordingId: m.recordingId!, pos: since.get(m.recordingId!) ?? 0 }));
      for (let k = 0; k < 20; k++) {
        const page = await deck.call('fleets.page', { id: f.id, since: cursors.map((c) => ({ ...c, pos: since.get(c.recordingId) ?? 0 })), limit: 5000 });
        merge(page.results);
        if (page.results.length < 5000) break;
      }
      current.value = await deck.call('fleets.get', { id: f.id });
    } catch {
      /* the next poll tries again */
    } finally {
      polling = false;
    }
    if (current.value?.live) timer = setTimeout(() => void poll(), 500);
  }

  async function open(id: number): Promise<void> {
    stop();
    rows.value = markRaw([]);
    rowsVersion.value++;
    since = new Map();
    hidden.value = new Set();
    comparison.value = null;
    profileComparison.value = null;
    current.value = await deck.call('fleets.get', { id });
    await poll();
  }

  function stop(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  async function run(a: { groupId?: number; targetIds?: number[]; command: string }): Promise<void> {
    const f = await notices.guard(t('fleet.runFailed'), () => deck.call('fleets.run', a));
    if (!f) return;
    for (const m of f.members) if (m.state === 'failed') notices.push('warn', `${m.member}: ${m.error ?? ''}`);
    await load();
    await open(f.id);
  }

  async function interrupt(): Promise<void> {
    if (current.value) await notices.guard(t('fleet.interruptFailed'), () => deck.call('fleets.interrupt', { id: current.value!.id }));
  }
  async function close(): Promise<void> {
    if (!current.value) return;
    await notices.guard(t('fleet.closeFailed'), () => deck.call('fleets.close', { id: current.value!.id }));
    current.value = await deck.call('fleets.get', { id: current.value.id });
    await load();
  }

  /** the members' newest profiles compared (fleets.compareProfiles) */
  const profileComparison = ref<DeckResult<'fleets.compareProfiles'> | null>(null);
  async function compareProfiles(): Promise<void> {
    if (!current.value) return;
    profileComparison.value = (await notices.guard(t('fleetProfiles.failed'), () => deck.call('fleets.compareProfiles', { id: current.value!.id }))) ?? null;
  }

  async function compare(): Promise<void> {
    if (!current.value) return;
    comparing.value = true;
    try {
      comparison.value = (await notices.guard(t('fleet.compareFailed'), () => deck.call('fleets.compare', { id: current.value!.id, taskId: useTasks().newId('compare') }))) ?? null;
    } finally {
      comparing.value = false;
    }
  }

  async function exportReport(): Promise<void> {
    if (!current.value) return;
    const r = await notices.guard(t('diff.reportFailed'), () => deck.call('fleets.exportHtml', { id: current.value!.id }));
    if (r?.download && deck.downloadUrl) {
      startDownload(deck.downloadUrl(r.download), r.name);
      notices.push('info', t('diff.reportDownloading', { name: r.name }));
    } else if (r) notices.push('info', t('diff.reportWritten', { path: r.path }));
  }

  /** The fleet as one .arthasrec file: every member's recording, to share or import elsewhere as a whole. */
  async function exportFleet(): Promise<void> {
    if (!current.value) return;
    const r = await notices.guard(t('export.failed'), () => deck.call('fleets.export', { id: current.value!.id, taskId: useTasks().newId('export') }));
    if (r?.download && deck.downloadUrl) {
      startDownload(deck.downloadUrl(r.download), r.name);
      notices.push('info', t('fleet.exportDownloading', { n: r.results, name: r.name }));
    } else if (r) notices.push('info', t('fleet.exportWritten', { n: r.results, path: r.path }));
  }

  function toggle(member: string): void {
    const h = new Set(hidden.value);
    if (h.has(member)) h.delete(member);
    else h.add(member);
    hidden.value = h;
  }

  /** results per member among the rows shown, and their rate over the last 5 s */
  const counters = computed(() => {
    void rowsVersion.value;
    const out = new Map<string, { rows: number; errors: number; recent: number }>();
    const last = rows.value.length ? rows.value[rows.value.length - 1]!.at : 0;
    for (const r of rows.value) {
      const c = out.get(r.member) ?? out.set(r.member, { rows: 0, errors: 0, recent: 0 }).get(r.member)!;
      c.rows++;
      // the member's own errors (failed commands, session trouble), not the exceptions its methods threw
      if (r.level === 'error' && r.type !== 'watch' && r.type !== 'tt' && r.type !== 'stack') c.errors++;
      if (r.at > last - 5000) c.recent++;
    }
    return out;
  });

  deck.on((e) => {
    if (e.type === 'fleet.changed') {
      if (current.value?.id === e.fleet.id) current.value = e.fleet;
      const i = list.value.findIndex((f) => f.id === e.fleet.id);
      if (i >= 0) list.value[i] = e.fleet;
    }
  });

  return { groups, list, current, rows, rowsVersion, shown, hidden, comparison, profileComparison, compareProfiles, comparing, counters, load, saveGroup, removeGroup, open, stop, run, interrupt, close, compare, exportReport, exportFleet, toggle };
});
