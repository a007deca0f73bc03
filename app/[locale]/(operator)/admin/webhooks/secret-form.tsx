'use client';

import { startTransition, useActionState, useSyncExternalStore } from 'react';
import type { SecretFormState } from './actions';

/**
 * A form whose success hands back a secret to be shown this once (a new endpoint, a rotated
 * secret): the outcome, then the secret in a box to copy. It lives only in this page's state; a
 * reload loses it, as the admin is told.
 */
const subscribeToNothing = () => () => {};

export function SecretForm({
  action,
  children,
  submitLabel,
  secretLabel,
  secretHelp,
  className,
  buttonClassName = 'btn-primary',
}: {
  action: (state: SecretFormState, data: FormData) => Promise<SecretFormState>;
  children?: React.ReactNode;
  submitLabel: string;
  secretLabel: string;
  secretHelp: string;
  className?: string;
  buttonClassName?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { status: 'idle' });
  // Until React has taken the form over, a press would send it as a plain GET (the secret would be lost).
  const ready = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  return (
    <form
      className={className}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (pending) return;
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
    >
      {state.message && (
        <p
          role={state.status === 'error' ? 'alert' : 'status'}
          className={`rounded border p-3 text-sm ${state.status === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-emerald-200 bg-emerald-50 text-emerald-900'}`}
        >
          {state.message}
        </p>
      )}
      {state.secret && (
        <div className="space-y-1 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-medium">{secretLabel}</p>
          <code data-testid="webhook-secret" className="block break-all rounded bg-white p-2 font-mono">
            {state.secret}
          </code>
          <p>{secretHelp}</p>
        </div>
      )}
      {children}
      <button type="submit" disabled={pending || !ready} aria-disabled={pending || !ready} className={buttonClassName}>
        {submitLabel}
      </button>
    </form>
  );
}
