import { defineRouting } from 'next-intl/routing';

export const routing = defineRouting({ locales: ['kk', 'ru', 'en'], defaultLocale: 'kk' });
