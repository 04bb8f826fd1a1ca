import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LocalJvm, SshHostArg } from '../../../shared/contract';
import { HOST_KEY_UNKNOWN } from '../../../shared/contract';
import { useDialogs } from './dialogs';
import { useTasks } from './tasks';
import { deck } from '../api';
import { t } from '../i18n';
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
  /** empty: this machine; else the SSH host whose JVMs are listed and attached through the connection */
  const sshDestination = ref('');
  const sshKey = ref('');
  const notices = useNotices();
  let acceptedKey: string | undefined;

  const ssh = (): SshHostArg | undefined =>
    sshDestination.value.trim() ? { destination: sshDestination.value.trim(), ...(sshKey.value.trim() ? { identityFile: sshKey.value.trim() } : {}), ...(acceptedKey ? { acceptHostKey: acceptedKey } : {}) } : undefined;

  /** a call that may meet an unknown SSH host key: the user is asked, and it runs again with the key accepted */
  async function withHostKey<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (e) {
      const fp = await useDialogs().acceptHostKey(e, t('dialogs.acceptKeyGoOn'));
      if (fp) {
        acceptedKey = fp;
        return withHostKey(what, call);
      }
      if ((e as { kind?: string }).kind !== HOST_KEY_UNKNOWN) notices.push('error', `${what}: ${(e as Error).message}`);
      return undefined;
    }
  }

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      list.value = (await withHostKey(t('jvms.listFailed'), () => deck.call('jvms.list', ssh() ? { ssh: ssh() } : {}))) ?? [];
      arthasHome.value = ((await deck.call('settings.get', { key: 'arthasHome' })) as string | null) ?? arthasHome.value;
    } finally {
      loading.value = false;
    }
  }

  async function attach(pid: number): Promise<void> {
    // as root, another user's JVM is theirs: attaching changes it for them, so it is asked first
    const jvm = list.value?.find((j) => j.pid === pid);
    if (jvm && !jvm.arthas && jvm.mine === false && jvm.attachable) {
      const yes = await useDialogs().ask(t('jvms.attachOtherTitle', { user: jvm.user }), t('jvms.attachOtherMessage', { pid, user: jvm.user, main: jvm.main }), t('jvms.attach'), true);
      if (!yes) return;
    }
    attaching.value = pid;
    try {
      const home = arthasHome.value.trim();
      await deck.call('settings.set', { key: 'arthasHome', value: home });
      const r = await withHostKey(t('jvms.attachFailed', { pid }), () => deck.call('jvms.attach', { pid, ...(home ? { arthasHome: home } : {}), ...(ssh() ? { ssh: ssh() } : {}), taskId: useTasks().newId('attach') }));
      if (!r) return;
      notices.push('info', r.reused ? t('jvms.reused', { pid, version: r.version }) : t('jvms.attached', { pid, version: r.version }));
      await useTargets().load();
      await useTabs().openTab(r.target.id);
      await refresh();
    } finally {
      attaching.value = null;
    }
  }
  return { list, loading, attaching, arthasHome, sshDestination, sshKey, refresh, attach };
});
