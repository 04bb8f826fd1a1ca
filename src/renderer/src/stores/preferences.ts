import { defineStore } from 'pinia';
import { ref } from 'vue';
import { deck } from '../api';
import { LOCALES, setLocale, systemLocale, type Locale } from '../i18n';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type LocaleChoice = 'system' | Locale;
interface Saved {
  theme?: ThemeChoice;
  locale?: LocaleChoice;
}
const KEY = 'ui.preferences';
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

const darkQuery = (): MediaQueryList | null => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null);

/** The look and language: each follows the OS unless the user chose; kept in the app's settings (and this window's storage, for the first paint). */
export const usePreferences = defineStore('preferences', () => {
  const theme = ref<ThemeChoice>('system');
  const locale = ref<LocaleChoice>('system');

  function apply(): void {
    const dark = theme.value === 'dark' || (theme.value === 'system' && !!darkQuery()?.matches);
    if (typeof document !== 'undefined') document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    setLocale(locale.value === 'system' ? systemLocale() : locale.value);
  }

  function adopt(s: Saved | null | undefined): void {
    if (s?.theme && THEMES.includes(s.theme)) theme.value = s.theme;
    if (s?.locale && (s.locale === 'system' || LOCALES.includes(s.locale))) locale.value = s.locale;
    apply();
  }

  /** Before the first paint: what this window remembered; then the app's settings. */
  async function init(): Promise<void> {
    try {
      adopt(JSON.parse(localStorage.getItem(KEY) ?? 'null') as Saved | null);
    } catch {
      apply();
    }
    darkQuery()?.addEventListener('change', apply);
    try {
      adopt((await deck.call('settings.get', { key: KEY })) as Saved | null);
    } catch {
      /* the host is not there yet: the remembered choice stays */
    }
  }

  async function save(): Promise<void> {
    apply();
    const value: Saved = { theme: theme.value, locale: locale.value };
    try {
      localStorage.setItem(KEY, JSON.stringify(value));
    } catch {
      /* storage disabled: the app's settings still keep it */
    }
    await deck.call('settings.set', { key: KEY, value });
  }

  async function setTheme(v: ThemeChoice): Promise<void> {
    theme.value = v;
    await save();
  }
  async function setLocaleChoice(v: LocaleChoice): Promise<void> {
    locale.value = v;
    await save();
  }
  return { theme, locale, init, apply, setTheme, setLocale: setLocaleChoice };
});
