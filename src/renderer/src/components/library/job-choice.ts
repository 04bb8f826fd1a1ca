// The state both run pickers share: where (this desktop or a team library), which recording, and
// which of its jobs (the ones the picker offers), kept in step with the picker's v-model both ways.
import { ref, watch, type Ref } from 'vue';
import type { StoredJob } from '../../../../shared/recording/types';
import { useRecordingReads } from '../../stores/recording-reads';

export interface JobRef {
  recordingId: number;
  jobId: number;
  library?: number;
}

export interface JobChoice<J extends StoredJob> {
  library: Ref<number | null>;
  recordingId: Ref<number | null>;
  jobId: Ref<number | null>;
  /** the recording's jobs the picker offers */
  jobs: Ref<J[]>;
}

/**
 * `offer` picks (and may annotate) the jobs shown; `fallback` the one chosen when the chosen job is
 * not among them (the first, or the newest).
 */
export function useJobChoice<J extends StoredJob>(model: () => JobRef | null, emit: (v: JobRef | null) => void, offer: (jobs: StoredJob[]) => J[], fallback: 'first' | 'last'): JobChoice<J> {
  const initial = model();
  const library = ref<number | null>(initial?.library ?? null);
  const recordingId = ref<number | null>(initial?.recordingId ?? null);
  const jobId = ref<number | null>(initial?.jobId ?? null);
  const jobs = ref<J[]>([]) as Ref<J[]>;
  const reads = useRecordingReads();
  const where = (): { library?: number } => (library.value !== null ? { library: library.value } : {});
  watch(
    recordingId,
    async (id) => {
      jobs.value = id ? offer(await reads.jobs(id, library.value)) : [];
      if (!jobs.value.some((j) => j.jobId === jobId.value)) jobId.value = (fallback === 'first' ? jobs.value[0] : jobs.value.at(-1))?.jobId ?? null;
    },
    { immediate: true },
  );
  watch([recordingId, jobId], () => emit(recordingId.value && jobId.value !== null ? { recordingId: recordingId.value, jobId: jobId.value, ...where() } : null));
  watch(model, (v) => {
    if (!v) return;
    // the job first: the recording's watcher keeps it when it is one that recording offers
    jobId.value = v.jobId;
    if ((v.library ?? null) !== library.value) library.value = v.library ?? null;
    if (v.recordingId !== recordingId.value) recordingId.value = v.recordingId;
  });
  return { library, recordingId, jobId, jobs };
}
