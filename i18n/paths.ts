/**
 * The one place a path gets its locale: `/me` in `kk` is `/kk/me`. Links, redirects, revalidation
 * and absolute URLs in e-mails (with lib/env.ts absoluteUrl) all go through it.
 */
export function localePath(locale: string, href: string): string {
  return `/${locale}${href === '/' ? '' : href}`;
}
