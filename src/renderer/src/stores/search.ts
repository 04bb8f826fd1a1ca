import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SearchAnswer, SearchHit, SearchIndexStatus, SearchQuery } from '../../../shared/search/search-types';
import { deck } from '../api';
import { t } from '../i18n';
import { useNotices } from './notices';

/** Full-text search over every recording: the query and its filters, the hits so far, more on demand. */
export const useSearch = defineStore('search', () => {
  const text = ref('');
  /** search this team library instead of this desktop's recordings */
  const library = ref<number | null>(null);
  const recordingId = ref<number | undefined>(undefined);
  const fleetId = ref<number | undefined>(undefined);
  const target = ref('');
  const type = ref('');
  const from = ref<number | undefined>(undefined);
  const to = ref<number | undefined>(undefined);
  const hits = ref<SearchHit[]>([]);
  const answer = ref<Omit<SearchAnswer, 'hits'> | null>(null);
  const status = ref<SearchIndexStatus | null>(null);
  const busy = ref(false);
  const notices = useNotices();
  let seq = 0;

  function query(before?: number): SearchQuery {
    return {
      text: text.value.trim(),
      ...(library.value !== null ? { library: library.value } : {}),
      ...(recordingId.value !== undefined ? { recordingId: recordingId.value } : {}),
      ...(fleetId.value !== undefined ? { fleetId: fleetId.value } : {}),
      ...(target.value.trim() ? { target: target.value.trim() } : {}),
      ...(type.value ? { types: [type.value] } : {}),
      ...(from.value !== undefined ? { from: from.value } : {}),
      ...(to.value !== undefined ? { to: to.value } : {}),
      limit: 50,
      ...(before !== undefined ? { before, prefix: answer.value?.prefix ?? false } : {}),
    };
  }

  async function run(): Promise<void> {
    if (!text.value.trim()) {
      hits.value = [];
      answer.value = null;
      return;
    }
    const mine = ++seq;
    busy.value = true;
    try {
      const a = await notices.guard(t('search.failed'), () => deck.call('search.results', query()));
      if (mine !== seq || !a) return;
      const { hits: h, ...rest } = a;
      hits.value = h;
      answer.value = rest;
    } finally {
      if (mine === seq) busy.value = false;
    }
  }

  async function more(): Promise<void> {
    const last = hits.value[hits.value.length - 1];
    if (!last || !answer.value?.more) return;
    const a = await notices.guard(t('search.failed'), () => deck.call('search.results', query(last.id)));
    if (!a) return;
    const { hits: h, ...rest } = a;
    hits.value = [...hits.value, ...h];
    answer.value = { ...rest, commands: answer.value.commands };
  }

  async function loadStatus(): Promise<void> {
    status.value = await deck.call('search.status', {});
  }

  async function resumeIndex(): Promise<void> {
    await deck.call('search.build', {});
    await loadStatus();
  }

  deck.on((e) => {
    if (e.type === 'search.index') status.value = e.status;
  });

  return { text, library, recordingId, fleetId, target, type, from, to, hits, answer, status, busy, run, more, loadStatus, resumeIndex };
});
