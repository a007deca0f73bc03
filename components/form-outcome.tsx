'use client';

import { usePathname } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { FormState } from '@/lib/actions/form-state';

/**
 * The page's last form outcome, kept above the forms. A form shows its own outcome beside it; but
 * a form that disappears because it succeeded (a token revoked, a task closed, a consent given)
 * takes its state with it, so its message is shown here, at the top of the page, instead — the
 * person still learns that it worked. Cleared when the page changes.
 */
type Outcome = { formId: string; state: FormState; orphaned: boolean; pathname: string };

type Registry = {
  /** A form is on the page (its effect ran). */
  mount: (formId: string) => void;
  /** A form left the page: its latest outcome, if it is the page's latest, is shown here. */
  unmount: (formId: string) => void;
  /** A form's action answered, on this page. */
  report: (formId: string, state: FormState, pathname: string) => void;
};

// Two contexts: the forms need only the registry, which never changes, and are not re-rendered by an outcome.
const RegistryContext = createContext<Registry | null>(null);
const OutcomeContext = createContext<Outcome | null>(null);

export function FormOutcomeProvider({ children }: { children: React.ReactNode }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const mounted = useRef(new Set<string>());
  const orphan = useCallback(
    (formId: string) => setOutcome((o) => (o && o.formId === formId ? { ...o, orphaned: true } : o)),
    [],
  );
  const registry = useMemo<Registry>(
    () => ({
      mount: (formId) => void mounted.current.add(formId),
      unmount: (formId) => {
        mounted.current.delete(formId);
        orphan(formId);
      },
      // The page may have been refreshed without the form before its action's answer arrived.
      report: (formId, state, pathname) =>
        setOutcome({ formId, state, pathname, orphaned: !mounted.current.has(formId) }),
    }),
    [orphan],
  );
  return (
    <RegistryContext.Provider value={registry}>
      <OutcomeContext.Provider value={outcome}>{children}</OutcomeContext.Provider>
    </RegistryContext.Provider>
  );
}

/** The registry for ActionForm; null outside the provider (the form then keeps its outcome to itself). */
export function useFormOutcomeRegistry(): Registry | null {
  return useContext(RegistryContext);
}

/** The outcome of a form that is no longer on the page, where the page begins; focus moves to it. */
export function FormOutcomeSlot() {
  const outcome = useContext(OutcomeContext);
  // On another page, what was said about the last one no longer applies.
  const pathname = usePathname();
  const shown = outcome?.orphaned && outcome.pathname === pathname && outcome.state.message ? outcome : null;
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  if (!shown) return null;
  return <FormMessage ref={ref} state={shown.state} className="mb-6" />;
}

/** A form's outcome: an alert for an error, a status for a success; focusable so focus can be moved to it. */
export function FormMessage({
  state,
  ref,
  id,
  className = '',
}: {
  state: FormState;
  ref?: React.Ref<HTMLParagraphElement>;
  id?: string;
  className?: string;
}) {
  return (
    <p
      ref={ref}
      id={id}
      tabIndex={-1}
      role={state.status === 'error' ? 'alert' : 'status'}
      className={`rounded border p-3 text-sm ${state.status === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-emerald-200 bg-emerald-50 text-emerald-900'} ${className}`}
    >
      {state.message}
    </p>
  );
}
