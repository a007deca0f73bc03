'use client';

/**
 * Opens the browser's print dialog for the page (issue 14, point 6). The page's print styles
 * (app/globals.css) leave out navigation, forms and buttons, this one too, and PrintHeader shows
 * whose page it is. Without JavaScript it is not offered: the browser's own Print does the same.
 */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="btn-secondary noscript:hidden" onClick={() => window.print()}>
      {label}
    </button>
  );
}
