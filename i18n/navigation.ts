import { redirect as nextRedirect } from 'next/navigation';
import { localePath } from './paths';
import type { AppLocale } from './routing';

/**
 * A redirect inside a locale, for pages and server actions: `/me` in `kk` goes to `/kk/me`.
 * Our own, rather than next-intl's createNavigation, whose module pulls next-intl's client link
 * (and with it the message formatter) into every page's JavaScript.
 */
export function redirect({ href, locale }: { href: string; locale: AppLocale }): never {
  return nextRedirect(localePath(locale, href));
}
