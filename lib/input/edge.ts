import { localePath } from '@/i18n/paths';
import type { AppLocale } from '@/i18n/routing';
import { MAX_REQUEST_BYTES } from '@/lib/files/limits';
import { localeOfPath } from '@/lib/health/unavailable-page';
import { plainPage } from '@/lib/http/plain-page';
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
  if (!decodes(url.pathname)) return page(locale, 400, 'errors.badRequestTitle', 'errors.badRequest');
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_REQUEST_BYTES) {
    if (request.headers.has('next-action')) {
      // Exactly `text/plain`: the only type whose words Next.js's client passes on.
      return new Response(translatorFor(locale)('errors.tooLarge'), {
        status: 413,
        headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' },
      });
    }
    return page(locale, 413, 'errors.tooLargeTitle', 'errors.tooLarge');
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

/** The proxy's plain page (lib/http/plain-page.ts), with a way back home. */
function page(
  locale: AppLocale,
  status: number,
  title: 'errors.badRequestTitle' | 'errors.tooLargeTitle',
  body: 'errors.badRequest' | 'errors.tooLarge',
): Response {
  return plainPage(locale, { status, title, body, link: { href: localePath(locale, '/'), text: 'errors.backHome' } });
}
