import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { WatchRunRef } from '../../../shared/contract';
import type { DiffOptions, WatchDiff } from '../../../shared/diff/watch-diff';
import { deck } from '../api';
import { t } from '../i18n';
import { startDownload } from '../lib/download';
import { useNotices } from './notices';
import { useTasks } from './tasks';

export const useDiff = defineStore('diff', () => {
  const left = ref<WatchRunRef | null>(null);
  const right = ref<WatchRunRef | null>(null);
  const options = ref<DiffOptions>({ align: 'params', onlyChanged: false, limit: 2000 });
  const result = ref<WatchDiff | null>(null);
  /** the runs and options the shown result was computed for */
  const resultFor = ref<string | null>(null);
  const busy = ref(false);
  const notices = useNotices();
  const choice = (): string => JSON.stringify([left.value, right.value, options.value]);
  /** the shown result no longer matches the runs or options chosen */
  const stale = computed(() => result.value !== null && resultFor.value !== choice());
  let latest = 0;

  async function compute(): Promise<void> {
    if (!left.value || !right.value) return;
    const seq = ++latest;
    const key = choice();
    busy.value = true;
    try {
      const r = await notices.guard(t('diff.failed'), () => deck.call('diff.watch', { left: left.value!, right: right.value!, options: options.value, taskId: useTasks().newId('diff') }));
      // an answer for an older choice never replaces a newer one
      if (seq === latest && r) {
        result.value = r;
        resultFor.value = key;
      }
    } finally {
      if (seq === latest) busy.value = false;
    }
  }

  // a change of runs or options compares again by itself (the old result is marked out of date meanwhile)
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch([left, right, options], () => {
    clearTimeout(timer);
    if (left.value && right.value) timer = setTimeout(() => void compute(), 250);
  }, { deep: true });

  async function exportHtml(): Promise<void> {
    if (!left.value || !right.value) return;
    const r = await notices.guard(t('diff.reportFailed'), () => deck.call('diff.exportHtml', { left: left.value!, right: right.value!, options: { ...options.value, limit: 100_000 } }));
    if (r?.download) {
      startDownload(deck.downloadUrl!(r.download), r.name);
      notices.push('info', t('diff.reportDownloading', { name: r.name }));
    } else if (r) notices.push('info', t('diff.reportWritten', { path: r.path }));
  }
  return { left, right, options, result, busy, stale, compute, exportHtml };
});
