import NextLink from 'next/link';
import { getLocale } from 'next-intl/server';
import type { ComponentProps } from 'react';
import { localePath } from './paths';

/**
 * A link inside the current locale, for server components: `/me` becomes `/kk/me`. Rendering a
 * plain next/link keeps next-intl's client runtime (and its message formatter) out of the browser.
 */
export async function Link({ href, ...rest }: Omit<ComponentProps<typeof NextLink>, 'href'> & { href: string }) {
  const locale = await getLocale();
  return <NextLink href={localePath(locale, href)} {...rest} />;
}
