import { NextRequest, NextResponse } from 'next/server';
import createIntlMiddleware from 'next-intl/middleware';
import { localePath } from '@/i18n/paths';
import { routing } from '@/i18n/routing';
import { env, isDemo, isDevelopmentServer } from '@/lib/env';
import { isDatabaseReachable } from '@/lib/health/database';
import { localeOfPath, unavailableResponse } from '@/lib/health/unavailable-page';
import { plainPage } from '@/lib/http/plain-page';
import { contentSecurityPolicy, isForeignWrite, newNonce, pageSecurityHeaders } from '@/lib/http/security-headers';
import { refuseAtEdge } from '@/lib/input/edge';
import { isSharedPageRequest, sharedPage } from '@/lib/http/shared-pages';

const intl = createIntlMiddleware(routing);

// Auth.js database sessions: the cookie holds an opaque token, checked against the database by
// every page itself (lib/auth/session.ts). Here only its presence is seen, to send anonymous
// visitors to sign in before rendering anything.
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
const PROTECTED = /^\/(kk|ru|en)\/(me|admin)(\/|$)/;
// A request id from the reverse proxy is kept if it looks like one; otherwise we make one.
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export default async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const incoming = request.headers.get('x-request-id');
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  const config = env();

  // An address that does not decode (400) or a body over the upload limit (413), in the visitor's language.
  const unreadable = refuseAtEdge(request);
  if (unreadable) {
    unreadable.headers.set('X-Request-Id', requestId);
    return unreadable;
  }

  // A form posted from another site (or by a script without an Origin) changes nothing.
  if (isForeignWrite(request, { publicOrigin: config.AUTH_URL, demo: isDemo() })) {
    const locale = localeOfPath(pathname);
    const refused = plainPage(locale, {
      status: 403,
      title: 'errors.foreignRequestTitle',
      body: 'errors.foreignRequest',
      link: { href: localePath(locale, '/'), text: 'errors.openPortal' },
    });
    refused.headers.set('X-Request-Id', requestId);
    return refused;
  }
  // Sign-in links are asked for only through the portal's form, which checks the abuse limits
  // before Auth.js writes a token (app/[locale]/(public)/sign-in/actions.ts): never directly.
  if (pathname.startsWith('/api/auth/signin') && request.method === 'POST')
    return new NextResponse(null, { status: 404 });
  // Auth.js's other endpoints pass through: only the Origin check above is for them.
  if (pathname.startsWith('/api/')) return NextResponse.next();

  // With the database down no page can render: say so in the visitor's language, with a 503.
  if (!(await isDatabaseReachable())) {
    const response = unavailableResponse(localeOfPath(pathname));
    response.headers.set('X-Request-Id', requestId);
    return response;
  }

  const development = isDevelopmentServer();
  const https = config.AUTH_URL.startsWith('https://') || request.headers.get('x-forwarded-proto') === 'https';
  const finish = (response: NextResponse, policy: string) => {
    response.headers.set('X-Request-Id', requestId);
    response.headers.set('Content-Security-Policy', policy);
    for (const [name, value] of Object.entries(pageSecurityHeaders({ https }))) response.headers.set(name, value);
    return response;
  };

  // The home and sign-in pages of a visitor not signed in: the copy this process rendered for all of them.
  if (!development && isSharedPageRequest(request, SESSION_COOKIES)) {
    const page = await sharedPage(pathname);
    // next-intl's part of this visitor's answer: the locale they chose remembered (its cookie) and
    // the alternate addresses in the Link header, as on every other page.
    const localized = page && intl(request);
    if (page && localized?.headers.has('x-middleware-next')) {
      const response = new NextResponse(request.method === 'HEAD' ? null : page.body, { headers: page.headers });
      for (const cookie of localized.cookies.getAll()) response.cookies.set(cookie);
      const link = localized.headers.get('link');
      if (link) response.headers.set('link', link);
      return finish(response, contentSecurityPolicy({ hashes: page.scriptHashes }));
    }
  }

  const nonce = newNonce();
  const policy = contentSecurityPolicy({ nonce }, { development });
  const protectedMatch = PROTECTED.exec(pathname);
  let response: NextResponse;
  if (protectedMatch && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const url = new URL(localePath(protectedMatch[1]!, '/sign-in'), request.url);
    url.searchParams.set('next', pathname + search);
    response = NextResponse.redirect(url);
  } else {
    // The id travels with the request (server code and error logs read it) and back to the client;
    // the policy too, where Next.js reads the nonce it puts on its scripts.
    const headers = new Headers(request.headers);
    headers.set('x-request-id', requestId);
    headers.set('content-security-policy', policy);
    // The page asked for, so that a detour (the second factor) can come back to it.
    headers.set('x-pathname', pathname + search);
    response = intl(new NextRequest(request, { headers }));
  }
  return finish(response, policy);
}

export const config = {
  // Pages, and Auth.js's endpoints (for the Origin check): not the other API routes, Next's own
  // files or files with an extension.
  matcher: ['/((?!api|_next|_vercel|.*\\..*).*)', '/api/auth/:path*'],
};
