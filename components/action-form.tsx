'use client';

import {
  createContext,
  startTransition,
  useActionState,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useErrorText } from '@/components/error-text';
import type { FormState } from '@/lib/actions/form-state';

/**
 * A form bound to a server action with useActionState. The action returns words already in the
 * page's language; fields show their own error with <FieldError>, the form its outcome.
 * It submits through onSubmit rather than the `action` prop, because React resets a form after an
 * action and a person correcting one field must not lose the others. A form that succeeded is
 * cleared (the page it is on was revalidated, so an edit form shows what was saved), so pressing the
 * button again does not send the same message twice. After each answer focus moves to the first
 * field in error, or to the form's message, and each field in error is marked invalid and tied to
 * its message for assistive technology (WCAG 2.1 3.3.1), whatever markup the page gave the field.
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
  const state: FormState = useMemo(
    () => (fileError ? { status: 'error', fieldErrors: { files: fileError } } : serverState),
    [fileError, serverState],
  );
  const form = useRef<HTMLFormElement>(null);
  const message = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const element = form.current;
    if (!element || state.status === 'idle') return;
    for (const field of element.querySelectorAll('[data-field-error]')) {
      field.removeAttribute('aria-invalid');
      field.removeAttribute('aria-describedby');
      field.removeAttribute('data-field-error');
    }
    let first: HTMLElement | null = null;
    for (const name of Object.keys(state.fieldErrors ?? {})) {
      const field = element.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
      if (!field) continue;
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', `${name}-error`);
      field.setAttribute('data-field-error', '');
      first ??= field;
    }
    if (state.status === 'success') element.reset();
    (first ?? message.current)?.focus();
  }, [state]);
  return (
    <form
      ref={form}
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
            ref={message}
            tabIndex={-1}
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
