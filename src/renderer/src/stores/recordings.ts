import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RecordingFilter, RecordingSummary } from '../../../shared/recording/types';
import { deck } from '../api';
import { t } from '../i18n';
import { useNotices } from './notices';
import { useTasks } from './tasks';

export const useRecordings = defineStore('recordings', () => {
  const list = ref<RecordingSummary[]>([]);
  const filter = ref<RecordingFilter>({});
  const notices = useNotices();

  async function load(): Promise<void> {
    const f = { ...filter.value };
    for (const k of Object.keys(f) as Array<keyof RecordingFilter>) if (f[k] === '' || f[k] === undefined) delete f[k];
    list.value = await deck.call('recordings.list', f);
  }
  async function rename(id: number, name: string): Promise<void> {
    await notices.guard(t('recordings.renameFailed'), () => deck.call('recordings.rename', { id, name }));
    await load();
  }
  async function tag(id: number, tags: string[]): Promise<void> {
    await notices.guard(t('recordings.tagFailed'), () => deck.call('recordings.tag', { id, tags }));
    await load();
  }
  async function remove(id: number): Promise<void> {
    await notices.guard(t('recordings.deleteFailed'), () => deck.call('recordings.delete', { id }));
    await load();
  }
  async function imported(r: { recordingId: number; results: number; fleetId?: number } | null | undefined): Promise<number | undefined> {
    if (r) {
      notices.push('info', r.fleetId !== undefined ? t('recordings.importedFleet', { n: r.results, id: r.fleetId }) : t('recordings.imported', { n: r.results, id: r.recordingId }));
      await load();
    }
    return r?.recordingId;
  }
  /** a path main can read (the desktop app's File menu, a double-clicked file) */
  async function importFile(path?: string): Promise<number | undefined> {
    const taskId = useTasks().newId('import');
    return imported(await notices.guard(t('recordings.importFailed'), () => deck.call('recordings.import', { ...(path ? { path } : {}), taskId })));
  }
  /** a file chosen or dropped in the page: by path on the desktop, uploaded in a browser */
  async function importChosen(file: File): Promise<number | undefined> {
    const taskId = useTasks().newId('import');
    return imported(await notices.guard(t('recordings.importOfFailed', { name: file.name }), () => deck.importFile(file, taskId)));
  }
  return { list, filter, load, rename, tag, remove, importFile, importChosen };
});
