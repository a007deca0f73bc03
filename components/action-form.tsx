'use client';

import { createContext, startTransition, useActionState, useContext, useState } from 'react';
import { useErrorText } from '@/components/error-text';
import type { FormState } from '@/lib/actions/form-state';

/**
 * A form bound to a server action with useActionState. The action returns words already in the
 * page's language; fields show their own error with <FieldError>, the form its outcome.
 * It submits through onSubmit rather than the `action` prop, because React resets a form after an
 * action and a person correcting one field must not lose the others.
 */
export const idle: FormState = { status: 'idle' };

const FormContext = createContext<{ state: FormState; pending: boolean }>({ state: idle, pending: false });

/** Files too large or too many are stopped before upload; the server checks them again. */
export type FileLimits = { maxBytes: number; maxFiles: number; tooBig: string; tooMany: string };

export function ActionForm({
  action,
  children,
  className,
  encType,
  fileLimits,
}: {
  action: (state: FormState, data: FormData) => Promise<FormState>;
  children: React.ReactNode;
  className?: string;
  encType?: 'multipart/form-data';
  fileLimits?: FileLimits;
}) {
  const { tooLarge } = useErrorText();
  const [serverState, formAction, pending] = useActionState(
    async (previous: FormState, data: FormData): Promise<FormState> => {
      try {
        return await action(previous, data);
      } catch (error) {
        // A body over the limit never reaches the action: the proxy answers 413 with these words
        // (lib/input/edge.ts), which Next.js throws as the error's message. Anything else is the error page's.
        if (error instanceof Error && tooLarge && error.message === tooLarge)
          return { status: 'error', message: tooLarge };
        throw error;
      }
    },
    idle,
  );
  const [fileError, setFileError] = useState<string | null>(null);
  const state: FormState = fileError ? { status: 'error', fieldErrors: { files: fileError } } : serverState;
  return (
    <form
      className={className}
      encType={encType}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (pending) return;
        // The button pressed is part of the answer ("destroy" or "unblock").
        const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
        const files = data.getAll('files').filter((f): f is File => f instanceof File && f.size > 0);
        const error = !fileLimits
          ? null
          : files.length > fileLimits.maxFiles
            ? fileLimits.tooMany
            : files.some((f) => f.size > fileLimits.maxBytes)
              ? fileLimits.tooBig
              : null;
        setFileError(error);
        if (!error) startTransition(() => formAction(data));
      }}
    >
      <FormContext.Provider value={{ state, pending }}>
        {state.message && (
          <p
            role={state.status === 'error' ? 'alert' : 'status'}
            className={`rounded border p-3 text-sm ${state.status === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-emerald-200 bg-emerald-50 text-emerald-900'}`}
          >
            {state.message}
          </p>
        )}
        {children}
      </FormContext.Provider>
    </form>
  );
}

export function FieldError({ name }: { name: string }) {
  const message = useContext(FormContext).state.fieldErrors?.[name];
  return message ? (
    <p id={`${name}-error`} className="text-sm font-medium text-red-700">
      {message}
    </p>
  ) : null;
}

/** Disabled while the form is being sent, so a double-click sends it once. */
export function SubmitButton({
  label,
  pendingLabel,
  className = 'btn-primary',
}: {
  label: string;
  pendingLabel: string;
  className?: string;
}) {
  const { pending } = useContext(FormContext);
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} className={className}>
      {pending ? pendingLabel : label}
    </button>
  );
}
