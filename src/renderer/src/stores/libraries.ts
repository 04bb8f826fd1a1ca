import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AuditRow, LibraryInfo, LibraryInput, LibraryStatusInfo, PublishRequest, PublishResult } from '../../../shared/library/library-types';
import { deck } from '../api';
import { t } from '../i18n';
import { useNotices } from './notices';
import { useTasks } from './tasks';

/** Team libraries (PostgreSQL) this desktop knows: what connecting found, publishing, the audit. */
export const useLibraries = defineStore('libraries', () => {
  const list = ref<LibraryInfo[]>([]);
  /** what connecting to each found (who, teams, may publish), or why it failed */
  const status = ref<Record<number, LibraryStatusInfo | { error: string }>>({});
  const notices = useNotices();

  async function load(): Promise<void> {
    list.value = await deck.call('libraries.list', {});
  }
  async function save(input: LibraryInput): Promise<LibraryInfo> {
    const saved = await deck.call('libraries.save', input);
    await load();
    return saved;
  }
  async function remove(id: number): Promise<void> {
    await notices.guard(t('library.removeFailed'), () => deck.call('libraries.remove', { id }));
    delete status.value[id];
    await load();
  }
  /** Connects (again) and keeps what it found; the message of a failure is kept too, for the dialog. */
  async function connect(id: number): Promise<LibraryStatusInfo | null> {
    try {
      const s = await deck.call('libraries.connect', { id });
      status.value = { ...status.value, [id]: s };
      return s;
    } catch (e) {
      status.value = { ...status.value, [id]: { error: (e as Error).message } };
      return null;
    }
  }
  function statusOf(id: number | null): LibraryStatusInfo | null {
    const s = id === null ? undefined : status.value[id];
    return s && !('error' in s) ? s : null;
  }
  async function publish(req: Omit<PublishRequest, 'taskId'>): Promise<PublishResult | undefined> {
    const taskId = useTasks().newId('publish');
    const r = await notices.guard(t('library.publishFailed'), () => deck.call('libraries.publish', { ...req, taskId }));
    if (r) notices.push('info', r.deduplicated ? t('library.publishedAlready', { id: r.libraryRecordingId }) : t('library.published', { n: r.results, id: r.libraryRecordingId, masked: r.masked }));
    return r;
  }
  async function audit(id: number, text: string): Promise<AuditRow[]> {
    return (await notices.guard(t('library.auditFailed'), () => deck.call('libraries.audit', { id, ...(text.trim() ? { text: text.trim() } : {}) }))) ?? [];
  }
  async function deleteRecording(id: number, recordingId: number): Promise<void> {
    await notices.guard(t('library.deleteFailed'), () => deck.call('libraries.deleteRecording', { id, recordingId }));
  }
  return { list, status, load, save, remove, connect, statusOf, publish, audit, deleteRecording };
});
