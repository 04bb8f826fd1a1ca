import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { MaskRule } from '../../../shared/recording/format';
import type { RecordingFilter, RecordingSummary } from '../../../shared/recording/types';
import { deck } from '../api';
import { startDownload } from '../lib/download';
import { bytes } from '../lib/format';
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
  /** how many results a selection holds and what its masking rules would change, before sharing it */
  const previewMask = (id: number, sel: { mask: MaskRule[]; jobs?: number[]; from?: number; to?: number }): Promise<{ results: number; matches: number; elsewhere: number } | undefined> =>
    notices.guard(t('export.previewFailed'), () => deck.call('recordings.previewMask', { id, ...sel }));
  /** written where the user chose (the desktop), or offered as a download (a browser); said either way */
  async function exportRecording(recordingId: number, sel: { mask: MaskRule[]; jobs?: number[]; from?: number; to?: number }, format: 'arthasrec' | 'html' | 'cast'): Promise<void> {
    const taskId = useTasks().newId('export');
    const r = await notices.guard(t('export.failed'), () => deck.call('recordings.export', { recordingId, ...sel, taskId, format }));
    if (r?.download) {
      // in a browser: the browser saves it where it saves downloads
      startDownload(deck.downloadUrl!(r.download), r.name);
      notices.push('info', t('export.downloading', { n: r.results, size: bytes(r.bytes), masked: r.masked, name: r.name }));
    } else if (r) notices.push('info', t('export.written', { n: r.results, size: bytes(r.bytes), masked: r.masked, path: r.path }));
  }
  /**
   * The list read again while a view shows it: when this desktop's recordings change (the list of
   * this desktop shown) or a teammate's appear, grow or end in the library shown. Returns the stop.
   */
  function follow(shown: () => number | null): () => void {
    return deck.on((e) => {
      if (e.type === 'recordings.changed' && shown() === null) void load();
      if (e.type === 'library.changed' && e.libraryId === shown()) void load();
    });
  }
  return { list, filter, load, rename, tag, remove, importFile, importChosen, previewMask, exportRecording, follow };
});
