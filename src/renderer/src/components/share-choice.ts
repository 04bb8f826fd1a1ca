// What exporting and publishing a recording share: the recording's jobs to choose from, the choice
// (jobs, a time range, masking rules) that ShareSelection edits, whether its range runs backwards,
// and the choice as the contract's selection and masking rules.
import { computed, onMounted, ref, type Ref } from 'vue';
import type { MaskRule } from '../../../shared/recording/format';
import type { StoredJob } from '../../../shared/recording/types';
import { emptyChoice, rangeReversed, rulesOf, selectionOf, type ShareChoice } from '../lib/share-selection';
import { useRecordingReads } from '../stores/recording-reads';

export interface ShareRequest {
  mask: MaskRule[];
  jobs?: number[];
  from?: number;
  to?: number;
}

export function useShareChoice(recordingId: number): { jobs: Ref<StoredJob[]>; choice: Ref<ShareChoice>; reversed: Readonly<Ref<boolean>>; request: () => ShareRequest } {
  const jobs = ref<StoredJob[]>([]);
  const choice = ref(emptyChoice());
  const reads = useRecordingReads();
  onMounted(async () => (jobs.value = await reads.jobs(recordingId)));
  const reversed = computed(() => rangeReversed(choice.value));
  const request = (): ShareRequest => ({ mask: rulesOf(choice.value), ...selectionOf(choice.value) });
  return { jobs, choice, reversed, request };
}
