const styles = {
  active: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  blocked: 'bg-amber-50 text-amber-900 ring-amber-200',
  destroyed: 'bg-slate-100 text-slate-600 ring-slate-200',
} as const;

/** The state of a data item: the colour helps, the word says it. */
export function StateBadge({ state, label }: { state: keyof typeof styles; label: string }) {
  return (
    <span className={`h-fit w-fit shrink-0 rounded-full px-2 py-0.5 text-sm ring-1 ${styles[state]}`}>{label}</span>
  );
}
