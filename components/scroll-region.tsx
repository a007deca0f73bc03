/**
 * A table wider than a phone's screen, scrolled sideways. Reached by Tab and named, so someone on a
 * keyboard can scroll it too (WCAG 2.1.1; axe scrollable-region-focusable). It is named by the id
 * of the heading over it (`labelledBy`) or, where there is none, by `label`; a group, not a
 * landmark, so the section around it is not announced twice.
 */
export function ScrollRegion({
  labelledBy,
  label,
  className = '',
  children,
}: {
  className?: string;
  children: React.ReactNode;
} & ({ labelledBy: string; label?: never } | { label: string; labelledBy?: never })) {
  return (
    <div
      role="group"
      aria-labelledby={labelledBy}
      aria-label={label}
      tabIndex={0}
      className={`overflow-x-auto ${className}`}
    >
      {children}
    </div>
  );
}
