'use client';

import { useSearchParams } from 'next/navigation';
import { useLocale } from 'next-intl';
import { Link, usePathname } from '@/i18n/navigation';
import { routing } from '@/i18n/routing';

/** Links to the current page in each language, so switching keeps the page and its query. */
export function LocaleSwitcher({ label, names }: { label: string; names: Record<string, string> }) {
  const locale = useLocale();
  const pathname = usePathname();
  const query = useSearchParams().toString();
  const href = query ? `${pathname}?${query}` : pathname;
  return (
    <nav aria-label={label}>
      <ul className="flex gap-1 text-sm">
        {routing.locales.map((l) => (
          <li key={l}>
            <Link
              href={href}
              locale={l}
              hrefLang={l}
              lang={l}
              aria-current={l === locale ? 'true' : undefined}
              className={`rounded px-2 py-1 no-underline ${l === locale ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
            >
              {names[l]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
