import { defineStore } from 'pinia';
import { ref } from 'vue';
import { deck } from '../api';

const KEY = 'ui.layout';
interface Saved {
  detailWidth?: number;
  sidebar?: boolean;
}

/** Where the panes are: the detail pane's width (dragged), whether it fills the view, the targets sidebar. Kept in the app's settings. */
export const useLayout = defineStore('layout', () => {
  /** px; null: the default share */
  const detailWidth = ref<number | null>(null);
  /** the detail takes the whole width (the result list hidden) until asked back */
  const detailWide = ref(false);
  const sidebar = ref(true);
  let loaded = false;

  async function load(): Promise<void> {
    if (loaded) return;
    loaded = true;
    try {
      const s = (await deck.call('settings.get', { key: KEY })) as Saved | null;
      if (typeof s?.detailWidth === 'number' && s.detailWidth > 0) detailWidth.value = s.detailWidth;
      if (typeof s?.sidebar === 'boolean') sidebar.value = s.sidebar;
    } catch {
      /* defaults */
    }
  }
  function save(): void {
    void deck.call('settings.set', { key: KEY, value: { detailWidth: detailWidth.value ?? undefined, sidebar: sidebar.value } }).catch(() => undefined);
  }
  function setDetailWidth(px: number): void {
    detailWidth.value = Math.round(px);
    save();
  }
  function toggleSidebar(): void {
    sidebar.value = !sidebar.value;
    save();
  }
  return { detailWidth, detailWide, sidebar, load, setDetailWidth, toggleSidebar };
});
