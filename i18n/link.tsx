import NextLink from 'next/link';
import { useLocale } from 'next-intl';
import type { ComponentProps } from 'react';
import { localePath } from './paths';

/**
 * A link inside the current locale, for server components: `/me` becomes `/kk/me`. Synchronous:
 * the locale is the request's, resolved once (React cache) and read here without awaiting, so a page
 * with many links does not suspend once per link. Rendering a plain next/link keeps next-intl's
 * client runtime (and its message formatter) out of the browser; this file is never a client module.
 */
export function Link({ href, ...rest }: Omit<ComponentProps<typeof NextLink>, 'href'> & { href: string }) {
  const locale = useLocale();
  return <NextLink href={localePath(locale, href)} {...rest} />;
}
