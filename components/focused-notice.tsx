'use client';

import { useEffect, useRef } from 'react';

/**
 * The outcome of a form that moved to another page (a request filed opens on its own page with
 * ?filed=1): said as a status and given focus when it appears, as an outcome on the same page is
 * (WCAG 2.1 4.1.3, issue 14 point 14). Its own module, apart from components/form-outcome.tsx
 * which every page's layout loads: only the pages that show it download it (issue 15, first-load JS).
 */
export function FocusedNotice({ children, className = '' }: { children: React.ReactNode; className?: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <p
      ref={ref}
      tabIndex={-1}
      role="status"
      className={`rounded border border-emerald-200 bg-emerald-50 p-3 text-emerald-900 ${className}`}
    >
      {children}
    </p>
  );
}
