import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LocalJvm } from '../../../shared/contract';
import { deck } from '../api';
import { useNotices } from './notices';
import { useTabs } from './tabs';
import { useTargets } from './targets';

/** The Java processes of this machine, and attaching Arthas to one in a click. */
export const useJvms = defineStore('jvms', () => {
  const list = ref<LocalJvm[] | null>(null);
  const loading = ref(false);
  const attaching = ref<number | null>(null);
  /** an Arthas home the user named (remembered); empty: ARTHAS_HOME or ~/.arthas/lib */
  const arthasHome = ref('');
  const notices = useNotices();

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      list.value = (await notices.guard('Could not list the local JVMs', () => deck.call('jvms.list', {}))) ?? [];
      arthasHome.value = ((await deck.call('settings.get', { key: 'arthasHome' })) as string | null) ?? arthasHome.value;
    } finally {
      loading.value = false;
    }
  }

  async function attach(pid: number): Promise<void> {
    attaching.value = pid;
    try {
      const home = arthasHome.value.trim();
      await deck.call('settings.set', { key: 'arthasHome', value: home });
      const r = await notices.guard(`Could not attach to JVM ${pid}`, () => deck.call('jvms.attach', { pid, ...(home ? { arthasHome: home } : {}) }));
      if (!r) return;
      notices.push('info', r.reused ? `JVM ${pid} already has Arthas ${r.version}: using it.` : `Arthas ${r.version} attached to JVM ${pid}.`);
      await useTargets().load();
      await useTabs().openTab(r.target.id);
      await refresh();
    } finally {
      attaching.value = null;
    }
  }
  return { list, loading, attaching, arthasHome, refresh, attach };
});
