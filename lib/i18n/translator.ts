import { createTranslator } from 'next-intl';
import type { Locale } from '@/db/schema/subjects';
import en from '@/messages/en.json';
import kk from '@/messages/kk.json';
import ru from '@/messages/ru.json';

/**
 * Messages outside a page render: e-mails, PDFs, CSV headers, background jobs. The same
 * catalogues as the pages, in the language of the person the text is for.
 */
// Typed by the English file; messages/messages.test.ts keeps the three files' keys identical.
const catalogs: Record<Locale, typeof en> = { kk, ru, en };

export function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: catalogs[locale], timeZone: 'Asia/Almaty' });
}
export type Translator = ReturnType<typeof translatorFor>;

export function formatterFor(locale: Locale) {
  const dateTime = (date: Date, style: 'date' | 'dateTime' = 'date') =>
    new Intl.DateTimeFormat(locale, {
      dateStyle: 'long',
      ...(style === 'dateTime' ? { timeStyle: 'short' } : {}),
      timeZone: 'Asia/Almaty',
    }).format(date);
  const region = new Intl.DisplayNames([locale], { type: 'region' });
  return { dateTime, country: (code: string) => region.of(code) ?? code };
}
