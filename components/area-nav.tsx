'use client';

import { usePathname } from 'next/navigation';

/** Tabs for an area's pages (the subject's, the back office's), marking the one you are on. `href`s carry the locale. */
export function AreaNav({ label, links }: { label: string; links: { href: string; label: string }[] }) {
  const pathname = usePathname();
  const current = links.reduce<string | null>(
    (best, { href }) =>
      (pathname === href || pathname.startsWith(`${href}/`)) && href.length > (best?.length ?? 0) ? href : best,
    null,
  );
  return (
    <nav aria-label={label} data-no-print className="-mx-4 overflow-x-auto px-4">
      <ul className="flex gap-1 border-b border-slate-200">
        {links.map(({ href, label: text }) => (
          <li key={href}>
            <a
              href={href}
              aria-current={href === current ? 'page' : undefined}
              className={`block whitespace-nowrap border-b-2 px-3 py-2 text-sm no-underline ${href === current ? 'border-brand-600 font-semibold text-brand-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
            >
              {text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
