'use client';

import { createContext, useActionState, useContext } from 'react';
import { useFormStatus } from 'react-dom';

/**
 * A form bound to a server action with useActionState. The action returns words already in the
 * page's language; fields show their own error with <FieldError>, the form its outcome.
 */
export type FormState = {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
};
export const idle: FormState = { status: 'idle' };

const FormStateContext = createContext<FormState>(idle);

export function ActionForm({
  action,
  children,
  className,
  encType,
}: {
  action: (state: FormState, data: FormData) => Promise<FormState>;
  children: React.ReactNode;
  className?: string;
  encType?: 'multipart/form-data';
}) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className={className} encType={encType} noValidate>
      <FormStateContext.Provider value={state}>
        {state.message && (
          <p
            role={state.status === 'error' ? 'alert' : 'status'}
            className={`rounded border p-3 text-sm ${state.status === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-emerald-200 bg-emerald-50 text-emerald-900'}`}
          >
            {state.message}
          </p>
        )}
        {children}
      </FormStateContext.Provider>
    </form>
  );
}

export function FieldError({ name }: { name: string }) {
  const message = useContext(FormStateContext).fieldErrors?.[name];
  return message ? (
    <p id={`${name}-error`} className="text-sm font-medium text-red-700">
      {message}
    </p>
  ) : null;
}

/** Disabled while the form is being sent, so a double-click sends it once. */
export function SubmitButton({ label, pendingLabel, className = 'btn-primary' }: { label: string; pendingLabel: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} className={className}>
      {pending ? pendingLabel : label}
    </button>
  );
}
