import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { WatchRunRef } from '../../../shared/contract';
import type { DiffOptions, WatchDiff } from '../../../shared/diff/watch-diff';
import { deck } from '../api';
import { useNotices } from './notices';

export const useDiff = defineStore('diff', () => {
  const left = ref<WatchRunRef | null>(null);
  const right = ref<WatchRunRef | null>(null);
  const options = ref<DiffOptions>({ align: 'params', onlyChanged: false, limit: 2000 });
  const result = ref<WatchDiff | null>(null);
  const busy = ref(false);
  const notices = useNotices();

  async function compute(): Promise<void> {
    if (!left.value || !right.value) return;
    busy.value = true;
    try {
      result.value = (await notices.guard('Diff failed', () => deck.call('diff.watch', { left: left.value!, right: right.value!, options: options.value }))) ?? null;
    } finally {
      busy.value = false;
    }
  }
  async function exportHtml(): Promise<void> {
    if (!left.value || !right.value) return;
    const r = await notices.guard('Report failed', () => deck.call('diff.exportHtml', { left: left.value!, right: right.value!, options: { ...options.value, limit: 100_000 } }));
    if (r) notices.push('info', `Report written to ${r.path}`);
  }
  return { left, right, options, result, busy, compute, exportHtml };
});
