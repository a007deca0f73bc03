import { type NextRequest, NextResponse } from 'next/server';
import createIntlMiddleware from 'next-intl/middleware';
import { routing } from '@/i18n/routing';

const intl = createIntlMiddleware(routing);

// Auth.js database sessions: the cookie holds an opaque token, checked against the database by
// every page itself (lib/auth/session.ts). Here only its presence is seen, to send anonymous
// visitors to sign in before rendering anything.
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
const PROTECTED = /^\/(kk|ru|en)\/(me|admin)(\/|$)/;

export default function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const protectedMatch = PROTECTED.exec(pathname);
  if (protectedMatch && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const url = new URL(`/${protectedMatch[1]}/sign-in`, request.url);
    url.searchParams.set('next', pathname + search);
    return NextResponse.redirect(url);
  }
  return intl(request);
}

export const config = {
  // Everything but the API, Next's own files and files with an extension.
  matcher: '/((?!api|_next|_vercel|.*\\..*).*)',
};
