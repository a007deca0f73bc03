import { routing, type AppLocale } from '@/i18n/routing';
import { translatorFor } from '@/lib/i18n/translator';

/**
 * The page a visitor gets while the database is unreachable: 503, in their language, with a way to
 * try again. Plain HTML from the proxy, because nothing that renders the app can run without the
 * database (the session, the operator's name).
 */
export function unavailableResponse(locale: AppLocale): Response {
  const t = translatorFor(locale);
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(t('errors.unavailableTitle'))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:10vh auto;padding:0 1rem;color:#0f172a;line-height:1.5}a{color:#1d4ed8}</style>
</head><body><main><h1>${escape(t('errors.unavailableTitle'))}</h1><p>${escape(t('errors.unavailable'))}</p>
<p><a href="">${escape(t('errors.retry'))}</a></p></main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '30', 'Cache-Control': 'no-store' },
  });
}

/** The visitor's language: the path's locale, else the default. */
export function localeOfPath(pathname: string): AppLocale {
  const segment = pathname.split('/')[1] ?? '';
  return (routing.locales as readonly string[]).includes(segment) ? (segment as AppLocale) : routing.defaultLocale;
}
