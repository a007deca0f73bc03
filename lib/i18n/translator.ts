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

function createIntl(locale: Locale) {
  const cache = _createCache();
  const formatters = _createIntlFormatters(cache);
  cacheMessagesByText(formatters, locale);
  return { cache, formatters, translators: new Map<string, unknown>() };
}
const intlFor = (locale: Locale) => {
  let found = intl.get(locale);
  if (!found) intl.set(locale, (found = createIntl(locale)));
  return found;
};

type Compile = (
  message: unknown,
  locale: unknown,
  formats?: { date?: object; number?: object },
  options?: unknown,
) => unknown;
// intl-messageformat's own date formats; use-intl merges the time zone into each.
const plainDateFormats = new Set(['short', 'medium', 'long', 'full']);

/**
 * Each message of a language compiled once for the process, found by its text (issue 15). use-intl
 * compiles a message with `formatters.getMessageFormat`, memoised by the JSON of all its arguments:
 * the message and the date, time and number formats, rebuilt for every call with the time zone
 * merged into each, so every formatted message paid that serialisation (~0.3 ms an e-mail,
 * bench/writes.ts profiled). use-intl sets that function on the formatters the first time it
 * needs it; here it is taken as set and answered from a map by the message's text first. The
 * formats are the same on every call (no global formats, one time zone, no call passes its own);
 * a call that did pass its own (a number format, a date format other than intl-messageformat's)
 * goes to use-intl's function as before, never answered with another call's formats.
 */
function cacheMessagesByText(formatters: object, locale: Locale) {
  let compile: Compile | undefined;
  const compiled = new Map<string, unknown>();
  const cached: Compile = (message, messageLocale, formats, options) => {
    const ownFormats =
      typeof message !== 'string' ||
      messageLocale !== locale ||
      Object.keys(formats?.number ?? {}).length > 0 ||
      Object.keys(formats?.date ?? {}).some((name) => !plainDateFormats.has(name));
    if (ownFormats) return compile!(message, messageLocale, formats, options);
    let format = compiled.get(message);
    if (format === undefined) compiled.set(message, (format = compile!(message, messageLocale, formats, options)));
    return format;
  };
  Object.defineProperty(formatters, 'getMessageFormat', {
    enumerable: true,
    get: () => (compile ? cached : undefined),
    set: (original: Compile) => {
      compile = original;
    },
  });
}

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
