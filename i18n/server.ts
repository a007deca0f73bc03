import type { Locale } from 'next-intl';
import {
  getLocale,
  type getFormatter as nextIntlGetFormatter,
  type getTranslations as nextIntlGetTranslations,
} from 'next-intl/server';
import { intlFormatterFor, translatorFor } from '@/lib/i18n/translator';

/**
 * next-intl's `getTranslations` and `getFormatter` for server components, pages and actions, with
 * the same signatures, over translators and formatters kept for the process
 * (lib/i18n/translator.ts). next-intl's own keep their parsed messages and Intl formatters for one
 * request only, so every page view parsed each ICU message it showed and built each
 * Intl.DateTimeFormat again: most of a page's rendering time (issue 15). Messages, locale and time
 * zone are the request config's (i18n/request.ts); nothing here depends on who asks.
 */
export const getTranslations = (async (namespaceOrOptions?: string | { locale?: Locale; namespace?: string }) => {
  const options = typeof namespaceOrOptions === 'string' ? { namespace: namespaceOrOptions } : namespaceOrOptions;
  const locale = options?.locale ?? (await getLocale());
  return translatorFor(locale, options?.namespace ?? '');
}) as typeof nextIntlGetTranslations;

export const getFormatter = (async (options?: { locale?: Locale }) =>
  intlFormatterFor(options?.locale ?? (await getLocale()))) as typeof nextIntlGetFormatter;
