import { defineStore } from 'pinia';
import { ref } from 'vue';
import { HOST_KEY_UNKNOWN, fingerprintIn } from '../../../shared/contract';
import { t } from '../i18n';

export interface DialogRequest {
  title: string;
  message: string;
  confirmLabel: string;
  /** a destructive choice is shown in red */
  danger?: boolean;
  /** a text to enter (prompt); absent for a yes/no question */
  input?: { value: string; placeholder?: string };
  resolve: (answer: string | null) => void;
}

/**
 * The app's own dialogs. Electron implements no window.prompt (and its confirm/alert block the main
 * process): every question goes through here, one at a time.
 */
export const useDialogs = defineStore('dialogs', () => {
  const current = ref<DialogRequest | null>(null);

  function open(req: Omit<DialogRequest, 'resolve'>): Promise<string | null> {
    current.value?.resolve(null);
    return new Promise((resolve) => {
      current.value = { ...req, resolve };
    });
  }

  /** yes/no: true when confirmed */
  async function ask(title: string, message: string, confirmLabel: string, danger = false): Promise<boolean> {
    return (await open({ title, message, confirmLabel, danger })) !== null;
  }

  /** a line of text, or null when cancelled */
  function prompt(title: string, message: string, value = '', confirmLabel = t('common.ok'), placeholder?: string): Promise<string | null> {
    return open({ title, message, confirmLabel, input: { value, placeholder } });
  }

  /** An unknown SSH host key met by a call: the user is shown its fingerprint; the fingerprint if accepted, else null. */
  async function acceptHostKey(error: unknown, confirmLabel: string): Promise<string | null> {
    const err = error as Error & { kind?: string };
    const fp = err.kind === HOST_KEY_UNKNOWN ? fingerprintIn(err.message) : null;
    return fp && (await ask(t('dialogs.newHostKey'), err.message, confirmLabel)) ? fp : null;
  }

  function answer(confirmed: boolean, text = ''): void {
    const c = current.value;
    current.value = null;
    c?.resolve(confirmed ? (c.input ? text : '') : null);
  }

  return { current, ask, prompt, acceptHostKey, answer };
});
