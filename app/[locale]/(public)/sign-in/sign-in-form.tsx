'use client';

import { useActionState } from 'react';
import { requestSignInLink, type SignInState } from './actions';

type Labels = {
  email: string;
  hint: string;
  submit: string;
  submitting: string;
  errors: Record<'invalidEmail' | 'unavailable', string>;
};

export function SignInForm({ labels, next }: { labels: Labels; next?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(requestSignInLink, { error: null, email: '' });
  const error = state.error === 'limited' ? (state.message ?? null) : state.error ? labels.errors[state.error] : null;
  return (
    <form action={action} noValidate className="space-y-4">
      {next && <input type="hidden" name="next" value={next} />}
      <div className="space-y-1">
        <label htmlFor="email" className="block font-medium">
          {labels.email}
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          defaultValue={state.email}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'email-hint email-error' : 'email-hint'}
          className="field-input"
        />
        <p id="email-hint" className="text-sm text-slate-600">
          {labels.hint}
        </p>
        {error && (
          <p id="email-error" role="alert" className="text-sm font-medium text-red-700">
            {error}
          </p>
        )}
      </div>
      <button type="submit" disabled={pending} className="btn-primary w-full sm:w-auto">
        {pending ? labels.submitting : labels.submit}
      </button>
    </form>
  );
}
