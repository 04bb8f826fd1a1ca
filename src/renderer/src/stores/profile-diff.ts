// Two recorded profiles compared (the Diff view's Profiles mode): which two (a recording here or in
// a team library, and one of its profiles), and their differential tree and changed methods,
// computed here from the recorded text.
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import { parseCollapsed, type CollapsedProfile } from '../../../shared/profile/collapsed-stacks';
import { changedMethods, diffProfiles, type ChangedMethod, type ProfileDiff } from '../../../shared/profile/profile-diff';
import { deck } from '../api';
import { t } from '../i18n';
import { useNotices } from './notices';

/** One recorded profile: the `profiler dumpCollapsed` job of a recording. */
export interface ProfileRef {
  recordingId: number;
  jobId: number;
  library?: number;
}

/** The collapsed text a profile job recorded (read whole, however large). */
export async function profileText(ref: ProfileRef): Promise<string> {
  const where = ref.library !== undefined ? { library: ref.library } : {};
  const { results } = await deck.call('recordings.page', { id: ref.recordingId, jobId: ref.jobId, types: ['profiler'], limit: 5, ...where });
  for (const r of results) {
    const raw = r.raw ?? (r.pos !== null ? await deck.call('recordings.result', { id: ref.recordingId, pos: r.pos, ...where }) : null);
    const v = raw ? (JSON.parse(raw) as { action?: string; executeResult?: string }) : null;
    if (v?.action === 'dumpCollapsed') return v.executeResult ?? '';
  }
  throw new Error(t('profileDiff.notAProfile', { job: ref.jobId, recording: ref.recordingId }));
}

export const useProfileDiff = defineStore('profileDiff', () => {
  const left = ref<ProfileRef | null>(null);
  const right = ref<ProfileRef | null>(null);
  const result = shallowRef<{ diff: ProfileDiff; changed: ChangedMethod[]; before: CollapsedProfile; after: CollapsedProfile; ms: number } | null>(null);
  const busy = ref(false);
  const notices = useNotices();
  let latest = 0;

  async function compute(): Promise<void> {
    if (!left.value || !right.value) return;
    const seq = ++latest;
    busy.value = true;
    try {
      const texts = await notices.guard(t('profileDiff.failed'), () => Promise.all([profileText(left.value!), profileText(right.value!)]));
      if (!texts || seq !== latest) return;
      const started = performance.now();
      const before = parseCollapsed(texts[0]);
      const after = parseCollapsed(texts[1]);
      const diff = diffProfiles(before, after);
      const changed = changedMethods(before, after, 40);
      result.value = { diff, changed, before, after, ms: performance.now() - started };
    } finally {
      if (seq === latest) busy.value = false;
    }
  }
  watch([left, right], () => {
    if (left.value && right.value) void compute();
    else result.value = null;
  }, { deep: true });
  return { left, right, result, busy, compute };
});
