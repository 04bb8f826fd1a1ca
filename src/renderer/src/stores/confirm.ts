import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  /** a destructive choice is shown in red */
  danger?: boolean;
  resolve: (yes: boolean) => void;
}

/** The app's own confirmation dialog (Electron has no window.confirm worth using): one question at a time. */
export const useConfirm = defineStore('confirm', () => {
  const current = ref<ConfirmRequest | null>(null);

  function ask(title: string, message: string, confirmLabel: string, danger = false): Promise<boolean> {
    current.value?.resolve(false);
    return new Promise((resolve) => {
      current.value = { title, message, confirmLabel, danger, resolve };
    });
  }

  function answer(yes: boolean): void {
    const c = current.value;
    current.value = null;
    c?.resolve(yes);
  }

  return { current, ask, answer };
});
