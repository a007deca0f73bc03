import { defineRouting } from 'next-intl/routing';

/** Kazakh first (the state language), then Russian and English; the locale is always in the URL. */
export const routing = defineRouting({
  locales: ['kk', 'ru', 'en'],
  defaultLocale: 'kk',
  localePrefix: 'always',
});

export type AppLocale = (typeof routing.locales)[number];
