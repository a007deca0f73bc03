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

const createFor = (locale: Locale) => createTranslator({ locale, messages: catalogs[locale], timeZone: 'Asia/Almaty' });
export type Translator = ReturnType<typeof createFor>;

// One translator and one set of formatters a language, for the process: making them again for
// every e-mail and PDF compiled each message and built each Intl formatter anew, a good part of
// a filing's time (issue 15). They hold no state but those caches.
const translators = new Map<Locale, Translator>();
const formatters = new Map<Locale, ReturnType<typeof createFormatter>>();

export function translatorFor(locale: Locale): Translator {
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = createFor(locale)));
  return t;
}

function createFormatter(locale: Locale) {
  const options = (style: 'date' | 'dateTime') =>
    new Intl.DateTimeFormat(locale, {
      dateStyle: 'long',
      ...(style === 'dateTime' ? { timeStyle: 'short' } : {}),
      timeZone: 'Asia/Almaty',
    });
  const styles = { date: options('date'), dateTime: options('dateTime') };
  const dateTime = (date: Date, style: 'date' | 'dateTime' = 'date') => styles[style].format(date);
  const region = new Intl.DisplayNames([locale], { type: 'region' });
  return { dateTime, country: (code: string) => region.of(code) ?? code };
}

export function formatterFor(locale: Locale) {
  let f = formatters.get(locale);
  if (!f) formatters.set(locale, (f = createFormatter(locale)));
  return f;
}
