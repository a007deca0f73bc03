'use client';

import { ActionForm, SubmitButton } from '@/components/action-form';
import type { SecretFormState } from './actions';

/**
 * A form whose success hands back a secret to be shown this once (a new endpoint, a rotated
 * secret): the outcome, then the secret in a box to copy, kept when the form is cleared. It lives
 * only in this page's state; a reload loses it, as the admin is told.
 */
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
  return (
    <ActionForm
      action={action}
      className={className}
      after={({ secret }: SecretFormState) =>
        secret && (
          <div className="space-y-1 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            <p className="font-medium">{secretLabel}</p>
            <code data-testid="webhook-secret" className="block break-all rounded bg-white p-2 font-mono">
              {secret}
            </code>
            <p>{secretHelp}</p>
          </div>
        )
      }
    >
      {children}
      <SubmitButton label={submitLabel} pendingLabel={submitLabel} className={buttonClassName} />
    </ActionForm>
  );
}
