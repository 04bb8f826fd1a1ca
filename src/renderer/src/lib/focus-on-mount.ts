import type { Directive } from 'vue';

/**
 * v-focus-on-mount: focus moves into the element when it appears (a dialog box), so its keys (Esc)
 * work from the start.
 */
export const vFocusOnMount: Directive<HTMLElement> = {
  mounted: (el) => el.focus(),
};
