import { _createCache, _createIntlFormatters, createFormatter, createTranslator } from 'next-intl';
import type { Locale } from '@/db/schema/subjects';
import en from '@/messages/en.json';
import kk from '@/messages/kk.json';
import ru from '@/messages/ru.json';

/**
 * Messages for the process: pages (through i18n/server.ts), e-mails, PDFs, CSV headers, background
 * jobs. The same catalogues as the pages, in the language of the person the text is for.
 */
// Typed by the English file; messages/messages.test.ts keeps the three files' keys identical.
const catalogs: Record<Locale, typeof en> = { kk, ru, en };
const TIME_ZONE = 'Asia/Almaty';

// One message cache and one set of Intl formatters a language, for the process (issue 15): each
// message is parsed once and each Intl.DateTimeFormat/NumberFormat/PluralRules built once per
// locale and options, where next-intl's getTranslations/getFormatter build them again for every
// request (its caches live as long as the request). They hold no state but those caches.
const intl = new Map<Locale, ReturnType<typeof createIntl>>();

function createIntl() {
  const cache = _createCache();
  return { cache, formatters: _createIntlFormatters(cache), translators: new Map<string, unknown>() };
}
const intlFor = (locale: Locale) => {
  let found = intl.get(locale);
  if (!found) intl.set(locale, (found = createIntl()));
  return found;
};

const createFor = (locale: Locale) => {
  const { cache, formatters } = intlFor(locale);
  return createTranslator({
    locale,
    messages: catalogs[locale],
    timeZone: TIME_ZONE,
    _cache: cache,
    _formatters: formatters,
  });
};
export type Translator = ReturnType<typeof createFor>;

/** The translator for a language, over the whole catalogue (`namespace` given: under that key). */
export function translatorFor(locale: Locale, namespace: string): unknown;
export function translatorFor(locale: Locale): Translator;
export function translatorFor(locale: Locale, namespace = ''): unknown {
  const { cache, formatters, translators } = intlFor(locale);
  let t = translators.get(namespace);
  if (!t) {
    t = namespace
      ? createTranslator({
          locale,
          messages: catalogs[locale],
          timeZone: TIME_ZONE,
          namespace: namespace as never,
          _cache: cache,
          _formatters: formatters,
        })
      : createFor(locale);
    translators.set(namespace, t);
  }
  return t;
}

/** next-intl's formatter (format.dateTime, format.number, …) for a language, for the process. */
const intlFormatters = new Map<Locale, ReturnType<typeof createFormatter>>();
export function intlFormatterFor(locale: Locale) {
  let f = intlFormatters.get(locale);
  if (!f)
    intlFormatters.set(
      locale,
      (f = createFormatter({ locale, timeZone: TIME_ZONE, _formatters: intlFor(locale).formatters })),
    );
  return f;
}

const formatters = new Map<Locale, ReturnType<typeof createDocumentFormatter>>();

function createDocumentFormatter(locale: Locale) {
  const options = (style: 'date' | 'dateTime') =>
    new Intl.DateTimeFormat(locale, {
      dateStyle: 'long',
      ...(style === 'dateTime' ? { timeStyle: 'short' } : {}),
      timeZone: TIME_ZONE,
    });
  const styles = { date: options('date'), dateTime: options('dateTime') };
  const dateTime = (date: Date, style: 'date' | 'dateTime' = 'date') => styles[style].format(date);
  const region = new Intl.DisplayNames([locale], { type: 'region' });
  return { dateTime, country: (code: string) => region.of(code) ?? code };
}

export function formatterFor(locale: Locale) {
  let f = formatters.get(locale);
  if (!f) formatters.set(locale, (f = createDocumentFormatter(locale)));
  return f;
}
