// The first half of picking something recorded (a watch run, a profile): where (this desktop or a
// team library), then a recording there; the library's recordings read when it is chosen.
import { ref, watch } from 'vue';
import type { RecordingSummary } from '../../../../shared/recording/types';
import { deck } from '../../api';

export function useRecordingChoice(initial: { library?: number; recordingId: number } | null) {
  const library = ref<number | null>(initial?.library ?? null);
  const libraryRecordings = ref<RecordingSummary[]>([]);
  const recordingId = ref<number | null>(initial?.recordingId ?? null);
  const where = (): { library?: number } => (library.value !== null ? { library: library.value } : {});
  watch(
    library,
    async (lib, before) => {
      libraryRecordings.value = lib === null ? [] : await deck.call('recordings.list', { library: lib, limit: 500 }).catch(() => []);
      // another place: its own recordings
      if (before !== undefined && lib !== before) recordingId.value = null;
    },
    { immediate: true },
  );
  return { library, libraryRecordings, recordingId, where };
}
