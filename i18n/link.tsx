import { useLocale } from 'next-intl';
import type { ComponentProps } from 'react';
import { localePath } from './paths';

/**
 * A link inside the current locale, for server components: `/me` becomes `/kk/me`. Synchronous:
 * the locale is the request's, resolved once (React cache) and read here without awaiting, so a page
 * with many links does not suspend once per link.
 * A plain <a>, not next/link: next/link's client code (~4 kB gzipped) would be on every first load,
 * and its prefetching asks the server for every link in view. A click loads the page, as it does
 * with JavaScript turned off; the scripts come from the browser's cache.
 */
export function Link({ href, ...rest }: Omit<ComponentProps<'a'>, 'href'> & { href: string }) {
  const locale = useLocale();
  return <a href={localePath(locale, href)} {...rest} />;
}
