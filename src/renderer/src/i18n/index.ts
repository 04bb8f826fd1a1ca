// The renderer's languages (vue-i18n): English and Simplified Chinese, following the OS (the
// browser's languages) unless the user chose one. Components and stores use `t` from here; it reads
// the current locale, so what it renders changes when the locale does.
import { createI18n } from 'vue-i18n';
import en from './en';
import zhCN from './zh-CN';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** The OS's language as the browser reports it: Chinese → zh-CN, anything else → English. */
export function systemLocale(languages: readonly string[] = (globalThis as { navigator?: { languages?: readonly string[] } }).navigator?.languages ?? []): Locale {
  return languages.some((l) => /^zh\b/i.test(l)) && /^zh/i.test(languages[0] ?? '') ? 'zh-CN' : 'en';
}

export const i18n = createI18n({
  legacy: false,
  locale: systemLocale(),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
  missingWarn: false,
  fallbackWarn: false,
});

export const t = i18n.global.t;

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l;
  const doc = (globalThis as { document?: { documentElement: { lang: string } } }).document;
  if (doc) doc.documentElement.lang = l;
}

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}
