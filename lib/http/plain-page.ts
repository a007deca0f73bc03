import type { AppLocale } from '@/i18n/routing';
import { translatorFor } from '@/lib/i18n/translator';

type MessageKey = Parameters<ReturnType<typeof translatorFor>>[0];

/**
 * A small page in the visitor's language, written by the proxy itself when the app cannot or must
 * not render (the database is down, a request from a foreign site): title, one sentence, a link.
 */
export function plainPage(
  locale: AppLocale,
  {
    status,
    title,
    body,
    link,
    headers = {},
  }: {
    status: number;
    title: MessageKey;
    body: MessageKey;
    link: { href: string; text: MessageKey };
    headers?: Record<string, string>;
  },
): Response {
  const t = translatorFor(locale);
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(t(title))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:10vh auto;padding:0 1rem;color:#0f172a;line-height:1.5}a{color:#1d4ed8}</style>
</head><body><main><h1>${escape(t(title))}</h1><p>${escape(t(body))}</p>
<p><a href="${escape(link.href)}">${escape(t(link.text))}</a></p></main></body></html>`;
  return new Response(html, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}
