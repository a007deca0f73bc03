import { routing, type AppLocale } from '@/i18n/routing';
import { plainPage } from '@/lib/http/plain-page';

/**
 * The page a visitor gets while the database is unreachable: 503, in their language, with a way to
 * try again. Plain HTML from the proxy, because nothing that renders the app can run without the
 * database (the session, the operator's name).
 */
export function unavailableResponse(locale: AppLocale): Response {
  return plainPage(locale, {
    status: 503,
    title: 'errors.unavailableTitle',
    body: 'errors.unavailable',
    link: { href: '', text: 'errors.retry' },
    headers: { 'Retry-After': '30' },
  });
}

/** The visitor's language: the path's locale, else the default. */
export function localeOfPath(pathname: string): AppLocale {
  const segment = pathname.split('/')[1] ?? '';
  return (routing.locales as readonly string[]).includes(segment) ? (segment as AppLocale) : routing.defaultLocale;
}
