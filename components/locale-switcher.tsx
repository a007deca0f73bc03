'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { localePath } from '@/i18n/paths';
import { routing } from '@/i18n/routing';

/** Links to the current page in each language, so switching keeps the page and its query. */
export function LocaleSwitcher({
  locale,
  label,
  names,
}: {
  locale: string;
  label: string;
  names: Record<string, string>;
}) {
  // The path without its locale prefix: /kk/me/requests → /me/requests.
  const rest = usePathname().replace(/^\/(kk|ru|en)(?=\/|$)/, '');
  const query = useSearchParams().toString();
  return (
    <nav aria-label={label}>
      <ul className="flex gap-1 text-sm">
        {routing.locales.map((l) => (
          <li key={l}>
            <a
              href={`${localePath(l, rest || '/')}${query ? `?${query}` : ''}`}
              hrefLang={l}
              lang={l}
              aria-current={l === locale ? 'true' : undefined}
              className={l === locale ? 'locale-link locale-link-current' : 'locale-link'}
            >
              {names[l]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
