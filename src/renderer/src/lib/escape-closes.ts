// Escape closes a dialog box wherever the focus is: after a click on its text, or a button that went
// away (a library removed), focus is on the page, not in the box, and the box's own Esc never hears it.
// A question asked above it (the app's dialog) answers Escape first.
import { onMounted, onUnmounted } from 'vue';
import { useDialogs } from '../stores/dialogs';

export function useEscapeCloses(close: () => void): void {
  const dialogs = useDialogs();
  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || e.defaultPrevented || dialogs.current) return;
    e.preventDefault();
    close();
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onUnmounted(() => window.removeEventListener('keydown', onKey));
}
