import type { AppLocale } from '@/i18n/routing';
import { MAX_REQUEST_BYTES } from '@/lib/files/limits';
import { localeOfPath } from '@/lib/health/unavailable-page';
import { translatorFor } from '@/lib/i18n/translator';

/**
 * What the proxy refuses before anything renders, in the visitor's language:
 * - 400 for a path that does not decode (`/en/%E0%A4%A`): Next.js answers it with a bare 500 (it
 *   tries to render a /400 page an App Router portal does not have). A query that does not decode
 *   (`?q=%ZZ`) never gets here as such: Next.js re-encodes it, and the page reads the text "%ZZ",
 *   which lib/input/search-params.ts treats like any other. Paths the proxy does not see (/api,
 *   /_next, files) are answered 400 by scripts/web-lifecycle.mjs;
 * - 413 for a body larger than MAX_REQUEST_BYTES: Next.js would answer a server action with a 500
 *   (its serverActions.bodySizeLimit), which the person sees as "something went wrong".
 * A server action is called by fetch and shows a `text/plain` error's words as the error's
 * message (Next.js's server-action reducer), which components/action-form.tsx puts on the form.
 */
export function refuseAtEdge(request: Request): Response | null {
  const url = new URL(request.url);
  const locale = localeOfPath(url.pathname);
  if (!decodes(url.pathname)) return page(locale, 400, 'badRequestTitle', 'badRequest');
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_REQUEST_BYTES) {
    if (request.headers.has('next-action')) {
      // Exactly `text/plain`: the only type whose words Next.js's client passes on.
      return new Response(translatorFor(locale)('errors.tooLarge'), {
        status: 413,
        headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' },
      });
    }
    return page(locale, 413, 'tooLargeTitle', 'tooLarge');
  }
  return null;
}

function decodes(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

type ErrorKey = 'badRequestTitle' | 'badRequest' | 'tooLargeTitle' | 'tooLarge';

/** A page of its own, plain HTML with no script or inline style, and a way back home. */
function page(locale: AppLocale, status: number, title: ErrorKey, body: ErrorKey): Response {
  const t = translatorFor(locale);
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(t(`errors.${title}`))}</title></head>
<body><main><h1>${escape(t(`errors.${title}`))}</h1><p>${escape(t(`errors.${body}`))}</p>
<p><a href="/${locale}">${escape(t('errors.backHome'))}</a></p></main></body></html>`;
  return new Response(html, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
