'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';

export type NavGroup = { label: string; links: { href: string; label: string }[] };

/** The link the page is under: the longest href that is the path or a prefix of it. */
function currentHref(pathname: string, hrefs: string[]): string | null {
  return hrefs.reduce<string | null>(
    (best, href) =>
      (pathname === href || pathname.startsWith(`${href}/`)) && href.length > (best?.length ?? 0) ? href : best,
    null,
  );
}

/**
 * The back office's navigation for a score of destinations: grouped (requests, registers,
 * inventory, administration), every link on screen at 1024 px in every language (the groups wrap,
 * nothing scrolls out of sight), the current place marked. On a phone it folds into a disclosure
 * whose summary names where you are; it is open in the server's HTML, so it works without
 * JavaScript, and folds once the page runs and after each navigation.
 */
export function GroupedNav({ label, groups }: { label: string; groups: NavGroup[] }) {
  const pathname = usePathname();
  const details = useRef<HTMLDetailsElement>(null);
  const current = currentHref(
    pathname,
    groups.flatMap((group) => group.links.map((link) => link.href)),
  );
  const currentLabel = groups.flatMap((group) => group.links).find((link) => link.href === current)?.label;
  useEffect(() => {
    const phone = window.matchMedia('(max-width: 767px)');
    const fit = () => {
      if (details.current) details.current.open = !phone.matches;
    };
    fit();
    phone.addEventListener('change', fit);
    return () => phone.removeEventListener('change', fit);
  }, [pathname]);
  return (
    <nav aria-label={label} data-no-print>
      <details ref={details} open className="group rounded border border-slate-200 md:border-0">
        <summary className="cursor-pointer list-none px-3 py-2 text-sm font-medium md:hidden">
          <span aria-hidden className="mr-2 inline-block group-open:rotate-90">
            ›
          </span>
          {label}
          {currentLabel && <span className="font-normal text-slate-600">: {currentLabel}</span>}
        </summary>
        <div className="flex flex-col gap-3 border-slate-200 px-3 pb-3 md:flex-row md:flex-wrap md:gap-x-6 md:gap-y-2 md:border-b md:px-0 md:pb-2">
          {groups.map((group) => (
            <div key={group.label} className="min-w-0">
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{group.label}</p>
              <ul className="flex flex-wrap gap-x-1">
                {group.links.map(({ href, label: text }) => (
                  <li key={href}>
                    <a
                      href={href}
                      aria-current={href === current ? 'page' : undefined}
                      className={`block whitespace-nowrap rounded px-2 py-1 text-sm no-underline ${href === current ? 'bg-brand-50 font-semibold text-brand-800 underline decoration-2 underline-offset-4' : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900'}`}
                    >
                      {text}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </details>
    </nav>
  );
}
