import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { OutputEntry } from '../../../shared/arthas/output-files';
import { deck } from '../api';
import { t } from '../i18n';
import { bytes } from '../lib/format';
import { startDownload } from '../lib/download';
import { useNotices } from './notices';
import { useTasks } from './tasks';

export interface OutputListing {
  entries: OutputEntry[];
  /** Date.now() of the listing */
  at: number;
  error: string | null;
  loading: boolean;
}

/**
 * The files in arthas-output/ of a recording's JVM (profiler, jfr, a heap dump named there), as main
 * lists them through the target's route; downloads go through the task bar (progress, Cancel).
 */
export const useOutputFiles = defineStore('output-files', () => {
  const listings = ref<Record<number, OutputListing>>({});
  /** names being downloaded, per recording: "recordingId name" */
  const downloading = ref<Set<string>>(new Set());
  const notices = useNotices();

  async function list(recordingId: number): Promise<OutputListing> {
    const before = listings.value[recordingId];
    listings.value[recordingId] = { entries: before?.entries ?? [], at: before?.at ?? 0, error: null, loading: true };
    try {
      const { entries } = await deck.call('outputFiles.list', { recordingId });
      listings.value[recordingId] = { entries, at: Date.now(), error: null, loading: false };
    } catch (e) {
      listings.value[recordingId] = { entries: before?.entries ?? [], at: before?.at ?? 0, error: (e as Error).message, loading: false };
    }
    return listings.value[recordingId]!;
  }

  /** The entry of a name in the JVM's arthas-output/, listing it first when not yet listed. */
  async function find(recordingId: number, name: string): Promise<OutputEntry | null> {
    const known = listings.value[recordingId];
    const l = known && !known.loading && known.entries.some((e) => e.name === name) ? known : await list(recordingId);
    return l.entries.find((e) => e.name === name) ?? null;
  }

  async function download(recordingId: number, name: string): Promise<void> {
    const key = `${recordingId} ${name}`;
    if (downloading.value.has(key)) return;
    downloading.value = new Set([...downloading.value, key]);
    try {
      const r = await deck.call('outputFiles.download', { recordingId, name, taskId: useTasks().newId('download') });
      if (r?.download && deck.downloadUrl) {
        startDownload(deck.downloadUrl(r.download), r.name);
        notices.push('info', t('outputFiles.downloading', { name: r.name, size: bytes(r.bytes) }));
      } else if (r) notices.push('info', t('outputFiles.saved', { size: bytes(r.bytes), path: r.path }));
    } catch (e) {
      const err = e as Error & { kind?: string };
      if (err.kind === 'cancelled' || /^Cancelled/.test(err.message)) notices.push('info', t('outputFiles.cancelled', { name }));
      else notices.push('error', `${t('outputFiles.failed', { name })}: ${err.message}`);
    } finally {
      const next = new Set(downloading.value);
      next.delete(key);
      downloading.value = next;
    }
  }

  return { listings, downloading, list, find, download };
});
